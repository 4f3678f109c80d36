import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { ClusterState, MatchResult, RoutingSnapshot } from './types';
import { ingress, svc, tlsSecret } from './fixtures';

const services = [svc('demo', 'echo'), svc('demo', 'a'), svc('demo', 'b'), svc('demo', 'c'), svc('demo', 'multi', [{ name: 'http', port: 80 }, { name: 'admin', port: 9000, targetPort: 'admin' }])];

function snap(state: ClusterState): RoutingSnapshot {
  return buildSnapshot({ services, ...state }, { httpPort: 8080, httpsPort: 8443 });
}
function get(s: RoutingSnapshot, host: string, path: string, extra: Partial<Parameters<RoutingSnapshot['match']>[0]> = {}): MatchResult {
  return s.match({ method: 'GET', scheme: 'http', host, path, ...extra });
}
function svcOf(r: MatchResult): string | undefined {
  if (r.kind !== 'route' || r.action.type !== 'forward') return r.kind === 'route' ? r.action.type : r.kind;
  return r.action.backends.map((b) => b.service).join('+');
}

describe('Ingress class selection', () => {
  const rule = [{ paths: [{ path: '/' }] }];
  it('serves ingressClassName portico', () => {
    expect(svcOf(get(snap({ ingresses: [ingress('demo', 'x', rule)] }), 'h', '/'))).toBe('echo');
  });
  it('ignores another class', () => {
    expect(get(snap({ ingresses: [ingress('demo', 'x', rule, { className: 'nginx' })] }), 'h', '/').kind).toBe('no-match');
  });
  it('honours the legacy kubernetes.io/ingress.class annotation', () => {
    const ing = ingress('demo', 'x', rule, { className: null, annotations: { 'kubernetes.io/ingress.class': 'portico' } });
    expect(svcOf(get(snap({ ingresses: [ing] }), 'h', '/'))).toBe('echo');
  });
  it('serves class-less Ingresses only when our IngressClass is default', () => {
    const ing = ingress('demo', 'x', rule, { className: null });
    expect(get(snap({ ingresses: [ing] }), 'h', '/').kind).toBe('no-match');
    const def = { metadata: { name: 'portico', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'portico.dev/ingress-controller' } };
    expect(svcOf(get(snap({ ingresses: [ing], ingressClasses: [def] }), 'h', '/'))).toBe('echo');
  });
  it('serves a differently named class whose controller is ours', () => {
    const cls = { metadata: { name: 'edge' }, spec: { controller: 'portico.dev/ingress-controller' } };
    expect(svcOf(get(snap({ ingresses: [ingress('demo', 'x', rule, { className: 'edge' })], ingressClasses: [cls] }), 'h', '/'))).toBe('echo');
  });
});

describe('Ingress hosts', () => {
  const s = snap({
    ingresses: [
      ingress('demo', 'x', [
        { host: 'foo.com', paths: [{ path: '/', service: 'a' }] },
        { host: '*.foo.com', paths: [{ path: '/', service: 'b' }] },
      ]),
    ],
  });
  it.each([
    ['foo.com', 'a'],
    ['FOO.com:8080', 'a'],
    ['foo.com.', 'a'],
    ['bar.foo.com', 'b'],
    ['baz.bar.foo.com', 'no-match'],
    ['xfoo.com', 'no-match'],
    ['other.com', 'no-match'],
  ])('%s -> %s', (host, want) => expect(svcOf(get(s, host, '/x'))).toBe(want));

  it('a rule without host serves every host (after host-specific rules)', () => {
    const s2 = snap({ ingresses: [ingress('demo', 'x', [{ host: 'foo.com', paths: [{ path: '/api', service: 'a' }] }, { paths: [{ path: '/', service: 'c' }] }])] });
    expect(svcOf(get(s2, 'foo.com', '/api/1'))).toBe('a');
    expect(svcOf(get(s2, 'foo.com', '/other'))).toBe('c');
    expect(svcOf(get(s2, 'any.org', '/'))).toBe('c');
  });

  it('reports an invalid host and serves the other rules', () => {
    const s2 = snap({ ingresses: [ingress('demo', 'x', [{ host: 'Bad_Host', paths: [{ path: '/' }] }, { host: 'ok.com', paths: [{ path: '/' }] }])] });
    expect(s2.diagnostics.map((d) => d.reason)).toContain('InvalidHost');
    expect(svcOf(get(s2, 'ok.com', '/'))).toBe('echo');
  });
});

