import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses, matchSni } from './index';
import type { ClusterState, Listener, ServiceInput, TLSRouteInput } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, nextCreated, svc } from './fixtures';

const PASS = { mode: 'Passthrough' as const };
const TLS: Listener = { name: 'tls', port: 9443, protocol: 'TLS', tls: PASS };
const services: ServiceInput[] = [svc('web', 'a', [{ port: 443 }]), svc('web', 'b', [{ port: 443 }]), svc('web', 'c', [{ port: 443 }])];

function tlsRoute(name: string, hostnames: string[] | undefined, backend: string, extra: Partial<NonNullable<TLSRouteInput['spec']>> = {}): TLSRouteInput {
  return {
    metadata: { name, namespace: 'web', creationTimestamp: nextCreated(), generation: 3 },
    spec: { parentRefs: [{ name: 'gw' }], ...(hostnames ? { hostnames } : {}), rules: [{ backendRefs: [{ name: backend, port: 443 }] }], ...extra },
  };
}
const state = (routes: TLSRouteInput[], listeners: Listener[] = [TLS]): ClusterState => ({ services, gatewayClasses: [GATEWAY_CLASS], gateways: [gateway('web', 'gw', listeners)], tlsRoutes: routes });
const cond = (s: ClusterState, kind: string, name: string, type: string) =>
  computeStatuses(s, buildSnapshot(s))
    .routes.find((r) => r.kind === kind && r.name === name)
    ?.parents[0]?.conditions.find((c) => c.type === type);
const listenerCond = (s: ClusterState, listener: string, type: string) =>
  computeStatuses(s, buildSnapshot(s))
    .gateways[0].listeners.find((l) => l.name === listener)
    ?.conditions.find((c) => c.type === type);

describe('TLS passthrough listeners and TLSRoute', () => {
  it('SNI: exact first, then the longest wildcard (one or more labels), then a route without hostnames; else nothing', () => {
    const s = state([tlsRoute('exact', ['a.example.com'], 'a'), tlsRoute('wild', ['*.example.com'], 'b'), tlsRoute('deeper', ['*.x.example.com'], 'c')]);
    const info = buildSnapshot(s).tlsListeners![0];
    expect(info.port).toBe(9443);
    const to = (sni: string | undefined) => matchSni(info, sni)?.route.name;
    expect(to('a.example.com')).toBe('exact');
    expect(to('A.Example.COM.')).toBe('exact');
    expect(to('b.example.com')).toBe('wild');
    expect(to('q.r.example.com')).toBe('wild');
    expect(to('y.x.example.com')).toBe('deeper');
    expect(to('example.com')).toBeUndefined();
    expect(to('a.example.org')).toBeUndefined();
    expect(to(undefined)).toBeUndefined();
    const any = buildSnapshot(state([tlsRoute('any', undefined, 'a')])).tlsListeners![0];
    expect(matchSni(any, undefined)?.route.name).toBe('any');
    expect(matchSni(any, 'whatever.test')?.route.name).toBe('any');
  });

  it('listener hostname narrows the route: no intersection is NoMatchingListenerHostname', () => {
    const l: Listener = { ...TLS, hostname: '*.example.com' };
    const s = state([tlsRoute('in', ['db.example.com'], 'a'), tlsRoute('out', ['db.example.org'], 'b'), tlsRoute('none', undefined, 'c')], [l]);
    const info = buildSnapshot(s).tlsListeners![0];
    expect(info.routes.map((r) => [r.host, r.route.name])).toEqual([
      ['db.example.com', 'in'],
      ['*.example.com', 'none'],
    ]);
    expect(cond(s, 'TLSRoute', 'out', 'Accepted')).toMatchObject({ status: 'False', reason: 'NoMatchingListenerHostname' });
    expect(cond(s, 'TLSRoute', 'in', 'Accepted')).toMatchObject({ status: 'True' });
  });

  it('the oldest route holds a hostname; a later one left with none is not accepted, naming the holder', () => {
    const s = state([tlsRoute('first', ['a.example.com'], 'a'), tlsRoute('second', ['a.example.com'], 'b')]);
    expect(buildSnapshot(s).tlsListeners![0].routes.map((r) => r.route.name)).toEqual(['first']);
    const c = cond(s, 'TLSRoute', 'second', 'Accepted');
    expect(c).toMatchObject({ status: 'False', reason: 'NotAllowedByListeners' });
    expect(c?.message).toContain('web/first');
  });

  it('backend problems: ResolvedRefs=False BackendNotFound, the ref stays (invalid) in the weighted list', () => {
    const s = state([tlsRoute('gone', ['a.example.com'], 'missing')]);
    expect(cond(s, 'TLSRoute', 'gone', 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });
    expect(buildSnapshot(s).tlsListeners![0].routes[0].backends[0].invalid).toContain('not found');
  });

  it('listener checks: Terminate needs a certificate, same port as HTTP/TCP is PortUnavailable, two TLS listeners share a port by hostname', () => {
    const s = state([], [
      { name: 'term', port: 9444, protocol: 'TLS', tls: { mode: 'Terminate' } },
      { name: 'http', port: 9445, protocol: 'HTTP' },
      { name: 'clash', port: 9445, protocol: 'TLS', hostname: 'c.example.com', tls: PASS },
      { name: 'tcp', port: 9446, protocol: 'TCP' },
      { name: 'clash2', port: 9446, protocol: 'TLS', tls: PASS },
      { name: 'one', port: 9447, protocol: 'TLS', hostname: 'a.example.com', tls: PASS },
      { name: 'two', port: 9447, protocol: 'TLS', hostname: 'b.example.com', tls: PASS },
      { name: 'dup', port: 9447, protocol: 'TLS', hostname: 'b.example.com', tls: PASS },
    ]);
    expect(listenerCond(s, 'term', 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidCertificateRef' });
    expect(listenerCond(s, 'term', 'Programmed')?.status).toBe('False');
    expect(listenerCond(s, 'clash', 'Accepted')).toMatchObject({ status: 'False', reason: 'PortUnavailable' });
    expect(listenerCond(s, 'clash2', 'Accepted')).toMatchObject({ status: 'False', reason: 'PortUnavailable' });
    expect(listenerCond(s, 'one', 'Programmed')?.status).toBe('True');
    expect(listenerCond(s, 'two', 'Programmed')?.status).toBe('True');
    expect(listenerCond(s, 'dup', 'Accepted')).toMatchObject({ status: 'False' });
    const snap = buildSnapshot(s);
    expect(snap.tlsListeners!.map((t) => [t.port, t.listeners.map((l) => l.listener)])).toEqual([[9447, ['one', 'two']]]);
    const supported = computeStatuses(s, snap).gateways[0].listeners.find((l) => l.name === 'one')!.supportedKinds;
    expect(supported).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }]);
  });
});

