// Incremental attachment of HTTPRoutes/GRPCRoutes to listeners: after any one input changes, a
// build that reuses cached parts must equal a build from fresh copies (nothing cached), and the
// routes the change does not concern must really be reused.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, carryOver, computeStatuses } from './index';
import { attachmentStats } from './route-attachment';
import type { ClusterState, GatewayInput, HTTPRouteInput, Listener, MatchRequest, NamespaceInput, RoutingOptions, RoutingSnapshot } from './types';
import { GATEWAY_CLASS, gateway, grpcRoute, httpRoute, ingress, svc, tlsSecret } from './fixtures';

const GW = 'gateway.networking.k8s.io';
const ns = (name: string, labels: Record<string, string> = {}): NamespaceInput => ({ metadata: { name, labels } });
const listeners: Listener[] = [
  { name: 'http', port: 80, protocol: 'HTTP', hostname: '*.example.com', allowedRoutes: { namespaces: { from: 'All' } } },
  { name: 'sel', port: 8081, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } },
  { name: 'same', port: 8082, protocol: 'HTTP' },
  { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'secure.example.com', tls: { certificateRefs: [{ name: 'cert', namespace: 'certs' }] }, allowedRoutes: { namespaces: { from: 'All' } } },
];
const gw = gateway('web', 'gw', listeners);
const toB = (name: string, backendNs?: string) => [{ backendRefs: [{ name, port: 80, ...(backendNs ? { namespace: backendNs } : {}) }] }];
const routes: HTTPRouteInput[] = [
  httpRoute('web', 'one', { parentRefs: [{ name: 'gw' }], hostnames: ['one.example.com'], rules: toB('a') }),
  httpRoute('other', 'two', { parentRefs: [{ name: 'gw', namespace: 'web', sectionName: 'sel' }], hostnames: ['two.example.com'], rules: toB('x') }),
  httpRoute('apps', 'cross', { parentRefs: [{ name: 'gw', namespace: 'web' }], hostnames: ['cross.example.com'], rules: toB('x', 'other') }),
  httpRoute('web', 'redir', { parentRefs: [{ name: 'gw', sectionName: 'same' }], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/old' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } } }] }] }),
  httpRoute('web', 'secure', { parentRefs: [{ name: 'gw', sectionName: 'https' }], rules: toB('a') }),
  httpRoute('web', 'partly', { parentRefs: [{ name: 'gw' }], hostnames: ['partly.example.com'], rules: [...toB('a'), { matches: [{ path: { type: 'RegularExpression', value: '(' } }], backendRefs: [{ name: 'a', port: 80 }] }] }),
  httpRoute('web', 'elsewhere', { parentRefs: [{ name: 'gw' }], hostnames: ['one.other.org'], rules: toB('a') }),
  httpRoute('web', 'foreign', { parentRefs: [{ name: 'not-ours' }], rules: toB('a') }),
  httpRoute('other', 'selected', { parentRefs: [{ name: 'gw', namespace: 'web' }], hostnames: ['sel.example.com'], rules: toB('x') }),
  httpRoute('web', 'api', { parentRefs: [{ name: 'gw' }], hostnames: ['api.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [{ name: 'b', port: 80 }] }] }),
];
const wildcard = httpRoute('web', 'wild', { parentRefs: [{ name: 'gw' }], hostnames: ['*.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/nope' } }], backendRefs: [{ name: 'b', port: 80 }] }] });
const grpc = grpcRoute('web', 'rpc', { parentRefs: [{ name: 'gw', sectionName: 'same' }], rules: [{ matches: [{ method: { service: 'pkg.Svc', method: 'Get' } }], backendRefs: [{ name: 'b', port: 80 }] }] });
const grant = { metadata: { name: 'from-apps', namespace: 'other' }, spec: { from: [{ group: GW, kind: 'HTTPRoute', namespace: 'apps' }], to: [{ group: '', kind: 'Service' }] } };
const certGrant = { metadata: { name: 'certs', namespace: 'certs' }, spec: { from: [{ group: GW, kind: 'Gateway', namespace: 'web' }], to: [{ group: '', kind: 'Secret' }] } };
const notOurs = gateway('web', 'not-ours', [{ name: 'http', port: 80, protocol: 'HTTP' }], 'someone-else');

const base: ClusterState = {
  namespaces: [ns('web', { team: 'a' }), ns('other', { team: 'b' }), ns('apps'), ns('certs')],
  services: [svc('web', 'a'), svc('web', 'b'), svc('other', 'x')],
  secrets: [tlsSecret('certs', 'cert')],
  gatewayClasses: [GATEWAY_CLASS],
  gateways: [gw, notOurs],
  httpRoutes: routes,
  grpcRoutes: [grpc],
  referenceGrants: [grant, certGrant],
};
const OPTIONS: RoutingOptions = { httpPort: 8080, httpsPort: 8443 };

/** A new object for one list member, the others kept (as the informer store does). */
function replaced<T extends { metadata: { name: string; namespace?: string } }>(list: readonly T[] | undefined, name: string, next: (o: T) => T | undefined, namespace?: string): T[] {
  return (list ?? []).flatMap((o) => (o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace) ? [next(o)].filter((x): x is T => !!x) : [o]));
}
const withListener = (g: GatewayInput, name: string, change: Partial<Listener>): GatewayInput => ({
  ...g,
  metadata: { ...g.metadata, generation: (g.metadata.generation ?? 1) + 1 },
  spec: { ...g.spec!, listeners: g.spec!.listeners!.map((l) => (l.name === name ? { ...l, ...change } : l)) },
});

