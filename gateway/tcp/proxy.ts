// TCP listeners (Gateway listeners with protocol TCP): one net.Server per served port, opened
// and closed as snapshots change; connections already spliced keep flowing when their
// listener goes away. Each connection picks a weighted backend of the listener's TCPRoute,
// then an endpoint from the shared endpoint table (same passive health as HTTP: a connect
// failure ejects the endpoint and the next one is tried). Nowhere to go: the connection is
// closed at once (a TCP client sees EOF, never a hang).
import net from 'node:net';
import type { RoutingSnapshot, TcpListenerInfo } from '@/lib/routing';
import type { EndpointTable, Endpoint } from '../proxy/endpoints';
import { pickRoundRobin, pickWeighted } from '../proxy/balancer';
import { defaultHealthConfig, type HealthConfig } from '../proxy/health';

export interface TcpProxyOptions {
  host: string;
  connectTimeoutMs?: number;
  /** endpoints tried per connection before giving up */
  attempts?: number;
  /** idle connections (no bytes either way) are closed after this; 0 = never */
  idleTimeoutMs?: number;
  health?: HealthConfig;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

interface PortState {
  server: net.Server;
  info: TcpListenerInfo;
  listening: boolean;
  error?: string;
}

export interface TcpListenerReport {
  port: number;
  listener: string;
  gateway: string;
  route?: string;
  listening: boolean;
  error?: string;
  connections: { active: number; total: number; refused: number; upstreamErrors: number };
}

export class TcpProxy {
  private ports = new Map<number, PortState>();
  private active = new Set<net.Socket>();
  private stats = new Map<number, { active: number; total: number; refused: number; upstreamErrors: number }>();
  private closed = false;

  constructor(
    private readonly endpoints: EndpointTable,
    private readonly opts: TcpProxyOptions,
  ) {}

  /** Open listeners that appeared, close those that went away, re-point the others. */
  apply(snapshot: RoutingSnapshot): Promise<void> {
    if (this.closed) return Promise.resolve();
    const wanted = new Map<number, TcpListenerInfo>();
    for (const l of snapshot.tcpListeners ?? []) wanted.set(l.port, l);
    for (const [port, st] of this.ports) {
      if (!wanted.has(port)) {
        st.server.close(); // stop accepting; spliced connections keep flowing
        this.ports.delete(port);
      }
    }
    const opening: Promise<void>[] = [];
    for (const [port, info] of wanted) {
      const st = this.ports.get(port);
      if (st) st.info = info;
      else opening.push(this.open(port, info));
    }
    return Promise.all(opening).then(() => undefined);
  }

  private open(port: number, info: TcpListenerInfo): Promise<void> {
    const st: PortState = { server: net.createServer({ noDelay: true, pauseOnConnect: true, allowHalfOpen: true }), info, listening: false };
    this.ports.set(port, st);
    if (!this.stats.has(port)) this.stats.set(port, { active: 0, total: 0, refused: 0, upstreamErrors: 0 });
    st.server.on('connection', (socket) => this.onConnection(st, socket));
    return new Promise<void>((resolve) => {
      st.server.once('error', (err: NodeJS.ErrnoException) => {
        st.error = `${err.code ?? ''} ${err.message}`.trim();
        this.opts.log?.('error', `TCP listener ${info.listener} on port ${port} could not listen`, { err: st.error });
        if (this.ports.get(port) === st) this.ports.delete(port); // tried again on the next snapshot
        resolve();
      });
      st.server.listen({ port, host: this.opts.host }, () => {
        st.listening = true;
        this.opts.log?.('info', `TCP listener ${info.gateway.namespace}/${info.gateway.name}/${info.listener} on ${this.opts.host}:${port}`);
        resolve();
      });
    });
  }

