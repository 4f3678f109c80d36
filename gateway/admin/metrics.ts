// Prometheus metrics. The request counters and latency histograms are plain numbers on one
// RouteStats per (route, backend service) pair, touched per request without label hashing,
// validation or allocation; prom-client reads them only when /metrics is scraped (they are
// registered as collector objects with the same names, types and cluster aggregation).
// A scrape renders them in slices of at most SLICE_MS, yielding to the event loop between
// slices: with 1,000 active routes (~20,000 series) one synchronous render blocked every
// request on this loop for 50 ms and more (issue 19).
import client from 'prom-client';

/** The route label of requests no route matched (handler.ts): never pruned. */
const NO_ROUTE = '-';
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LE = [...LATENCY_BUCKETS.map(String), '+Inf'];
/** Longest stretch a scrape runs before yielding to the event loop (the routing loop too, when single-process). */
export const SLICE_MS = 0.5;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Label value escaping of the exposition format (as prom-client does). */
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
/** Sample values as prom-client writes them. */
const num = (v: number) => (Number.isNaN(v) ? 'Nan' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : `${v}`);

/** Calls `each` for every item, yielding to the event loop whenever SLICE_MS has passed
 * (`onSlice` runs just before each yield and at the end). */
async function inSlices<T>(items: Iterable<T>, each: (item: T) => void, onSlice?: () => void): Promise<void> {
  let since = performance.now();
  for (const item of items) {
    each(item);
    if (performance.now() - since > SLICE_MS) {
      onSlice?.();
      await yieldToLoop();
      since = performance.now();
    }
  }
  onSlice?.();
}

