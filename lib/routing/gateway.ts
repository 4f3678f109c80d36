/**
 * Gateway API v1 in one build: GatewayClasses and listeners (./gateway-listeners), then
 * HTTPRoutes and GRPCRoutes (compiled by ./route-compile, attached by ./route-attachment),
 * TCPRoutes (./tcp) and TLSRoutes (./tls), and last the Gateways' status. ListenerSets
 * (./listener-sets) add listeners after the Gateways' own; routes attach to both.
 */
import type { BuildContext } from './context';
import { acceptGatewayClasses, allowedFromOf, compileListeners, reportGatewayStatuses } from './gateway-listeners';
import { attachRoute, gatewayVersions, routeRecord } from './route-attachment';
import { compileTcpRoutes } from './tcp';
import { compileTlsRoutes } from './tls';
import { compileListenerSets, reportListenerSets } from './listener-sets';

/** `ingressHostOwners`: host -> the namespace whose Ingress owns it (ListenerSets may not take those). */
export function compileGateways(ctx: BuildContext, ingressHostOwners: ReadonlyMap<string, string> = new Map()): void {
  const ours = compileListeners(ctx, acceptGatewayClasses(ctx));
  const { allowedFrom, namespaces } = allowedFromOf(ctx);
  const sets = compileListenerSets(ctx, ours, namespaces, ingressHostOwners);
  const listeners = sets.listeners.size ? new Map([...ours.listeners, ...sets.listeners]) : ours.listeners;

  // Oldest first (the spec's tie-break), then by namespace/name; keys computed once per object.
  const routes = [...(ctx.state.httpRoutes ?? []).map((r) => routeRecord('HTTPRoute', r)), ...(ctx.state.grpcRoutes ?? []).map((r) => routeRecord('GRPCRoute', r))];
  routes.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));

  // Attachment is cached per route (./route-attachment): it is reused while the listeners of
  // the Gateways it names offer the same (their version) and its compiled rules are the same.
  const gateways = gatewayVersions(listeners);
  for (const route of routes) attachRoute({ ctx, listeners, gateways, namespaces, allowedFrom }, route);

  compileTcpRoutes(ctx, listeners, allowedFrom);
  compileTlsRoutes(ctx, listeners, allowedFrom);

  reportGatewayStatuses(ctx, ours, gateways);
  reportListenerSets(ctx, sets, gateways);
}