describe('Ingress path types (Kubernetes docs examples)', () => {
  // [pathType, path, request, matches]
  const cases: Array<[string, string, string, boolean]> = [
    ['Prefix', '/', '/anything', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    ['Prefix', '/foo', '/foobar', false],
    ['Prefix', '/foo', '/FOO', false],
    ['ImplementationSpecific', '/foo', '/foo/bar', true],
    ['ImplementationSpecific', '/foo', '/foobar', false],
    ['Prefix', '/foo', '/foo?x=1', true],
    ['Prefix', '/foo', '/bar/../foo/x', true],
  ];
  it.each(cases)('%s %s vs %s -> %s', (pathType, path, req, want) => {
    const s = snap({ ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path, pathType }] }])] });
    expect(get(s, 'h.com', req).kind).toBe(want ? 'route' : 'no-match');
  });

  it('precedence: longest path first, Exact before Prefix on equal length', () => {
    const s = snap({
      ingresses: [
        ingress('demo', 'x', [
          {
            host: 'h.com',
            paths: [
              { path: '/', service: 'a' },
              { path: '/foo', service: 'b', pathType: 'Prefix' },
              { path: '/foo', service: 'c', pathType: 'Exact' },
              { path: '/foo/bar', service: 'echo' },
            ],
          },
        ]),
      ],
    });
    expect(svcOf(get(s, 'h.com', '/foo'))).toBe('c');
    expect(svcOf(get(s, 'h.com', '/foo/'))).toBe('b');
    expect(svcOf(get(s, 'h.com', '/foo/bar/1'))).toBe('echo');
    expect(svcOf(get(s, 'h.com', '/x'))).toBe('a');
  });

  it('rejects an unknown pathType with a diagnostic', () => {
    const s = snap({ ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/', pathType: 'Regex' }] }])] });
    expect(get(s, 'h.com', '/').kind).toBe('no-match');
    expect(s.diagnostics[0]).toMatchObject({ reason: 'InvalidPathType', field: 'spec.rules[0].http.paths[0].pathType' });
  });
});

