import { SUPPORTED_FEATURES_STATUS } from './features';
import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import { hostWithin, intersectHostnames } from './hostnames';
import { parseDuration } from './route-compile';
import type { ClusterState, ForwardAction, HTTPRouteInput, Listener, MatchRequest, MatchResult, RoutingOptions, RoutingSnapshot } from './types';
import { GATEWAY_CLASS, gateway, grpcRoute, httpRoute, svc, tlsSecret } from './fixtures';

const services = ['a', 'b', 'c', 'd'].map((n) => svc('web', n)).concat([svc('other', 'x'), svc('web', 'g', [{ name: 'grpc', port: 50051, appProtocol: 'kubernetes.io/h2c' }])]);
const HTTP: Listener = { name: 'http', port: 80, protocol: 'HTTP' };
const gw = gateway('web', 'gw', [HTTP]);
const parent = [{ name: 'gw' }];
const be = (name: string, weight?: number, port = 80) => ({ name, port, ...(weight !== undefined ? { weight } : {}) });

function snap(state: ClusterState, opts: RoutingOptions = { httpPort: 8080, httpsPort: 8443 }): RoutingSnapshot {
  return buildSnapshot({ services, gatewayClasses: [GATEWAY_CLASS], gateways: [gw], ...state }, opts);
}
function req(s: RoutingSnapshot, path: string, extra: Partial<MatchRequest> = {}): MatchResult {
  return s.match({ method: 'GET', scheme: 'http', host: 'shop.example.com', path, ...extra });
}
function fwd(r: MatchResult): ForwardAction {
  if (r.kind !== 'route' || r.action.type !== 'forward') throw new Error(`not a forward: ${JSON.stringify(r)}`);
  return r.action;
}
const svcOf = (r: MatchResult) => (r.kind === 'route' && r.action.type === 'forward' ? r.action.backends.map((b) => b.service).join('+') : r.kind === 'route' ? r.action.type : r.kind);

describe('hostname helpers', () => {
  it.each([
    ['a.example.com', '*.example.com', true],
    ['a.b.example.com', '*.example.com', true],
    ['example.com', '*.example.com', false],
    ['*.a.example.com', '*.example.com', true],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', 'a.example.com', false],
  ])('%s within %s -> %s', (a, b, want) => expect(hostWithin(a, b)).toBe(want));
  it.each([
    [undefined, [], ['*']],
    [undefined, ['a.com'], ['a.com']],
    ['test.example.com', [], ['test.example.com']],
    ['test.example.com', ['*.example.com'], ['test.example.com']],
    ['test.example.com', ['other.com'], []],
    ['*.example.com', ['foo.test.example.com', 'other.org', '*.example.com'], ['foo.test.example.com', '*.example.com']],
    ['*.example.com', ['*.com'], ['*.example.com']],
  ] as Array<[string | undefined, string[], string[]]>)('listener %s x route %j -> %j', (l, r, want) => expect(intersectHostnames(l, r)).toEqual(want));
  it('parses Gateway API durations', () => {
    expect(parseDuration('10s')).toBe(10000);
    expect(parseDuration('1h2m3s4ms')).toBe(3723004);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('1.5s')).toBeUndefined();
  });
});

