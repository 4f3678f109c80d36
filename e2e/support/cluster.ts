/** kubectl against the product under test, and waiting for the demo project to be seeded. */
import { execFileSync } from 'node:child_process';

export function kubeconfig(): string {
  const k = process.env.E2E_KUBECONFIG;
  if (!k) throw new Error('E2E_KUBECONFIG is not set: run through playwright.config.ts');
  return k;
}

export function kubectl(args: string[], input?: string): string {
  return execFileSync('kubectl', ['--kubeconfig', kubeconfig(), ...args], { input, encoding: 'utf8', timeout: 20_000, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function kubectlJson<T = any>(args: string[]): T { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(kubectl([...args, '-o', 'json']));
}

/** True when kubectl says the object is absent. */
export function notFound(args: string[]): boolean {
  try {
    kubectl(args);
    return false;
  } catch (err) {
    return /NotFound|not found/i.test(String((err as { stderr?: string }).stderr ?? err));
  }
}

/** Waits until the demo project has its echo Service (the seed), bounded in time. */
export async function waitForDemo(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      kubectl(['get', 'service', 'echo', '-n', 'demo']);
      return;
    } catch (err) {
      last = String((err as { stderr?: string }).stderr ?? err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the demo project was not seeded within ${timeoutMs / 1000}s: ${last}`);
}

export const uniq = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export function ingressYaml(name: string, host: string, opts: { alias?: string; service?: string; port?: number; className?: string } = {}): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: demo
  annotations:
    portico.dev/alias: "${opts.alias ?? 'E2E route'}"
spec:
  ingressClassName: ${opts.className ?? 'portico'}
  rules:
  - host: ${host}
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: ${opts.service ?? 'echo'}
            port:
              number: ${opts.port ?? 80}
`;
}
