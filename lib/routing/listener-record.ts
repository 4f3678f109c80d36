/**
 * A Gateway listener as compiled (./gateway-listeners) and what routes ask of it: the record
 * every route kind attaches to (./route-attachment, ./tcp, ./tls) and the allowedRoutes check.
 */
import type { GatewayInput, Listener, ListenerStatus, ParentReference } from './types';
import { GATEWAY_GROUP } from './context';

export interface ListenerRec {
  /** the Gateway the listener is served for (a ListenerSet's parent Gateway) */
  gw: GatewayInput;
  /** set for a ListenerSet's listener (./listener-sets): its allowedRoutes "Same" is this namespace */
  set?: { namespace: string; name: string };
  l: Listener;
  port: number;
  scheme: 'http' | 'https';
  ok: boolean;
  kinds: Set<string>;
  /** TCPRoutes and TLSRoutes attached (a route counts once per listener; HTTPRoutes and
   * GRPCRoutes are counted by ./route-attachment) */
  attached: Set<string>;
  status: ListenerStatus;
}

export type AttachableKind = 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute';

/** allowedRoutes check; `onSelector` is called when the answer depends on namespace labels. */
export type AllowedFrom = (rec: ListenerRec, kind: AttachableKind, routeNs: string, onSelector?: () => void) => boolean;

/** The listener protocols a route kind attaches to. */
export const LISTENER_PROTOCOLS: Record<AttachableKind, readonly string[]> = {
  HTTPRoute: ['HTTP', 'HTTPS'],
  GRPCRoute: ['HTTP', 'HTTPS'],
  TCPRoute: ['TCP'],
  TLSRoute: ['TLS'],
};

/** The parentRef fields that pick listeners of a Gateway (beyond the Gateway itself). */
export interface ListenerPick {
  sectionName?: string;
  port?: number;
}

/**
 * The listeners a parentRef names: by sectionName and port, and (`protocols`) the protocols
 * its route kind attaches to. The gateway (./route-attachment, ./tcp) and the topology use this.
 */
export function parentListeners<T extends { l: Pick<Listener, 'name' | 'port' | 'protocol'> }>(recs: readonly T[], pr: ListenerPick, protocols?: readonly string[]): T[] {
  return recs.filter((x) => (!protocols || protocols.includes(x.l.protocol)) && (!pr.sectionName || x.l.name === pr.sectionName) && (pr.port === undefined || x.l.port === pr.port));
}

/**
 * The parent a route's parentRef names, Gateway or ListenerSet (namespace defaults to the
 * route's), with its key in the build's listener map ("ns/name" for a Gateway,
 * "ListenerSet:ns/name" for a ListenerSet); undefined for another kind.
 */
export function parentOf(pr: ParentReference, routeNs: string): { kind: 'Gateway' | 'ListenerSet'; namespace: string; name: string; key: string } | undefined {
  if ((pr.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return undefined;
  const namespace = pr.namespace ?? routeNs;
  const kind = pr.kind ?? 'Gateway';
  if (kind === 'Gateway') return { kind, namespace, name: pr.name, key: `${namespace}/${pr.name}` };
  if (kind === 'ListenerSet') return { kind, namespace, name: pr.name, key: listenerSetKey(namespace, pr.name) };
  return undefined;
}

export function listenerSetKey(namespace: string, name: string): string {
  return `ListenerSet:${namespace}/${name}`;
}

/** The Gateway a route's parentRef names (namespace defaults to the route's), or undefined for another kind. */
export function parentGateway(pr: ParentReference, routeNs: string): { namespace: string; name: string } | undefined {
  if ((pr.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (pr.kind ?? 'Gateway') !== 'Gateway') return undefined;
  return { namespace: pr.namespace ?? routeNs, name: pr.name };
}
