// The request metrics are plain counters read at scrape time: the exposition must still be
// what Prometheus (and prom-client's cluster aggregation) expects.
import { describe, expect, it } from 'vitest';
import { AggregatorRegistry } from 'prom-client';
import { GatewayMetrics } from './metrics';

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
});