describe('Ingress merging, defaultBackend, backends', () => {
  it('merges several Ingresses for one host; on conflict the oldest wins', () => {
    const older = ingress('demo', 'old', [{ host: 'h.com', paths: [{ path: '/app', service: 'a' }] }]);
    const other = ingress('demo', 'other', [{ host: 'h.com', paths: [{ path: '/other', service: 'c' }] }]);
    const newer = ingress('demo', 'new', [{ host: 'h.com', paths: [{ path: '/app', service: 'b' }] }]);
    const s = snap({ ingresses: [newer, other, older] });
    expect(svcOf(get(s, 'h.com', '/app'))).toBe('a');
    expect(svcOf(get(s, 'h.com', '/other'))).toBe('c');
    expect(s.diagnostics.find((d) => d.reason === 'PathConflict')?.object.name).toBe('new');
  });

  it('defaultBackend serves unmatched requests, below every path', () => {
    const s = snap({ ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/api', service: 'a' }] }], { defaultBackend: { service: 'b' } })] });
    expect(svcOf(get(s, 'h.com', '/api'))).toBe('a');
    expect(svcOf(get(s, 'h.com', '/else'))).toBe('b');
    expect(svcOf(get(s, 'nohost.com', '/'))).toBe('b');
  });

  it('resolves named and numbered Service ports to endpoint keys', () => {
    const s = snap({
      ingresses: [
        ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/n', service: 'multi', port: 'admin' }, { path: '/p', service: 'multi', port: 80 }] }]),
      ],
    });
    const n = get(s, 'h.com', '/n');
    const p = get(s, 'h.com', '/p');
    expect(n.kind === 'route' && n.action.type === 'forward' && n.action.backends[0]).toMatchObject({ key: 'demo/multi:admin', endpointPortName: 'admin', port: 9000 });
    expect(p.kind === 'route' && p.action.type === 'forward' && p.action.backends[0]).toMatchObject({ key: 'demo/multi:http', endpointPortName: 'http', port: 80 });
    expect(s.backends.get('demo/multi:admin')).toMatchObject({ targetPort: 'admin', service: 'multi' });
  });

  it('an unnamed single port keys by number with endpointPortName ""', () => {
    const s = buildSnapshot({ services: [svc('demo', 'plain', [{ port: 8080 }])], ingresses: [ingress('demo', 'x', [{ paths: [{ service: 'plain', port: 8080 }] }])] });
    const r = get(s, 'h', '/');
    expect(r.kind === 'route' && r.action.type === 'forward' && r.action.backends[0]).toMatchObject({ key: 'demo/plain:8080', endpointPortName: '' });
  });

  it('a missing Service or port answers 503 with a diagnostic, other paths serve', () => {
    const s = snap({ ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/gone', service: 'nope' }, { path: '/badport', port: 81 }, { path: '/ok' }] }])] });
    const r = get(s, 'h.com', '/gone');
    expect(r.kind === 'route' && r.action).toMatchObject({ type: 'direct-response', status: 503 });
    expect(get(s, 'h.com', '/badport')).toMatchObject({ action: { type: 'direct-response', status: 503 } });
    expect(svcOf(get(s, 'h.com', '/ok'))).toBe('echo');
    expect(s.diagnostics.filter((d) => d.reason === 'BackendNotFound')).toHaveLength(2);
  });

  it('resource backends are unsupported: diagnostic, path not served', () => {
    const ing = ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/' }] }]);
    ing.spec!.rules![0].http!.paths![0].backend = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'b' } };
    const s = snap({ ingresses: [ing] });
    expect(get(s, 'h.com', '/').kind).toBe('no-match');
    expect(s.diagnostics[0].reason).toBe('UnsupportedBackend');
  });
});

describe('Ingress TLS', () => {
  const state: ClusterState = {
    secrets: [tlsSecret('demo', 'foo-tls'), tlsSecret('demo', 'wild-tls')],
    ingresses: [
      ingress('demo', 'x', [{ host: 'foo.com', paths: [{ path: '/' }] }, { host: 'plain.com', paths: [{ path: '/' }] }], {
        tls: [{ hosts: ['foo.com'], secretName: 'foo-tls' }, { hosts: ['*.wild.com'], secretName: 'wild-tls' }, { hosts: ['gone.com'], secretName: 'missing' }],
      }),
    ],
  };
  it('indexes certificates by SNI (exact and one-label wildcard)', () => {
    const s = snap(state);
    expect(s.certificates.lookup('foo.com')?.key).toBe('demo/foo-tls');
    expect(s.certificates.lookup('FOO.COM')?.key).toBe('demo/foo-tls');
    expect(s.certificates.lookup('a.wild.com')?.key).toBe('demo/wild-tls');
    expect(s.certificates.lookup('nothing.org')).toBeUndefined();
    expect(s.certificates.lookup('foo.com')?.certPem).toContain('BEGIN CERTIFICATE');
    expect(s.diagnostics.find((d) => d.reason === 'TLSSecretInvalid')?.message).toContain('demo/missing');
  });
  it('redirects plain HTTP to HTTPS (308) for TLS hosts, naming the HTTPS port', () => {
    const s = snap(state);
    expect(get(s, 'foo.com', '/a?b=1')).toMatchObject({ action: { type: 'redirect', status: 308 }, location: 'https://foo.com:8443/a?b=1' });
    expect(get(s, 'foo.com', '/a', { scheme: 'https' })).toMatchObject({ action: { type: 'forward' } });
    expect(svcOf(get(s, 'plain.com', '/'))).toBe('echo');
  });
  it('behind a Service publishing 443 for the HTTPS listener (GATEWAY_PUBLIC_HTTPS_PORT), the Location names no port', () => {
    const s = buildSnapshot({ services, ...state }, { httpPort: 8080, httpsPort: 8443, publicHttpPort: 80, publicHttpsPort: 443 });
    expect(get(s, 'foo.com', '/a?b=1')).toMatchObject({ action: { type: 'redirect', status: 308 }, location: 'https://foo.com/a?b=1' });
    const odd = buildSnapshot({ services, ...state }, { httpPort: 8080, httpsPort: 8443, publicHttpsPort: 30443 });
    expect(get(odd, 'foo.com', '/')).toMatchObject({ location: 'https://foo.com:30443/' });
  });
  it('leaves the port out of the Location when HTTPS is on 443', () => {
    const s = buildSnapshot({ services, ...state }, { httpPort: 80, httpsPort: 443 });
    expect(get(s, 'foo.com', '/')).toMatchObject({ location: 'https://foo.com/' });
  });
  it('ssl-redirect=false disables it; force-ssl-redirect forces it without TLS', () => {
    const off = ingress('demo', 'x', [{ host: 'foo.com', paths: [{ path: '/' }] }], { tls: [{ hosts: ['foo.com'], secretName: 'foo-tls' }], annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } });
    expect(svcOf(get(snap({ ingresses: [off] }), 'foo.com', '/'))).toBe('echo');
    const force = ingress('demo', 'y', [{ host: 'bar.com', paths: [{ path: '/' }] }], { annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } });
    expect(get(snap({ ingresses: [force] }), 'bar.com', '/')).toMatchObject({ action: { type: 'redirect', status: 308 } });
  });
});

