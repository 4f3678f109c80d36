// Zero errors while routes change: constant c50 load on BASE HTTPRoutes through the gateway
// (dev cluster + gateway children), while the routes change in phases:
//   edit    10 routes: path (PathPrefix /p -> /), backend (a -> c), weights (50/50 -> 90/10)
//   create  100 new routes, one after the other: time from the API write to its first 200
//   delete  the 100 new routes
// Reports per phase: requests, failed requests (socket errors, timeouts), 503s and other non-200s
// on the routes that existed before, and the create -> first 200 p50/p99 (and any 503 a new route
// answered before its first 200). Where a create's time goes: API write -> acknowledged, -> the
// watch event as another client (this bench) receives it, -> the gateway serving it (its
// propagation histogram: first event in -> snapshot swapped), -> the probe's first 200; plus the
// gateway's event-loop lag. The c50 load runs in a worker thread: the probe and the API client
// are not queued behind 50 load responses on the bench's own event loop.
//   npx tsx bench/gateway/churn.ts        (env: BASE=200 NEW=100 EDIT=10 CONC=50 WORKERS=1 QUIET_S=3)
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { freePort, serviceYaml, startBackend, startCluster, startGateway, waitFor, type Backend } from '../../testing/harness';
import { GATEWAY_GROUP as GW } from '../../lib/k8s/groups';
import { KubeClient } from '../../gateway/kube/client';
import { kubeconfigFile } from '../../gateway/kube/config';
import { Informer } from '../../gateway/kube/informer';

const BASE = Number(process.env.BASE ?? 200);
const NEW = Number(process.env.NEW ?? 100);
const EDIT = Number(process.env.EDIT ?? 10);
const CONC = Number(process.env.CONC ?? 50);
const WORKERS = process.env.WORKERS ?? '1';
const QUIET_S = Number(process.env.QUIET_S ?? 3);
const NS = 'churn';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function route(name: string, host: string, opts: { path?: string; backends?: Array<[string, number]> } = {}) {
  return {
    apiVersion: `${GW}/v1`,
    kind: 'HTTPRoute',
    metadata: { name, namespace: NS },
    spec: {
      parentRefs: [{ name: 'web' }],
      hostnames: [host],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: opts.path ?? '/p' } }], backendRefs: (opts.backends ?? [['a', 50], ['b', 50]]).map(([n, weight]) => ({ name: n, port: 80, weight })) }],
    },
  };
}

interface Phase {
  name: string;
  requests: number;
  failed: number;
  s503: number;
  other: number;
  examples: string[];
}
const newPhase = (name: string): Phase => ({ name, requests: 0, failed: 0, s503: 0, other: 0, examples: [] });

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}

/** count, mean and the p99 bucket bound of a Prometheus histogram between two scrapes */
function histogramDelta(before: string, after: string, name: string): { count: number; meanMs: number; p99Ms: number } {
  const read = (text: string) => {
    const buckets: Array<[number, number]> = [];
    let sum = 0;
    let count = 0;
    for (const line of text.split('\n')) {
      if (!line.startsWith(name)) continue;
      const v = Number(line.slice(line.lastIndexOf(' ') + 1));
      if (line.startsWith(`${name}_bucket`)) buckets.push([Number(/le="([^"]+)"/.exec(line)?.[1] === '+Inf' ? Infinity : /le="([^"]+)"/.exec(line)?.[1]), v]);
      else if (line.startsWith(`${name}_sum`)) sum += v;
      else if (line.startsWith(`${name}_count`)) count += v;
    }
    return { buckets, sum, count };
  };
  const a = read(before);
  const b = read(after);
  const count = b.count - a.count;
  const target = count * 0.99;
  let p99 = Infinity;
  for (const [le, v] of b.buckets) {
    const prev = a.buckets.find(([l]) => l === le)?.[1] ?? 0;
    if (v - prev >= target) {
      p99 = le;
      break;
    }
  }
  return { count, meanMs: count ? ((b.sum - a.sum) / count) * 1000 : NaN, p99Ms: p99 * 1000 };
}

