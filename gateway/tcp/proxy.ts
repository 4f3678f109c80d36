// TCP listeners (Gateway listeners with protocol TCP) and TLS passthrough listeners (protocol
// TLS, mode Passthrough): one net.Server per served port, opened and closed as snapshots
// change; connections already spliced keep flowing when their listener goes away.
// TCP: each connection takes the listener's TCPRoute. TLS: the ClientHello is read and its SNI
// picks a TLSRoute entry (lib/routing matchSni); passthrough sends the bytes read on to the
// backend first, terminate mode (./terminate) ends TLS here and forwards the plaintext. Then a weighted backend, then an endpoint from the shared
// endpoint table (same passive health as HTTP: a connect failure ejects the endpoint and the
// next one is tried). Nowhere to go: the connection is closed at once (FIN, never a hang).
import net from 'node:net';
import { terminateTls } from './terminate';
import { matchSni, type BackendRef, type RoutingSnapshot, type TcpListenerInfo, type TlsListenerInfo } from '@/lib/routing';
import type { EndpointTable, Endpoint } from '../proxy/endpoints';
import { pickRoundRobin, pickWeighted } from '../proxy/balancer';
import { defaultHealthConfig, type HealthConfig } from '../proxy/health';
import { parseClientHello, MAX_CLIENT_HELLO } from './client-hello';
import type { RefuseReason, TcpMetrics } from './metrics';

export interface TcpProxyOptions {
  host: string;
  connectTimeoutMs?: number;
  /** endpoints tried per connection before giving up */
  attempts?: number;
  /** idle connections (no bytes either way) are closed after this; 0 = never */
  idleTimeoutMs?: number;
  health?: HealthConfig;
  /** how long a TLS client may take to send its ClientHello */
  clientHelloTimeoutMs?: number;
  metrics?: TcpMetrics;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

/** What a port serves: a TCP listener, or a TLS passthrough SNI table. */
type PortInfo = { kind: 'tcp'; tcp: TcpListenerInfo } | { kind: 'tls'; tls: TlsListenerInfo };

interface PortState {
  server: net.Server;
  info: PortInfo;
  listening: boolean;
  error?: string;
}

/** Where one connection goes: a route's weighted backends. */
interface Target {
  route: string;
  backends: readonly BackendRef[];
  totalWeight: number;
}

type Stats = { active: number; total: number; refused: number; upstreamErrors: number };

export interface TcpListenerReport {
  port: number;
  protocol: 'TCP' | 'TLS';
  listener: string;
  gateway: string;
  route?: string;
  /** TLS: SNI host -> route */
  sni?: Array<{ host: string; route: string }>;
  listening: boolean;
  error?: string;
  connections: { active: number; total: number; refused: number; upstreamErrors: number };
}

export class TcpProxy {
  private ports = new Map<number, PortState>();
  private active = new Set<net.Socket>();
  private stats = new Map<number, Stats>();
  private closed = false;

  constructor(
    private readonly endpoints: EndpointTable,
    private readonly opts: TcpProxyOptions,
  ) {}

  /** Open listeners that appeared, close those that went away, re-point the others. */
  apply(snapshot: RoutingSnapshot): Promise<void> {
    if (this.closed) return Promise.resolve();
    const wanted = new Map<number, PortInfo>();
    for (const l of snapshot.tcpListeners ?? []) wanted.set(l.port, { kind: 'tcp', tcp: l });
    for (const l of snapshot.tlsListeners ?? []) if (!wanted.has(l.port)) wanted.set(l.port, { kind: 'tls', tls: l });
    for (const [port, st] of this.ports) {
      if (wanted.get(port)?.kind !== st.info.kind) {
        st.server.close(); // stop accepting; spliced connections keep flowing
        this.ports.delete(port);
      }
    }
    this.opts.metrics?.retainRoutes(streamRouteIds(wanted.values()));
    const opening: Promise<void>[] = [];
    for (const [port, info] of wanted) {
      const st = this.ports.get(port);
      if (st) st.info = info;
      else opening.push(this.open(port, info));
    }
    return Promise.all(opening).then(() => undefined);
  }