describe('Ingress status', () => {
  it('publishes the load balancer address for served Ingresses only', () => {
    const state: ClusterState = {
      services,
      ingresses: [
        ingress('demo', 'ok', [{ paths: [{}] }]),
        ingress('demo', 'snippet', [{ paths: [{}] }], { annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "x: y";' } }),
        ingress('demo', 'theirs', [{ paths: [{}] }], { className: 'nginx' }),
      ],
    };
    const st = computeStatuses(state, buildSnapshot(state, { loadBalancerAddress: { ip: '127.0.0.9' } }));
    expect(st.ingresses).toEqual([
      { namespace: 'demo', name: 'ok', served: true, loadBalancer: { ingress: [{ ip: '127.0.0.9' }] } },
      { namespace: 'demo', name: 'snippet', served: false, loadBalancer: { ingress: [] } },
    ]);
    // computeStatuses without a snapshot rebuilds (same answer)
    expect(computeStatuses(state).ingresses.map((i) => i.name)).toEqual(['ok', 'snippet']);
  });
});

describe('request targets in match()', () => {
  const s = snap({ ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/a', service: 'a' }, { path: '/admin', service: 'b', pathType: 'Exact' }] }])] });
  it('answers 400 for a malformed target', () => {
    expect(get(s, 'h.com', '/a%zz')).toMatchObject({ kind: 'bad-request', status: 400 });
    expect(get(s, 'h.com', 'no-slash')).toMatchObject({ kind: 'bad-request' });
  });
  it('matches and forwards the normalised path, so dot-segments cannot dodge a rule', () => {
    expect(get(s, 'h.com', '/x/../admin')).toMatchObject({ route: { name: 'x' }, upstreamPath: '/admin' });
    expect(svcOf(get(s, 'h.com', '/%61dmin'))).toBe('b');
    expect(get(s, 'h.com', '/a/%2e%2e/admin?x=%2F')).toMatchObject({ upstreamPath: '/admin?x=%2F' });
  });
  it('keeps %2F inside a segment: /a%2Fb is not under the /a prefix', () => {
    expect(get(s, 'h.com', '/a%2Fb').kind).toBe('no-match');
    expect(get(s, 'h.com', '/a/b%2Fc')).toMatchObject({ upstreamPath: '/a/b%2Fc' });
  });
});
