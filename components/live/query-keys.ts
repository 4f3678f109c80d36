/** Query keys shared by pages, mutations and the live-update stream. */
export const qk = {
  routes: (project: string) => ['routes', project] as const,
  routeList: (project: string, q: string, sort: string, dir: string) => ['routes', project, 'list', q, sort, dir] as const,
  route: (project: string, name: string) => ['route', project, name] as const,
  services: (project: string) => ['services', project] as const,
  service: (project: string, name: string) => ['service', project, name] as const,
  /** The gateway as a project sees it; scope 'all' is the whole gateway (platform admins). */
  gateway: (project: string, scope: 'project' | 'all' = 'project') => ['gateway', project, scope] as const,
  /** Gateway API route lists and objects: kind is 'httproutes' or 'tcproutes'. */
  gatewayRoutes: (kind: string, project: string) => [kind, project] as const,
  gatewayRoute: (kind: string, project: string, name: string) => [kind.replace(/s$/, ''), project, name] as const,
};

/** Which cached queries a change to a resource kind makes stale. */
export function staleKeysFor(resource: string, project: string): readonly (readonly string[])[] {
  switch (resource) {
    case 'ingresses':
      return [['routes', project], ['route', project], ['service', project]];
    case 'services':
    case 'endpointslices':
    case 'pods':
      return [['routes', project], ['route', project], ['services', project], ['service', project]];
    case 'events':
      return [['route', project], ['service', project]];
    case 'httproutes':
      // ['routes', project] also covers the topology graph, which draws HTTPRoutes.
      return [['httproutes', project], ['httproute', project], ['routes', project]];
    case 'tcproutes':
      return [['tcproutes', project], ['tcproute', project], ['routes', project]];
    case 'tlsroutes':
      // No TLSRoute pages yet: the topology graph draws them.
      return [['routes', project]];
    default:
      return [];
  }
}