describe('listeners and ports', () => {
  it('maps 80 -> httpPort, 443 -> httpsPort, >=1024 kept, else 8000+P', () => {
    const g = gateway('web', 'gw', [HTTP, { name: 'alt', port: 9090, protocol: 'HTTP' }, { name: 'low', port: 81, protocol: 'HTTP' }]);
    const route = httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] });
    const s = snap({ gateways: [g], httpRoutes: [route] });
    expect(s.listeners.map((l) => l.port)).toEqual([8080, 8081, 8443, 9090]);
    for (const port of [8080, 8081, 9090]) expect(svcOf(req(s, '/', { port }))).toBe('a');
    expect(req(s, '/', { port: 9999 }).kind).toBe('no-match');
  });
  it('ignores Gateways of another class', () => {
    const s = snap({ gateways: [gateway('web', 'gw', [HTTP], 'other')], httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] })] });
    expect(req(s, '/').kind).toBe('no-match');
    expect(computeStatuses({}, s).gateways).toEqual([]);
  });
  it('HTTPS listener terminates TLS with its certificateRefs (ReferenceGrant across namespaces)', () => {
    const https: Listener = { name: 'https', port: 443, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'wild', namespace: 'certs' }] } };
    const g = gateway('web', 'gw', [HTTP, https]);
    const route = httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] });
    const denied = snap({ gateways: [g], httpRoutes: [route], secrets: [tlsSecret('certs', 'wild')] });
    const st = computeStatuses({}, denied).gateways[0].listeners.find((l) => l.name === 'https')!;
    expect(st.conditions.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'RefNotPermitted' });
    expect(denied.certificates.lookup('a.example.com')).toBeUndefined();
    const grant = { metadata: { name: 'g', namespace: 'certs' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'web' }], to: [{ group: '', kind: 'Secret' }] } };
    const ok = snap({ gateways: [g], httpRoutes: [route], secrets: [tlsSecret('certs', 'wild')], referenceGrants: [grant] });
    expect(ok.certificates.lookup('a.b.example.com')?.key).toBe('certs/wild');
    expect(svcOf(req(ok, '/', { scheme: 'https', host: 'x.example.com' }))).toBe('a');
    const lst = computeStatuses({}, ok).gateways[0].listeners;
    expect(lst.map((l) => [l.name, l.attachedRoutes])).toEqual([['http', 1], ['https', 1]]);
  });
  it('reports an unsupported protocol on the listener', () => {
    const g = gateway('web', 'gw', [HTTP, { name: 'udp', port: 5353, protocol: 'UDP' }]);
    const st = computeStatuses({}, snap({ gateways: [g] })).gateways[0];
    expect(st.listeners[1].conditions.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'False', reason: 'UnsupportedProtocol' });
    expect(st.conditions.find((c) => c.type === 'Programmed')?.status).toBe('True');
    expect(st.addresses).toEqual([{ type: 'IPAddress', value: '127.0.0.1' }]);
  });
});

