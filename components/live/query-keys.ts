/**
 * The console's one query-key space. Every cached read is a GET of a route handler and its
 * key is that handler's path: ['api', 'projects', project, resource, name?, params?] reads
 * /api/projects/project/resource/name?params. So a key names its own fetch (see api-fetch.ts)
 * and a change to a kind makes stale one key prefix, list and objects at once.
 */
import type { GatewayRouteResource } from '@/lib/console/gateway-route-kinds';

export type ApiParams = Record<string, string>;
export type ApiKey = readonly (string | ApiParams)[];

/**
 * The project-scoped reads the console caches (route handlers under app/api/projects/[project]/):
 * Ingress routes, Services, every Gateway API route kind of the registry, and the pickers' lists.
 */
export type ProjectResource = 'routes' | 'services' | GatewayRouteResource | 'tls-secrets' | 'gateways';

export const qk = {
  /** A list of a project's objects (`params`: e.g. search and sort of the routes list). */
  list: (project: string, resource: ProjectResource, params?: ApiParams): ApiKey =>
    params ? ['api', 'projects', project, resource, params] : ['api', 'projects', project, resource],
  /** One object (or its detail view) of a project. */
  item: (project: string, resource: ProjectResource, name: string): ApiKey => ['api', 'projects', project, resource, name],
  /** The project's topology graph (read from /projects/[project]/topology/graph). */
  topology: (project: string): ApiKey => ['api', 'projects', project, 'topology'],
  /** The gateway as a project sees it (addresses, listeners, health, this project's routes);
   * scope 'all' is the whole gateway, for platform admins only. */
  gateway: (project: string, scope: 'project' | 'all' = 'project'): ApiKey =>
    scope === 'all' ? ['api', 'projects', project, 'gateway', { scope }] : ['api', 'projects', project, 'gateway'],
  /** The projects the user can open, system namespaces apart for platform admins (/api/projects). */
  projects: (): ApiKey => ['api', 'projects'],
  /** Console accounts (/api/admin/users, platform admins only). */
  users: (): ApiKey => ['api', 'admin', 'users'],
  /** Every Gateway with status, namespaces, classes and TLS Secret names (/api/admin/gateways, platform admins only). */
  adminGateways: (): ApiKey => ['api', 'admin', 'gateways'],
};

/**
 * The registry's Gateway API route kinds (lib/console/gateway-route-kinds.ts), as plain names:
 * every page's live updates use this module, and importing the registry would ship all its zod
 * schemas to every page. query-keys.test.ts holds the two equal.
 */
export const GATEWAY_ROUTE_RESOURCES: ReadonlySet<string> = new Set<GatewayRouteResource>(['httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes']);

/** Which cached queries a change to a resource kind (as the watch stream names it) makes stale. */
export function staleKeysFor(resource: string, project: string): readonly ApiKey[] {
  const p = (r: ProjectResource) => qk.list(project, r);
  const topology = qk.topology(project);
  switch (resource) {
    case 'ingresses':
      // Service details list the routes that send them traffic.
      return [p('routes'), p('services'), topology];
    case 'services':
    case 'endpointslices':
    case 'pods':
      return [p('routes'), p('services'), topology];
    case 'events':
      return [p('routes'), p('services')];
    default: {
      // A Gateway API route kind (registry): its own lists and objects, and the topology that draws it.
      return GATEWAY_ROUTE_RESOURCES.has(resource) ? [p(resource as GatewayRouteResource), topology] : [];
    }
  }
}
