// Entry points main.ts uses (issue 8): the TCP data plane (where the HTTP listeners run: the
// single process or each worker) and the ExternalName resolver (where the controller runs:
// the single process or the primary, which forwards its synthetic slices to workers).
import type { RoutingSnapshot } from '@/lib/routing';
import type { GatewayRuntime } from '../proxy/runtime';
import type { EndpointSliceLike } from '../proxy/endpoints';
import { TcpProxy } from './proxy';
import { ExternalNameResolver } from './external-name';

export { TcpProxy } from './proxy';
export { ExternalNameResolver, resolveName, syntheticSlice } from './external-name';

type Log = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

/** TCP listeners following the runtime's snapshots. Call `apply` after every swap. */
export function createTcpDataPlane(rt: GatewayRuntime, host: string, log?: Log): TcpProxy {
  return new TcpProxy(rt.endpoints, { host, log, health: rt.settings.health, idleTimeoutMs: Number(process.env.GATEWAY_TCP_IDLE_TIMEOUT_MS) || 0 });
}

/** ExternalName resolver feeding the runtime's endpoint table (and `forward`: workers). */
export function createExternalNames(rt: GatewayRuntime, forward: (op: 'put' | 'delete', slice: EndpointSliceLike) => void, log?: Log): ExternalNameResolver {
  return new ExternalNameResolver(
    (op, slice) => {
      if (op === 'put') rt.endpoints.upsertSlice(slice);
      else rt.endpoints.deleteSlice(slice);
      forward(op, slice);
    },
    { log },
  );
}

/** For /config-style reports. */
export function tcpReport(tcp: TcpProxy | undefined, ext: ExternalNameResolver | undefined, snapshot: RoutingSnapshot | undefined) {
  return {
    tcpListeners: tcp?.report() ?? snapshot?.tcpListeners ?? [],
    externalNames: ext?.report() ?? [],
  };
}