describe('route attachment and status', () => {
  const accepted = (s: RoutingSnapshot, name = 'r') => computeStatuses({}, s).routes.find((r) => r.name === name)!.parents[0].conditions;
  it('Accepted + ResolvedRefs for a plain route', () => {
    const s = snap({ httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] })] });
    expect(accepted(s).map((c) => [c.type, c.status, c.reason])).toEqual([['Accepted', 'True', 'Accepted'], ['ResolvedRefs', 'True', 'ResolvedRefs']]);
    expect(computeStatuses({}, s).routes[0].parents[0].controllerName).toBe('portico.dev/gateway-controller');
  });
  it('NotAllowedByListeners from another namespace unless from: All / Selector', () => {
    const r = httpRoute('other', 'r', { parentRefs: [{ name: 'gw', namespace: 'web' }], rules: [{ backendRefs: [be('x')] }] });
    const s = snap({ httpRoutes: [r] });
    expect(accepted(s)[0]).toMatchObject({ status: 'False', reason: 'NotAllowedByListeners' });
    expect(req(s, '/').kind).toBe('no-match');
    const all = snap({ gateways: [gateway('web', 'gw', [{ ...HTTP, allowedRoutes: { namespaces: { from: 'All' } } }])], httpRoutes: [r] });
    expect(svcOf(req(all, '/'))).toBe('x');
    const sel = gateway('web', 'gw', [{ ...HTTP, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'x' } } } } }]);
    expect(svcOf(req(snap({ gateways: [sel], httpRoutes: [r], namespaces: [{ metadata: { name: 'other', labels: { team: 'x' } } }] }), '/'))).toBe('x');
    expect(req(snap({ gateways: [sel], httpRoutes: [r], namespaces: [{ metadata: { name: 'other', labels: { team: 'y' } } }] }), '/').kind).toBe('no-match');
  });
  it('allowedRoutes.kinds without HTTPRoute refuses HTTPRoutes', () => {
    const g = gateway('web', 'gw', [{ ...HTTP, allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } }]);
    const s = snap({ gateways: [g], httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] })] });
    expect(accepted(s)[0]).toMatchObject({ status: 'False', reason: 'NotAllowedByListeners' });
  });
  it('NoMatchingParent for an unknown sectionName or port', () => {
    const s = snap({ httpRoutes: [httpRoute('web', 'r', { parentRefs: [{ name: 'gw', sectionName: 'nope' }], rules: [{ backendRefs: [be('a')] }] })] });
    expect(accepted(s)[0]).toMatchObject({ status: 'False', reason: 'NoMatchingParent' });
    const p = snap({ httpRoutes: [httpRoute('web', 'r', { parentRefs: [{ name: 'gw', port: 81 }], rules: [{ backendRefs: [be('a')] }] })] });
    expect(accepted(p)[0].reason).toBe('NoMatchingParent');
    const ok = snap({ httpRoutes: [httpRoute('web', 'r', { parentRefs: [{ name: 'gw', sectionName: 'http', port: 80 }], rules: [{ backendRefs: [be('a')] }] })] });
    expect(accepted(ok)[0].status).toBe('True');
  });
  it('NoMatchingListenerHostname when hostnames do not intersect', () => {
    const g = gateway('web', 'gw', [{ ...HTTP, hostname: '*.example.com' }]);
    const s = snap({ gateways: [g], httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, hostnames: ['other.org'], rules: [{ backendRefs: [be('a')] }] })] });
    expect(accepted(s)[0]).toMatchObject({ status: 'False', reason: 'NoMatchingListenerHostname' });
  });
  it('routes only the intersection of listener and route hostnames', () => {
    const g = gateway('web', 'gw', [{ ...HTTP, hostname: '*.example.com' }]);
    const s = snap({ gateways: [g], httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, hostnames: ['shop.example.com', 'other.org'], rules: [{ backendRefs: [be('a')] }] })] });
    expect(svcOf(req(s, '/'))).toBe('a');
    expect(req(s, '/', { host: 'other.org' }).kind).toBe('no-match');
    expect(req(s, '/', { host: 'x.example.com' }).kind).toBe('no-match');
  });
  it('listener wildcard without route hostnames matches several labels', () => {
    const g = gateway('web', 'gw', [{ ...HTTP, hostname: '*.example.com' }]);
    const s = snap({ gateways: [g], httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] })] });
    expect(svcOf(req(s, '/', { host: 'a.b.example.com' }))).toBe('a');
    expect(req(s, '/', { host: 'example.com' }).kind).toBe('no-match');
  });
});

