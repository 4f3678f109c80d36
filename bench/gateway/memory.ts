// Gateway memory: RSS of the whole gateway process tree (primary + workers) with 0, 1,000 and
// 10,000 routes (half Ingress paths, half HTTPRoutes), idle and under wrk -c256 load spread over
// the routes; then a churn run against the dev cluster (1,000 routes, routes created, edited and
// deleted continuously under c50 load) reporting the RSS slope.
//   npx tsx bench/gateway/memory.ts
//   env: ROUTES="0 1000 10000"  WORKERS=1  LOAD_S=10  CHURN_S=120 (0: skip; 600 for the 10-minute run)
//        PART=static|churn|all (default all)  SETTLE_S=15 (idle: RSS 3 s after ready, and SETTLE_S later)  BUNDLE=<prebuilt gateway.mjs> (A/B: an older tree's bundle)
//        GATEWAY_NODE_OPTIONS=... (the gateway's NODE_OPTIONS, e.g. --max-semi-space-size=4; default none, as deployed)
// The gateway runs as the deployed bundle (deploy/bundle-gateway.mjs) under plain node: a tsx
// loader thread would add its own heap to the figures. Needs wrk and nginx. Run from the repo root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backendNginxConf } from './gen-config';
import { apiVersionOf } from '../../lib/k8s/kinds';
import { freePort, serviceYaml, startCluster, startGateway, type TestGateway } from '../../testing/harness';

const ROUTES = (process.env.ROUTES ?? '0 1000 10000').split(/[ ,]+/).filter(Boolean).map(Number);
const WORKERS = Number(process.env.WORKERS ?? 1);
const LOAD_S = Number(process.env.LOAD_S ?? 10);
const CHURN_S = Number(process.env.CHURN_S ?? 120);
const PART = process.env.PART ?? 'all';
const SETTLE_S = Number(process.env.SETTLE_S ?? 15);
const GATEWAY_NODE_OPTIONS = process.env.GATEWAY_NODE_OPTIONS ?? '';
const nodeOptions: Record<string, string> = GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: GATEWAY_NODE_OPTIONS } : {};
const dir = mkdtempSync(path.join(tmpdir(), 'portico-memory-'));
const kids: ChildProcess[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Static config: `routes` routes, half Ingress paths (10 per Ingress/host), half HTTPRoutes (one rule each). */
function routesConfig(routes: number, backendPort: number): unknown[] {
  const objects: unknown[] = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'portico' }, spec: { controller: 'portico.dev/ingress-controller' } },
    { apiVersion: apiVersionOf('GatewayClass'), kind: 'GatewayClass', metadata: { name: 'portico' }, spec: { controllerName: 'portico.dev/gateway-controller' } },
    { apiVersion: apiVersionOf('Gateway'), kind: 'Gateway', metadata: { name: 'web', namespace: 'bench' }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend', namespace: 'bench' }, spec: { ports: [{ name: 'http', port: 80, targetPort: backendPort }] } },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'backend-1', namespace: 'bench', labels: { 'kubernetes.io/service-name': 'backend' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }],
    },
  ];
  const ingressPaths = Math.ceil(routes / 2);
  for (let h = 0; h * 10 < ingressPaths; h++) {
    const paths = Array.from({ length: Math.min(10, ingressPaths - h * 10) }, (_, p) => ({ path: `/p${p}`, pathType: 'Prefix', backend: { service: { name: 'backend', port: { name: 'http' } } } }));
    objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: `ing-${h}`, namespace: 'bench' }, spec: { ingressClassName: 'portico', rules: [{ host: `i${h}.example.com`, http: { paths } }] } });
  }
  for (let r = 0; r < routes - ingressPaths; r++) {
    objects.push({
      apiVersion: apiVersionOf('HTTPRoute'),
      kind: 'HTTPRoute',
      metadata: { name: `r-${r}`, namespace: 'bench' },
      spec: { parentRefs: [{ name: 'web' }], hostnames: [`r${r}.example.com`], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'backend', port: 80 }] }] },
    });
  }
  return objects;
}

