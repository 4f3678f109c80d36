// Gateway memory: RSS of the whole gateway process tree (primary + workers) with 0, 1,000 and
// 10,000 routes (half Ingress paths, half HTTPRoutes), idle and under wrk -c256 load spread over
// the routes; then a churn run against the dev cluster (1,000 routes, routes created, edited and
// deleted continuously under c50 load) reporting the RSS slope.
//   npx tsx bench/gateway/memory.ts
//   env: ROUTES="0 1000 10000"  WORKERS=1  LOAD_S=10  CHURN_S=120 (0: skip; 600 for the 10-minute run)
//        PART=static|churn|all (default all) | change (an idle gateway, 1,000 Ingress paths from the dev cluster, gets one edit: RSS after it)  SETTLE_S=15 (idle: RSS 3 s after ready, and SETTLE_S later)  BUNDLE=<prebuilt gateway.mjs> (A/B: an older tree's bundle)
//        GATEWAY_NODE_OPTIONS=... (the gateway's NODE_OPTIONS, e.g. --max-semi-space-size=4; default none, as deployed)
//        GATEWAY_NODE_ARGS=... (node's arguments before the bundle: V8 flags NODE_OPTIONS does not take)
//        GATEWAY_ENV='{"NAME":"value"}' (more gateway environment, e.g. an A/B of a setting)
//        IMAGE_ENV=0 (without the image's GLIBC_TUNABLES and NODE_OPTIONS from deploy/gateway.Dockerfile, which the gateway gets by default)
//        LOOP_PROBE=1 (preloads ./loop-probe.mjs: the longest event-loop task while idle and under load)
//        TAIL_S=180 (PART=change: RSS every 10 s for that long after the edits)  IDLE_TRACE=1 (prints RSS / PSS every second of the idle window)  SMAPS=1 (the first process's resident memory by kind of mapping, 3 s and settled)
//        KUBECONFIG_FORMAT=json|yaml (default json: how the gateway is given the dev cluster's kubeconfig in the churn and change parts; see below)
// The deployed gateway reads its ServiceAccount's token and CA (no kubeconfig), so it never loads
// the YAML parser. The dev cluster writes its kubeconfig as YAML, which would load it (~0.9 MB of
// RSS the deployment does not have): the cluster parts hand the gateway the same kubeconfig as
// JSON (a kubeconfig may be either), unless KUBECONFIG_FORMAT=yaml.
// RSS counts the node binary's mapped text (~36 MB) in every process; PSS (smaps_rollup) shares it
// out between all processes mapping it, other node processes on the machine included (so it moves
// with what else runs); "shared once" = private pages of every gateway process + the shared pages
// of one of them: the honest figure for several workers.
// The gateway runs as the deployed bundle (deploy/bundle-gateway.mjs) under plain node: a tsx
// loader thread would add its own heap to the figures. Needs wrk and nginx. Run from the repo root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { backendNginxConf } from './gen-config';
import { apiVersionOf } from '../../lib/k8s/kinds';
import { bundleGateway, freePort, gatewayImageEnv, request, serviceYaml, startCluster, startGateway, waitFor, type TestGateway } from '../../testing/harness';

const ROUTES = (process.env.ROUTES ?? '0 1000 10000').split(/[ ,]+/).filter(Boolean).map(Number);
const WORKERS = Number(process.env.WORKERS ?? 1);
const LOAD_S = Number(process.env.LOAD_S ?? 10);
const CHURN_S = Number(process.env.CHURN_S ?? 120);
const PART = process.env.PART ?? 'all';
const SETTLE_S = Number(process.env.SETTLE_S ?? 15);
const GATEWAY_NODE_OPTIONS = process.env.GATEWAY_NODE_OPTIONS ?? '';
const dir = mkdtempSync(path.join(tmpdir(), 'portico-memory-'));
const LOOP_PROBE = process.env.LOOP_PROBE === '1';
const probeFile = path.join(dir, 'loop-probe.log');
const probeOptions = LOOP_PROBE ? `--import ${path.resolve('bench/gateway/loop-probe.mjs')}` : '';
const allNodeOptions = [GATEWAY_NODE_OPTIONS, probeOptions].filter(Boolean).join(' ');
/** What the image gives node (deploy/gateway.Dockerfile: GLIBC_TUNABLES, NODE_OPTIONS=--use-openssl-ca), so the figures are the shipped ones; IMAGE_ENV=0 leaves it out. */
const imageEnv = (): Record<string, string> => (process.env.IMAGE_ENV === '0' ? {} : gatewayImageEnv());
/** The gateway's environment starts from this one without what is this machine's and not the
 * image's: NODE_EXTRA_CA_CERTS makes node parse a CA bundle at start-up (~1 MB), and so do
 * SSL_CERT_FILE / SSL_CERT_DIR under --use-openssl-ca; NODE_OPTIONS is set here. */