export interface RouteStats {
  route: string;
  service: string;
  /** `route="...",service="..."`, escaped once when the pair is first seen */
  labels: string;
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

/** One backend's endpoints for portico_gateway_upstream_endpoint_available: `endpoint` is "address:port". */
export interface EndpointAvailability {
  backend: string;
  endpoints: ReadonlyArray<{ endpoint: string; available: boolean }>;
}

/**
 * A metric with many series computed at scrape time: `get()` in the shape prom-client's Registry
 * and AggregatorRegistry read (multi-worker scrapes), `text()` the exposition lines, both built
 * in slices, one item (a route, a backend) at a time.
 */
class ScrapedMetric<T> {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram' | 'gauge',
    private readonly items: () => Iterable<T>,
    private readonly values: (item: T, out: MetricValue[]) => void,
    private readonly lines: (item: T, out: string[]) => void,
  ) {}
  async get() {
    const values: MetricValue[] = [];
    await inSlices(this.items(), (s) => this.values(s, values));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
  /** The exposition text in pieces (one per slice; joined, they are what prom-client writes). */
  async text(): Promise<string[]> {
    const pieces = [`# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}`];
    let lines: string[] = [];
    const flush = () => {
      if (lines.length) pieces.push(`\n${lines.join('\n')}`);
      lines = [];
    };
    await inSlices(this.items(), (s) => this.lines(s, lines), flush);
    return pieces;
  }
}

export class GatewayMetrics {
  readonly registry = new client.Registry();
  /** Read at scrape time (the admin server points it at the endpoint table); none by default. */
  endpointAvailability: () => Iterable<EndpointAvailability> = () => [];
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
    // Copied first: a route first seen during a scrape waits for the next one.
    const all = () => [...this.stats.values()];
    const upName = 'portico_gateway_upstream_endpoint_available';
    const upstream = new ScrapedMetric<EndpointAvailability>(
      upName,
      '1 when the endpoint is available (not ejected, not failing active checks)',
      'gauge',
      () => this.endpointAvailability(),
      (b, out) => {
        for (const e of b.endpoints) out.push({ labels: { backend: b.backend, endpoint: e.endpoint }, value: e.available ? 1 : 0 });
      },
      (b, out) => {
        const backend = escapeLabel(b.backend);
        for (const e of b.endpoints) out.push(`${upName}{backend="${backend}",endpoint="${escapeLabel(e.endpoint)}"} ${e.available ? 1 : 0}`);
      },
    );
    const reqName = 'portico_gateway_requests_total';
    const requests = new ScrapedMetric<RouteStats>(
      reqName,
      'Requests answered, by route, backend service and status code',
      'counter',
      all,
      (s, out) => {
        for (let i = 0; i < s.codes.length; i++) out.push({ labels: { route: s.route, service: s.service, code: s.codes[i] }, value: s.counts[i] });
      },
      (s, out) => {
        for (let i = 0; i < s.codes.length; i++) out.push(`${reqName}{${s.labels},code="${s.codes[i]}"} ${num(s.counts[i])}`);
      },
    );
    const name = 'portico_gateway_request_duration_seconds';
    const latency = new ScrapedMetric<RouteStats>(
      name,
      'Time from request to response end, by route and backend service',
      'histogram',
      all,
      (s, out) => {
        if (s.count === 0) return;
        let cumulative = 0;
        for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
          cumulative += s.buckets[i];
          out.push({ labels: { route: s.route, service: s.service, le: i < LATENCY_BUCKETS.length ? LATENCY_BUCKETS[i] : '+Inf' }, value: cumulative, metricName: `${name}_bucket` });
        }
        out.push({ labels: { route: s.route, service: s.service }, value: s.sum, metricName: `${name}_sum` });
        out.push({ labels: { route: s.route, service: s.service }, value: s.count, metricName: `${name}_count` });
      },
      (s, out) => {
        if (s.count === 0) return;
        let cumulative = 0;
        for (let i = 0; i <= LATENCY_BUCKETS.length; i++) {
          cumulative += s.buckets[i];
          out.push(`${name}_bucket{${s.labels},le="${LE[i]}"} ${num(cumulative)}`);
        }
        out.push(`${name}_sum{${s.labels}} ${num(s.sum)}`, `${name}_count{${s.labels}} ${num(s.count)}`);
      },
    );
    for (const m of [upstream, requests, latency]) this.registry.registerMetric(m as unknown as client.Metric);
  }

  /**
   * The exposition text of this registry (then of `more`), as Registry.metrics() writes it, in
   * pieces to write one after the other: the many-series metrics are rendered in slices, the
   * others (few series each) go through prom-client, one per task.
   */
  async render(more: client.Registry[] = []): Promise<string[]> {
    const pieces: string[] = [];
    for (const registry of [this.registry, ...more])
      for (const metric of registry.getMetricsAsArray()) {
        if (pieces.length) pieces.push('\n\n');
        const scraped: unknown = metric;
        if (scraped instanceof ScrapedMetric) pieces.push(...(await scraped.text()));
        else pieces.push(await registry.getSingleMetricAsString(metric.name));
        await yieldToLoop();
      }
    pieces.push('\n');
    return pieces;
  }

  /**
   * Forget the stats of routes no longer served (deleted, or renamed rules): without this, route
   * churn grows the map and every scrape forever. `live` holds the served route ids; the no-route
   * series ("-") stays. A request in flight on a removed route counts into its detached entry.
   * O(stats) per call; the caller runs it off the swap path.
   */
  retainRoutes(live: ReadonlySet<string>): number {
    let removed = 0;
    for (const [k, s] of this.stats) {
      if (s.route === NO_ROUTE || live.has(s.route)) continue;
      this.stats.delete(k);
      removed++;
    }
    return removed;
  }

  /** How many (route, service) pairs hold stats. */
  get routeStatsSize(): number {
    return this.stats.size;
  }

  statsFor(route: string, service: string): RouteStats {
    const k = `${route}\u0000${service}`;
    let s = this.stats.get(k);
    if (!s) {
      s = { route, service, labels: `route="${escapeLabel(route)}",service="${escapeLabel(service)}"`, codes: [], counts: [], buckets: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
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