/** wrk script: each request goes to another route (hosts cycled), so every route's series exists. */
function wrkScript(routes: number): string {
  const ingressHosts = Math.ceil(Math.ceil(routes / 2) / 10);
  const httpRoutes = routes - Math.ceil(routes / 2);
  return `local n = 0
request = function()
  n = n + 1
  local host, p
  if n % 2 == 0 and ${ingressHosts} > 0 then
    host = "i" .. (n % ${Math.max(1, ingressHosts)}) .. ".example.com"; p = "/p" .. (n % 10) .. "/x"
  elseif ${httpRoutes} > 0 then
    host = "r" .. (n % ${Math.max(1, httpRoutes)}) .. ".example.com"; p = "/api/x"
  else
    host = "none.example.com"; p = "/"
  end
  return wrk.format("GET", p, { Host = host })
end
`;
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const tree = (pid: number): number[] => {
  const o = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return [pid, ...(o ? o.split('\n').map(Number) : []).flatMap(tree)];
};
/** RSS of the gateway tree in MB. */
function treeRssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid))
    try {
      kb += rssKb(p);
    } catch {}
  return kb / 1024;
}

/** Heap figures the gateway exports (summed over workers): heap used, external + array buffers. */
async function heapMb(gw: TestGateway): Promise<string> {
  const m = String((await gw.admin('/metrics')).body);
  const v = (name: string) => {
    let sum = 0;
    for (const l of m.split('\n')) if (l.startsWith(name) && (l[name.length] === ' ' || l[name.length] === '{')) sum += Number(l.slice(l.lastIndexOf(' ') + 1));
    return sum / 1024 / 1024;
  };
  return `heap used ${v('portico_gateway_nodejs_heap_size_used_bytes').toFixed(1)} MB, heap total ${v('portico_gateway_nodejs_heap_size_total_bytes').toFixed(1)} MB, external ${v('portico_gateway_nodejs_external_memory_bytes').toFixed(1)} MB`;
}

function wrk(port: number, conns: number, seconds: number, script?: string): ChildProcess {
  const args = [`-t${conns > 50 ? 2 : 1}`, `-c${conns}`, `-d${seconds}s`, '--timeout', '5s', ...(script ? ['-s', script] : ['-H', 'Host: h0.example.com']), `http://127.0.0.1:${port}/`];
  const c = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  kids.push(c);
  return c;
}
const wrkDone = (c: ChildProcess) =>
  new Promise<string>((resolve) => {
    let out = '';
    c.stdout?.on('data', (d) => (out += d));
    c.on('close', () => resolve(out));
  });
const wrkSummary = (out: string) => {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? '?';
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? '0';
  const sock = /Socket errors: (.*)/.exec(out)?.[1] ?? 'none';
  return `${Number(rps).toFixed(0)} req/s, non-2xx ${non2xx}, socket errors ${sock}`;
};

