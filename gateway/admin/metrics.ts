// Prometheus metrics. The hot path touches only cached label children (no label hashing
// per request): one RouteStats per (route, backend service) pair.
import client from 'prom-client';

export interface RouteStats {
  route: string;
  service: string;
  byCode: Map<number, client.Counter.Internal>;
  latency: client.Histogram.Internal<string>;
}

export class GatewayMetrics {
  readonly registry = new client.Registry();
  readonly requests = new client.Counter({
    name: 'portico_gateway_requests_total',
    help: 'Requests answered, by route, backend service and status code',
    labelNames: ['route', 'service', 'code'],
    registers: [this.registry],
  });
  readonly latency = new client.Histogram({
    name: 'portico_gateway_request_duration_seconds',
    help: 'Time from request to response end, by route and backend service',
    labelNames: ['route', 'service'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly upstreamHealthy = new client.Gauge({
    name: 'portico_gateway_upstream_endpoint_available',
    help: '1 when the endpoint is available (not ejected, not failing active checks)',
    labelNames: ['backend', 'endpoint'],
    registers: [this.registry],
  });
  readonly configVersion = new client.Gauge({
    name: 'portico_gateway_config_version',
    help: 'Routing snapshot version currently served',
    registers: [this.registry],
  });
  readonly propagation = new client.Histogram({
    name: 'portico_gateway_config_propagation_seconds',
    help: 'Time from a watched change arriving to the new snapshot serving',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly buildSeconds = new client.Histogram({
    name: 'portico_gateway_snapshot_build_seconds',
    help: 'Routing snapshot build time',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private stats = new Map<string, RouteStats>();

  constructor(withDefaults = true) {
    if (withDefaults) client.collectDefaultMetrics({ register: this.registry, prefix: 'portico_gateway_' });
  }

  statsFor(route: string, service: string): RouteStats {
    const k = `${route}\u0000${service}`;
    let s = this.stats.get(k);
    if (!s) {
      s = { route, service, byCode: new Map(), latency: this.latency.labels(route, service) };
      this.stats.set(k, s);
    }
    return s;
  }

  observe(s: RouteStats, code: number, seconds: number): void {
    let c = s.byCode.get(code);
    if (!c) s.byCode.set(code, (c = this.requests.labels(s.route, s.service, String(code))));
    c.inc();
    s.latency.observe(seconds);
  }
}
