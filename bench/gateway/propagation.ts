// Propagation benchmark: time from an API write (Ingress or HTTPRoute create) to the first
// request routed by the new rule, over CHANGES changes with ROUTES routes present.
//   npx tsx bench/gateway/propagation.ts     (env: ROUTES=1000 CHANGES=200)
//   KIND=httproute npx tsx bench/gateway/propagation.ts   (ROUTES HTTPRoutes behind one Gateway)
// Starts its own dev cluster and gateway (children, ephemeral ports) and one local backend.
// The write is a plain POST on a kept-alive connection (credentials from the kubeconfig), so the
// clock starts when the write leaves, not while a client library serialises it.
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { freePort, serviceYaml, startBackend, startCluster, startGateway } from '../../testing/harness';
import { apiPath, apiVersionOf } from '../../lib/k8s/kinds';

const ROUTES = Number(process.env.ROUTES ?? 1000);
const CHANGES = Number(process.env.CHANGES ?? 200);
const NS = 'prop';
const HTTPROUTE = (process.env.KIND ?? 'ingress').toLowerCase() === 'httproute';

/** The object created for change `i` (or base route `i`), routing `path` on `host` to the backend. */
function routeObject(name: string, host: string, path: string): Record<string, unknown> {
  if (HTTPROUTE) {
    return {
      apiVersion: apiVersionOf('HTTPRoute'),
      kind: 'HTTPRoute',
      metadata: { name, namespace: NS },
      spec: { parentRefs: [{ name: 'web' }], hostnames: [host], rules: [{ matches: [{ path: { type: 'PathPrefix', value: path } }], backendRefs: [{ name: 'backend', port: 80 }] }] },
    };
  }
  return {
    apiVersion: apiVersionOf('Ingress'),
    kind: 'Ingress',
    metadata: { name, namespace: NS },
    spec: { ingressClassName: 'portico', rules: [{ host, http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'backend', port: { name: 'http' } } } }] } }] },
  };
}

