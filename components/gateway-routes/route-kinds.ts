/**
 * The two Gateway API route kinds the console edits, described once so the list, detail,
 * YAML tab and create-from-YAML code serves both.
 */
import type { ActionResult } from '@/lib/console/action-result';
import type { Manifest } from '@/lib/console/manifest';
import { makeHttpRouteJsonSchema, makeTcpRouteJsonSchema } from '@/lib/forms/httproute-json-schema';
import { newHttpRouteBase } from '@/lib/forms/httproute-form';
import { createHttpRouteAction, deleteHttpRouteAction, updateHttpRouteAction } from '@/server/actions/httproutes';
import { createTcpRouteAction, deleteTcpRouteAction, updateTcpRouteAction } from '@/server/actions/tcproutes';
import type { EditorSchema } from '../editor';
import type { ExpectedKind } from '../common/manifest-check';


export type GatewayRouteResource = 'httproutes' | 'tcproutes';

export interface GatewayRouteKind {
  resource: GatewayRouteResource;
  label: 'HTTPRoute' | 'TCPRoute';
  expected: ExpectedKind;
  editorSchema: () => EditorSchema;
  blank: (project: string) => Manifest;
  /** Writes are server actions; reads are GETs of /api/projects/[project]/[resource] (live/api-fetch.ts). */
  create: (project: string, manifest: unknown) => Promise<ActionResult<Manifest>>;
  update: (project: string, name: string, manifest: unknown) => Promise<ActionResult<Manifest>>;
  remove: (project: string, name: string) => Promise<ActionResult<{ name: string }>>;
}

const GW = 'gateway.networking.k8s.io';

function once<T>(make: () => T): () => T {
  let v: T | undefined;
  return () => (v ??= make());
}

export const HTTP_ROUTE: GatewayRouteKind = {
  resource: 'httproutes',
  label: 'HTTPRoute',
  expected: { apiVersion: `${GW}/v1`, kind: 'HTTPRoute', what: 'this page edits an HTTPRoute' },
  editorSchema: once(() => ({ id: 'httproute', schema: makeHttpRouteJsonSchema() })),
  blank: newHttpRouteBase,
  create: createHttpRouteAction,
  update: updateHttpRouteAction,
  remove: deleteHttpRouteAction,
};

export const TCP_ROUTE: GatewayRouteKind = {
  resource: 'tcproutes',
  label: 'TCPRoute',
  expected: { apiVersion: `${GW}/v1alpha2`, kind: 'TCPRoute', what: 'this page edits a TCPRoute' },
  editorSchema: once(() => ({ id: 'tcproute', schema: makeTcpRouteJsonSchema() })),
  blank: (project) => ({
    apiVersion: `${GW}/v1alpha2`,
    kind: 'TCPRoute',
    metadata: { name: '', namespace: project },
    spec: { parentRefs: [{ name: '', sectionName: '' }], rules: [{ backendRefs: [{ name: '', port: 5432 }] }] },
  }),
  create: createTcpRouteAction,
  update: updateTcpRouteAction,
  remove: deleteTcpRouteAction,
};

export const ROUTE_KINDS: Record<GatewayRouteResource, GatewayRouteKind> = { httproutes: HTTP_ROUTE, tcproutes: TCP_ROUTE };

/**
 * Saves a route in one server call: a replace when `name` is given (the manifest carries its
 * resourceVersion), else a create (the server validates, then makes one API write).
 */
export async function saveRoute(kind: GatewayRouteKind, project: string, manifest: Manifest, name?: string): Promise<ActionResult<Manifest>> {
  return name ? kind.update(project, name, manifest) : kind.create(project, manifest);
}
