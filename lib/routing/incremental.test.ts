// Incremental compilation: per-Ingress fragments are reused across builds while the objects
// they read are unchanged, and every dependency change is picked up.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './index';
import type { ClusterState, ForwardAction, MatchResult, RoutingSnapshot } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, svc, tlsSecret } from './fixtures';

const get = (s: RoutingSnapshot, host: string, path = '/', headers: Record<string, string> = {}, scheme: 'http' | 'https' = 'http'): MatchResult =>
  s.match({ method: 'GET', scheme, host, path, headers });
const fwd = (r: MatchResult): ForwardAction => {
  if (r.kind !== 'route' || r.action.type !== 'forward') throw new Error(`not a forward: ${JSON.stringify(r)}`);
  return r.action;
};

describe('incremental Ingress compilation', () => {
  const echo = svc('demo', 'echo');
  const a = ingress('demo', 'a', [{ host: 'a.com', paths: [{ path: '/' }] }]);
  const b = ingress('demo', 'b', [{ host: 'b.com', paths: [{ path: '/' }] }]);

  it('reuses the compiled routes of unchanged Ingresses when another one changes', () => {
    const s1 = buildSnapshot({ services: [echo], ingresses: [a, b] });
    const b2 = ingress('demo', 'b', [{ host: 'b.com', paths: [{ path: '/v2' }] }]);
    const s2 = buildSnapshot({ services: [echo], ingresses: [a, b2] });
    expect(fwd(get(s2, 'a.com'))).toBe(fwd(get(s1, 'a.com'))); // same compiled action object
    expect(get(s2, 'b.com', '/').kind).toBe('no-match');
    expect(get(s2, 'b.com', '/v2/x').kind).toBe('route');
  });

  it('recompiles an Ingress when a Service it reads changes or disappears', () => {
    const s1 = buildSnapshot({ services: [echo], ingresses: [a] });
    expect(fwd(get(s1, 'a.com')).backends[0].key).toBe('demo/echo:http');
    const renamed = svc('demo', 'echo', [{ name: 'web', port: 80, targetPort: 8080 }]);
    const s2 = buildSnapshot({ services: [renamed], ingresses: [a] });
    expect(fwd(get(s2, 'a.com')).backends[0].key).toBe('demo/echo:web');
    const s3 = buildSnapshot({ services: [], ingresses: [a] });
    const r = get(s3, 'a.com');
    expect(r.kind === 'route' && r.action.type).toBe('direct-response');
    expect(s3.diagnostics.map((d) => d.reason)).toEqual(['BackendNotFound']);
    expect(s3.backends.get('demo/echo:80')?.invalid).toMatch(/not found/);
  });

  it('picks up a changed TLS Secret', () => {
    const ing = ingress('demo', 't', [{ host: 't.com', paths: [{ path: '/' }] }], { tls: [{ hosts: ['t.com'], secretName: 'cert' }] });
    const s1 = buildSnapshot({ services: [echo], ingresses: [ing], secrets: [tlsSecret('demo', 'cert')] });
    const pem2 = '-----BEGIN CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n';
    const s2 = buildSnapshot({ services: [echo], ingresses: [ing], secrets: [tlsSecret('demo', 'cert', pem2)] });
    expect(s1.certificates.lookup('t.com')?.certPem).not.toBe(pem2);
    expect(s2.certificates.lookup('t.com')?.certPem).toBe(pem2);
  });

  it('recompiles every Ingress when the IngressClasses change', () => {
    const classless = ingress('demo', 'c', [{ host: 'c.com', paths: [{ path: '/' }] }], { className: null });
    const base: ClusterState = { services: [echo], ingresses: [classless] };
    expect(get(buildSnapshot(base), 'c.com').kind).toBe('no-match');
    const def = { metadata: { name: 'portico', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'portico.dev/ingress-controller' } };
    expect(get(buildSnapshot({ ...base, ingressClasses: [def] }), 'c.com').kind).toBe('route');
    expect(get(buildSnapshot(base), 'c.com').kind).toBe('no-match');
  });

  it('a canary attaches to a copy: removing it leaves the cached main entry without canary', () => {
    const main = ingress('demo', 'main', [{ host: 'k.com', paths: [{ path: '/' }] }]);
    const canary = ingress('demo', 'main-canary', [{ host: 'k.com', paths: [{ path: '/', service: 'canary' }] }], {
      annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-header': 'x-canary' },
    });
    const services = [echo, svc('demo', 'canary')];
    const s1 = buildSnapshot({ services, ingresses: [main, canary] });
    expect(fwd(get(s1, 'k.com', '/', { 'x-canary': 'always' })).backends[0].service).toBe('canary');
    const s2 = buildSnapshot({ services, ingresses: [main] });
    expect(fwd(get(s2, 'k.com', '/', { 'x-canary': 'always' })).backends[0].service).toBe('echo');
    // and the earlier snapshot, still possibly serving, is unchanged
    expect(fwd(get(s1, 'k.com', '/', { 'x-canary': 'always' })).backends[0].service).toBe('canary');
  });

  it('path conflicts and the catch-all default backend are decided across Ingresses on every build', () => {
    const old = ingress('demo', 'old', [{ host: 'p.com', paths: [{ path: '/' }] }], { defaultBackend: { service: 'echo' } });
    const young = ingress('demo', 'young', [{ host: 'p.com', paths: [{ path: '/', service: 'other' }] }], { defaultBackend: { service: 'other' } });
    const services = [echo, svc('demo', 'other')];
    const s1 = buildSnapshot({ services, ingresses: [old, young] });
    expect(fwd(get(s1, 'p.com')).backends[0].service).toBe('echo');
    expect(s1.diagnostics.map((d) => `${d.object.name}:${d.reason}`).sort()).toEqual(['young:DefaultBackendConflict', 'young:PathConflict']);
    const s2 = buildSnapshot({ services, ingresses: [young] });
    expect(fwd(get(s2, 'p.com')).backends[0].service).toBe('other');
    expect(fwd(get(s2, 'elsewhere.com')).backends[0].service).toBe('other');
    expect(s2.diagnostics).toEqual([]);
  });

  it('host ownership across namespaces: a build reusing cached fragments equals a build from fresh copies', () => {
    // what a snapshot serves and reports, independent of object identity
    const view = (s: RoutingSnapshot) => ({
      routes: s.routes.map((r) => `${r.listenerPort} ${r.host} ${r.match} -> ${r.route.id}`),
      diagnostics: s.diagnostics,
      certs: s.certificates.entries.map((c) => `${c.key} ${c.hosts.join(',')}`),
    });
    const tls = { tls: [{ hosts: ['own.com'], secretName: 'cert' }] };
    const owner = ingress('one', 'shop', [{ host: 'own.com', paths: [{ path: '/' }] }], tls);
    const second = ingress('two', 'login', [{ host: 'own.com', paths: [{ path: '/login' }] }, { host: 'two.com', paths: [{ path: '/' }] }], tls);
    const third = ingress('three', 'late', [{ host: 'own.com', paths: [{ path: '/late' }] }], tls);
    const services = ['one', 'two', 'three'].map((ns) => svc(ns, 'echo'));
    const secrets = ['one', 'two', 'three'].map((ns) => tlsSecret(ns, 'cert', `-----BEGIN CERTIFICATE-----\n${ns}\n-----END CERTIFICATE-----\n`));
    const fresh = (ings: typeof owner[]): ClusterState => structuredClone({ services, secrets, ingresses: ings });
    const steps: Array<typeof owner[]> = [
      [owner, second, third],
      [second, third], // owner deleted: "two" takes over own.com (paths and certificate)
      [third], // and then "three"
      [owner, second, third], // the oldest comes back (re-created with its old timestamp: a restore)
    ];
    buildSnapshot({ services, secrets, ingresses: steps[0] }); // warm the caches
    for (const ings of steps) {
      const cached = buildSnapshot({ services, secrets, ingresses: ings });
      expect(view(cached)).toEqual(view(buildSnapshot(fresh(ings))));
    }
    const afterDelete = buildSnapshot({ services, secrets, ingresses: [second, third] });
    expect(fwd(get(afterDelete, 'own.com', '/login', {}, 'https')).backends[0].namespace).toBe('two');
    expect(afterDelete.certificates.lookup('own.com')?.key).toBe('two/cert');
    expect(afterDelete.diagnostics.map((d) => `${d.object.namespace} ${d.reason} ${d.field}`)).toEqual(['three HostClaimedByOtherNamespace spec.rules[0].host', 'three HostClaimedByOtherNamespace spec.tls[0].hosts[0]']);
  });
});