/** Sum and count of the build and propagation histograms in a /metrics text. */
function histograms(m: string) {
  const read = (name: string) => {
    const x = new RegExp(`${name}_sum ([\\d.e+-]+)\\n${name}_count (\\d+)`).exec(m);
    return { sum: Number(x?.[1] ?? 0), count: Number(x?.[2] ?? 0) };
  };
  return { build: read('portico_gateway_snapshot_build_seconds'), prop: read('portico_gateway_config_propagation_seconds') };
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main() {
  const cluster = await startCluster();
  const port = await freePort();
  const backend = await startBackend('prop', '127.0.81.1', port);
  let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
  try {
    cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n${serviceYaml(NS, 'backend', [backend])}`);
    const docs: string[] = [];
    if (HTTPROUTE) {
      // ROUTES HTTPRoutes, one Prefix rule each, on their own hosts, behind one Gateway
      const items = [{ apiVersion: apiVersionOf('Gateway'), kind: 'Gateway', metadata: { name: 'web', namespace: NS }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] } }];
      for (let i = 0; i < ROUTES; i++) items.push(routeObject(`base-${i}`, `h${i}.example.com`, '/p0') as never);
      docs.push(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    } else {
      // ROUTES paths: 100 Ingresses x (ROUTES/100) Prefix paths on their own hosts
      const perIngress = Math.max(1, Math.ceil(ROUTES / 100));
      for (let i = 0; i < Math.ceil(ROUTES / perIngress); i++) {
        const paths = Array.from({ length: perIngress }, (_, p) => `      - {path: /p${p}, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}`).join('\n');
        docs.push(`apiVersion: ${apiVersionOf('Ingress')}\nkind: Ingress\nmetadata: {name: base-${i}, namespace: ${NS}}\nspec:\n  ingressClassName: portico\n  rules:\n  - host: h${i}.example.com\n    http:\n      paths:\n${paths}`);
      }
    }
    cluster.apply(docs.join('\n---\n'));
    gw = await startGateway({ KUBECONFIG: cluster.kubeconfig });
    // Ready means a first snapshot, not every kind listed: time changes only once all ROUTES serve.
    let served = 0;
    for (const until = performance.now() + 60_000; performance.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      served = ((await gw.admin('/config')).body as { routes: unknown[] }).routes.length;
      if (served >= ROUTES) break;
    }
    if (served < ROUTES) throw new Error(`only ${served} of ${ROUTES} routes served after 60 s`);
    console.log(`routes served: ${served} (HTTP + HTTPS listener entries)`);

    const kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.kubeconfig);
    const server = new URL(kc.getCurrentCluster()!.server);
    const tlsOpts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tlsOpts);
    const lib = server.protocol === 'https:' ? https : http;
    const apiAgent = new lib.Agent({ keepAlive: true, maxSockets: 1, ...(tlsOpts as object) });
    const createPath = apiPath(HTTPROUTE ? 'HTTPRoute' : 'Ingress', NS);
    const createRoute = (body: unknown) =>
      new Promise<number>((resolve, reject) => {
        const payload = JSON.stringify(body);
        const req = lib.request(
          { ...tlsOpts, agent: apiAgent, host: server.hostname, port: server.port, method: 'POST', path: createPath, headers: { ...(tlsOpts.headers ?? {}), 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
          (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 201 ? resolve(performance.now()) : reject(new Error(`create failed: ${res.statusCode}`))));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    // The gateway writes the status of every base route once at startup (1,000 writes, and as
    // many objects coming back through the watch). Changes are timed in the steady state after
    // that, unless SETTLE=0.
    if (process.env.SETTLE !== '0') {
      const t0 = performance.now();
      const withStatus = (items: Array<{ status?: { parents?: unknown[]; loadBalancer?: { ingress?: unknown[] } } }>) =>
        items.filter((o) => (HTTPROUTE ? o.status?.parents?.length : o.status?.loadBalancer?.ingress?.length)).length;
      let done = 0;
      const expected = HTTPROUTE ? ROUTES : docs.length;
      while (performance.now() - t0 < 120_000) {
        const list = await new Promise<string>((resolve, reject) => {
          lib
            .get({ ...tlsOpts, agent: apiAgent, host: server.hostname, port: server.port, path: createPath }, (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (d) => (body += d));
              res.on('end', () => resolve(body));
            })
            .on('error', reject);
        });
        done = withStatus(JSON.parse(list).items ?? []);
        if (done >= expected) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      console.log(`statuses written: ${done} of ${expected} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const probe = (host: string) =>
      new Promise<number>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port: gw!.httpPort, path: '/new', headers: { host }, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(0));
      });
    // builds and propagations before the first change (startup, the initial status writes) are not counted
    const before = histograms((await gw.admin('/metrics')).body as string);
    const total: number[] = [];
    const afterAck: number[] = [];
    const ackMs: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const host = `new-${i}.example.com`;
      const t0 = performance.now();
      const created = createRoute(routeObject(`new-${i}`, host, '/new'));
      let acked = 0;
      void created.then((t) => (acked = t));
      const deadline = t0 + 10_000;
      let ok = false;
      while (performance.now() < deadline) {
        if ((await probe(host)) === 200) {
          ok = true;
          break;
        }
      }
      const t1 = performance.now();
      await created;
      if (!ok) throw new Error(`change ${i} not served within 10 s`);
      total.push(t1 - t0);
      afterAck.push(Math.max(0, t1 - (acked || t1)));
      ackMs.push((acked || t1) - t0);
    }
    agent.destroy();
    apiAgent.destroy();
    const after = histograms((await gw.admin('/metrics')).body as string);
    console.log(`propagation over ${CHANGES} changes with ${ROUTES} ${HTTPROUTE ? 'HTTPRoutes' : 'Ingress paths'} present (API write sent -> first 200 through the gateway):`);
    console.log(`  p50 ${pct(total, 50).toFixed(1)} ms, p90 ${pct(total, 90).toFixed(1)} ms, p99 ${pct(total, 99).toFixed(1)} ms, max ${Math.max(...total).toFixed(1)} ms`);
    console.log(`  API write acknowledged (201) after: p50 ${pct(ackMs, 50).toFixed(1)} ms, p99 ${pct(ackMs, 99).toFixed(1)} ms`);
    console.log(`  after the API acknowledged the write: p50 ${pct(afterAck, 50).toFixed(1)} ms, p99 ${pct(afterAck, 99).toFixed(1)} ms`);
    console.log(`  load average ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    const mean = (k: 'build' | 'prop') => {
      const n = after[k].count - before[k].count;
      return `mean ${n ? (((after[k].sum - before[k].sum) / n) * 1000).toFixed(1) : '-'} ms over ${n}`;
    };
    console.log(`  inside the gateway (watch event -> new snapshot serving): ${mean('prop')} rebuilds`);
    console.log(`  snapshot build: ${mean('build')} builds`);
  } finally {
    await gw?.stop();
    await cluster.stop();
    await backend.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
