// Test harness: a dev cluster child process, a gateway child process, kubectl, and small
// real backends on pod-like loopback addresses. Only used by gateway integration tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function waitFor<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 15_000, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v as T;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

function tsxChild(script: string, env: Record<string, string>, logName: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (d: Buffer) => {
    for (const l of d.toString().split('\n')) if (l) lines.push(l);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  (child as ChildProcess & { logs: string[]; logName: string }).logs = lines;
  (child as ChildProcess & { logs: string[]; logName: string }).logName = logName;
  return child;
}

export function childLogs(c: ChildProcess): string[] {
  return (c as ChildProcess & { logs?: string[] }).logs ?? [];
}

async function stopChild(c: ChildProcess, ms = 5_000): Promise<void> {
  if (c.exitCode !== null || c.signalCode !== null) return;
  const done = new Promise<void>((r) => c.once('exit', () => r()));
  c.kill('SIGTERM');
  const t = setTimeout(() => c.kill('SIGKILL'), ms);
  await done;
  clearTimeout(t);
}

export interface TestCluster {
  kubeconfig: string;
  dataDir: string;
  child: ChildProcess;
  kubectl(args: string[], stdin?: string): string;
  /** Same, without blocking the event loop (for tests that run load meanwhile). */
  kubectlAsync(args: string[], stdin?: string): Promise<string>;
  apply(yaml: string): string;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<TestCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-gw-test-'));
  const port = await freePort();
  const child = tsxChild('devcluster/main.ts', { DEVCLUSTER_PORT: String(port), DATA_DIR: dataDir, BIND_ADDRESS: '127.0.0.1' }, 'devcluster');
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const kubectl = (args: string[], stdin?: string) => {
    const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { input: stdin, encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  await waitFor(() => existsSync(kubeconfig) && kubectl(['get', '--raw', '/version']).includes('gitVersion'), 'dev cluster', 60_000, 200).catch(async (err) => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const kubectlAsync = (args: string[], stdin?: string) =>
    new Promise<string>((resolve, reject) => {
      const c = spawn('kubectl', ['--kubeconfig', kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (err += d));
      c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')} failed: ${err || out}`))));
      c.stdin.end(stdin ?? '');
    });
  return {
    kubeconfig,
    dataDir,
    child,
    kubectl,
    kubectlAsync,
    apply: (yaml) => kubectl(['apply', '-f', '-'], yaml),
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestGateway {
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  child: ChildProcess;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary admin JSON
  admin(pathAndQuery: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startGateway(env: Record<string, string>): Promise<TestGateway> {
  const [httpPort, httpsPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const child = tsxChild('gateway/main.ts', { GATEWAY_HTTP_PORT: String(httpPort), GATEWAY_HTTPS_PORT: String(httpsPort), GATEWAY_ADMIN_PORT: String(adminPort), BIND_ADDRESS: '127.0.0.1', GATEWAY_ACCESS_LOG: 'off', ...env }, 'gateway');
  const admin = async (p: string) => {
    const r = await request({ port: adminPort, path: p });
    let body: unknown = r.body;
    try {
      body = JSON.parse(r.body);
    } catch {}
    return { status: r.status, body };
  };
  await waitFor(async () => (await admin('/readyz')).status === 200, 'gateway readiness', 90_000, 100).catch(async (err) => {
    const logs = childLogs(child).slice(-30).join('\n');
    await stopChild(child, 15_000);
    throw new Error(`${err.message}\n${logs}`);
  });
  return { httpPort, httpsPort, adminPort, child, admin, stop: () => stopChild(child, 15_000) };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- backend JSON in tests
  json<T = any>(): T;
}

/** One HTTP/1.1 request on a fresh connection (no pooling surprises in tests). */
export function request(o: { port: number; path?: string; method?: string; host?: string; headers?: Record<string, string>; body?: string | Buffer; address?: string; timeoutMs?: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.host) headers.host = o.host;
    const req = http.request({ host: o.address ?? '127.0.0.1', port: o.port, path: o.path ?? '/', method: o.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end(o.body);
  });
}

export interface Backend {
  name: string;
  address: string;
  port: number;
  hits: number;
  close(): Promise<void>;
}

/** A pod-like backend: answers JSON {name, path, host, method, headers}; WebSocket echo too.
 * `status` forces an answer code (for passive health tests). */
export async function startBackend(name: string, address: string, port: number, opts: { status?: number; healthz?: number } = {}): Promise<Backend> {
  const b: Backend = { name, address, port: 0, hits: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    b.hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const delay = /[?&]delay=(\d+)/.exec(req.url ?? '');
      if (delay) await new Promise((r) => setTimeout(r, Math.min(5_000, Number(delay[1]))));
      if (res.destroyed) return;
      const body = JSON.stringify({ name, path: req.url, host: req.headers.host, method: req.method, headers: req.headers, bodyLength: Buffer.concat(chunks).length });
      const code = req.url?.startsWith('/healthz') && opts.healthz ? opts.healthz : (opts.status ?? 200);
      res.writeHead(code, { 'content-type': 'application/json', 'x-backend': name });
      res.end(body);
    });
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    ws.send(`hello from ${name} ${req.url}`);
    ws.on('message', (m) => ws.send(`echo:${m.toString()}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve());
  });
  b.port = (server.address() as net.AddressInfo).port;
  b.close = () =>
    new Promise<void>((r) => {
      wss.close();
      server.closeAllConnections();
      server.close(() => r());
    });
  return b;
}

/** Service + EndpointSlice YAML pointing at test backends (the dev cluster's own endpoint
 * controller only manages slices of Services with a selector; these have none). */
export function serviceYaml(ns: string, svc: string, backends: Array<{ address: string; port: number; ready?: boolean; serving?: boolean; terminating?: boolean }>, sliceName = `${svc}-manual`): string {
  const port = backends[0]?.port ?? 8080;
  const eps = backends
    .map((b) => `- addresses: ["${b.address}"]\n  conditions: {ready: ${b.ready ?? true}, serving: ${b.serving ?? b.ready ?? true}, terminating: ${b.terminating ?? false}}`)
    .join('\n');
  return `apiVersion: v1
kind: Service
metadata: {name: ${svc}, namespace: ${ns}}
spec:
  ports: [{name: http, port: 80, targetPort: ${port}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${sliceName}, namespace: ${ns}, labels: {kubernetes.io/service-name: ${svc}}}
addressType: IPv4
endpoints:${eps ? `\n${eps}` : ' []'}
ports: [{name: http, port: ${port}, protocol: TCP}]
`;
}
