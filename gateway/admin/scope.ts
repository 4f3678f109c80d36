// Project-scoped answers of the admin API: `?namespace=a&namespace=b` limits /config and
// /routes/test to what belongs to those namespaces (the console asks per project, after it
// checked the signed-in user may read it). Without `namespace` the whole view is returned.
import { isDNS1123Label } from '@/lib/k8s/validation/primitives';
import type { BackendRef, RoutingSnapshot } from '@/lib/routing';

const MAX_NAMESPACES = 50;

export type Scope = ReadonlySet<string> | undefined;

/** The `namespace` query parameters: undefined when absent, else a set, or an error naming the rule. */
export function parseScope(params: URLSearchParams): { scope: Scope } | { error: string } {
  const list = params.getAll('namespace');
  if (list.length === 0) return { scope: undefined };
  if (list.length > MAX_NAMESPACES) return { error: `namespace: at most ${MAX_NAMESPACES} values, got ${list.length}` };
  for (const ns of list) if (isDNS1123Label(ns).length > 0) return { error: `namespace "${ns.slice(0, 80)}": must be a DNS label (lower-case letters, digits and "-", 1 to 63 characters)` };
  return { scope: new Set(list) };
}

type EndpointsOf = (key: string) => unknown;

/**
 * /config for the given namespaces: their routes, the backends (and endpoints) of Services in
 * them, their certificates (key and hosts), diagnostics about their objects, and the TCP/TLS
 * routes they own. Listeners (port and protocol) are the gateway's and stay. Nothing else: no
 * controller state, no other namespace's names, hosts or addresses.
 */
export function scopedConfigView(snap: RoutingSnapshot, version: number, scope: ReadonlySet<string>, endpointsOf: EndpointsOf) {
  const inScope = (ns: string | undefined) => ns !== undefined && scope.has(ns);
  const backends = [...snap.backends.values()].filter((b) => inScope(b.namespace));
  const endpoints: Record<string, unknown> = {};
  for (const b of backends) endpoints[b.key] = endpointsOf(b.key);
  const ownBackends = (list: readonly BackendRef[]) => list.filter((b) => inScope(b.namespace)).map((b) => ({ key: b.key, weight: b.weight, ...(b.invalid ? { invalid: b.invalid } : {}) }));
  const tcpRoutes = [
    ...(snap.tcpListeners ?? []).filter((l) => l.route && inScope(l.route.namespace)).map((l) => ({ protocol: 'TCP', port: l.port, declaredPort: l.declaredPort, route: l.route, backends: ownBackends(l.backends) })),
    ...(snap.tlsListeners ?? []).flatMap((l) => l.routes.filter((r) => inScope(r.route.namespace)).map((r) => ({ protocol: 'TLS', port: l.port, host: r.host, route: r.route, backends: ownBackends(r.backends) }))),
  ];
  return {
    ready: true,
    version,
    namespaces: [...scope],
    listeners: snap.listeners,
    routes: snap.routes.filter((r) => inScope(r.route.namespace)),
    backends,
    endpoints,
    certificates: snap.certificates.entries.filter((c) => inScope(c.namespace)).map((c) => ({ key: c.key, hosts: c.hosts })),
    diagnostics: snap.diagnostics.filter((d) => inScope(d.object.namespace)),
    tcpRoutes,
  };
}

/** What /routes/test says when the matching route belongs to a namespace outside the scope. */
export function otherProjectAnswer(request: unknown) {
  return { request, result: 'other-project' as const, why: 'served by another project' };
}