  private open(port: number, info: PortInfo): Promise<void> {
    const st: PortState = { server: net.createServer({ noDelay: true, pauseOnConnect: true, allowHalfOpen: true }), info, listening: false };
    this.ports.set(port, st);
    if (!this.stats.has(port)) this.stats.set(port, { active: 0, total: 0, refused: 0, upstreamErrors: 0 });
    st.server.on('connection', (socket) => this.onConnection(st, socket));
    return new Promise<void>((resolve) => {
      st.server.once('error', (err: NodeJS.ErrnoException) => {
        st.error = `${err.code ?? ''} ${err.message}`.trim();
        this.opts.log?.('error', `${describe(info)} on port ${port} could not listen`, { err: st.error });
        if (this.ports.get(port) === st) this.ports.delete(port); // tried again on the next snapshot
        resolve();
      });
      st.server.listen({ port, host: this.opts.host }, () => {
        st.listening = true;
        this.opts.log?.('info', `${describe(info)} on ${this.opts.host}:${port}`);
        resolve();
      });
    });
  }

  private onConnection(st: PortState, client: net.Socket): void {
    const port = portOf(st.info);
    const stats = this.stats.get(port)!;
    stats.total++;
    client.on('error', () => client.destroy());
    const info = st.info; // the listener's routes at connect time
    if (info.kind === 'tcp') {
      const t = info.tcp;
      if (!t.route) return this.refuse(client, stats, port, '', 'no-route');
      return this.forward(client, stats, port, { route: t.route.id, backends: t.backends, totalWeight: t.totalWeight });
    }
    this.readClientHello(client, (err, sni, head) => {
      if (err) return this.refuse(client, stats, port, '', 'bad-client-hello');
      const e = matchSni(info.tls, sni);
      if (!e) return this.refuse(client, stats, port, '', 'no-sni-match');
      const target = { route: e.route.id, backends: e.backends, totalWeight: e.totalWeight };
      if (!e.terminate) return this.forward(client, stats, port, target, head);
      // TLSRoute terminate mode: TLS ends here (the listener's certificate); the backend gets the bytes inside
      terminateTls(client, head ?? Buffer.alloc(0), e.terminate, this.opts.clientHelloTimeoutMs ?? 10_000, (err, plain) => {
        if (err || !plain) return this.refuse(client, stats, port, e.route.id, 'bad-client-hello');
        this.forward(plain, stats, port, target);
      });
    });
  }

  /** Read (never answer) until the ClientHello is complete; hands back the bytes read. */
  private readClientHello(client: net.Socket, done: (err: string | undefined, sni?: string, head?: Buffer) => void): void {
    let buf: Buffer = Buffer.alloc(0);
    let finished = false;
    const finish = (err: string | undefined, sni?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      client.off('data', onData);
      client.off('end', onEnd);
      client.pause();
      done(err, sni, buf);
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const r = parseClientHello(buf);
      if (r.status === 'ok') finish(undefined, r.sni);
      else if (r.status === 'invalid') finish(r.reason);
      else if (buf.length > MAX_CLIENT_HELLO) finish('ClientHello too large');
    };
    const onEnd = () => finish('client closed before its ClientHello');
    const timer = setTimeout(() => finish('no ClientHello in time'), this.opts.clientHelloTimeoutMs ?? 10_000);
    client.on('data', onData);
    client.on('end', onEnd);
    client.resume();
  }

