// TCP/TLS passthrough metrics (prom-client), registered on the runtime's registry so the
// multi-worker aggregation sums them like the HTTP ones. Per connection nothing is hashed:
// label children are cached per (route, backend). Bytes of open connections are counted at
// scrape time (collect) and the rest when they close, so long-lived connections show up too.
import client from 'prom-client';
import type net from 'node:net';

interface Children {
  connections: client.Counter.Internal;
  active: client.Gauge.Internal<string>;
  received: client.Counter.Internal;
  sent: client.Counter.Internal;
  failures: client.Counter.Internal;
}

/** One spliced connection: what was already counted. */
export interface TrackedConnection {
  close(): void;
}

export type RefuseReason = 'no-route' | 'no-sni-match' | 'bad-client-hello' | 'invalid-backend' | 'no-endpoints' | 'connect-failed';

export class TcpMetrics {
  private readonly connections: client.Counter;
  private readonly active: client.Gauge;
  private readonly received: client.Counter;
  private readonly sent: client.Counter;
  private readonly failures: client.Counter;
  private readonly refused: client.Counter;
  private readonly children = new Map<string, Children & { route: string; backend: string }>();
  /** refused series by route: [port, reason] pairs, so a deleted route's go with it */
  private readonly refusedSeries = new Map<string, Set<string>>();
  private readonly live = new Set<{ socket: net.Socket; c: Children; in: number; out: number }>();

  constructor(registry: client.Registry) {
    const registers = [registry];
    const labelNames = ['route', 'backend'] as const;
    this.connections = new client.Counter({ name: 'portico_gateway_tcp_connections_total', help: 'TCP/TLS passthrough connections spliced to a backend, by route and backend Service', labelNames, registers });
    this.active = new client.Gauge({ name: 'portico_gateway_tcp_connections_active', help: 'TCP/TLS passthrough connections open now, by route and backend Service', labelNames, registers });
    const flushIn = () => this.flush('in');
    const flushOut = () => this.flush('out');
    this.received = new client.Counter({ name: 'portico_gateway_tcp_received_bytes_total', help: 'Bytes received from clients (forwarded to the backend), by route and backend Service', labelNames, registers, collect: flushIn });
    this.sent = new client.Counter({ name: 'portico_gateway_tcp_sent_bytes_total', help: 'Bytes sent to clients (received from the backend), by route and backend Service', labelNames, registers, collect: flushOut });
    this.failures = new client.Counter({ name: 'portico_gateway_tcp_connect_failures_total', help: 'Failed upstream connection attempts (each ejects the endpoint), by route and backend Service', labelNames, registers });
    this.refused = new client.Counter({ name: 'portico_gateway_tcp_refused_total', help: 'Connections closed without a backend, by listener port, route and reason', labelNames: ['port', 'route', 'reason'], registers });
  }

  private of(route: string, backend: string): Children {
    const k = `${route}\u0000${backend}`;
    let c = this.children.get(k);
    if (!c) {
      c = {
        route,
        backend,
        connections: this.connections.labels(route, backend),
        active: this.active.labels(route, backend),
        received: this.received.labels(route, backend),
        sent: this.sent.labels(route, backend),
        failures: this.failures.labels(route, backend),
      };
      this.children.set(k, c);
    }
    return c;
  }

  connectFailed(route: string, backend: string): void {
    this.of(route, backend).failures.inc();
  }

  refusedConnection(port: number, route: string, reason: RefuseReason): void {
    this.refused.labels(String(port), route, reason).inc();
    let series = this.refusedSeries.get(route);
    if (!series) this.refusedSeries.set(route, (series = new Set()));
    series.add(`${port}\u0000${reason}`);
  }

  /**
   * Forget the series of routes no longer served (`live`: the route ids of the TCP/TLS listeners
   * now), so route churn does not grow memory or the scrape. A route's series stay while one of
   * its connections is still open (its bytes are counted when it closes). Refusals without a
   * route ("") stay. Returns how many (route, backend) pairs went.
   */
  retainRoutes(live: ReadonlySet<string>): number {
    const open = new Set<Children>();
    for (const e of this.live) open.add(e.c);
    let removed = 0;
    for (const [k, c] of this.children) {
      if (live.has(c.route) || open.has(c)) continue;
      for (const m of [this.connections, this.active, this.received, this.sent, this.failures]) m.remove(c.route, c.backend);
      this.children.delete(k);
      removed++;
    }
    for (const [route, series] of this.refusedSeries) {
      if (route === '' || live.has(route)) continue;
      for (const s of series) {
        const [port, reason] = s.split('\u0000');
        this.refused.remove(port, route, reason);
      }
      this.refusedSeries.delete(route);
    }
    return removed;
  }

  /** A client socket spliced to `backend`; call close() once when both sides are closed. */
  spliced(route: string, backend: string, socket: net.Socket): TrackedConnection {
    const c = this.of(route, backend);
    c.connections.inc();
    c.active.inc();
    const entry = { socket, c, in: 0, out: 0 };
    this.live.add(entry);
    return {
      close: () => {
        if (!this.live.delete(entry)) return;
        this.count(entry, 'in');
        this.count(entry, 'out');
        c.active.dec();
      },
    };
  }

  private count(e: { socket: net.Socket; c: Children; in: number; out: number }, dir: 'in' | 'out'): void {
    const total = dir === 'in' ? e.socket.bytesRead : e.socket.bytesWritten;
    const delta = total - e[dir];
    if (delta > 0) (dir === 'in' ? e.c.received : e.c.sent).inc(delta);
    e[dir] = total;
  }

  private flush(dir: 'in' | 'out'): void {
    for (const e of this.live) this.count(e, dir);
  }
}