/** The c50 load loop (plain JS, run in a worker thread): counts per phase, posted back on stop. */
const LOAD_WORKER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { port, conc, base } = workerData;
const phases = {};
let phase = { name: 'warm-up', requests: 0, failed: 0, s503: 0, other: 0, examples: [] };
let stop = false;
let n = 0;
parentPort.on('message', (m) => {
  if (m.phase) phases[m.phase] = phase = { name: m.phase, requests: 0, failed: 0, s503: 0, other: 0, examples: [] };
  if (m.stop) {
    stop = true;
    Promise.all(loops).then(() => parentPort.postMessage(phases));
  }
});
const agent = new http.Agent({ keepAlive: true, maxSockets: conc });
const one = (p) => new Promise((resolve) => {
  const i = n++ % base;
  const req = http.get({ host: '127.0.0.1', port, path: '/p/x' + n, headers: { host: 'b' + i + '.example.com' }, agent, timeout: 5000 }, (res) => {
    res.resume();
    res.on('end', () => {
      p.requests++;
      if (res.statusCode === 503) p.s503++;
      else if (res.statusCode !== 200) p.other++;
      if (res.statusCode !== 200 && p.examples.length < 5) p.examples.push(res.statusCode + ' b' + i);
      resolve();
    });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (err) => {
    p.requests++;
    p.failed++;
    if (p.examples.length < 5) p.examples.push(err.message + ' b' + i);
    resolve();
  });
});
const loops = Array.from({ length: conc }, async () => {
  while (!stop) await one(phase);
});
`;

async function main() {
  const cluster = await startCluster();
  const backends: Backend[] = [];
  for (const [i, n] of ['a', 'b', 'c'].entries()) backends.push(await startBackend(n, `127.0.84.${i + 1}`, await freePort()));
  let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n${backends.map((b) => serviceYaml(NS, b.name, [b])).join('---\n')}`);
    const items: unknown[] = [{ apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: { name: 'web', namespace: NS }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }];
    for (let i = 0; i < BASE; i++) items.push(route(`base-${i}`, `b${i}.example.com`));
    cluster.apply(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, GATEWAY_WORKERS: WORKERS });
    const port = gw.httpPort;
    await waitFor(async () => ((await gw!.admin('/config')).body.routes.length >= BASE ? true : undefined), `${BASE} routes served`, 120_000, 200);

    // API client: the gateway's own (kept-alive connections, credentials from the kubeconfig)
    const kube = new KubeClient(await kubeconfigFile(cluster.kubeconfig));
    const base = `/apis/${GW}/v1/namespaces/${NS}/httproutes`;
    const api = (method: string, path: string, body?: unknown) =>
      kube.request<unknown>(method, path, body).then(
        (b) => ({ status: method === 'POST' ? 201 : 200, body: JSON.stringify(b) }),
        (err: unknown) => ({ status: (err as { code?: number }).code ?? 0, body: String((err as Error).message) }),
      );
    // when this client's watch sees each new route (a stand-in for the gateway's own watch)
    const seenAt = new Map<string, number>();
    const inf = new Informer<{ metadata: { name: string } }>(kube, base, {
      onList: () => {},
      onEvent: (type, o) => {
        if (type === 'ADDED' && !seenAt.has(o.metadata.name)) seenAt.set(o.metadata.name, performance.now());
      },
      onError: () => {},
    });
    await inf.start();

    // settle: the startup status writes (one per route) come back through the watch
    await sleep(5_000);

    // constant load: CONC loops on kept-alive connections, each request to a base route (in a worker thread)
    const phases: Phase[] = [];
    const load = new Worker(LOAD_WORKER, { eval: true, workerData: { port, conc: CONC, base: BASE } });
    const startPhase = (name: string) => {
      load.postMessage({ phase: name });
      phases.push(newPhase(name));
      return Date.now();
    };
    const stopLoad = () =>
      new Promise<Record<string, Phase>>((resolve) => {
        load.once('message', (m: Record<string, Phase>) => resolve(m));
        load.postMessage({ stop: true });
      });
    await sleep(2_000);
    const timing: Record<string, number> = {};

    let t = startPhase('before (no change)');
    await sleep(QUIET_S * 1000);
    timing[phases[phases.length - 1].name] = Date.now() - t;

    t = startPhase(`edit ${EDIT} routes (path, backend, weight)`);
    for (let i = 0; i < EDIT; i++) {
      const name = `base-${i * Math.floor(BASE / EDIT)}`;
      const cur = JSON.parse((await api('GET', `${base}/${name}`)).body);
      const kind = i % 3;
      const host = cur.spec.hostnames[0];
      const next = route(name, host, kind === 0 ? { path: '/' } : kind === 1 ? { backends: [['c', 50], ['b', 50]] } : { backends: [['a', 90], ['b', 10]] });
      const r = await api('PUT', `${base}/${name}`, { ...next, metadata: { ...next.metadata, resourceVersion: cur.metadata.resourceVersion } });
      if (r.status !== 200) throw new Error(`edit ${name}: ${r.status} ${r.body.slice(0, 200)}`);
    }
    await sleep(QUIET_S * 1000);
    timing[phases[phases.length - 1].name] = Date.now() - t;
    const cHits = backends[2].hits; // service c only serves the edited routes

    t = startPhase(`create ${NEW} routes`);
    const metricsBefore = String((await gw.admin('/metrics')).body);
    const benchLag = monitorEventLoopDelay({ resolution: 1 });
    benchLag.enable();
    const watchMs: number[] = [];
    const firstOk: number[] = [];
    const afterAck: number[] = [];
    const ackMs: number[] = [];
    let new503 = 0;
    const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probe = (host: string) =>
      new Promise<number>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/p/new', headers: { host }, agent: probeAgent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(0));
      });
    for (let i = 0; i < NEW; i++) {
      const host = `n${i}.example.com`;
      const t0 = performance.now();
      const created = api('POST', base, route(`new-${i}`, host));
      let acked = 0;
      void created.then(() => (acked = performance.now()));
      let ok = false;
      while (performance.now() - t0 < 10_000) {
        const s = await probe(host);
        if (s === 200) {
          ok = true;
          break;
        }
        if (s === 503) new503++;
      }
      const t1 = performance.now();
      const c = await created;
      if (c.status !== 201) throw new Error(`create new-${i}: ${c.status} ${c.body.slice(0, 200)}`);
      if (!ok) throw new Error(`new-${i} not served within 10 s`);
      firstOk.push(t1 - t0);
      const seen = seenAt.get(`new-${i}`);
      if (seen !== undefined) watchMs.push(seen - t0);
      ackMs.push((acked || t1) - t0);
      afterAck.push(Math.max(0, t1 - (acked || t1)));
    }
    benchLag.disable();
    const metricsAfter = String((await gw.admin('/metrics')).body);
    await sleep(QUIET_S * 1000);
    timing[phases[phases.length - 1].name] = Date.now() - t;

    t = startPhase(`delete ${NEW} routes`);
    for (let i = 0; i < NEW; i++) {
      const r = await api('DELETE', `${base}/new-${i}`);
      if (r.status !== 200 && r.status !== 202) throw new Error(`delete new-${i}: ${r.status}`);
    }
    await sleep(QUIET_S * 1000);
    timing[phases[phases.length - 1].name] = Date.now() - t;

    const counted = await stopLoad();
    await load.terminate();
    for (const p of phases) Object.assign(p, counted[p.name]);
    probeAgent.destroy();
    inf.stop();
    kube.close();

    const loadAvg = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`churn under c${CONC} load on ${BASE} HTTPRoutes (GATEWAY_WORKERS=${WORKERS}), load average ${loadAvg}`);
    console.log('| phase | duration s | requests | req/s | failed (socket/timeout) | 503 | other non-200 | examples |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const p of phases) {
      const s = timing[p.name] / 1000;
      console.log(`| ${p.name} | ${s.toFixed(1)} | ${p.requests} | ${(p.requests / s).toFixed(0)} | ${p.failed} | ${p.s503} | ${p.other} | ${p.examples.join('; ')} |`);
    }
    console.log(`the edits took effect: service c (only on edited routes) answered ${cHits} requests`);
    console.log(`API write acknowledged (201) after: p50 ${pct(ackMs, 50).toFixed(1)} ms, p99 ${pct(ackMs, 99).toFixed(1)} ms; ack -> first 200: p50 ${pct(afterAck, 50).toFixed(1)} ms, p99 ${pct(afterAck, 99).toFixed(1)} ms`);
    console.log(`create -> first 200 over ${firstOk.length} new routes (API write sent -> first 200 through the gateway): p50 ${pct(firstOk, 50).toFixed(1)} ms, p90 ${pct(firstOk, 90).toFixed(1)} ms, p99 ${pct(firstOk, 99).toFixed(1)} ms, max ${Math.max(...firstOk).toFixed(1)} ms; 503 answers on new routes before their first 200: ${new503}`);
    console.log(`where the time goes (create phase):`);
    console.log(`  API write sent -> ADDED event on this bench's watch: p50 ${pct(watchMs, 50).toFixed(1)} ms, p99 ${pct(watchMs, 99).toFixed(1)} ms (${watchMs.length} seen)`);
    const inside = histogramDelta(metricsBefore, metricsAfter, 'portico_gateway_config_propagation_seconds');
    const build = histogramDelta(metricsBefore, metricsAfter, 'portico_gateway_snapshot_build_seconds');
    console.log(`  inside the gateway, first watch event -> snapshot serving: ${inside.count} rebuilds, mean ${inside.meanMs.toFixed(2)} ms, p99 <= ${inside.p99Ms} ms (bucket bound)`);
    console.log(`  snapshot build: ${build.count} builds, mean ${build.meanMs.toFixed(2)} ms, p99 <= ${build.p99Ms} ms (bucket bound)`);
    const lag = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metricsAfter)?.[1] ?? NaN) * 1000;
    console.log(`  gateway event-loop delay at the end of the phase (prom-client, since the previous scrape): p99 ${lag('portico_gateway_nodejs_eventloop_lag_p99_seconds').toFixed(1)} ms, max ${lag('portico_gateway_nodejs_eventloop_lag_max_seconds').toFixed(1)} ms`);
    console.log(`  the bench's own event loop (probe + API client) during the phase: p99 ${(benchLag.percentile(99) / 1e6).toFixed(1)} ms, max ${(benchLag.max / 1e6).toFixed(1)} ms`);
  } finally {
    await gw?.stop();
    await cluster.stop();
    for (const b of backends) await b.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