const probeHosts = ['api.example.com', 'one.example.com', 'two.example.com', 'cross.example.com', 'partly.example.com', 'sel.example.com', 'secure.example.com', 'one.other.org', 'none.test'];
const probePaths = ['/', '/old/x', '/pkg.Svc/Get', '/nope'];
const probePorts = [8080, 8081, 8082, 8443];

/** Everything a build produced, as plain data: tables (through the route summary and matches), backends, statuses. */
function view(state: ClusterState, s: RoutingSnapshot) {
  const matches: unknown[] = [];
  for (const port of probePorts)
    for (const host of probeHosts)
      for (const path of probePaths) {
        const req: MatchRequest = { method: 'GET', scheme: port === 8443 ? 'https' : 'http', port, host, path, headers: {} };
        matches.push([port, host, path, s.match(req)]);
      }
  return { listeners: s.listeners, routes: s.routes, backends: [...s.backends].sort(), diagnostics: s.diagnostics, statuses: computeStatuses(state, s), matches, certs: s.certificates.entries };
}

/** The state as new objects: nothing in it can hit a cache. */
const fresh = (state: ClusterState): ClusterState => structuredClone(state);

const changes: Array<[string, (s: ClusterState) => ClusterState]> = [
  ['a listener hostname changes', (s) => ({ ...s, gateways: replaced(s.gateways, 'gw', (g) => withListener(g, 'http', { hostname: '*.other.org' })) })],
  ['a listener allowedRoutes changes to Same', (s) => ({ ...s, gateways: replaced(s.gateways, 'gw', (g) => withListener(g, 'http', { allowedRoutes: { namespaces: { from: 'Same' } } })) })],
  ['a listener selector changes', (s) => ({ ...s, gateways: replaced(s.gateways, 'gw', (g) => withListener(g, 'sel', { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'b' } } } } })) })],
  ['a listener allows only GRPCRoute', (s) => ({ ...s, gateways: replaced(s.gateways, 'gw', (g) => withListener(g, 'same', { allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } })) })],
  ['a namespace label changes (selector listener)', (s) => ({ ...s, namespaces: replaced(s.namespaces, 'other', () => ns('other', { team: 'a' })) })],
  ['a namespace disappears (selector listener)', (s) => ({ ...s, namespaces: replaced(s.namespaces, 'web', () => undefined) })],
  ['a ReferenceGrant for a backend is removed', (s) => ({ ...s, referenceGrants: [certGrant] })],
  ['the ReferenceGrant for the certificate is removed', (s) => ({ ...s, referenceGrants: [grant] })],
  ['a Service is deleted', (s) => ({ ...s, services: replaced(s.services, 'x', () => undefined) })],
  ["a route's parentRef sectionName changes", (s) => ({ ...s, httpRoutes: replaced(s.httpRoutes, 'one', (r) => ({ ...r, spec: { ...r.spec, parentRefs: [{ name: 'gw', sectionName: 'same' }] } })) })],
  ["a route's hostnames change", (s) => ({ ...s, httpRoutes: replaced(s.httpRoutes, 'one', (r) => ({ ...r, spec: { ...r.spec, hostnames: ['uno.example.com', 'one.example.com'] } })) })],
  ['a wildcard route is added (a fallback for every host)', (s) => ({ ...s, httpRoutes: [...(s.httpRoutes ?? []), wildcard] })],
  ['a route is deleted', (s) => ({ ...s, httpRoutes: replaced(s.httpRoutes, 'two', () => undefined) })],
  ['the Gateway is deleted', (s) => ({ ...s, gateways: replaced(s.gateways, 'gw', () => undefined) })],
  ['the GatewayClass goes away', (s) => ({ ...s, gatewayClasses: [] })],
  ['the other Gateway becomes ours', (s) => ({ ...s, gateways: replaced(s.gateways, 'not-ours', (g) => ({ ...g, spec: { ...g.spec!, gatewayClassName: 'portico' } })) })],
  ['a second Gateway takes port 8082 with another protocol', (s) => ({ ...s, gateways: [gateway('aaa', 'first', [{ name: 'tcp', port: 8082, protocol: 'TCP' }], 'portico'), ...(s.gateways ?? [])].map((g) => ({ ...g, metadata: { ...g.metadata, creationTimestamp: g.metadata.name === 'first' ? '2020-01-01T00:00:00Z' : g.metadata.creationTimestamp } })) })],
  ['an ExternalName failure is reported', (s) => ({ ...s, services: replaced(s.services, 'a', (o) => ({ ...o, spec: { type: 'ExternalName' as const, externalName: 'a.invalid', ports: [{ name: 'http', port: 80 }] } })), externalNameFailures: [{ namespace: 'web', service: 'a', externalName: 'a.invalid', error: 'ENOTFOUND' }] })],
];

