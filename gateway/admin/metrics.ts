// Prometheus metrics. The request counters and latency histograms are plain numbers on one
// RouteStats per (route, backend service) pair, touched per request without label hashing,
// validation or allocation; prom-client reads them only when /metrics is scraped (they are
// registered as collector objects with the same names, types and cluster aggregation).
import client from 'prom-client';

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface RouteStats {
  route: string;
  service: string;
  /** status codes seen, and how often (parallel arrays: a handful of codes per route) */
  codes: number[];
  counts: number[];
  /** latency histogram: per-bucket (not cumulative) counts, last slot = above the last bound */
  buckets: number[];
  sum: number;
  count: number;
}

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** A metric computed at scrape time, in the shape prom-client's Registry and AggregatorRegistry read. */
class ScrapedMetric {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    private readonly values: () => MetricValue[],
  ) {}
  async get() {
    return { name: this.name, help: this.help, type: this.type, values: this.values(), aggregator: this.aggregator };
  }
}

export class GatewayMetrics {
  readonly registry = new client.Registry();
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
    const all = () => this.stats.values();
    const requests = new ScrapedMetric('portico_gateway_requests_total', 'Requests answered, by route, backend service and status code', 'counter', () => {
      const out: MetricValue[] = [];
      for (const s of all()) for (let i = 0; i < s.codes.length; i++) out.push({ labels: { route: s.route, service: s.service, code: s.codes[i] }, value: s.counts[i] });
      return out;
    });
    const name = 'portico_gateway_request_duration_seconds';
    const latency = new ScrapedMetric(name, 'Time from request to response end, by route and backend service', 'histogram', () => {
      const out: MetricValue[] = [];
      for (const s of all()) {
        if (s.count === 0) continue;
        let cumulative = 0;
        for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
          cumulative += s.buckets[i];
          out.push({ labels: { route: s.route, service: s.service, le: i < LATENCY_BUCKETS.length ? LATENCY_BUCKETS[i] : '+Inf' }, value: cumulative, metricName: `${name}_bucket` });
        }
        out.push({ labels: { route: s.route, service: s.service }, value: s.sum, metricName: `${name}_sum` });
        out.push({ labels: { route: s.route, service: s.service }, value: s.count, metricName: `${name}_count` });
      }
      return out;
    });
    for (const m of [requests, latency]) this.registry.registerMetric(m as unknown as client.Metric);
  }

  statsFor(route: string, service: string): RouteStats {
    const k = `${route}\u0000${service}`;
    let s = this.stats.get(k);
    if (!s) {
      s = { route, service, codes: [], counts: [], buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.stats.set(k, s);
    }
    return s;
  }

  observe(s: RouteStats, code: number, seconds: number): void {
    const codes = s.codes;
    let i = 0;
    while (i < codes.length && codes[i] !== code) i++;
    if (i === codes.length) {
      codes.push(code);
      s.counts.push(0);
    }
    s.counts[i]++;
    let b = 0;
    while (b < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[b]) b++;
    s.buckets[b]++;
    s.sum += seconds;
    s.count++;
  }
}