describe('matching and precedence', () => {
  const route = (name: string, rules: NonNullable<HTTPRouteInput['spec']>['rules'], created?: string) => httpRoute('web', name, { parentRefs: parent, rules }, created);
  it('path types: Exact, PathPrefix element-wise, RegularExpression full match', () => {
    const s = snap({
      httpRoutes: [
        route('r', [
          { matches: [{ path: { type: 'Exact', value: '/exact' } }], backendRefs: [be('a')] },
          { matches: [{ path: { type: 'PathPrefix', value: '/pre/' } }], backendRefs: [be('b')] },
          { matches: [{ path: { type: 'RegularExpression', value: '/items/[0-9]+' } }], backendRefs: [be('c')] },
        ]),
      ],
    });
    expect(svcOf(req(s, '/exact'))).toBe('a');
    expect(req(s, '/exact/').kind).toBe('no-match');
    expect(svcOf(req(s, '/pre'))).toBe('b');
    expect(svcOf(req(s, '/pre/x'))).toBe('b');
    expect(req(s, '/prefix').kind).toBe('no-match');
    expect(svcOf(req(s, '/items/42'))).toBe('c');
    expect(req(s, '/items/42/x').kind).toBe('no-match');
  });
  it('exact > longest prefix > method > most headers > most query params, across routes', () => {
    const s = snap({
      httpRoutes: [
        route('r1', [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [be('a')] }]),
        route('r2', [{ matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'X-A', value: '1' }] }], backendRefs: [be('b')] }]),
        route('r3', [{ matches: [{ path: { type: 'PathPrefix', value: '/api' }, method: 'POST' }], backendRefs: [be('c')] }]),
        route('r4', [{ matches: [{ path: { type: 'PathPrefix', value: '/api' }, queryParams: [{ name: 'v', value: '2' }], headers: [{ name: 'x-a', value: '1' }, { name: 'x-b', value: '1' }] }], backendRefs: [be('d')] }]),
      ],
    });
    expect(svcOf(req(s, '/api', { method: 'POST', headers: { 'x-a': '1', 'x-b': '1' } }))).toBe('c');
    expect(svcOf(req(s, '/api?v=2', { headers: { 'x-a': '1', 'x-b': '1' } }))).toBe('d');
    expect(svcOf(req(s, '/api?v=3', { headers: { 'x-a': '1', 'x-b': '1' } }))).toBe('b');
    expect(svcOf(req(s, '/api', { headers: { 'x-a': '2' } }))).toBe('a');
  });
  it('ties: oldest route, then namespace/name, then rule order', () => {
    const m = [{ path: { type: 'PathPrefix' as const, value: '/same' } }];
    const s = snap({ httpRoutes: [route('newer', [{ matches: m, backendRefs: [be('b')] }], '2026-02-02T00:00:00Z'), route('older', [{ matches: m, backendRefs: [be('a')] }], '2026-02-01T00:00:00Z')] });
    expect(svcOf(req(s, '/same'))).toBe('a');
    const t = '2026-03-01T00:00:00Z';
    const s2 = snap({ httpRoutes: [route('zz', [{ matches: m, backendRefs: [be('b')] }], t), route('aa', [{ matches: m, backendRefs: [be('a')] }], t)] });
    expect(svcOf(req(s2, '/same'))).toBe('a');
    const s3 = snap({ httpRoutes: [route('r', [{ matches: m, backendRefs: [be('c')] }, { matches: m, backendRefs: [be('d')] }])] });
    expect(svcOf(req(s3, '/same'))).toBe('c');
  });
  it('precise hostname beats wildcard, which beats no hostname', () => {
    const s = snap({
      httpRoutes: [
        httpRoute('web', 'any', { parentRefs: parent, rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/long/path' } }], backendRefs: [be('c')] }] }),
        httpRoute('web', 'wild', { parentRefs: parent, hostnames: ['*.example.com'], rules: [{ backendRefs: [be('b')] }] }),
        httpRoute('web', 'exact', { parentRefs: parent, hostnames: ['shop.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/x' } }], backendRefs: [be('a')] }] }),
      ],
    });
    expect(svcOf(req(s, '/x'))).toBe('a');
    expect(svcOf(req(s, '/long/path'))).toBe('b'); // the wildcard host wins over a longer path on no hostname
    expect(svcOf(req(s, '/long/path', { host: 'unknown.org' }))).toBe('c');
    expect(svcOf(req(s, '/y', { host: 'deep.shop.example.com' }))).toBe('b');
  });
  it('header names are case-insensitive, values exact; regex headers full-match; headers as a getter work', () => {
    const s = snap({ httpRoutes: [route('r', [{ matches: [{ headers: [{ name: 'X-Env', value: 'Prod' }] }], backendRefs: [be('a')] }, { matches: [{ headers: [{ type: 'RegularExpression', name: 'x-v', value: 'v[0-9]' }] }], backendRefs: [be('b')] }])] });
    expect(svcOf(req(s, '/', { headers: { 'x-env': 'Prod' } }))).toBe('a');
    expect(req(s, '/', { headers: { 'x-env': 'prod' } }).kind).toBe('no-match');
    expect(svcOf(req(s, '/', { headers: (n) => (n === 'x-v' ? 'v7' : undefined) }))).toBe('b');
    expect(req(s, '/', { headers: { 'x-v': 'v77' } }).kind).toBe('no-match');
  });
  it('query params: exact, first occurrence, percent-decoded', () => {
    const s = snap({ httpRoutes: [route('r', [{ matches: [{ queryParams: [{ name: 'q', value: 'a b' }] }], backendRefs: [be('a')] }])] });
    expect(svcOf(req(s, '/?q=a%20b'))).toBe('a');
    expect(svcOf(req(s, '/?x=1&q=a+b&q=zz'))).toBe('a');
    expect(req(s, '/?q=zz&q=a%20b').kind).toBe('no-match');
  });
  it('an invalid regex drops that rule (PartiallyInvalid) and keeps the others', () => {
    const s = snap({ httpRoutes: [route('r', [{ matches: [{ path: { type: 'RegularExpression', value: '/(' } }], backendRefs: [be('a')] }, { backendRefs: [be('b')] }])] });
    expect(svcOf(req(s, '/('))).toBe('b');
    const conds = computeStatuses({}, s).routes[0].parents[0].conditions;
    expect(conds.find((c) => c.type === 'PartiallyInvalid')).toMatchObject({ status: 'True', reason: 'UnsupportedValue' });
    expect(s.diagnostics[0].message).toContain('regular expression');
    const all = snap({ httpRoutes: [route('r', [{ matches: [{ path: { type: 'RegularExpression', value: '/(' } }], backendRefs: [be('a')] }])] });
    expect(computeStatuses({}, all).routes[0].parents[0].conditions[0]).toMatchObject({ type: 'Accepted', status: 'False', reason: 'UnsupportedValue' });
  });
});

