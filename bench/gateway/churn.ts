// Zero errors while routes change: constant c50 load on BASE HTTPRoutes through the gateway
// (dev cluster + gateway children), while the routes change in phases:
//   edit    10 routes: path (PathPrefix /p -> /), backend (a -> c), weights (50/50 -> 90/10)
//   create  100 new routes, one after the other: time from the API write to its first 200
//   delete  the 100 new routes
// Reports per phase: requests, failed requests (socket errors, timeouts), 503s and other non-200s
// on the routes that existed before, and the create -> first 200 p50/p99 (and any 503 a new route
// answered before its first 200).
//   npx tsx bench/gateway/churn.ts        (env: BASE=200 NEW=100 EDIT=10 CONC=50 WORKERS=1 QUIET_S=3)
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { freePort, serviceYaml, startBackend, startCluster, startGateway, waitFor, type Backend } from '../../testing/harness';
import { GATEWAY_GROUP as GW } from '../../lib/k8s/groups';

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

async function main() {
  const cluster = await startCluster();
  const backends: Backend[] = [];
  for (const [i, n] of ['a', 'b', 'c'].entries()) backends.push(await startBackend(n, `127.0.84.${i + 1}`, await freePort()));
  let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
  let stopLoad = false;
  try {
    cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n${backends.map((b) => serviceYaml(NS, b.name, [b])).join('---\n')}`);
    const items: unknown[] = [{ apiVersion: `${GW}/v1`, kind: 'Gateway', metadata: { name: 'web', namespace: NS }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }];
    for (let i = 0; i < BASE; i++) items.push(route(`base-${i}`, `b${i}.example.com`));
    cluster.apply(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, GATEWAY_WORKERS: WORKERS });
    const port = gw.httpPort;
    await waitFor(async () => ((await gw!.admin('/config')).body.routes.length >= BASE ? true : undefined), `${BASE} routes served`, 120_000, 200);

    // API client: plain requests on a kept-alive connection (credentials from the kubeconfig)
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const server = new URL(kc.getCurrentCluster()!.server);
    const tlsOpts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tlsOpts);
    const lib = server.protocol === 'https:' ? https : http;
    const apiAgent = new lib.Agent({ keepAlive: true, maxSockets: 4, ...(tlsOpts as object) });
    const base = `/apis/${GW}/v1/namespaces/${NS}/httproutes`;
    const api = (method: string, path: string, body?: unknown) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = lib.request(
          { ...tlsOpts, agent: apiAgent, host: server.hostname, port: server.port, method, path, headers: { ...(tlsOpts.headers ?? {}), ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
          (res) => {
            let b = '';
            res.setEncoding('utf8');
            res.on('data', (d) => (b += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });

    // settle: the startup status writes (one per route) come back through the watch
    await sleep(5_000);

    // constant load: CONC loops on kept-alive connections, each request to a base route
    let phase = newPhase('warm-up');
    const phases: Phase[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
    let n = 0;
    const one = (p: Phase) =>
      new Promise<void>((resolve) => {
        const i = n++ % BASE;
        const req = http.get({ host: '127.0.0.1', port, path: `/p/x${n}`, headers: { host: `b${i}.example.com` }, agent, timeout: 5_000 }, (res) => {
          res.resume();
          res.on('end', () => {
            p.requests++;
            if (res.statusCode === 503) p.s503++;
            else if (res.statusCode !== 200) p.other++;
            if (res.statusCode !== 200 && p.examples.length < 5) p.examples.push(`${res.statusCode} b${i}`);
            resolve();
          });
        });
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', (err) => {
          p.requests++;
          p.failed++;
          if (p.examples.length < 5) p.examples.push(`${err.message} b${i}`);
          resolve();
        });
      });
    const loops = Array.from({ length: CONC }, async () => {
      while (!stopLoad) await one(phase);
    });
    const startPhase = (name: string) => {
      phase = newPhase(name);
      phases.push(phase);
      return Date.now();
    };
    await sleep(2_000);
    const timing: Record<string, number> = {};

    let t = startPhase('before (no change)');
    await sleep(QUIET_S * 1000);
    timing[phase.name] = Date.now() - t;

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
    timing[phase.name] = Date.now() - t;
    const cHits = backends[2].hits; // service c only serves the edited routes

    t = startPhase(`create ${NEW} routes`);
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
      ackMs.push((acked || t1) - t0);
      afterAck.push(Math.max(0, t1 - (acked || t1)));
    }
    await sleep(QUIET_S * 1000);
    timing[phase.name] = Date.now() - t;

    t = startPhase(`delete ${NEW} routes`);
    for (let i = 0; i < NEW; i++) {
      const r = await api('DELETE', `${base}/new-${i}`);
      if (r.status !== 200 && r.status !== 202) throw new Error(`delete new-${i}: ${r.status}`);
    }
    await sleep(QUIET_S * 1000);
    timing[phase.name] = Date.now() - t;

    stopLoad = true;
    await Promise.all(loops);
    agent.destroy();
    probeAgent.destroy();
    apiAgent.destroy();

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
  } finally {
    stopLoad = true;
    await gw?.stop();
    await cluster.stop();
    for (const b of backends) await b.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