const MACHINE_ONLY = new Set(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'SSL_CERT_FILE', 'SSL_CERT_DIR']);
const baseEnv = Object.fromEntries(Object.entries(process.env as Record<string, string>).filter(([k]) => !MACHINE_ONLY.has(k)));
const image = imageEnv();
const nodeOptions: Record<string, string> = {
  ...image,
  // GATEWAY_NODE_OPTIONS and the probe come on top of the image's
  ...(allNodeOptions ? { NODE_OPTIONS: [image.NODE_OPTIONS, allNodeOptions].filter(Boolean).join(' ') } : {}),
  ...(LOOP_PROBE ? { LOOP_PROBE_FILE: probeFile } : {}),
  ...(JSON.parse(process.env.GATEWAY_ENV ?? '{}') as Record<string, string>),
};
/** node arguments before the bundle (V8 flags NODE_OPTIONS refuses), e.g. GATEWAY_NODE_ARGS=--gc-memory-reducer-start-delay-ms=1000 */
const nodeArgs = (process.env.GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);
const IDLE_TRACE = process.env.IDLE_TRACE === '1';
/** PART=change: how long to keep watching the idle gateway after its edits (RSS every 10 s). */
const TAIL_S = Number(process.env.TAIL_S ?? 0);
const KUBECONFIG_FORMAT = process.env.KUBECONFIG_FORMAT ?? 'json';
/** The dev cluster's kubeconfig as the gateway gets it: the same document, JSON unless KUBECONFIG_FORMAT=yaml. */
function gatewayKubeconfig(file: string): string {
  if (KUBECONFIG_FORMAT === 'yaml') return file;
  const out = path.join(dir, 'kubeconfig.json');
  writeFileSync(out, JSON.stringify(parseYaml(readFileSync(file, 'utf8'))), { mode: 0o600 });
  return out;
}
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

/** smaps_rollup field (kB) of one process, 0 if gone. */
const rollupKb = (pid: number, field: string) => {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};
/** PSS of the gateway tree in MB (shared pages divided between all processes that map them,
 * other node processes on the machine included: it moves with what else runs). */
function treePssMb(pid: number): number {
  return tree(pid).reduce((kb, p) => kb + rollupKb(p, 'Pss'), 0) / 1024;
}
/** The gateway tree's memory with shared pages counted once: every process's private pages plus
 * the shared pages of the process with most of them (the node binary's text, same file). */
function treeOnceMb(pid: number): number {
  let priv = 0;
  let shared = 0;
  for (const p of tree(pid)) {
    const own = rollupKb(p, 'Private_Clean') + rollupKb(p, 'Private_Dirty');
    priv += own;
    shared = Math.max(shared, rollupKb(p, 'Rss') - own);
  }
  return (priv + shared) / 1024;
}

/** Resident KB of one process by kind of mapping: the node binary, other files, [heap] (malloc), anonymous (V8 pages, malloc arenas), stacks. */
function smapsKinds(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1];
      kind = !name ? 'anonymous' : name === process.execPath || name.endsWith('/node') ? 'node binary' : name.startsWith('/') ? 'other files' : name;
      continue;
    }
    const rss = /^Rss:\s+(\d+)/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]);
  }
  return out;
}
const SMAPS = process.env.SMAPS === '1';
const smapsLine = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys({ ...a, ...b })
    .map((k) => `${k} ${((a[k] ?? 0) / 1024).toFixed(1)} -> ${((b[k] ?? 0) / 1024).toFixed(1)}`)
    .join(', ');

/** Probe lines (time, pid, longest loop delay ms, new space MB, heap MB) written in [from, to). */
function probeLines(from: number, to: number): Array<{ t: number; pid: number; maxMs: number; newMb: number; heapMb: number }> {
  let text = '';
  try {
    text = readFileSync(probeFile, 'utf8');
  } catch {}
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').map(Number))
    .map(([t, pid, maxMs, newMb, heapMb]) => ({ t, pid, maxMs, newMb, heapMb }))
    .filter((x) => x.t >= from && x.t < to);
}
/** The longest event-loop delay any gateway process saw in [from, to), ms ('-' without LOOP_PROBE). */
const longestTask = (from: number, to: number) => (LOOP_PROBE ? `${Math.max(0, ...probeLines(from, to).map((x) => x.maxMs)).toFixed(1)} ms` : '-');

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
  return bundleGateway(dir);
}