describe('backends', () => {
  const one = (rules: NonNullable<HTTPRouteInput['spec']>['rules'], ns = 'web') => httpRoute(ns, 'r', { parentRefs: [{ name: 'gw', namespace: 'web' }], rules });
  it('weights; weight 0 is never used', () => {
    const a = fwd(req(snap({ httpRoutes: [one([{ backendRefs: [be('a', 3), be('b', 1), be('c', 0)] }])] }), '/'));
    expect(a.backends.map((b) => [b.service, b.weight])).toEqual([['a', 3], ['b', 1]]);
    expect(a.totalWeight).toBe(4);
  });
  it('all backends invalid -> 500; some invalid -> kept with `invalid` so their share gets 500', () => {
    const s = snap({ httpRoutes: [one([{ backendRefs: [be('missing')] }])] });
    expect(req(s, '/')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
    expect(computeStatuses({}, s).routes[0].parents[0].conditions[1]).toMatchObject({ type: 'ResolvedRefs', status: 'False', reason: 'BackendNotFound' });
    const mixed = fwd(req(snap({ httpRoutes: [one([{ backendRefs: [be('a'), be('missing')] }])] }), '/'));
    expect(mixed.backends.map((b) => !!b.invalid)).toEqual([false, true]);
    expect(req(snap({ httpRoutes: [one([{}])] }), '/')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
  });
  it('cross-namespace backendRef needs a ReferenceGrant (RefNotPermitted otherwise)', () => {
    const r = one([{ backendRefs: [{ name: 'x', namespace: 'other', port: 80 }] }]);
    const s = snap({ httpRoutes: [r] });
    expect(req(s, '/')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
    expect(computeStatuses({}, s).routes[0].parents[0].conditions[1].reason).toBe('RefNotPermitted');
    const grant = { metadata: { name: 'g', namespace: 'other' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'web' }], to: [{ group: '', kind: 'Service', name: 'x' }] } };
    expect(svcOf(req(snap({ httpRoutes: [r], referenceGrants: [grant] }), '/'))).toBe('x');
  });
  it('a non-Service backend kind is InvalidKind', () => {
    const s = snap({ httpRoutes: [one([{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b', port: 80 }] }])] });
    expect(computeStatuses({}, s).routes[0].parents[0].conditions[1].reason).toBe('InvalidKind');
  });
  it('backendRef-level header filters and appProtocol h2c', () => {
    const a = fwd(req(snap({ httpRoutes: [one([{ backendRefs: [{ ...be('g', 1, 50051), filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-B', value: '1' }] } }] }] }])] }), '/'));
    expect(a.backends[0]).toMatchObject({ protocol: 'H2C', key: 'web/g:grpc', requestHeaders: { set: [['X-B', '1']] } });
  });
});

describe('filters and timeouts', () => {
  const one = (rule: NonNullable<NonNullable<HTTPRouteInput['spec']>['rules']>[number]) => httpRoute('web', 'r', { parentRefs: parent, rules: [rule] });
  it('header modifiers, URL rewrite (prefix and full), host rewrite', () => {
    const s = snap({
      httpRoutes: [
        httpRoute('web', 'r', {
          parentRefs: parent,
          rules: [
            {
              matches: [{ path: { type: 'PathPrefix', value: '/old' } }],
              filters: [
                { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Set', value: 'v' }], add: [{ name: 'X-Add', value: 'w' }], remove: ['X-Gone'] } },
                { type: 'ResponseHeaderModifier', responseHeaderModifier: { add: [{ name: 'X-Resp', value: '1' }] } },
                { type: 'URLRewrite', urlRewrite: { hostname: 'internal.svc', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } } },
              ],
              backendRefs: [be('a')],
            },
            { matches: [{ path: { type: 'PathPrefix', value: '/strip' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }], backendRefs: [be('a')] },
            { matches: [{ path: { type: 'PathPrefix', value: '/full' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/fixed' } } }], backendRefs: [be('a')] },
          ],
        }),
      ],
    });
    const r = req(s, '/old/x?q=1');
    expect(r).toMatchObject({ upstreamPath: '/new/x?q=1' });
    const a = fwd(r);
    expect(a.requestHeaders).toEqual({ set: [['X-Set', 'v']], add: [['X-Add', 'w']], remove: ['x-gone'] });
    expect(a.responseHeaders?.add).toEqual([['X-Resp', '1']]);
    expect(a.hostRewrite).toBe('internal.svc');
    expect(req(s, '/old')).toMatchObject({ upstreamPath: '/new' });
    expect(req(s, '/strip')).toMatchObject({ upstreamPath: '/' });
    expect(req(s, '/strip/')).toMatchObject({ upstreamPath: '/' });
    expect(req(s, '/strip/a/b')).toMatchObject({ upstreamPath: '/a/b' });
    expect(req(s, '/full/zzz?k=v')).toMatchObject({ upstreamPath: '/fixed?k=v' });
  });
  it.each([
    [{ scheme: 'https' }, 'http', 'https://shop.example.com:8443/p?x=1', 302],
    [{ scheme: 'https', statusCode: 301 }, 'http', 'https://shop.example.com:8443/p?x=1', 301],
    [{ hostname: 'new.example.com' }, 'http', 'http://new.example.com:8080/p?x=1', 302],
    [{ port: 9090 }, 'http', 'http://shop.example.com:9090/p?x=1', 302],
    [{ path: { type: 'ReplaceFullPath', replaceFullPath: '/moved' } }, 'http', 'http://shop.example.com:8080/moved?x=1', 302],
    [{ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } }, 'http', 'http://shop.example.com:8080/v2?x=1', 302],
  ] as const)('RequestRedirect %j', (rr, scheme, location, status) => {
    const s = snap({ httpRoutes: [one({ matches: [{ path: { type: 'PathPrefix', value: '/p' } }], filters: [{ type: 'RequestRedirect', requestRedirect: rr as never }] })] });
    expect(req(s, '/p?x=1', { scheme })).toMatchObject({ action: { type: 'redirect', status }, location });
  });
  it('redirect ports are left out when they are the scheme default', () => {
    const s = snap({ httpRoutes: [one({ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] })] }, { httpPort: 80, httpsPort: 443 });
    expect(req(s, '/a', { port: 80 })).toMatchObject({ location: 'https://shop.example.com/a' });
  });
  // Deployed behind a Service (80 -> 8080, 443 -> 8443): Location names the Service's ports,
  // i.e. none; an explicit port stays what the route says.
  it.each([
    [{ scheme: 'https' }, 'http', 'https://shop.example.com/p?x=1'],
    [{ hostname: 'new.example.com' }, 'http', 'http://new.example.com/p?x=1'],
    [{ port: 443, scheme: 'https' }, 'http', 'https://shop.example.com/p?x=1'],
    [{ port: 9090 }, 'http', 'http://shop.example.com:9090/p?x=1'],
    [{ path: { type: 'ReplaceFullPath', replaceFullPath: '/moved' } }, 'http', 'http://shop.example.com/moved?x=1'],
  ] as const)('RequestRedirect %j from %s behind a Service publishing 80/443', (rr, scheme, location) => {
    const routes = { httpRoutes: [one({ matches: [{ path: { type: 'PathPrefix', value: '/p' } }], filters: [{ type: 'RequestRedirect', requestRedirect: rr as never }] })] };
    const s = snap(routes, { httpPort: 8080, httpsPort: 8443, publicHttpPort: 80, publicHttpsPort: 443 });
    expect(req(s, '/p?x=1', { scheme, port: 8080 })).toMatchObject({ action: { type: 'redirect' }, location });
  });
  it('public ports other than 80/443 are named in the Location', () => {
    const routes = { httpRoutes: [one({ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https' } }] })] };
    const s = snap(routes, { httpPort: 8080, httpsPort: 8443, publicHttpPort: 30080, publicHttpsPort: 30443 });
    expect(req(s, '/a')).toMatchObject({ location: 'https://shop.example.com:30443/a' });
  });
  it('RequestMirror with percent, timeouts', () => {
    const s = snap({
      httpRoutes: [one({ filters: [{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'b', port: 80 }, percent: 25 } }], backendRefs: [be('a')], timeouts: { request: '10s', backendRequest: '2s' } })],
    });
    const a = fwd(req(s, '/'));
    expect(a.mirrors.map((m) => [m.backend.service, m.percent])).toEqual([['b', 25]]);
    expect(a.policy).toMatchObject({ requestTimeoutMs: 10000, backendRequestTimeoutMs: 2000 });
    expect(s.backends.has('web/b:http')).toBe(true);
  });
  it('an unsupported filter answers 500 rather than being skipped', () => {
    const s = snap({ httpRoutes: [one({ filters: [{ type: 'ExtensionRef', extensionRef: { group: '', kind: 'Auth', name: 'x' } }], backendRefs: [be('a')] })] });
    expect(req(s, '/')).toMatchObject({ action: { type: 'direct-response', status: 500 } });
  });
});

describe('GRPCRoute', () => {
  const r = grpcRoute('web', 'g', {
    parentRefs: parent,
    rules: [
      { matches: [{ method: { service: 'pkg.Greeter', method: 'SayHello' } }], backendRefs: [be('g', 1, 50051)] },
      { matches: [{ method: { service: 'pkg.Other' } }], backendRefs: [be('a', 1, 80)] },
      { matches: [{ method: { type: 'RegularExpression', service: 'pkg\\..*', method: 'Get.*' } }], backendRefs: [be('b', 1, 80)] },
    ],
  });
  it('matches service/method and forwards over HTTP/2', () => {
    const s = snap({ grpcRoutes: [r] });
    const post = (path: string) => req(s, path, { method: 'POST', headers: { 'content-type': 'application/grpc' } });
    const a = fwd(post('/pkg.Greeter/SayHello'));
    expect(a.backends[0]).toMatchObject({ service: 'g', protocol: 'GRPC' });
    expect(svcOf(post('/pkg.Other/Anything'))).toBe('a');
    expect(svcOf(post('/pkg.X/GetThing'))).toBe('b');
    expect(fwd(post('/pkg.Other/Anything')).backends[0].protocol).toBe('GRPC');
    expect(post('/pkg.Greeter/Other').kind).toBe('no-match');
    expect(computeStatuses({}, s).routes[0]).toMatchObject({ kind: 'GRPCRoute', parents: [{ conditions: [{ type: 'Accepted', status: 'True' }, { type: 'ResolvedRefs', status: 'True' }] }] });
  });
});

describe('GatewayClass status', () => {
  it('accepts only classes with our controllerName', () => {
    const st = computeStatuses({}, snap({ gatewayClasses: [GATEWAY_CLASS, { metadata: { name: 'other' }, spec: { controllerName: 'example.com/x' } }] }));
    expect(st.gatewayClasses).toEqual([{ name: 'portico', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Handled by Portico' }], supportedFeatures: SUPPORTED_FEATURES_STATUS }]);
  });

  it('lists supportedFeatures sorted by name (GEP-2162), the one list in lib/routing/features.ts', () => {
    const names = SUPPORTED_FEATURES_STATUS.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    for (const f of ['Gateway', 'HTTPRoute', 'HTTPRouteCORS', 'HTTPRouteRequestPercentageMirror', 'HTTPRouteRetry', 'HTTPRouteNamedRouteRule', 'ListenerSet']) expect(names).toContain(f);
    for (const f of ['BackendTLSPolicy', 'UDPRoute', 'TLSRouteModeTerminate', 'GatewayFrontendClientCertificateValidation']) expect(names).not.toContain(f);
  });
});

describe('attachedRoutes', () => {
  it('counts a route once per listener even with two parentRefs to it', () => {
    const r = httpRoute('web', 'r', { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'http' }], rules: [{ backendRefs: [be('a')] }] });
    const r2 = httpRoute('web', 'r2', { parentRefs: parent, hostnames: ['b.com'], rules: [{ backendRefs: [be('b')] }] });
    const st = computeStatuses({}, snap({ httpRoutes: [r, r2] }));
    expect(st.gateways[0].listeners[0].attachedRoutes).toBe(2);
    expect(st.routes.find((x) => x.name === 'r')!.parents).toHaveLength(2);
  });
});

describe('listener ports that cannot be served', () => {
  it('an HTTPS listener without a usable certificate claims no port; HTTP on 443 conflicts with HTTPS', () => {
    const g = gateway('web', 'gw', [HTTP, { name: 'tls', port: 9443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'missing' }] } }, { name: 'plain443', port: 443, protocol: 'HTTP' }]);
    const s = snap({ gateways: [g] });
    expect(s.listeners.map((l) => `${l.port}/${l.protocol}`)).toEqual(['8080/HTTP', '8443/HTTPS']);
    const ls = computeStatuses({}, s).gateways[0].listeners;
    expect(ls[1].conditions.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidCertificateRef' });
    expect(ls[1].conditions.find((c) => c.type === 'Programmed')?.status).toBe('False');
    expect(ls[2].conditions.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'False', reason: 'PortUnavailable' });
    expect(ls[2].conditions.find((c) => c.type === 'Conflicted')).toMatchObject({ status: 'True', reason: 'ProtocolConflict' });
  });
});

describe('Ingress and HTTPRoute on the same port', () => {
  it('share one precedence order (hostname, then path kind and length, then age)', () => {
    const ing = {
      metadata: { name: 'ing', namespace: 'web', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { ingressClassName: 'portico', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix' as const, backend: { service: { name: 'a', port: { number: 80 } } } }] } }] },
    };
    const route = httpRoute('web', 'r', { parentRefs: parent, hostnames: ['shop.example.com'], rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/api/v2' } }], backendRefs: [be('b')] }, { matches: [{ path: { type: 'PathPrefix', value: '/api' } }], backendRefs: [be('c')] }] }, '2026-02-01T00:00:00Z');
    const s = snap({ ingresses: [ing], httpRoutes: [route] });
    expect(svcOf(req(s, '/api/v2/x'))).toBe('b'); // longer prefix wins across kinds
    expect(svcOf(req(s, '/api/v1'))).toBe('a'); // equal prefix: the older object (the Ingress) wins
    expect(svcOf(req(s, '/api/v1', { scheme: 'https' }))).toBe('a'); // Ingress also serves the HTTPS port
    expect(svcOf(req(s, '/api/v2/x', { scheme: 'https' }))).toBe('a'); // the HTTPRoute has no HTTPS listener: only the Ingress there
  });
});

describe('listener hostname conflicts', () => {
  it('two listeners with the same port and hostname are both Conflicted and unserved', () => {
    const g = gateway('web', 'gw', [{ name: 'one', port: 80, protocol: 'HTTP', hostname: 'a.com' }, { name: 'two', port: 80, protocol: 'HTTP', hostname: 'a.com' }, { name: 'three', port: 80, protocol: 'HTTP', hostname: 'b.com' }]);
    const s = snap({ gateways: [g], httpRoutes: [httpRoute('web', 'r', { parentRefs: parent, rules: [{ backendRefs: [be('a')] }] })] });
    const ls = computeStatuses({}, s).gateways[0].listeners;
    expect(ls.map((l) => l.conditions.find((c) => c.type === 'Conflicted')?.reason)).toEqual(['HostnameConflict', 'HostnameConflict', 'NoConflicts']);
    expect(req(s, '/', { host: 'a.com' }).kind).toBe('no-match');
    expect(svcOf(req(s, '/', { host: 'b.com' }))).toBe('a');
  });
});