  private onConnection(st: PortState, client: net.Socket): void {
    const stats = this.stats.get(st.info.port)!;
    stats.total++;
    client.on('error', () => client.destroy());
    const info = st.info; // the listener's route at connect time
    if (!info.backends.length || info.totalWeight <= 0) return this.refuse(client, stats);
    const backend = pickWeighted(info.backends, info.totalWeight);
    if (backend.invalid) return this.refuse(client, stats);
    const set = this.endpoints.get(backend.key);
    if (!set) return this.refuse(client, stats);
    const attempts = this.opts.attempts ?? 3;
    const tried = new Set<Endpoint>();
    const tryConnect = (n: number): void => {
      if (client.destroyed) return;
      let ep = pickRoundRobin(set, Date.now());
      // skip endpoints this connection already failed on (pickRoundRobin excludes only one)
      for (let i = 0; ep && tried.has(ep) && i < set.ready.length + set.terminating.length; i++) ep = pickRoundRobin(set, Date.now());
      if (!ep || tried.has(ep)) return this.refuse(client, stats);
      tried.add(ep);
      const endpoint = ep;
      const upstream = net.connect({ host: endpoint.address, port: endpoint.port, noDelay: true, allowHalfOpen: true });
      const timer = setTimeout(() => upstream.destroy(new Error('connect timeout')), this.opts.connectTimeoutMs ?? 5_000);
      upstream.once('error', (err) => {
        clearTimeout(timer);
        if (!upstream.connecting && upstream.bytesRead + upstream.bytesWritten > 0) return; // handled by splice
        endpoint.health.onConnectError(`TCP connect: ${err.message}`, Date.now(), this.opts.health ?? defaultHealthConfig);
        stats.upstreamErrors++;
        upstream.destroy();
        if (n + 1 < attempts) tryConnect(n + 1);
        else this.refuse(client, stats);
      });
      upstream.once('connect', () => {
        clearTimeout(timer);
        endpoint.health.onSuccess();
        upstream.removeAllListeners('error');
        this.splice(client, upstream, stats, endpoint);
      });
    };
    tryConnect(0);
  }

  private splice(client: net.Socket, upstream: net.Socket, stats: { active: number }, endpoint: Endpoint): void {
    stats.active++;
    endpoint.inflight++;
    this.active.add(client);
    this.active.add(upstream);
    let closed = 0;
    const onClose = (s: net.Socket) => () => {
      this.active.delete(s);
      if (++closed === 2) {
        stats.active--;
        endpoint.inflight--;
      }
    };
    client.once('close', onClose(client));
    upstream.once('close', onClose(upstream));
    // Half-close travels both ways (pipe ends the other side on 'end'); an error closes both.
    const fail = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', fail);
    upstream.on('error', fail);
    const idle = this.opts.idleTimeoutMs ?? 0;
    if (idle > 0) {
      client.setTimeout(idle, fail);
      upstream.setTimeout(idle, fail);
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  }

  private refuse(client: net.Socket, stats: { refused: number }): void {
    stats.refused++;
    // Close cleanly (FIN); discard what the client sent; never leave it hanging.
    client.resume();
    client.end();
    setTimeout(() => client.destroy(), 2_000).unref();
  }

  report(): TcpListenerReport[] {
    return [...this.ports.entries()].map(([port, st]) => ({
      port,
      listener: st.info.listener,
      gateway: `${st.info.gateway.namespace}/${st.info.gateway.name}`,
      ...(st.info.route ? { route: `${st.info.route.namespace}/${st.info.route.name}` } : {}),
      listening: st.listening,
      ...(st.error ? { error: st.error } : {}),
      connections: { ...(this.stats.get(port) ?? { active: 0, total: 0, refused: 0, upstreamErrors: 0 }) },
    }));
  }

  /** Stop accepting; give spliced connections `graceMs`, then close them. */
  async close(graceMs = 0): Promise<void> {
    this.closed = true;
    for (const st of this.ports.values()) st.server.close();
    this.ports.clear();
    const deadline = Date.now() + graceMs;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    for (const s of this.active) s.destroy();
  }
}