describe('incremental attachment equals a build from scratch', () => {
  it.each(changes)('%s', (_what, change) => {
    const before = buildSnapshot(base, OPTIONS);
    const next = change(base);
    const inc = buildSnapshot(next, OPTIONS);
    const scratch = buildSnapshot(fresh(next), OPTIONS);
    expect(view(next, inc)).toEqual(view(next, scratch));
    // and the change did change something (the scenario tests what it claims to)
    expect(view(next, inc)).not.toEqual(view(base, before));
    // back to the start: the cached parts of the first build serve again, equal to scratch
    const again = buildSnapshot(base, OPTIONS);
    expect(view(base, again)).toEqual(view(base, buildSnapshot(fresh(base), OPTIONS)));
  });

  it('options changes are picked up (controller name in statuses, served ports in redirects)', () => {
    buildSnapshot(base, OPTIONS);
    const other: RoutingOptions = { httpPort: 9080, httpsPort: 9443, controllerName: 'example.com/other' };
    const gc = { ...GATEWAY_CLASS, spec: { controllerName: 'example.com/other' } };
    const next = { ...base, gatewayClasses: [gc] };
    expect(view(next, buildSnapshot(next, other))).toEqual(view(next, buildSnapshot(fresh(next), other)));
  });
});

describe('attachment reuse', () => {
  const many = Array.from({ length: 50 }, (_, i) => httpRoute('web', `r${i}`, { parentRefs: [{ name: 'gw' }], hostnames: [`r${i}.example.com`], rules: toB('a') }));
  const state: ClusterState = { ...base, httpRoutes: many };

  it('a change to one route recomputes that route only, and keeps the other statuses by identity', () => {
    const s1 = buildSnapshot(state, OPTIONS);
    const before = { ...attachmentStats };
    const next = { ...state, httpRoutes: replaced(many, 'r7', (r) => ({ ...r, spec: { ...r.spec, hostnames: ['seven.example.com'] } })) };
    const s2 = buildSnapshot(next, OPTIONS);
    expect(attachmentStats.computed - before.computed).toBe(1);
    expect(attachmentStats.reused - before.reused).toBe(many.length - 1 + 1); // + the GRPCRoute
    const st1 = computeStatuses(state, s1).routes;
    const st2 = computeStatuses(next, s2).routes;
    const byName = (l: typeof st1, n: string) => l.find((x) => x.name === n);
    expect(byName(st2, 'r3')).toBe(byName(st1, 'r3'));
    expect(byName(st2, 'r7')).not.toBe(byName(st1, 'r7'));
    expect(s2.match({ method: 'GET', scheme: 'http', host: 'seven.example.com', path: '/', headers: {} }).kind).toBe('route');
    expect(s2.match({ method: 'GET', scheme: 'http', host: 'r7.example.com', path: '/', headers: {} }).kind).toBe('no-match');
  });

  it('a Gateway change that routes do not read (a listener they do not use) still reuses nothing it must not', () => {
    buildSnapshot(state, OPTIONS);
    const before = { ...attachmentStats };
    // same listeners, new object (e.g. a label on the Gateway): every attachment is reused
    const relabeled = { ...state, gateways: replaced(state.gateways, 'gw', (g) => ({ ...g, metadata: { ...g.metadata, labels: { x: 'y' } } })) };
    buildSnapshot(relabeled, OPTIONS);
    expect(attachmentStats.computed - before.computed).toBe(0);
    // a listener hostname change: every route attached to that Gateway is recomputed
    const mid = { ...attachmentStats };
    buildSnapshot({ ...relabeled, gateways: replaced(relabeled.gateways, 'gw', (g) => withListener(g, 'http', { hostname: '*.test' })) }, OPTIONS);
    expect(attachmentStats.computed - mid.computed).toBe(many.length + 1);
  });

  it('an ExternalName failure never changes a cached status in place', () => {
    const external = { ...state, services: replaced(state.services, 'a', (o) => ({ ...o, spec: { type: 'ExternalName' as const, externalName: 'a.invalid', ports: [{ name: 'http', port: 80 }] } })) };
    const r0 = () => computeStatuses(external, buildSnapshot(external, OPTIONS)).routes.find((x) => x.name === 'r0')!;
    const resolving = r0();
    const copy = structuredClone(resolving);
    // the failure comes from the gateway's resolver: the route's attachment is reused as is
    const failing = { ...external, externalNameFailures: [{ namespace: 'web', service: 'a', externalName: 'a.invalid', error: 'ENOTFOUND' }] };
    const before = { ...attachmentStats };
    const failed = computeStatuses(failing, buildSnapshot(failing, OPTIONS)).routes.find((x) => x.name === 'r0')!;
    expect(attachmentStats.computed - before.computed).toBe(0);
    expect(failed.parents[0].conditions.find((c) => c.type === 'ResolvedRefs')?.reason).toBe('BackendNotFound');
    expect(resolving).toEqual(copy);
    expect(r0()).toBe(resolving); // resolves again: the cached status, untouched
    expect(r0()).toEqual(copy);
  });
});