  private forward(client: net.Socket, stats: Stats, port: number, target: Target, head?: Buffer): void {
    if (client.destroyed) return;
    if (!target.backends.length || target.totalWeight <= 0) return this.refuse(client, stats, port, target.route, 'invalid-backend');
    const backend = pickWeighted(target.backends, target.totalWeight);
    if (backend.invalid) return this.refuse(client, stats, port, target.route, 'invalid-backend');
    const set = this.endpoints.get(backend.key);
    if (!set) return this.refuse(client, stats, port, target.route, 'no-endpoints');
    const backendName = `${backend.namespace}/${backend.service}`;
    const attempts = this.opts.attempts ?? 3;
    const tried = new Set<Endpoint>();
    const tryConnect = (n: number): void => {
      if (client.destroyed) return;
      let ep = pickRoundRobin(set, Date.now());
      // skip endpoints this connection already failed on (pickRoundRobin excludes only one)
      for (let i = 0; ep && tried.has(ep) && i < set.ready.length + set.terminating.length; i++) ep = pickRoundRobin(set, Date.now());
      if (!ep || tried.has(ep)) return this.refuse(client, stats, port, target.route, n === 0 ? 'no-endpoints' : 'connect-failed');
      tried.add(ep);
      const endpoint = ep;
      const upstream = net.connect({ host: endpoint.address, port: endpoint.port, noDelay: true, allowHalfOpen: true });
      const timer = setTimeout(() => upstream.destroy(new Error('connect timeout')), this.opts.connectTimeoutMs ?? 5_000);
      upstream.once('error', (err) => {
        clearTimeout(timer);
        if (!upstream.connecting && upstream.bytesRead + upstream.bytesWritten > 0) return; // handled by splice
        endpoint.health.onConnectError(`TCP connect: ${err.message}`, Date.now(), this.opts.health ?? defaultHealthConfig);
        stats.upstreamErrors++;
        this.opts.metrics?.connectFailed(target.route, backendName);
        upstream.destroy();
        if (n + 1 < attempts) tryConnect(n + 1);
        else this.refuse(client, stats, port, target.route, 'connect-failed');
      });
      upstream.once('connect', () => {
        clearTimeout(timer);
        endpoint.health.onSuccess();
        upstream.removeAllListeners('error');
        if (head?.length) upstream.write(head); // the ClientHello we read, unchanged
        this.splice(client, upstream, stats, endpoint, this.opts.metrics?.spliced(target.route, backendName, client));
      });
    };
    tryConnect(0);
  }

  private splice(client: net.Socket, upstream: net.Socket, stats: { active: number }, endpoint: Endpoint, tracked?: { close(): void }): void {
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
        tracked?.close();
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

  private refuse(client: net.Socket, stats: { refused: number }, port: number, route: string, reason: RefuseReason): void {
    stats.refused++;
    this.opts.metrics?.refusedConnection(port, route, reason);
    // Close cleanly (FIN); discard what the client sent; never leave it hanging.
    client.resume();
    client.end();
    setTimeout(() => client.destroy(), 2_000).unref();
  }

  report(): TcpListenerReport[] {
    return [...this.ports.entries()].map(([port, st]) => ({
      port,
      ...(st.info.kind === 'tcp'
        ? {
            protocol: 'TCP' as const,
            listener: st.info.tcp.listener,
            gateway: `${st.info.tcp.gateway.namespace}/${st.info.tcp.gateway.name}`,
            ...(st.info.tcp.route ? { route: `${st.info.tcp.route.namespace}/${st.info.tcp.route.name}` } : {}),
          }
        : {
            protocol: 'TLS' as const,
            listener: st.info.tls.listeners.map((l) => l.listener).join(','),
            gateway: [...new Set(st.info.tls.listeners.map((l) => `${l.gateway.namespace}/${l.gateway.name}`))].join(','),
            sni: st.info.tls.routes.map((r) => ({ host: r.host, route: `${r.route.namespace}/${r.route.name}` })),
          }),
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

function portOf(info: PortInfo): number {
  return info.kind === 'tcp' ? info.tcp.port : info.tls.port;
}

function describe(info: PortInfo): string {
  if (info.kind === 'tcp') return `TCP listener ${info.tcp.gateway.namespace}/${info.tcp.gateway.name}/${info.tcp.listener}`;
  return `TLS passthrough listener ${info.tls.listeners.map((l) => `${l.gateway.namespace}/${l.gateway.name}/${l.listener}`).join(', ')}`;
}

/** The route ids the TCP/TLS listeners serve now (their metrics series are kept). */
function streamRouteIds(infos: Iterable<PortInfo>): Set<string> {
  const ids = new Set<string>();
  for (const info of infos) {
    if (info.kind === 'tcp') {
      if (info.tcp.route) ids.add(info.tcp.route.id);
    } else for (const e of info.tls.routes) ids.add(e.route.id);
  }
  return ids;
}