async function bundle(): Promise<string> {
  if (process.env.BUNDLE) return path.resolve(process.env.BUNDLE);
  const out = path.join(dir, 'gateway.mjs');
  const r = spawnSync(process.execPath, ['deploy/bundle-gateway.mjs', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bundle failed: ${r.stderr}`);
  return out;
}

async function staticPart(script: string, backendPort: number) {
  console.log(`\n| routes | workers | RSS idle MB: 3 s / ${3 + SETTLE_S} s after ready | RSS under c256 MB (max) | heap after load | load (wrk c256, ${LOAD_S}s) | load avg |`);
  console.log('|---:|---:|---:|---:|---|---|---|');
  for (const routes of ROUTES) {
    const cfg = path.join(dir, `routes-${routes}.json`);
    writeFileSync(cfg, JSON.stringify(routesConfig(routes, backendPort)));
    const lua = path.join(dir, `spread-${routes}.lua`);
    writeFileSync(lua, wrkScript(routes));
    const gw = await startGateway({ GATEWAY_STATIC_CONFIG: cfg, GATEWAY_WORKERS: String(WORKERS), GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', NODE_ENV: 'production', ...nodeOptions }, { script, readyTimeoutMs: 120_000 });
    try {
      const served = ((await gw.admin('/config')).body as { routes: unknown[] }).routes.length;
      await sleep(3_000);
      const idle = treeRssMb(gw.child.pid!);
      // V8's memory reducer shrinks the young generation (grown by the build's allocations) after
      // ~8-10 s without allocation: the settled figure is what an idle gateway keeps
      await sleep(SETTLE_S * 1000);
      const settled = treeRssMb(gw.child.pid!);
      const w = wrk(gw.httpPort, 256, LOAD_S, lua);
      let peak = 0;
      const done = wrkDone(w);
      for (let t = 0; t < LOAD_S * 4 && w.exitCode === null; t++) {
        peak = Math.max(peak, treeRssMb(gw.child.pid!));
        await sleep(250);
      }
      const out = await done;
      const heap = await heapMb(gw);
      console.log(`| ${routes} (${served} served entries) | ${WORKERS} | ${idle.toFixed(1)} / ${settled.toFixed(1)} | ${peak.toFixed(1)} | ${heap} | ${wrkSummary(out)} | ${load()} |`);
    } finally {
      await gw.stop();
    }
  }
}

/** Least-squares slope of (t, y) in y-units per minute. */
function slopePerMin(points: Array<[number, number]>): number {
  const n = points.length;
  const mt = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, y] of points) {
    num += (t - mt) * (y - my);
    den += (t - mt) ** 2;
  }
  return den ? (num / den) * 60_000 : 0;
}

async function churnPart(script: string, backendPort: number) {
  const cluster = await startCluster();
  let gw: TestGateway | undefined;
  try {
    const NS = 'mem';
    cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n${serviceYaml(NS, 'backend', [{ address: '127.0.0.1', port: backendPort }])}`);
    const docs: string[] = [];
    for (let i = 0; i < 100; i++) {
      const paths = Array.from({ length: 10 }, (_, p) => `      - {path: /p${p}, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}`).join('\n');
      docs.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: base-${i}, namespace: ${NS}}\nspec:\n  ingressClassName: portico\n  rules:\n  - host: i${i}.example.com\n    http:\n      paths:\n${paths}`);
    }
    cluster.apply(docs.join('\n---\n'));
    gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, GATEWAY_WORKERS: String(WORKERS), GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', NODE_ENV: 'production', ...nodeOptions }, { script, readyTimeoutMs: 120_000 });
    const lua = path.join(dir, 'churn.lua');
    writeFileSync(lua, `local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format("GET", "/p" .. (n % 10) .. "/x", { Host = "i" .. (n % 100) .. ".example.com" })\nend\n`);
    await sleep(5_000); // startup status writes
    const w = wrk(gw.httpPort, 50, CHURN_S + 5, lua);
    const done = wrkDone(w);
    const t0 = Date.now();
    const samples: Array<[number, number]> = [];
    let changes = 0;
    let nextSample = 0;
    // each step: create one Ingress, edit one, delete the one created 20 steps ago (~constant count)
    for (let i = 0; Date.now() - t0 < CHURN_S * 1000; i++) {
      const y = (name: string, pathName: string) =>
        `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: ${name}, namespace: ${NS}}\nspec:\n  ingressClassName: portico\n  rules:\n  - host: ${name}.example.com\n    http:\n      paths:\n      - {path: ${pathName}, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}`;
      await cluster.kubectlAsync(['apply', '-f', '-'], `${y(`churn-${i}`, '/a')}\n---\n${y(`edit-${i % 10}`, `/v${i}`)}`);
      if (i >= 20) await cluster.kubectlAsync(['delete', 'ingress', '-n', NS, `churn-${i - 20}`, '--wait=false']);
      changes += i >= 20 ? 3 : 2;
      if (Date.now() - t0 >= nextSample) {
        samples.push([Date.now() - t0, treeRssMb(gw.child.pid!)]);
        nextSample += 5_000;
      }
    }
    const out = await done;
    const second = samples.filter(([t]) => t >= (CHURN_S * 1000) / 2);
    console.log(`\nchurn ${CHURN_S}s, ${WORKERS} worker(s), 1,000 Ingress paths + churned Ingresses, ${changes} object writes, c50 load: ${wrkSummary(out)}`);
    console.log(`  RSS MB at ${samples.map(([t, y]) => `${(t / 1000).toFixed(0)}s:${y.toFixed(0)}`).join(' ')}`);
    console.log(`  RSS slope: whole run ${slopePerMin(samples).toFixed(2)} MB/min, second half ${second.length > 2 ? slopePerMin(second).toFixed(2) : '-'} MB/min; ${await heapMb(gw)}; load ${load()}`);
  } finally {
    await gw?.stop();
    await cluster.stop();
  }
}

async function main() {
  const script = await bundle();
  const backendPort = await freePort();
  writeFileSync(`${dir}/nginx.conf`, backendNginxConf(dir, backendPort));
  kids.push(spawn('nginx', ['-c', `${dir}/nginx.conf`, '-p', dir], { stdio: 'ignore' }));
  await sleep(300);
  console.log(`gateway memory (bundle under node ${process.version}${GATEWAY_NODE_OPTIONS ? `, NODE_OPTIONS=${GATEWAY_NODE_OPTIONS}` : ''}), load ${load()}`);
  if (PART !== 'churn') await staticPart(script, backendPort);
  if (PART !== 'static' && CHURN_S > 0) await churnPart(script, backendPort);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const k of kids) if (k.exitCode === null) k.kill('SIGTERM');
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500).unref();
  });
