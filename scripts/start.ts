/**
 * `npm start` / `npm run dev`: runs the whole product on one machine.
 *
 *   dev cluster (skipped when KUBECONFIG or in-cluster config is present)
 *   -> gateway and console, both talking to the cluster through its kubeconfig.
 *
 * Builds the console first when its production build is missing or older than the
 * sources, prefixes each process's output with its name, and stops all of them on
 * Ctrl-C (SIGINT) or SIGTERM, the cluster last.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { DEFAULT_BIND_ADDRESS, DEFAULT_DATA_DIR, DEFAULT_PORTS, ENV, portFromEnv } from '../lib/defaults';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const devMode = process.argv.includes('--dev');
const env = process.env;

const bind = env[ENV.bindAddress] || DEFAULT_BIND_ADDRESS;
const dataDir = path.resolve(root, env[ENV.dataDir] || DEFAULT_DATA_DIR);
const ports = {
  console: portFromEnv(env, ENV.consolePort, DEFAULT_PORTS.console),
  devcluster: portFromEnv(env, ENV.devclusterPort, DEFAULT_PORTS.devcluster),
  gatewayHttp: portFromEnv(env, ENV.gatewayHttpPort, DEFAULT_PORTS.gatewayHttp),
  gatewayHttps: portFromEnv(env, ENV.gatewayHttpsPort, DEFAULT_PORTS.gatewayHttps),
  gatewayAdmin: portFromEnv(env, ENV.gatewayAdminPort, DEFAULT_PORTS.gatewayAdmin),
};
const externalCluster = Boolean(env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST);

const childEnv: NodeJS.ProcessEnv = {
  ...env,
  [ENV.dataDir]: dataDir,
  [ENV.bindAddress]: bind,
  [ENV.devclusterPort]: String(ports.devcluster),
  [ENV.gatewayHttpPort]: String(ports.gatewayHttp),
  [ENV.gatewayHttpsPort]: String(ports.gatewayHttps),
  [ENV.gatewayAdminPort]: String(ports.gatewayAdmin),
  PORT: String(ports.console),
  NEXT_TELEMETRY_DISABLED: '1',
};

interface Managed {
  name: string;
  child: ChildProcess;
}
const running: Managed[] = [];
let stopping = false;

function log(message: string): void {
  process.stdout.write(`[portico] ${message}\n`);
}

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream): void {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
  stream.on('end', () => {
    if (pending) out.write(`[${name}] ${pending}\n`);
  });
}

function run(name: string, command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixLines(name, child.stdout, process.stdout);
  prefixLines(name, child.stderr, process.stderr);
  running.push({ name, child });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
    void stopAll(1);
  });
  return child;
}

const bin = (tool: string) => path.join(root, 'node_modules', '.bin', tool);

/** Waits until something accepts TCP connections on host:port. */
async function waitForPort(name: string, port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: bind, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not start listening on ${bind}:${port} within ${timeoutMs / 1000}s`);
}

function newestSourceMtime(dirs: string[]): number {
  let newest = 0;
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  dirs.forEach((d) => visit(path.join(root, d)));
  for (const f of ['package.json', 'next.config.mjs', 'tsconfig.json']) {
    const full = path.join(root, f);
    if (existsSync(full)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The console's production build is reused unless a source is newer than it. */
function buildConsoleIfNeeded(): void {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  const sources = newestSourceMtime(['app', 'components', 'server', 'lib', 'public']);
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= sources) return;
  log('building the console (next build); this happens once after each change');
  const result = spawnSync(bin('next'), ['build'], { cwd: root, env: childEnv, stdio: 'inherit' });
  if (result.status !== 0) {
    log('the console build failed; see the output above');
    process.exit(result.status ?? 1);
  }
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Console and gateway first, the cluster they depend on last.
  for (const { name, child } of [...running].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill('SIGTERM');
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) {
      log(`${name} did not stop within 10s; killing it`);
      child.kill('SIGKILL');
    }
  }
  process.exit(exitCode);
}

/** The dev cluster Node's spec.podCIDR, read through the Kubernetes API (its pods' loopback addresses). */
async function devClusterPodCidrs(kubeconfig: string): Promise<string[]> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const cidrs = (await core.listNode()).items.flatMap((n) => n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : []));
      if (cidrs.length) return [...new Set(cidrs)];
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline) throw new Error('the dev cluster has no Node with a podCIDR');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  if (!devMode) buildConsoleIfNeeded();

  const tsx = bin('tsx');
  if (externalCluster) {
    log(`using the cluster from ${env.KUBECONFIG ? `KUBECONFIG=${env.KUBECONFIG}` : 'in-cluster config'}; the dev cluster is not started`);
  } else {
    run('cluster', tsx, ['devcluster/main.ts']);
    await waitForPort('the dev cluster', ports.devcluster);
    const kubeconfig = path.join(dataDir, 'kubeconfig');
    const deadline = Date.now() + 30_000;
    while (!existsSync(kubeconfig) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // The gateway refuses loopback upstreams (its upstream address policy) except the ranges
    // it is told to allow: the dev cluster's pods live on loopback addresses from its pod CIDR.
    if (childEnv.GATEWAY_ALLOWED_UPSTREAM_CIDRS === undefined) childEnv.GATEWAY_ALLOWED_UPSTREAM_CIDRS = (await devClusterPodCidrs(kubeconfig)).join(',');
    log(`gateway upstreams allowed beyond the default policy: ${childEnv.GATEWAY_ALLOWED_UPSTREAM_CIDRS || '(none)'}`);
  }

  run('gateway', tsx, ['gateway/main.ts']);
  if (devMode) run('console', bin('next'), ['dev', '-H', bind, '-p', String(ports.console)]);
  else run('console', bin('next'), ['start', '-H', bind, '-p', String(ports.console)]);

  await Promise.all([
    waitForPort('the gateway', ports.gatewayHttp),
    waitForPort('the console', ports.console),
  ]);
  if (stopping) return;
  log('Portico is running:');
  log(`  console          http://${bind}:${ports.console}`);
  if (!externalCluster) {
    log(`  dev cluster API  https://${bind}:${ports.devcluster}`);
    log(`  kubeconfig       ${path.join(dataDir, 'kubeconfig')}  (kubectl --kubeconfig ${path.relative(process.cwd(), path.join(dataDir, 'kubeconfig')) || 'kubeconfig'} get pods -A)`);
  }
  log(`  gateway HTTP     http://${bind}:${ports.gatewayHttp}`);
  log(`  gateway HTTPS    https://${bind}:${ports.gatewayHttps}`);
  // the admin API stays on loopback (GATEWAY_ADMIN_ADDRESS), whatever BIND_ADDRESS says; no token needed there
  log(`  gateway admin    http://${env.GATEWAY_ADMIN_ADDRESS || '127.0.0.1'}:${ports.gatewayAdmin}`);
  if (!externalCluster) log(`  try it           curl http://${bind}:${ports.gatewayHttp}/echo`);
  log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  void stopAll(1);
});
