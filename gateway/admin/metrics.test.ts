// The request metrics are plain counters read at scrape time: the exposition must still be
// what Prometheus (and prom-client's cluster aggregation) expects.
import { describe, expect, it } from 'vitest';
import { AggregatorRegistry } from 'prom-client';
import { buildSnapshot, type ClusterState } from '@/lib/routing';
import { GatewayMetrics } from './metrics';
import { GatewayRuntime, PRUNE_DELAY_MS, defaultProxySettings } from '../proxy/runtime';

function populated(routes: number): GatewayMetrics {
  const m = new GatewayMetrics(true);
  for (let i = 0; i < routes; i++) {
    const s = m.statsFor(`Ingress/ns${i % 50}/app-${i}/0/${i % 3}`, `svc-"${i}"\\x`); // quote and backslash: escaped as prom-client does
    for (const code of [200, 404, 503]) m.observe(s, code, 0.0007 * (i % 30));
  }
  const backends = Array.from({ length: routes }, (_, i) => ({ backend: `ns/svc-${i}:http`, endpoints: [{ endpoint: `127.1.${i >> 8}.${i & 255}:8080`, available: i % 7 !== 0 }] }));
  m.endpointAvailability = () => backends;
  return m;
}

describe('GatewayMetrics', () => {
  it('exposes request counts by code and a cumulative latency histogram', async () => {
    const m = new GatewayMetrics(false);
    const s = m.statsFor('Ingress/demo/web', 'web');
    m.observe(s, 200, 0.0004);
    m.observe(s, 200, 0.003);
    m.observe(s, 503, 20);
    const text = await m.registry.metrics();
    expect(text).toContain('# TYPE portico_gateway_requests_total counter');
    expect(text).toContain('portico_gateway_requests_total{route="Ingress/demo/web",service="web",code="200"} 2');
    expect(text).toContain('portico_gateway_requests_total{route="Ingress/demo/web",service="web",code="503"} 1');
    expect(text).toContain('# TYPE portico_gateway_request_duration_seconds histogram');
    expect(text).toContain('portico_gateway_request_duration_seconds_bucket{route="Ingress/demo/web",service="web",le="0.0005"} 1');
    expect(text).toContain('portico_gateway_request_duration_seconds_bucket{route="Ingress/demo/web",service="web",le="0.005"} 2');
    expect(text).toContain('portico_gateway_request_duration_seconds_bucket{route="Ingress/demo/web",service="web",le="10"} 2');
    expect(text).toContain('portico_gateway_request_duration_seconds_bucket{route="Ingress/demo/web",service="web",le="+Inf"} 3');
    expect(text).toContain('portico_gateway_request_duration_seconds_count{route="Ingress/demo/web",service="web"} 3');
    expect(text).toMatch(/portico_gateway_request_duration_seconds_sum\{route="Ingress\/demo\/web",service="web"\} 20\.003/);
  });

  it('sums across workers like prom-client metrics do', async () => {
    const a = new GatewayMetrics(false);
    const b = new GatewayMetrics(false);
    a.observe(a.statsFor('r', 's'), 200, 0.001);
    b.observe(b.statsFor('r', 's'), 200, 0.001);
    b.observe(b.statsFor('r', 's'), 404, 0.001);
    const merged = AggregatorRegistry.aggregate([await a.registry.getMetricsAsJSON(), await b.registry.getMetricsAsJSON()] as never);
    const text = await merged.metrics();
    expect(text).toContain('portico_gateway_requests_total{route="r",service="s",code="200"} 2');
    expect(text).toContain('portico_gateway_requests_total{route="r",service="s",code="404"} 1');
    expect(text).toContain('portico_gateway_request_duration_seconds_count{route="r",service="s"} 3');
  });

  it('render() writes exactly what prom-client writes, in pieces', async () => {
    const m = populated(300);
    const ours = (await m.render()).join('');
    // the default process metrics move between two scrapes: compare ours line by line without them
    const stable = (t: string) => t.split('\n').filter((l) => !/portico_gateway_(process|nodejs)_/.test(l)).join('\n');
    expect(stable(ours)).toBe(stable(await m.registry.metrics()));
    expect(ours).toContain('portico_gateway_requests_total{route="Ingress/ns1/app-1/0/1",service="svc-\\"1\\"\\\\x",code="404"} 1');
    expect(ours).toContain('portico_gateway_upstream_endpoint_available{backend="ns/svc-7:http",endpoint="127.1.0.7:8080"} 0');
    expect(ours.endsWith('\n')).toBe(true);
  });

  it('a scrape of 2,000 routes renders the latency histogram in slices, each a task of its own (issue 19)', async () => {
    const m = populated(2000);
    const latency = m.registry.getSingleMetric('portico_gateway_request_duration_seconds') as unknown as { text(): Promise<string[]> };
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const pieces = await latency.text();
    running = false;
    // ~34,000 lines: rendered in one task, the ticker would not run at all meanwhile
    expect(pieces.join('').split('\n').length).toBe(2 + 2000 * 17);
    // how many slices depends on the machine's speed (a quiet one renders 34,000 lines in a few
    // SLICE_MS); more than one, with the loop running between them, is the property
    expect(pieces.length).toBeGreaterThan(1);
    expect(ticks).toBeGreaterThanOrEqual(pieces.length - 2);
  });

  it('drops the stats of deleted routes (route churn must not grow the map or the scrape), keeps live ones and the no-route series', async () => {
    const m = new GatewayMetrics(false);
    for (const route of ['Ingress/a/web/0/0', 'Ingress/b/gone/0/0', '-']) m.observe(m.statsFor(route, route === '-' ? '-' : 'svc'), 200, 0.001);
    m.observe(m.statsFor('Ingress/b/gone/0/0', '-'), 404, 0.001);
    expect(m.retainRoutes(new Set(['Ingress/a/web/0/0']))).toBe(2);
    expect(m.routeStatsSize).toBe(2);
    const text = await m.registry.metrics();
    expect(text).toContain('route="Ingress/a/web/0/0"');
    expect(text).toContain('portico_gateway_requests_total{route="-",service="-",code="200"} 1');
    expect(text).not.toContain('Ingress/b/gone');
  });

  it('the runtime prunes after a snapshot swap: 1,000 routes created and deleted leave only the live ones', async () => {
    const m = new GatewayMetrics(false);
    const rt = new GatewayRuntime({ ...defaultProxySettings }, m);
    const state = (names: string[]) =>
      ({
        services: [{ metadata: { name: 'svc', namespace: 'ns' }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } }],
        ingresses: names.map((n) => ({ metadata: { name: n, namespace: 'ns' }, spec: { ingressClassName: 'portico', rules: [{ host: `${n}.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc', port: { name: 'http' } } } }] } }] } })),
      }) as unknown as ClusterState;
    const all = Array.from({ length: 1000 }, (_, i) => `r${i}`);
    rt.swap(buildSnapshot(state(all), { httpPort: 8080, httpsPort: 8443 }));
    for (const r of rt.snapshot!.routes) m.observe(m.statsFor(r.route.id, 'svc'), 200, 0.001);
    expect(m.routeStatsSize).toBe(1000);
    rt.swap(buildSnapshot(state(all.slice(0, 10)), { httpPort: 8080, httpsPort: 8443 }));
    await new Promise((r) => setTimeout(r, PRUNE_DELAY_MS + 50));
    expect(m.routeStatsSize).toBe(10);
    expect([...(await m.registry.metrics()).matchAll(/portico_gateway_requests_total\{/g)]).toHaveLength(10);
  });
});
