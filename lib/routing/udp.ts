/**
 * Gateway API UDP listeners and UDPRoute (v1): the UDP analogue of ./tcp. A listener with
 * protocol UDP on port P is served on servedPort(P) (P >= 1024 -> P, else 8000 + P); UDP ports
 * are their own namespace (a TCP listener may use the same number). Its only route kind is
 * UDPRoute; like TCP there is nothing to match on, so a listener forwards to ONE route: the oldest
 * attached (later ones: Accepted=False NotAllowedByListeners naming the holder). backendRefs are
 * pooled and weighted as for TCPRoute, with the same ResolvedRefs reasons.
 */
import type { GatewayInput, Listener, RouteParentStatus } from './types';
import { BuildContext, byAge, condition, nsOf } from './context';
import { checkRouteKinds, l4Parents, type TcpListenerCheck } from './tcp';
import type { AllowedFrom, ListenerRec } from './listener-record';

/** Validate a UDP listener (called from the Gateway listener loop). */
export function udpListener(ctx: BuildContext, l: Listener, port: number, gen: number | undefined): TcpListenerCheck {
  const out: TcpListenerCheck = { ok: true, conflicted: false, accepted: [], kinds: [], refsOk: true, refsReason: 'ResolvedRefs', refsMsg: 'All references resolved' };
  const owner = ctx.udpListeners.get(port);
  if (owner) {
    out.ok = false;
    out.conflicted = true;
    out.accepted.push(condition('Accepted', false, 'PortUnavailable', `port ${l.port} (served on ${port}) is already used by UDP listener "${owner.listener}" of Gateway ${owner.gateway.namespace}/${owner.gateway.name}`, gen));
  }
  checkRouteKinds(l, 'UDPRoute', 'UDP', out);
  return out;
}

export function claimUdpPort(ctx: BuildContext, gw: GatewayInput, l: Listener, port: number): void {
  ctx.udpListeners.set(port, { port, declaredPort: l.port, gateway: { namespace: nsOf(gw), name: gw.metadata.name }, listener: l.name, backends: [], totalWeight: 0 });
}

/** Attach UDPRoutes to UDP listeners, fill ctx.udpListeners and route statuses. */
export function compileUdpRoutes(ctx: BuildContext, listeners: Map<string, ListenerRec[]>, allowedFrom: AllowedFrom): void {
  for (const r of byAge(ctx.state.udpRoutes)) {
    const ns = nsOf(r);
    const name = r.metadata.name;
    const gen = r.metadata.generation;
    const id = `UDPRoute/${ns}/${name}`;
    const statuses: RouteParentStatus[] = [];
    const { parents, backends: compiled } = l4Parents(ctx, 'UDPRoute', 'UDP', r, listeners, allowedFrom, statuses);
    for (const { gateway, allowed, status } of parents) {
      const taken: string[] = [];
      let attached = 0;
      for (const rec of allowed) {
        const info = ctx.udpListeners.get(rec.port);
        if (!info) continue;
        if (info.route && info.route.id !== id) {
          taken.push(`"${rec.l.name}" forwards to UDPRoute ${info.route.namespace}/${info.route.name}`);
          continue;
        }
        ctx.udpListeners.set(rec.port, { ...info, route: { namespace: ns, name, id }, backends: compiled!.backends, totalWeight: compiled!.total });
        rec.attached.add(id);
        attached++;
      }
      if (!attached) {
        status(condition('Accepted', false, 'NotAllowedByListeners', `listener ${taken.join(', ')} (one UDPRoute per UDP listener; the oldest wins)`, gen));
        continue;
      }
      status(condition('Accepted', true, 'Accepted', `Attached to ${gateway}`, gen));
    }
    if (statuses.length) ctx.routeStatuses.push({ kind: 'UDPRoute', namespace: ns, name, parents: statuses });
  }
}