async function staticPart(script: string, backendPort: number) {
  console.log(`\n| routes | workers | RSS idle MB: 3 s / ${3 + SETTLE_S} s after ready | PSS idle MB: 3 s / ${3 + SETTLE_S} s | shared once idle MB: 3 s / ${3 + SETTLE_S} s | RSS / PSS under c256 MB (max) | longest task: idle / c256 | heap after load | load (wrk c256, ${LOAD_S}s) | load avg |`);
  console.log('|---:|---:|---:|---:|---:|---:|---|---|---|---|');
  for (const routes of ROUTES) {
    const cfg = path.join(dir, `routes-${routes}.json`);
    writeFileSync(cfg, JSON.stringify(routesConfig(routes, backendPort)));
    const lua = path.join(dir, `spread-${routes}.lua`);
    writeFileSync(lua, wrkScript(routes));
    const gw = await startGateway({ GATEWAY_STATIC_CONFIG: cfg, GATEWAY_WORKERS: String(WORKERS), GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', NODE_ENV: 'production', ...nodeOptions }, { script, nodeArgs, baseEnv, readyTimeoutMs: 120_000 });
    try {
      const ready = Date.now();
      const served = ((await gw.admin('/config')).body as { routes: unknown[] }).routes.length;
      const metricsText = String((await gw.admin('/metrics')).body);
      const buildSum = Number(/^portico_gateway_snapshot_build_seconds_sum(?:\{[^}]*\})? (\S+)$/m.exec(metricsText)?.[1] ?? NaN);
      const trace: string[] = [];
      const idleUntil = async (ms: number) => {
        while (Date.now() < ready + ms) {
          await sleep(Math.min(1000, ready + ms - Date.now()));
          if (IDLE_TRACE) trace.push(`${((Date.now() - ready) / 1000).toFixed(0)}s:${treeRssMb(gw.child.pid!).toFixed(1)}/${treePssMb(gw.child.pid!).toFixed(1)}`);
        }
      };
      await idleUntil(3_000);
      const idle = [treeRssMb(gw.child.pid!), treePssMb(gw.child.pid!), treeOnceMb(gw.child.pid!)];
      const smaps3 = SMAPS ? smapsKinds(gw.child.pid!) : {};
      // V8's memory reducer shrinks the young generation (grown by the build's allocations) after
      // ~8-10 s without allocation: the settled figure is what an idle gateway keeps
      await idleUntil((3 + SETTLE_S) * 1000);
      const settled = [treeRssMb(gw.child.pid!), treePssMb(gw.child.pid!), treeOnceMb(gw.child.pid!)];
      const smaps18 = SMAPS ? smapsKinds(gw.child.pid!) : {};
      const idleLongest = longestTask(ready + 500, Date.now());
      const loadFrom = Date.now();
      const w = wrk(gw.httpPort, 256, LOAD_S, lua);
      let peak = 0;
      let peakPss = 0;
      const done = wrkDone(w);
      for (let t = 0; t < LOAD_S * 4 && w.exitCode === null; t++) {
        peak = Math.max(peak, treeRssMb(gw.child.pid!));
        peakPss = Math.max(peakPss, treePssMb(gw.child.pid!));
        await sleep(250);
      }
      const out = await done;
      const loadLongest = longestTask(loadFrom, Date.now());
      const heap = await heapMb(gw);
      console.log(`| ${routes} (${served} served entries; start-up build ${(buildSum * 1000).toFixed(0)} ms) | ${WORKERS} | ${idle[0].toFixed(1)} / ${settled[0].toFixed(1)} | ${idle[1].toFixed(1)} / ${settled[1].toFixed(1)} | ${idle[2].toFixed(1)} / ${settled[2].toFixed(1)} | ${peak.toFixed(1)} / ${peakPss.toFixed(1)} | ${idleLongest} / ${loadLongest} | ${heap} | ${wrkSummary(out)} | ${load()} |`);
      if (IDLE_TRACE) console.log(`  idle RSS/PSS MB at ${trace.join(' ')}`);
      if (SMAPS) console.log(`  first process's resident MB by mapping, 3 s -> ${3 + SETTLE_S} s: ${smapsLine(smaps3, smaps18)}`);
      if (IDLE_TRACE && LOOP_PROBE)
        console.log(
          `  probe (s after ready: longest ms, new space MB, heap MB) ${probeLines(ready - 1000, loadFrom)
            .map((x) => `${((x.t - ready) / 1000).toFixed(1)}:${x.maxMs.toFixed(0)},${x.newMb},${x.heapMb}`)
            .join(' ')}`,
        );
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
    gw = await startGateway({ KUBECONFIG: gatewayKubeconfig(cluster.kubeconfig), GATEWAY_WORKERS: String(WORKERS), GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', NODE_ENV: 'production', ...nodeOptions }, { script, nodeArgs, baseEnv, readyTimeoutMs: 120_000 });
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

/** An idle gateway (1,000 Ingress paths from the dev cluster, settled) gets one Ingress edit: RSS 3 s and 3 + SETTLE_S s after it. */
async function changePart(script: string, backendPort: number) {
  const cluster = await startCluster();
  let gw: TestGateway | undefined;
  try {
    const NS = 'mem';
    const ingress = (i: number, first: string) => {
      const paths = Array.from({ length: 10 }, (_, p) => `      - {path: ${p ? `/p${p}` : first}, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}`).join('\n');
      return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: base-${i}, namespace: ${NS}}\nspec:\n  ingressClassName: portico\n  rules:\n  - host: i${i}.example.com\n    http:\n      paths:\n${paths}`;
    };
    cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n${serviceYaml(NS, 'backend', [{ address: '127.0.0.1', port: backendPort }])}`);
    cluster.apply(Array.from({ length: 100 }, (_, i) => ingress(i, '/p0')).join('\n---\n'));
    gw = await startGateway({ KUBECONFIG: gatewayKubeconfig(cluster.kubeconfig), GATEWAY_WORKERS: String(WORKERS), GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', NODE_ENV: 'production', ...nodeOptions }, { script, nodeArgs, baseEnv, readyTimeoutMs: 120_000 });
    console.log(`\n| change (1,000 Ingress paths, ${WORKERS} worker(s)) | RSS before it (${SETTLE_S + 10} s idle) | RSS 3 s / ${3 + SETTLE_S} s after it | PSS before / 3 s / ${3 + SETTLE_S} s | longest task after it | load avg |`);
    console.log('|---|---:|---:|---:|---|---|');
    await sleep((SETTLE_S + 10) * 1000); // start-up status writes, then the memory reducer
    if (SMAPS) console.log(`  first process's resident MB by mapping, idle: ${smapsLine({}, smapsKinds(gw.child.pid!))}; ${await heapMb(gw)}`);
    for (let round = 0; round < 2; round++) {
      const rss0 = treeRssMb(gw.child.pid!);
      const pss0 = treePssMb(gw.child.pid!);
      await cluster.kubectlAsync(['apply', '-f', '-'], ingress(round, `/edited-${round}`));
      await waitFor(async () => (await request({ port: gw!.httpPort, host: `i${round}.example.com`, path: `/edited-${round}/x` })).status === 200, 'the edit served', 30_000, 20);
      const changed = Date.now();
      await sleep(3_000);
      const rss3 = treeRssMb(gw.child.pid!);
      const pss3 = treePssMb(gw.child.pid!);
      await sleep(SETTLE_S * 1000);
      console.log(
        `| edit ${round + 1} | ${rss0.toFixed(1)} | ${rss3.toFixed(1)} / ${treeRssMb(gw.child.pid!).toFixed(1)} | ${pss0.toFixed(1)} / ${pss3.toFixed(1)} / ${treePssMb(gw.child.pid!).toFixed(1)} | ${longestTask(changed - 1000, Date.now())} | ${load()} |`,
      );
    }
    if (TAIL_S > 0) {
      const tail: string[] = [];
      for (let t = 10; t <= TAIL_S; t += 10) {
        await sleep(10_000);
        tail.push(`${t}s:${treeRssMb(gw.child.pid!).toFixed(1)}`);
      }
      console.log(`  idle after the edits, RSS MB every 10 s: ${tail.join(' ')}`);
    }
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
  console.log(`gateway memory (bundle ${script} under node ${process.version}${nodeOptions.GLIBC_TUNABLES ? `, GLIBC_TUNABLES=${nodeOptions.GLIBC_TUNABLES}` : ''}${nodeOptions.NODE_OPTIONS ? `, NODE_OPTIONS=${nodeOptions.NODE_OPTIONS}` : ''}${process.env.GATEWAY_ENV ? `, env ${process.env.GATEWAY_ENV}` : ''}, ${KUBECONFIG_FORMAT} kubeconfig), load ${load()}`);
  if (PART === 'change') return changePart(script, backendPort);
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
