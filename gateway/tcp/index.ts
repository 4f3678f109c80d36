// Entry points main.ts uses (issue 8): the TCP data plane (where the HTTP listeners run: the
// single process or each worker) and the ExternalName resolver (where the controller runs:
// the single process or the primary, which forwards its synthetic slices to workers).
import type { RoutingSnapshot } from '@/lib/routing';
import type { GatewayRuntime } from '../proxy/runtime';
import type { EndpointSliceLike } from '../proxy/endpoints';
import { TcpProxy } from './proxy';
import { ExternalNameResolver } from './external-name';
import { TcpMetrics } from './metrics';

export { TcpProxy } from './proxy';
export { ExternalNameResolver, resolveName, syntheticSlice } from './external-name';
export { TcpMetrics } from './metrics';

type Log = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/** TCP and TLS passthrough listeners following the runtime's snapshots. Call `apply` after every swap.
 * Metrics go to the runtime's registry (summed across workers with the HTTP ones). */
export function createTcpDataPlane(rt: GatewayRuntime, host: string, log?: Log): TcpProxy {
  return new TcpProxy(rt.endpoints, { host, log, health: rt.settings.health, idleTimeoutMs: Number(process.env.GATEWAY_TCP_IDLE_TIMEOUT_MS) || 0, metrics: new TcpMetrics(rt.metrics.registry) });
}

/** ExternalName resolver feeding the runtime's endpoint table (and `forward`: workers). */
export function createExternalNames(rt: GatewayRuntime, forward: (op: 'put' | 'delete', slice: EndpointSliceLike) => void, log?: Log, onFailuresChanged?: () => void): ExternalNameResolver {
  return new ExternalNameResolver(
    (op, slice) => {
      if (op === 'put') rt.endpoints.upsertSlice(slice);
      else rt.endpoints.deleteSlice(slice);
      forward(op, slice);
    },
    { log, onFailuresChanged },
  );
}

/** For /config: the TCP/TLS ports this process serves (with connection counts), else what
 * the snapshot says (the multi-worker primary serves none itself). */
export function tcpReport(tcp: TcpProxy | undefined, snapshot: RoutingSnapshot | undefined) {
  return { tcpListeners: tcp?.report() ?? [...(snapshot?.tcpListeners ?? []), ...(snapshot?.tlsListeners ?? [])] };
}