describe('incremental HTTPRoute compilation', () => {
  const gw = gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }]);
  const route = (name: string, host: string, backend = 'a', ns = 'web') =>
    httpRoute('web', name, { parentRefs: [{ name: 'gw' }], hostnames: [host], rules: [{ backendRefs: [{ name: backend, namespace: ns, port: 80 }] }] });
  const services = [svc('web', 'a'), svc('other', 'x')];
  const base = (over: Partial<ClusterState>): ClusterState => ({ services, gatewayClasses: [GATEWAY_CLASS], gateways: [gw], ...over });
  const hget = (s: RoutingSnapshot, host: string) => s.match({ method: 'GET', scheme: 'http', host, path: '/', headers: {} });
  const r1 = route('one', 'one.test');
  const r2 = route('two', 'two.test');

  it('reuses the compiled rules of unchanged routes when another one changes', () => {
    const s1 = buildSnapshot(base({ httpRoutes: [r1, r2] }));
    const s2 = buildSnapshot(base({ httpRoutes: [r1, route('two', 'two-v2.test')] }));
    expect(fwd(hget(s2, 'one.test'))).toBe(fwd(hget(s1, 'one.test'))); // same compiled action object
    expect(hget(s2, 'two.test').kind).toBe('no-match');
    expect(hget(s2, 'two-v2.test').kind).toBe('route');
  });

  it('recompiles a route when a Service it reads changes or disappears', () => {
    const s1 = buildSnapshot(base({ httpRoutes: [r1] }));
    expect(fwd(hget(s1, 'one.test')).backends[0].key).toBe('web/a:http');
    const s2 = buildSnapshot(base({ services: [svc('web', 'a', [{ name: 'web', port: 80, targetPort: 8080 }])], httpRoutes: [r1] }));
    expect(fwd(hget(s2, 'one.test')).backends[0].key).toBe('web/a:web');
    const s3 = buildSnapshot(base({ services: [], httpRoutes: [r1] }));
    expect(hget(s3, 'one.test')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
    expect(s3.backends.get('web/a:80')?.invalid).toMatch(/not found/);
  });

  it('picks up a ReferenceGrant added or removed for a cross-namespace backend', () => {
    const cross = route('cross', 'cross.test', 'x', 'other');
    const grant = { metadata: { name: 'g', namespace: 'other' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }], to: [{ group: '', kind: 'Service' }] } };
    expect(hget(buildSnapshot(base({ httpRoutes: [cross] })), 'cross.test')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
    expect(fwd(hget(buildSnapshot(base({ httpRoutes: [cross], referenceGrants: [grant] })), 'cross.test')).backends[0].service).toBe('x');
    expect(hget(buildSnapshot(base({ httpRoutes: [cross] })), 'cross.test')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
  });

  it('recompiles when the options change (a redirect names the served port)', () => {
    const redirect = httpRoute('web', 'redir', { parentRefs: [{ name: 'gw' }], hostnames: ['r.test'], rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { port: 80 } }] }] });
    const port = (s: RoutingSnapshot) => (hget(s, 'r.test') as { location?: string }).location;
    const a = buildSnapshot(base({ httpRoutes: [redirect] }), { httpPort: 8080, httpsPort: 8443 });
    const b = buildSnapshot(base({ httpRoutes: [redirect] }), { httpPort: 9090, httpsPort: 8443 });
    expect([port(a), port(b)]).toEqual(['http://r.test:8080/', 'http://r.test:9090/']);
  });
});
