/**
 * Which routes a Gateway listener admits, from its spec alone (no build): the route kinds its
 * protocol and allowedRoutes.kinds allow, and its allowedRoutes.namespaces check. The gateway's
 * build (./gateway-listeners, ./tcp, ./tls) applies the same rules; the console uses this to
 * offer a project only the listeners its routes can attach to.
 */
import type { Listener, NamespaceInput } from './types';
import { GATEWAY_GROUP } from './context';
import type { AttachableKind } from './listener-record';
import { matchesAllowedNamespaces } from './namespace-selector';

/** The kinds each listener protocol can take; the first ones are its default allowedRoutes.kinds. */
const PROTOCOL_KINDS: Record<string, readonly AttachableKind[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TCP: ['TCPRoute'],
  TLS: ['TLSRoute'],
  UDP: ['UDPRoute'],
};

/** The route kinds a listener takes: its protocol's kinds, narrowed by allowedRoutes.kinds (unsupported ones dropped). */
export function listenerRouteKinds(l: Pick<Listener, 'protocol' | 'allowedRoutes'>): AttachableKind[] {
  const supported = PROTOCOL_KINDS[l.protocol] ?? [];
  const wanted = l.allowedRoutes?.kinds;
  if (!wanted?.length) return [...supported];
  return supported.filter((kind) => wanted.some((k) => (k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && k.kind === kind));
}

/**
 * allowedRoutes.namespaces of a listener of a Gateway in `gatewayNs`: does it admit routes of
 * `routeNs`? `from` defaults to Same; Selector matches the route Namespace's labels (`namespace`,
 * when known; its name label always counts).
 */
export function admitsNamespace(l: Pick<Listener, 'allowedRoutes'>, gatewayNs: string, routeNs: string, namespace: NamespaceInput | undefined): boolean {
  const from = l.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gatewayNs;
  if (from === 'Selector') return matchesAllowedNamespaces(l.allowedRoutes?.namespaces?.selector, routeNs, namespace);
  return false;
}
