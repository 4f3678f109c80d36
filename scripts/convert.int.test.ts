// Integration: `npm run convert -- --apply` against the dev cluster while the real gateway
// serves an Ingress with a rewrite-target capture and a canary by cookie. Requests run in a
// loop through the whole move; every answer must come from the right backend with the right
// upstream path (no failure, no misroute), and afterwards the HTTPRoute serves the host.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, namespaceYaml, request, serviceYaml, waitFor, waitForAnswer, type Backend } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NS = 'mig';
const HOST = 'shop.example.com';
let main: Backend;
let canary: Backend;

const t = gatewaySuite({
  async prepare({ cluster, backend }) {
    const port = await freePort();
    main = await backend('main', '127.0.71.1', port);
    canary = await backend('canary', '127.0.71.2', port);
    cluster.apply(`${namespaceYaml(NS)}---
${serviceYaml(NS, 'svc-main', [main])}---
${serviceYaml(NS, 'svc-canary', [canary])}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: ${NS}
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: "/$2"}
spec:
  ingressClassName: portico
  rules:
  - host: ${HOST}
    http:
      paths:
      - {path: "/shop(/|$)(.*)", pathType: ImplementationSpecific, backend: {service: {name: svc-main, port: {name: http}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop-canary
  namespace: ${NS}
  annotations: {nginx.ingress.kubernetes.io/canary: "true", nginx.ingress.kubernetes.io/canary-by-cookie: beta}
spec:
  ingressClassName: portico
  rules:
  - host: ${HOST}
    http:
      paths:
      - {path: "/shop(/|$)(.*)", pathType: ImplementationSpecific, backend: {service: {name: svc-canary, port: {name: http}}}}
`);
  },
});

function runConvert(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'scripts/convert.ts', ...args], { cwd: root, env: { ...process.env, KUBECONFIG: t.cluster.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (out += d));
    c.on('close', (code) => resolve({ code, out }));
  });
}

interface Probe {
  path: string;
  cookie?: string;
  backend: string;
  upstream: string;
}
const PROBES: Probe[] = [
  { path: '/shop/a/b?x=1', backend: 'main', upstream: '/a/b?x=1' },
  { path: '/shop', backend: 'main', upstream: '/' },
  { path: '/shop/a', cookie: 'beta=always', backend: 'canary', upstream: '/a' },
  { path: '/shop/a', cookie: 'k=1; beta=never', backend: 'main', upstream: '/a' },
];

describe('npm run convert -- --apply moves an Ingress to an HTTPRoute without a failed request', () => {
  it('prints the report, refuses to apply while differences are not accepted, then moves with zero failures', async () => {
    const ask = (p: Probe) => request({ port: t.gw.httpPort, host: HOST, path: p.path, headers: p.cookie ? { cookie: p.cookie } : {}, timeoutMs: 5_000 });
    for (const p of PROBES) await waitForAnswer({ port: t.gw.httpPort, host: HOST, path: p.path, headers: p.cookie ? { cookie: p.cookie } : {} }, (a) => a.status === 200 && a.json().name === p.backend);

    // Report only: the case-insensitive capture becomes a case-sensitive PathPrefix -> listed.
    const dry = await runConvert(['-n', NS, '--apply']);
    expect(dry.out).toMatch(/Ingress mig\/shop/);
    expect(dry.out).toMatch(/canaries folded in: shop-canary/);
    expect(dry.out).toMatch(/APPROXIMATED\s+rewrite-target="\/\$2"/);
    expect(dry.out).toMatch(/routed differently/);
    expect(dry.out).toMatch(/not applied/);
    expect(dry.code).toBe(1);
    expect(t.cluster.kubectl(['get', 'httproutes', '-n', NS, '-o', 'name'])).toBe('');

    // Traffic in a loop (4 clients) across the move.
    const failures: string[] = [];
    let sent = 0;
    let stop = false;
    const loop = async (offset: number) => {
      for (let i = offset; !stop; i++) {
        const p = PROBES[i % PROBES.length];
        sent++;
        try {
          const a = await ask(p);
          const body = a.status === 200 ? a.json() : undefined;
          if (!body || body.name !== p.backend || body.path !== p.upstream) failures.push(`${p.path} ${p.cookie ?? ''}: ${a.status} ${a.body.slice(0, 120)}`);
        } catch (e) {
          failures.push(`${p.path}: ${(e as Error).message}`);
        }
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    const moved = await runConvert(['-n', NS, '--apply', '--accept-differences']);
    expect(moved.out).toMatch(/created HTTPRoute mig\/shop/);
    expect(moved.out).toMatch(/Accepted with resolved refs/);
    expect(moved.out).toMatch(/moved: shop.example.com -> HTTPRoute shop/);
    expect(moved.code).toBe(0);
    // The Ingresses keep their host (claim, certificate) but no path; the removed rules are saved.
    const ing = JSON.parse(t.cluster.kubectl(['get', 'ingress', 'shop', '-n', NS, '-o', 'json']));
    expect(ing.spec.rules).toEqual([{ host: HOST }]);
    expect(ing.metadata.annotations['portico.dev/moved-to']).toBe('HTTPRoute/shop');
    expect(JSON.parse(ing.metadata.annotations['portico.dev/moved-rules'])[0].http.paths[0].path).toBe('/shop(/|$)(.*)');
    // The HTTPRoute now answers for the host.
    await waitFor(async () => JSON.stringify((await t.gw.admin(`/routes/test?url=${encodeURIComponent(`http://${HOST}/shop/a`)}`)).body).includes('HTTPRoute'), 'the gateway serving the host from the HTTPRoute');
    const before = sent;
    await waitFor(() => sent > before + 200, 'more requests after the move', 20_000);
    stop = true;
    await Promise.all(loops);
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(200);
    expect(canary.hits).toBeGreaterThan(0);
  }, 120_000);
});
