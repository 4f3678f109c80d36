// UDP listeners (Gateway listeners with protocol UDP) and their UDPRoute: one dgram socket per
// served port, opened and closed as snapshots change. Each client (address:port) is a flow: its
// first datagram picks a weighted backend and an endpoint from the shared endpoint table (the
// upstream address policy already applied there), and a socket of the flow's own carries its
// datagrams there and the answers back. A flow ends after `idleTimeoutMs` without a datagram
// either way; at most `maxFlows` per port (a new client beyond that is dropped and counted), so
// a flood of source addresses cannot exhaust sockets. Nowhere to go: the datagram is dropped.
import dgram from 'node:dgram';
import net from 'node:net';
import type { RoutingSnapshot, TcpListenerInfo } from '@/lib/routing';
import type { EndpointTable } from '../proxy/endpoints';
import { pickRoundRobin, pickWeighted } from '../proxy/balancer';

export interface UdpSettings {
  /** a flow without a datagram either way for this long is closed */
  idleTimeoutMs: number;
  /** flows per port */
  maxFlows: number;
}

export const defaultUdpSettings: UdpSettings = { idleTimeoutMs: 30_000, maxFlows: 4096 };

/** GATEWAY_UDP_IDLE_TIMEOUT_MS and GATEWAY_UDP_MAX_FLOWS; a value out of range stops the gateway naming it. */
export function parseUdpSettings(env: Record<string, string | undefined>): UdpSettings {
  const int = (name: string, d: number, min: number, max: number): number => {
    const v = env[name];
    if (v === undefined || v === '') return d;
    if (!/^\d+$/.test(v.trim()) || Number(v) < min || Number(v) > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${v.slice(0, 32)}"`);
    return Number(v);
  };
  return { idleTimeoutMs: int('GATEWAY_UDP_IDLE_TIMEOUT_MS', defaultUdpSettings.idleTimeoutMs, 100, 3_600_000), maxFlows: int('GATEWAY_UDP_MAX_FLOWS', defaultUdpSettings.maxFlows, 1, 65_536) };
}

interface Flow {
  upstream: dgram.Socket;
  timer: NodeJS.Timeout;
  address: string;
  port: number;
}

interface PortState {
  socket: dgram.Socket;
  info: TcpListenerInfo;
  flows: Map<string, Flow>;
  stats: { datagrams: number; dropped: number; flows: number };
}

export class UdpProxy {
  private ports = new Map<number, PortState>();
  private closed = false;

  constructor(
    private readonly endpoints: EndpointTable,
    private readonly opts: { host: string; settings: UdpSettings; log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void },
  ) {}

  /** Open sockets for new UDP listeners, close those gone, re-point the others (flows keep their endpoint). */
  async apply(snapshot: RoutingSnapshot): Promise<void> {
    if (this.closed) return;
    const wanted = new Map((snapshot.udpListeners ?? []).map((l) => [l.port, l]));
    for (const [port, st] of this.ports) {
      if (wanted.has(port)) continue;
      this.closePort(st);
      this.ports.delete(port);
    }
    const opening: Promise<void>[] = [];
    for (const [port, info] of wanted) {
      const st = this.ports.get(port);
      if (st) st.info = info;
      else opening.push(this.open(port, info));
    }
    await Promise.all(opening);
  }

  /** For /config-like reports and tests. */
  report(): Array<{ port: number; route?: string; flows: number; datagrams: number; dropped: number }> {
    return [...this.ports.entries()].map(([port, st]) => ({ port, ...(st.info.route ? { route: st.info.route.id } : {}), flows: st.flows.size, datagrams: st.stats.datagrams, dropped: st.stats.dropped }));
  }

  private open(port: number, info: TcpListenerInfo): Promise<void> {
    const socket = dgram.createSocket(net.isIPv6(this.opts.host) ? 'udp6' : 'udp4');
    const st: PortState = { socket, info, flows: new Map(), stats: { datagrams: 0, dropped: 0, flows: 0 } };
    this.ports.set(port, st);
    socket.on('message', (msg, rinfo) => this.onDatagram(st, msg, rinfo));
    return new Promise<void>((resolve) => {
      socket.once('error', (err: NodeJS.ErrnoException) => {
        this.opts.log?.('error', `UDP listener ${info.gateway.namespace}/${info.gateway.name}/${info.listener} on port ${port} could not bind`, { err: `${err.code ?? ''} ${err.message}`.trim() });
        if (this.ports.get(port) === st) this.ports.delete(port); // tried again on the next snapshot
        socket.close();
        resolve();
      });
      socket.bind({ port, address: this.opts.host, exclusive: true }, () => {
        socket.on('error', () => {});
        this.opts.log?.('info', `UDP listener ${info.gateway.namespace}/${info.gateway.name}/${info.listener} on ${this.opts.host}:${port}`);
        resolve();
      });
    });
  }

  private onDatagram(st: PortState, msg: Buffer, rinfo: dgram.RemoteInfo): void {
    st.stats.datagrams++;
    const key = `${rinfo.address}|${rinfo.port}`;
    const flow = st.flows.get(key) ?? this.newFlow(st, key, rinfo);
    if (!flow) {
      st.stats.dropped++;
      return;
    }
    flow.timer.refresh();
    flow.upstream.send(msg, flow.port, flow.address);
  }

  /** A new client: pick backend and endpoint, connect a socket of its own; undefined = drop. */
  private newFlow(st: PortState, key: string, client: dgram.RemoteInfo): Flow | undefined {
    const info = st.info;
    if (st.flows.size >= this.opts.settings.maxFlows) return undefined;
    if (!info.route || !info.backends.length || info.totalWeight <= 0) return undefined;
    const backend = pickWeighted(info.backends, info.totalWeight);
    if (backend.invalid) return undefined;
    const set = this.endpoints.get(backend.key);
    const ep = set ? pickRoundRobin(set, Date.now()) : undefined;
    if (!ep) return undefined;
    const upstream = dgram.createSocket(net.isIPv6(ep.address) ? 'udp6' : 'udp4');
    const flow: Flow = { upstream, address: ep.address, port: ep.port, timer: setTimeout(() => this.endFlow(st, key, flow), this.opts.settings.idleTimeoutMs) };
    flow.timer.unref();
    upstream.on('error', () => this.endFlow(st, key, flow));
    upstream.on('message', (reply, from) => {
      if (from.port !== flow.port || from.address !== flow.address) return; // only the flow's endpoint answers
      flow.timer.refresh();
      st.socket.send(reply, client.port, client.address);
    });
    st.flows.set(key, flow);
    st.stats.flows++;
    return flow;
  }

  private endFlow(st: PortState, key: string, flow: Flow): void {
    clearTimeout(flow.timer);
    if (st.flows.get(key) === flow) st.flows.delete(key);
    try {
      flow.upstream.close();
    } catch {
      // already closed
    }
  }

  private closePort(st: PortState): void {
    for (const [key, flow] of st.flows) this.endFlow(st, key, flow);
    try {
      st.socket.close();
    } catch {
      // already closed
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const st of this.ports.values()) this.closePort(st);
    this.ports.clear();
  }
}
