/**
 * The Gateway API route kinds the console shows, one view entry per registry kind
 * (lib/console/gateway-route-kinds.ts): the list, detail, YAML tab and create-from-YAML code
 * serves them all. Coordinates, labels and permission keys come from the registry; this file
 * holds only what a kind looks like (icon, template, editor docs, words, rule match text). The
 * record is keyed by every registry route kind, so the compiler asks for a view of a new one.
 */
import { Cable, GitFork, Lock, Radio, type LucideIcon } from 'lucide-react';
import type { ActionResult } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import { GATEWAY_ROUTE_KINDS, permissionResource, type GatewayRouteKindInfo, type GatewayRouteMatch, type GatewayRouteResource, type GRPCRouteMatch } from '@/lib/console/gateway-route-kinds';
import { makeGrpcRouteJsonSchema, makeHttpRouteJsonSchema, makeTcpRouteJsonSchema, makeTlsRouteJsonSchema } from '@/lib/forms/httproute-json-schema';
import { apiVersionOf } from '@/lib/k8s/kinds';
import type { HTTPRouteMatch } from '@/lib/k8s';
import { createGatewayRouteAction, deleteGatewayRouteAction, replaceGatewayRouteAction } from '@/server/actions/gateway-routes';
import type { EditorSchema } from '../editor';
import type { ExpectedKind } from '../common/manifest-check';

export type { GatewayRouteResource };

/** What a route kind looks like in the console. */
interface RouteView {
  /** Its icon in the side navigation. */
  icon: LucideIcon;
  editorSchema: () => EditorSchema;
  /** The create page's starting manifest (without apiVersion and kind: they come from the registry). */
  blank: (project: string) => Pick<Manifest, 'metadata'> & { spec: Record<string, unknown> };
  /** One line under the list's heading, and the create page's. */
  intro: string;
  createIntro: string;
  noApi: [title: string, body: string];
  none: string;
  /** The kind has spec.hostnames (list column, detail card). */
  hostnames: boolean;
  /** Rule matches as text for the detail page's rules table; none for kinds without matches. */
  matchText?(m: GatewayRouteMatch): string;
  /** The detail page has an Edit tab with the form (HTTPRoute). */
  form?: boolean;
}

function once<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}

function httpMatchText(m: HTTPRouteMatch): string {
  const parts: string[] = [];
  if (m.path) parts.push(`${m.path.type ?? 'PathPrefix'} ${m.path.value ?? '/'}`);
  if (m.method) parts.push(m.method);
  for (const h of m.headers ?? []) parts.push(`header ${h.name}${h.type === 'RegularExpression' ? ' ~ ' : ' = '}${h.value}`);
  for (const q of m.queryParams ?? []) parts.push(`?${q.name}${q.type === 'RegularExpression' ? ' ~ ' : ' = '}${q.value}`);
  return parts.join(', ') || 'every request';
}

function grpcMatchText(m: GRPCRouteMatch): string {
  const parts: string[] = [];
  if (m.method) parts.push(`${m.method.type === 'RegularExpression' ? '~ ' : ''}${m.method.service ?? '*'}/${m.method.method ?? '*'}`);
  for (const h of m.headers ?? []) parts.push(`header ${h.name}${h.type === 'RegularExpression' ? ' ~ ' : ' = '}${h.value}`);
  return parts.join(', ') || 'every call';
}