describe('carryOver (a status-only change: the same routing input in a new object)', () => {
  const withStatus = <T extends { metadata: object }>(o: T): T => ({ ...o, metadata: { ...o.metadata, resourceVersion: '2' }, status: { written: true } });

  it('an HTTPRoute carried over is not recomputed: same status object, equal to a build from scratch', () => {
    const s1 = buildSnapshot(base, OPTIONS);
    const one = base.httpRoutes!.find((r) => r.metadata.name === 'one')!;
    const next = withStatus(one);
    carryOver(one, next);
    const state = { ...base, httpRoutes: base.httpRoutes!.map((r) => (r === one ? next : r)) };
    const before = { ...attachmentStats };
    const s2 = buildSnapshot(state, OPTIONS);
    expect(attachmentStats.computed - before.computed).toBe(0);
    const status = (s: RoutingSnapshot, st: ClusterState) => computeStatuses(st, s).routes.find((x) => x.name === 'one');
    expect(status(s2, state)).toBe(status(s1, base));
    expect(view(state, s2)).toEqual(view(state, buildSnapshot(fresh(state), OPTIONS)));
  });

  it('without it, the new object is recomputed (what carryOver saves)', () => {
    buildSnapshot(base, OPTIONS);
    const one = base.httpRoutes!.find((r) => r.metadata.name === 'one')!;
    const state = { ...base, httpRoutes: base.httpRoutes!.map((r) => (r === one ? withStatus(one) : r)) };
    const before = { ...attachmentStats };
    buildSnapshot(state, OPTIONS);
    expect(attachmentStats.computed - before.computed).toBe(1);
  });

  it('an Ingress carried over keeps its compiled routes', () => {
    const services = [svc('demo', 'echo')];
    const ing = ingress('demo', 'a', [{ host: 'a.test', paths: [{ path: '/' }] }]);
    const match = (s: RoutingSnapshot) => s.match({ method: 'GET', scheme: 'http', host: 'a.test', path: '/', headers: {} });
    const action = (s: RoutingSnapshot) => {
      const m = match(s);
      return m.kind === 'route' ? m.action : undefined;
    };
    const s1 = buildSnapshot({ services, ingresses: [ing] });
    const next = withStatus(ing);
    carryOver(ing, next);
    expect(action(buildSnapshot({ services, ingresses: [next] }))).toBe(action(s1));
    expect(action(buildSnapshot({ services, ingresses: [withStatus(ing)] }))).not.toBe(action(s1));
  });
});
