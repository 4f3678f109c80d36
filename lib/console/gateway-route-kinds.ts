/**
 * The Gateway API route kinds the console has pages for, read off the kind registry: the
 * kinds of the Gateway API group with a console page (`console.route`). Isomorphic: the route
 * handlers, server queries, actions and client views all take their per-kind table from here,
 * so a new route kind is its registry entry, its schema and its views.
 */
import type { z } from 'zod';
import type { BackendRef, GRPCRoute, HTTPRouteFilter, HTTPRouteMatch, ParentReference } from '../k8s';
import { CONSOLE_KINDS, GATEWAY_GROUP, resourceKeyOf, type ConsoleKind, type KnownKind } from '../k8s/kinds';
import type { KindSchemas } from '../k8s/kind-schemas';

export type GatewayRouteKindInfo = Extract<ConsoleKind, { group: typeof GATEWAY_GROUP; console: { route: string } }>;
/** 'httproutes' | 'grpcroutes' | 'tcproutes' | 'tlsroutes': plural, URL segment and query-key resource at once. */
export type GatewayRouteResource = GatewayRouteKindInfo['plural'];
/** The stored object of one route kind, as its zod schema parses it. */
export type GatewayRouteObjectOf<R extends GatewayRouteResource> = z.infer<KindSchemas[Extract<GatewayRouteKindInfo, { plural: R }>['kind']]>;
/** An object of any route kind. */
export type GatewayRouteObject = { [R in GatewayRouteResource]: GatewayRouteObjectOf<R> }[GatewayRouteResource];

export const isGatewayRouteKind = (k: KnownKind): k is GatewayRouteKindInfo => k.group === GATEWAY_GROUP && k.console?.route !== undefined;

/** In registry order (the side navigation's order). */
export const GATEWAY_ROUTE_KINDS: readonly GatewayRouteKindInfo[] = CONSOLE_KINDS.filter(isGatewayRouteKind);

const byResource = new Map<string, GatewayRouteKindInfo>(GATEWAY_ROUTE_KINDS.map((k) => [k.plural, k]));

/** The route kind a URL segment or request names; undefined for anything else (input is untrusted). */
export function gatewayRouteKind(resource: string): GatewayRouteKindInfo | undefined {
  return byResource.get(resource);
}

/** The permission key resource (`plural.group`) the console's access reviews answer for a kind. */
export const permissionResource = (k: { group: string; plural: string }): string => resourceKeyOf(k);

/** A rule match of the kinds that have matches (HTTPRoute, GRPCRoute). */
export type GRPCRouteMatch = NonNullable<NonNullable<GRPCRoute['spec']['rules']>[number]['matches']>[number];
export type GatewayRouteMatch = HTTPRouteMatch | GRPCRouteMatch;

/** What every route kind's spec has in common, as the views and summaries read it. */
export interface GatewayRouteSpecView {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: Array<{ matches?: GatewayRouteMatch[]; filters?: HTTPRouteFilter[]; backendRefs?: BackendRef[] }>;
}
export type GatewayRouteRuleView = NonNullable<GatewayRouteSpecView['rules']>[number];

/** The spec of a route of any kind through the common view (each kind's spec is assignable to it). */
export const routeSpec = (obj: GatewayRouteObject): GatewayRouteSpecView => obj.spec ?? {};