const VIEWS: Record<GatewayRouteResource, RouteView> = {
  httproutes: {
    icon: GitFork,
    editorSchema: once(() => ({ id: 'httproute', schema: makeHttpRouteJsonSchema() })),
    blank: (project) => ({ metadata: { name: '', namespace: project }, spec: {} }),
    intro: 'Gateway API routes attached to gateways of class portico.',
    createIntro: 'Route HTTP from a Gateway listener to services of this project.',
    noApi: ['The cluster does not serve the Gateway API', 'Install the Gateway API CRDs to use HTTPRoutes.'],
    none: 'Create one with the form or in YAML, attached to a Gateway listener.',
    hostnames: true,
    matchText: httpMatchText,
    form: true,
  },
  grpcroutes: {
    icon: Radio,
    editorSchema: once(() => ({ id: 'grpcroute', schema: makeGrpcRouteJsonSchema() })),
    blank: (project) => ({
      metadata: { name: '', namespace: project },
      spec: { parentRefs: [{ name: '', sectionName: '' }], rules: [{ matches: [{ method: { service: '', method: '' } }], backendRefs: [{ name: '', port: 50051 }] }] },
    }),
    intro: 'gRPC calls routed by service and method from HTTP and HTTPS listeners (HTTP/2).',
    createIntro: 'Route gRPC calls from a Gateway listener to services of this project.',
    noApi: ['The cluster does not serve GRPCRoutes', 'Install the Gateway API CRDs (v1) to use GRPCRoutes.'],
    none: 'Create one in YAML, attached to a Gateway listener with protocol HTTP or HTTPS.',
    hostnames: true,
    matchText: grpcMatchText,
  },
  tcproutes: {
    icon: Cable,
    editorSchema: once(() => ({ id: 'tcproute', schema: makeTcpRouteJsonSchema() })),
    blank: (project) => ({
      metadata: { name: '', namespace: project },
      spec: { parentRefs: [{ name: '', sectionName: '' }], rules: [{ backendRefs: [{ name: '', port: 5432 }] }] },
    }),
    intro: "Raw TCP forwarded by the gateway's TCP listeners (port P, or 8000 + P below 1024).",
    createIntro: 'Forward raw TCP from a Gateway listener with protocol TCP to a service of this project.',
    noApi: ['The cluster does not serve TCPRoutes', 'Install the Gateway API CRDs (v1.6 or later: TCPRoute v1) to use TCPRoutes.'],
    none: 'Create one in YAML, attached to a Gateway listener with protocol TCP.',
    hostnames: false,
  },
  tlsroutes: {
    icon: Lock,
    editorSchema: once(() => ({ id: 'tlsroute', schema: makeTlsRouteJsonSchema() })),
    blank: (project) => ({
      metadata: { name: '', namespace: project },
      spec: { parentRefs: [{ name: '', sectionName: '' }], hostnames: [''], rules: [{ backendRefs: [{ name: '', port: 443 }] }] },
    }),
    intro: 'TLS passed through by SNI host name from TLS listeners, unterminated, to services.',
    createIntro: 'Pass TLS connections through by SNI from a Gateway listener with protocol TLS to a service of this project.',
    noApi: ['The cluster does not serve TLSRoutes', 'Install the Gateway API CRDs (v1.6 or later: TLSRoute v1) to use TLSRoutes.'],
    none: 'Create one in YAML, attached to a Gateway listener with protocol TLS (mode Passthrough).',
    hostnames: true,
  },
};

export interface GatewayRouteKind extends Omit<RouteView, 'blank'> {
  resource: GatewayRouteResource;
  /** The kind's name ("HTTPRoute"), for headings and messages. */
  label: string;
  /** Plural heading ("HTTPRoutes"). */
  title: string;
  /** The permission key resource the access reviews answer (`plural.group`). */
  permission: string;
  expected: ExpectedKind;
  blank: (project: string) => Manifest;
  /** Writes are server actions; reads are GETs of /api/projects/[project]/[resource] (live/api-fetch.ts). */
  create: (project: string, manifest: unknown) => Promise<ActionResult<Manifest>>;
  update: (project: string, name: string, manifest: unknown) => Promise<ActionResult<Manifest>>;
  remove: (project: string, name: string) => Promise<ActionResult<{ name: string }>>;
}

const article = (word: string) => (/^[AEFHILMNORSX]/.test(word) ? 'an' : 'a');

function routeKind(k: GatewayRouteKindInfo): GatewayRouteKind {
  const view = VIEWS[k.plural];
  const apiVersion = apiVersionOf(k);
  return {
    ...view,
    resource: k.plural,
    label: k.console.label,
    title: k.console.title,
    permission: permissionResource(k),
    expected: { apiVersion, kind: k.kind, what: `this page edits ${article(k.kind)} ${k.kind}` },
    blank: (project) => ({ apiVersion, kind: k.kind, ...view.blank(project) }),
    create: (project, manifest) => createGatewayRouteAction(k.plural, project, manifest),
    update: (project, name, manifest) => replaceGatewayRouteAction(k.plural, project, name, manifest),
    remove: (project, name) => deleteGatewayRouteAction(k.plural, project, name),
  };
}

export const ROUTE_KINDS = Object.fromEntries(GATEWAY_ROUTE_KINDS.map((k) => [k.plural, routeKind(k)])) as Record<GatewayRouteResource, GatewayRouteKind>;
export const HTTP_ROUTE = ROUTE_KINDS.httproutes;

/**
 * Saves a route in one server call: a replace when `name` is given (the manifest carries its
 * resourceVersion), else a create (the server validates, then makes one API write).
 */
export async function saveRoute(kind: GatewayRouteKind, project: string, manifest: Manifest, name?: string): Promise<ActionResult<Manifest>> {
  return name ? kind.update(project, name, manifest) : kind.create(project, manifest);
}
