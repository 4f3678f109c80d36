// Test harness: a dev cluster child process, a gateway child process, kubectl, and small
// real backends on pod-like loopback addresses. Used by the gateway, server, deploy and bench tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { WebSocketServer } from 'ws';
import { apiVersionOf } from '../lib/k8s/kinds';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/** The ports freePort() hands out are free when asked, not when a child binds them a moment
 * later (outgoing connections draw from the same ephemeral range): a start that lost that race
 * is tried again on new ports. */
async function withPortRetry<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start();
    } catch (err) {
      if (i >= attempts || !String((err as Error).message).includes('EADDRINUSE')) throw err;
    }
  }
}

/** Rejects when the child exits (a start that failed is reported at once, not at the timeout). */
function exitOf(child: ChildProcess, what: string): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new Error(`${what} exited with ${child.exitCode ?? child.signalCode}`));
    if (child.exitCode !== null || child.signalCode !== null) fail();
    else child.once('exit', fail);
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

/** A node child process whose last 400 output lines are kept for failure messages. */
function nodeChild(args: string[], env: NodeJS.ProcessEnv, logName: string, cwd = root): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Test backends listen on 127.0.x.y: loopback outside every dev cluster's pod CIDR
 * (127.a.b.0/20 with a >= 1), which the dev cluster and the gateway refuse unless allowed
 * (upstream address policy). Clusters and gateways started here allow it explicitly; pass
 * `allowedEndpointCidrs: ''` / `GATEWAY_ALLOWED_UPSTREAM_CIDRS` to test the policy itself. */
export const TEST_BACKEND_CIDRS = '127.0.0.0/16';

export interface ClusterOptions {
  /** DEVCLUSTER_ALLOWED_ENDPOINT_CIDRS: endpoint ranges beyond the pod CIDR (default TEST_BACKEND_CIDRS). */
  allowedEndpointCidrs?: string;
  /** DEVCLUSTER_GATEWAY_API_VERSIONS: serve an older Gateway API release's CRD versions (e.g. "v1.2") */
  gatewayApiVersions?: string;
}

export interface TestCluster {
  kubeconfig: string;
  /** the dev cluster Node's spec.podCIDR (its pods' loopback addresses) */
  podCIDR: string;
  dataDir: string;
  child: ChildProcess;
  kubectl(args: string[], stdin?: string): string;
  /** Same, without blocking the event loop (for tests that run load meanwhile). */
  kubectlAsync(args: string[], stdin?: string): Promise<string>;
  apply(yaml: string): string;
  stop(): Promise<void>;
}

/** The dev cluster as `npm start` runs it (controllers, and the seed: namespaces, the portico
 * IngressClass and GatewayClass, the shared Gateway portico-system/portico with HTTP :80 and
 * HTTPS :443, the demo echo app with its Ingress /echo and HTTPRoute /echo-httproute), in its own
 * process and temp DATA_DIR. */
export function startCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  return withPortRetry(() => startClusterOnce(opts));
}

/** The pod CIDR of the cluster a kubeconfig points at (its first Node's spec.podCIDR). */
export function podCidrOf(kubeconfig: string): string {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'jsonpath={.items[0].spec.podCIDR}'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0 || !r.stdout.trim()) throw new Error(`cannot read the Node's podCIDR: ${r.stderr || r.stdout}`);
  return r.stdout.trim();
}