describe('ExternalName failures fed back by the gateway', () => {
  const ext: ServiceInput = { metadata: { name: 'db', namespace: 'web' }, spec: { type: 'ExternalName', externalName: 'db.example.invalid', ports: [{ port: 443 }] } };
  const failure = { namespace: 'web', service: 'db', externalName: 'db.example.invalid', error: 'ENOTFOUND' };
  const msg = 'ExternalName db.example.invalid for Service web/db does not resolve: ENOTFOUND';

  it('routes using the Service get a diagnostic; Gateway API routes ResolvedRefs=False BackendNotFound; gone when it resolves', () => {
    const base: ClusterState = {
      ...state([tlsRoute('t', ['a.example.com'], 'db')], [TLS, { name: 'http', port: 80, protocol: 'HTTP' }]),
      services: [...services, ext],
      httpRoutes: [httpRoute('web', 'h', { parentRefs: [{ name: 'gw', sectionName: 'http' }], rules: [{ backendRefs: [{ name: 'db', port: 443 }] }] })],
      ingresses: [
        { metadata: { name: 'i', namespace: 'web' }, spec: { ingressClassName: 'portico', rules: [{ host: 'x.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'db', port: { number: 443 } } } }] } }] } },
      ],
    };
    expect(cond(base, 'HTTPRoute', 'h', 'ResolvedRefs')?.status).toBe('True');
    const failing = { ...base, externalNameFailures: [failure] };
    const snap = buildSnapshot(failing);
    const diags = snap.diagnostics.filter((d) => d.reason === 'ExternalNameNotResolved');
    expect(diags.map((d) => `${d.object.kind}/${d.object.name}`).sort()).toEqual(['HTTPRoute/h', 'Ingress/i', 'TLSRoute/t']);
    expect(diags[0].message).toBe(msg);
    expect(cond(failing, 'HTTPRoute', 'h', 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound', message: msg });
    expect(cond(failing, 'TLSRoute', 't', 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });
    // the backend stays valid (503 / closed connection while the name does not resolve)
    expect([...snap.backends.values()].find((b) => b.service === 'db')?.invalid).toBeUndefined();
    // a failure for a name the Service no longer has is stale: ignored
    const edited = { ...failing, services: [...services, { ...ext, spec: { ...ext.spec, externalName: 'localhost' } }] };
    expect(buildSnapshot(edited).diagnostics.some((d) => d.reason === 'ExternalNameNotResolved')).toBe(false);
  });
});