async function startClusterOnce(opts: ClusterOptions): Promise<TestCluster> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-gw-test-'));
  const port = await freePort();
  const env = { ...process.env, DEVCLUSTER_PORT: String(port), DATA_DIR: dataDir, BIND_ADDRESS: '127.0.0.1', DEVCLUSTER_ALLOWED_ENDPOINT_CIDRS: opts.allowedEndpointCidrs ?? TEST_BACKEND_CIDRS, ...(opts.gatewayApiVersions ? { DEVCLUSTER_GATEWAY_API_VERSIONS: opts.gatewayApiVersions } : {}) };
  const child = nodeChild(['--import', 'tsx', 'devcluster/main.ts'], env, 'devcluster');
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  // kubectl's discovery cache is keyed by host:port: a cluster started on a port an earlier one
  // used (serving other API versions) must not be read through that one's cache
  const cacheDir = path.join(dataDir, 'kubectl-cache');
  const kubectl = (args: string[], stdin?: string) => {
    const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { input: stdin, encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  await Promise.race([waitFor(() => existsSync(kubeconfig) && kubectl(['get', '--raw', '/version']).includes('gitVersion'), 'dev cluster', 60_000, 200), exitOf(child, 'dev cluster')]).catch(async (err) => {
    const logs = childLogs(child).slice(-30).join('\n');
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`${err.message}\n${logs}`);
  });
  const kubectlAsync = (args: string[], stdin?: string) =>
    new Promise<string>((resolve, reject) => {
      const c = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.on('data', (d) => (out += d));
      c.stderr.on('data', (d) => (err += d));
      c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')} failed: ${err || out}`))));
      c.stdin.end(stdin ?? '');
    });
  const podCIDR = await waitFor(() => {
    try {
      return podCidrOf(kubeconfig);
    } catch {
      return undefined;
    }
  }, 'the dev cluster Node', 30_000, 200);
  return {
    kubeconfig,
    podCIDR,
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

/** How to run the gateway, when not as `tsx gateway/main.ts` with the test runner's environment. */
export interface GatewayProcess {
  /** A built gateway script run by plain node (e.g. the bundle deploy/ ships). */
  script?: string;
  /** node's own arguments before `script` (e.g. V8 flags NODE_OPTIONS does not accept). */
  nodeArgs?: string[];
  cwd?: string;
  /** Start from this environment instead of the test runner's. */
  baseEnv?: Record<string, string>;
  readyTimeoutMs?: number;
}

/** A gateway child on three ephemeral ports, ready (admin /readyz 200) when this resolves.
 * Unless `env` sets GATEWAY_ALLOWED_UPSTREAM_CIDRS itself, the gateway may reach the pods of the
 * cluster in `env.KUBECONFIG` (its pod CIDR, as `npm start` allows) and the test backends
 * (TEST_BACKEND_CIDRS). */
export function startGateway(env: Record<string, string>, how: GatewayProcess = {}): Promise<TestGateway> {
  return withPortRetry(() => startGatewayOnce(env, how));
}

async function startGatewayOnce(env: Record<string, string>, how: GatewayProcess): Promise<TestGateway> {
  // ports the caller chose (e.g. named in a static config) are kept
  const port = async (v: string | undefined) => (v ? Number(v) : freePort());
  const [httpPort, httpsPort, adminPort] = [await port(env.GATEWAY_HTTP_PORT), await port(env.GATEWAY_HTTPS_PORT), await port(env.GATEWAY_ADMIN_PORT)];
  const ports = { GATEWAY_HTTP_PORT: String(httpPort), GATEWAY_HTTPS_PORT: String(httpsPort), GATEWAY_ADMIN_PORT: String(adminPort) };
  const allowed = 'GATEWAY_ALLOWED_UPSTREAM_CIDRS' in env ? {} : { GATEWAY_ALLOWED_UPSTREAM_CIDRS: [env.KUBECONFIG ? podCidrOf(env.KUBECONFIG) : '', TEST_BACKEND_CIDRS].filter(Boolean).join(',') };
  const fullEnv = { ...(how.baseEnv ?? process.env), ...ports, BIND_ADDRESS: '127.0.0.1', GATEWAY_ACCESS_LOG: 'off', ...allowed, ...env } as NodeJS.ProcessEnv;
  const child = nodeChild(how.script ? [...(how.nodeArgs ?? []), how.script] : ['--import', 'tsx', 'gateway/main.ts'], fullEnv, 'gateway', how.cwd);
  // The admin token the gateway was given, presented on every admin call (gateway/admin/auth.ts).
  const token = fullEnv.GATEWAY_ADMIN_TOKEN ?? (fullEnv.GATEWAY_ADMIN_TOKEN_FILE ? readFileSync(fullEnv.GATEWAY_ADMIN_TOKEN_FILE, 'utf8').trim() : undefined);
  const admin = async (p: string) => {
    const r = await request({ port: adminPort, path: p, headers: token ? { authorization: `Bearer ${token}` } : {} });
    let body: unknown = r.body;
    try {
      body = JSON.parse(r.body);
    } catch {}
    return { status: r.status, body };
  };
  await Promise.race([waitFor(async () => (await admin('/readyz')).status === 200, 'gateway readiness', how.readyTimeoutMs ?? 90_000, 100), exitOf(child, 'gateway')]).catch(async (err) => {
    const logs = childLogs(child).slice(-30).join('\n');
    await stopChild(child, 15_000);
    throw new Error(`${err.message}\n${logs}`);
  });
  return { httpPort, httpsPort, adminPort, child, admin, stop: () => stopChild(child, 15_000) };
}

/** The gateway bundled as the image ships it (deploy/bundle-gateway.mjs): `dir`/gateway.mjs and
 * `dir`/chunks/. Returns the entry file. */
export function bundleGateway(dir: string): string {
  const file = path.join(dir, 'gateway.mjs');
  const r = spawnSync(process.execPath, ['deploy/bundle-gateway.mjs', file], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`bundle failed: ${r.stderr}`);
  return file;
}

/** What deploy/gateway.Dockerfile's ENV gives node itself (GLIBC_TUNABLES, NODE_OPTIONS): the bundle's tests and benchmarks run with it. */
export function gatewayImageEnv(): Record<string, string> {
  const dockerfile = readFileSync(path.join(root, 'deploy/gateway.Dockerfile'), 'utf8');
  const out: Record<string, string> = {};
  for (const key of ['GLIBC_TUNABLES', 'NODE_OPTIONS']) {
    const value = new RegExp(`^\\s*(?:ENV\\s+)?${key}=(\\S+)`, 'm').exec(dockerfile)?.[1];
    if (value) out[key] = value;
  }
  return out;
}

/** The bundle in `dir` run as in the image: `node gateway.mjs` from that folder with the image's
 * environment for node, nothing of the repository's (PATH and NODE_ENV=production only) besides `env`. */
export function startBundledGateway(dir: string, env: Record<string, string>): Promise<TestGateway> {
  return startGateway({ ...gatewayImageEnv(), ...env }, { script: path.join(dir, 'gateway.mjs'), cwd: dir, baseEnv: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' }, readyTimeoutMs: 30_000 });
}

/** Runs the gateway when it is expected to stop by itself (a setting it refuses): its exit
 * code and output. Ports are 0, so a setting accepted by mistake collides with nothing; it is
 * killed after `killAfterMs` (long: starting under tsx on a loaded machine takes a while). */
export function runGatewayToExit(env: Record<string, string>, killAfterMs = 45_000): Promise<{ code: number | null; out: string }> {
  const base = { PATH: process.env.PATH ?? '', NODE_ENV: 'test', GATEWAY_HTTP_PORT: '0', GATEWAY_HTTPS_PORT: '0', GATEWAY_ADMIN_PORT: '0', GATEWAY_STATIC_CONFIG: '/nonexistent' };
  const child = nodeChild(['--import', 'tsx', 'gateway/main.ts'], { ...base, ...env } as NodeJS.ProcessEnv, 'gateway');
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- backend JSON in tests
  json<T = any>(): T;
}

export interface RequestOptions {
  port: number;
  path?: string;
  method?: string;
  host?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  address?: string;
  timeoutMs?: number;
}

/** One HTTP/1.1 request on a fresh connection (no pooling surprises in tests). */
export function request(o: RequestOptions): Promise<Answer> {
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
apiVersion: ${apiVersionOf('EndpointSlice')}
kind: EndpointSlice
metadata: {name: ${sliceName}, namespace: ${ns}, labels: {kubernetes.io/service-name: ${svc}}}
addressType: IPv4
endpoints:${eps ? `\n${eps}` : ' []'}
ports: [{name: http, port: ${port}, protocol: TCP}]
`;
}

/** Repeats a request until its answer passes `ok` (the API write -> serving gap); returns it. */
export function waitForAnswer(o: RequestOptions, ok: (r: Answer) => boolean, what = `${o.host ?? ''}${o.path ?? '/'}`, timeoutMs = 15_000, stepMs = 50): Promise<Answer> {
  return waitFor(async () => {
    const r = await request(o);
    return ok(r) ? r : undefined;
  }, what, timeoutMs, stepMs);
}

export interface TcpAnswer {
  data: Buffer;
  /** Error code (or message) when the connection failed or was reset; none for a clean close. */
  error?: string;
}

/** Connect, send `data`, half-close, read to EOF (5 s at most). */
export function tcpRoundTrip(port: number, data: Buffer | string, host = '127.0.0.1'): Promise<TcpAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const s = net.connect({ port, host, allowHalfOpen: true });
    const t = setTimeout(() => s.destroy(new Error('client timeout')), 5_000);
    s.on('data', (c) => chunks.push(c));
    s.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(t);
      resolve({ data: Buffer.concat(chunks), error: err.code ?? err.message });
    });
    s.on('end', () => {
      clearTimeout(t);
      s.end();
      resolve({ data: Buffer.concat(chunks) });
    });
    s.on('connect', () => s.end(data));
  });
}

/** The value of the Prometheus series `name{...}` whose labels contain `labels`, from a scrape. */
export function metricValue(scrape: string, name: string, labels: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** A route's conditions for its first parent (status.parents[0]), as kubectl reads them. */
export function routeConditions(cluster: TestCluster, kind: string, namespace: string, name: string): Condition[] {
  return JSON.parse(cluster.kubectl(['get', kind, name, '-n', namespace, '-o', 'json'])).status?.parents?.[0]?.conditions ?? [];
}

/** A self-signed certificate (PEM) with CN `cn` and, if given, DNS subjectAltNames. */
export function selfSignedCert(cn: string, dnsNames: string[] = []): { cert: string; key: string } {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = String(Date.now());
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: 'commonName', value: cn }]);
  cert.setIssuer([{ name: 'commonName', value: cn }]);
  if (dnsNames.length) cert.setExtensions([{ name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** A Secret of type kubernetes.io/tls holding `pem` (e.g. from selfSignedCert), ending in a newline. */
export function tlsSecretYaml(namespace: string, name: string, pem: { cert: string; key: string }): string {
  return `apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: ${namespace}}
type: kubernetes.io/tls
data:
  tls.crt: ${Buffer.from(pem.cert).toString('base64')}
  tls.key: ${Buffer.from(pem.key).toString('base64')}
`;
}

/** GET over TLS to 127.0.0.1:`port` with SNI and Host `host` (any certificate accepted): status, the certificate's CN, body. */
export function tlsGet(port: number, host: string, path: string): Promise<{ status: number; cn: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, servername: host, headers: { host }, rejectUnauthorized: false, agent: false }, (res) => {
      const cn = String((res.socket as tls.TLSSocket).getPeerCertificate().subject?.CN ?? '');
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cn, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function namespaceYaml(...names: string[]): string {
  return names.map((name) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`).join('---\n');
}

/** A Gateway of class portico; each listener is a YAML flow mapping, e.g. `{name: http, port: 80, protocol: HTTP}`. */
export function gatewayYaml(namespace: string, name: string, listeners: string[]): string {
  return `apiVersion: ${apiVersionOf('Gateway')}
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  gatewayClassName: portico
  listeners:
${listeners.map((l) => `  - ${l}`).join('\n')}
`;
}

/**
 * A dev cluster for the console's server code imported in-process: DATA_DIR points at it (the
 * console finds its kubeconfigs there), no KUBECONFIG or session secret from outside, an audit
 * log of its own; resolves once the console's ServiceAccount kubeconfig exists.
 */
export async function startConsoleCluster(): Promise<TestCluster> {
  const cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  delete process.env.PORTICO_SESSION_SECRET;
  process.env.PORTICO_AUDIT_LOG = path.join(cluster.dataDir, 'audit.log');
  const sa = path.join(cluster.dataDir, 'serviceaccounts', 'portico-console.kubeconfig');
  await waitFor(() => existsSync(sa), 'the console ServiceAccount kubeconfig', 30_000, 100);
  return cluster;
}
