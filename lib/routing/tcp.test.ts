import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { ClusterState, IngressInput, Listener, ServiceInput, TCPRouteInput } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, nextCreated, svc } from './fixtures';

const TCP: Listener = { name: 'pg', port: 5432, protocol: 'TCP' };
const TCP_LOW: Listener = { name: 'low', port: 23, protocol: 'TCP' };
const HTTP: Listener = { name: 'http', port: 80, protocol: 'HTTP' };
const services = [svc('db', 'pg', [{ name: 'pg', port: 5432, targetPort: 5432 }]), svc('db', 'pg2', [{ port: 5432 }]), svc('other', 'pg', [{ port: 5432 }])];

function tcpRoute(ns: string, name: string, spec: TCPRouteInput['spec']): TCPRouteInput {
  return { metadata: { name, namespace: ns, creationTimestamp: nextCreated(), generation: 2 }, spec };
}
const state = (extra: ClusterState, listeners = [TCP, TCP_LOW, HTTP]): ClusterState => ({
  services,
  gatewayClasses: [GATEWAY_CLASS],
  gateways: [gateway('db', 'gw', listeners)],
  ...extra,
});
const routeStatus = (s: ClusterState, name: string) => {
  const snap = buildSnapshot(s);
  return computeStatuses(s, snap).routes.find((r) => r.kind === 'TCPRoute' && r.name === name);
};
const cond = (conds: Array<{ type: string; status: string; reason: string }> | undefined, type: string) => conds?.find((c) => c.type === type);

describe('TCP listeners', () => {
  it('are served on P (>= 1024) or 8000 + P, apart from the HTTP listeners, and accepted', () => {
    const s = state({});
    const snap = buildSnapshot(s);
    expect(snap.tcpListeners?.map((l) => [l.port, l.declaredPort, l.listener])).toEqual([
      [5432, 5432, 'pg'],
      [8023, 23, 'low'],
    ]);
    expect(snap.listeners.map((l) => l.protocol)).not.toContain('TCP');
    const gs = computeStatuses(s, snap).gateways[0];
    const pg = gs.listeners.find((l) => l.name === 'pg')!;
    expect(cond(pg.conditions, 'Accepted')?.status).toBe('True');
    expect(cond(pg.conditions, 'Programmed')?.status).toBe('True');
    expect(pg.supportedKinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }]);
  });

  it('conflict with an HTTP port or another TCP listener: PortUnavailable, not served', () => {
    const s = state({}, [HTTP, { name: 'clash', port: 80, protocol: 'TCP' }, TCP, { name: 'pg-again', port: 5432, protocol: 'TCP' }]);
    const snap = buildSnapshot(s);
    expect(snap.tcpListeners?.map((l) => l.listener)).toEqual(['pg']);
    const ls = computeStatuses(s, snap).gateways[0].listeners;
    expect(cond(ls.find((l) => l.name === 'clash')!.conditions, 'Accepted')?.reason).toBe('PortUnavailable');
    expect(cond(ls.find((l) => l.name === 'pg-again')!.conditions, 'Accepted')?.reason).toBe('PortUnavailable');
  });

  it('UDP listeners take UDPRoutes only (./udp); HTTPRoute kinds on a TCP listener are InvalidRouteKinds', () => {
    const s = state({}, [{ name: 'u', port: 53, protocol: 'UDP' }, { ...TCP, allowedRoutes: { kinds: [{ kind: 'HTTPRoute' }] } }]);
    const snap = buildSnapshot(s);
    const ls = computeStatuses(s, snap).gateways[0].listeners;
    expect(cond(ls[0].conditions, 'Accepted')?.reason).toBe('Accepted');
    expect(ls[0].supportedKinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'UDPRoute' }]);
    expect(snap.udpListeners!.map((u) => [u.port, u.declaredPort, u.listener])).toEqual([[8053, 53, 'u']]);
    expect(cond(ls[1].conditions, 'ResolvedRefs')?.reason).toBe('InvalidRouteKinds');
  });
});

describe('TCPRoute', () => {
  it('attaches by sectionName and forwards to weighted backends', () => {
    const r = tcpRoute('db', 'pg', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'pg', port: 5432, weight: 3 }, { name: 'pg2', port: 5432 }] }] });
    const s = state({ tcpRoutes: [r] });
    const snap = buildSnapshot(s);
    const l = snap.tcpListeners!.find((x) => x.port === 5432)!;
    expect(l.route).toEqual({ namespace: 'db', name: 'pg', id: 'TCPRoute/db/pg' });
    expect(l.backends.map((b) => [b.key, b.weight, b.endpointPortName])).toEqual([
      ['db/pg:pg', 3, 'pg'],
      ['db/pg2:5432', 1, ''],
    ]);
    expect(l.totalWeight).toBe(4);
    expect(snap.tcpListeners!.find((x) => x.port === 8023)!.route).toBeUndefined();
    expect(snap.backends.has('db/pg:pg')).toBe(true);
    const st = routeStatus(s, 'pg')!;
    expect(cond(st.parents[0].conditions, 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted' });
    expect(cond(st.parents[0].conditions, 'ResolvedRefs')).toMatchObject({ status: 'True' });
    const gl = computeStatuses(s, snap).gateways[0].listeners;
    expect(gl.find((x) => x.name === 'pg')!.attachedRoutes).toBe(1);
    expect(gl.find((x) => x.name === 'low')!.attachedRoutes).toBe(0);
  });

  it('missing Service: ResolvedRefs=False BackendNotFound, backend kept as invalid', () => {
    const r = tcpRoute('db', 'gone', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'nope', port: 5432 }] }] });
    const s = state({ tcpRoutes: [r] });
    const l = buildSnapshot(s).tcpListeners![0];
    expect(l.backends[0].invalid).toMatch(/not found/);
    const st = routeStatus(s, 'gone')!;
    expect(cond(st.parents[0].conditions, 'Accepted')?.status).toBe('True');
    expect(cond(st.parents[0].conditions, 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });
  });

  it('cross-namespace without ReferenceGrant: RefNotPermitted; with one: resolved', () => {
    const r = tcpRoute('db', 'x', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'pg', namespace: 'other', port: 5432 }] }] });
    expect(cond(routeStatus(state({ tcpRoutes: [r] }), 'x')!.parents[0].conditions, 'ResolvedRefs')?.reason).toBe('RefNotPermitted');
    const grant = { metadata: { name: 'g', namespace: 'other' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'db' }], to: [{ group: '', kind: 'Service' }] } };
    expect(cond(routeStatus(state({ tcpRoutes: [r], referenceGrants: [grant] }), 'x')!.parents[0].conditions, 'ResolvedRefs')?.status).toBe('True');
  });

  it('one route per listener: the oldest wins, the other is told which route holds it', () => {
    const a = tcpRoute('db', 'a', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] });
    const b = tcpRoute('db', 'b', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'pg2', port: 5432 }] }] });
    const s = state({ tcpRoutes: [b, a] });
    expect(buildSnapshot(s).tcpListeners![0].route?.name).toBe('a');
    const st = routeStatus(s, 'b')!;
    expect(cond(st.parents[0].conditions, 'Accepted')).toMatchObject({ status: 'False', reason: 'NotAllowedByListeners' });
    expect(st.parents[0].conditions[0].message).toContain('db/a');
  });

  it('no TCP listener by that name or port: NoMatchingParent; HTTP listener section is not a TCP parent', () => {
    const r = tcpRoute('db', 'r', { parentRefs: [{ name: 'gw', sectionName: 'http' }, { name: 'gw', port: 9999 }], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] });
    const st = routeStatus(state({ tcpRoutes: [r] }), 'r')!;
    expect(st.parents.map((p) => cond(p.conditions, 'Accepted')?.reason)).toEqual(['NoMatchingParent', 'NoMatchingParent']);
  });

  it('allowedRoutes namespaces Same: a route from another namespace is NotAllowedByListeners', () => {
    const r = tcpRoute('other', 'r', { parentRefs: [{ name: 'gw', namespace: 'db' }], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] });
    const st = routeStatus(state({ tcpRoutes: [r] }), 'r')!;
    expect(cond(st.parents[0].conditions, 'Accepted')?.reason).toBe('NotAllowedByListeners');
  });

  it('an HTTPRoute cannot attach to a TCP listener', () => {
    const h = httpRoute('db', 'h', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] });
    const s = state({ httpRoutes: [h] });
    const st = computeStatuses(s, buildSnapshot(s)).routes.find((r) => r.name === 'h')!;
    expect(cond(st.parents[0].conditions, 'Accepted')?.reason).toBe('NotAllowedByListeners');
  });
});

describe('ExternalName Services as backends', () => {
  const ext = (name: string, externalName: string, ports?: ServiceInput['spec'] extends infer S ? (S extends { ports?: infer P } ? P : never) : never): ServiceInput => ({
    metadata: { name, namespace: 'web' },
    spec: { type: 'ExternalName', externalName, ...(ports ? { ports } : {}) },
  });
  const ing = (svcName: string, port: number | string, annotations?: Record<string, string>): IngressInput => ingress('web', 'i-' + svcName, [{ host: 'a.example.com', paths: [{ path: '/', service: svcName, port }] }], annotations ? { annotations } : {});

  it('an Ingress backend resolves to a target carrying the external name and the port', () => {
    const snap = buildSnapshot({ services: [ext('db', 'localhost')], ingresses: [ing('db', 8080)] });
    const t = snap.backends.get('web/db:8080')!;
    expect(t).toMatchObject({ externalName: 'localhost', port: 8080, endpointPortName: '' });
    expect(t.invalid).toBeUndefined();
    const r = snap.match({ method: 'GET', scheme: 'http', host: 'a.example.com', path: '/' });
    expect(r.kind === 'route' && r.action.type).toBe('forward');
  });

  it('a named port uses the declared Service port', () => {
    const snap = buildSnapshot({ services: [ext('db', 'api.example.com.', [{ name: 'web', port: 9443 }])], ingresses: [ing('db', 'web')] });
    expect(snap.backends.get('web/db:web')).toMatchObject({ externalName: 'api.example.com', port: 9443, endpointPortName: 'web' });
  });

  it('an invalid externalName or unknown port name: 503 with the reason', () => {
    const snap = buildSnapshot({ services: [ext('bad', 'not a name!'), ext('db', 'localhost')], ingresses: [ing('bad', 80), ing('db', 'nope')] });
    const r = snap.match({ method: 'GET', scheme: 'http', host: 'a.example.com', path: '/' });
    expect(r.kind === 'route' && r.action.type === 'direct-response' && r.action.status).toBe(503);
    expect(snap.backends.get('web/bad:80')?.invalid).toMatch(/not a valid DNS name/);
    expect(snap.backends.get('web/db:nope')?.invalid).toMatch(/no port named/);
  });

  it('HTTPRoute and TCPRoute backends may be ExternalName Services too', () => {
    const services = [ext('db', 'localhost', [{ name: 'pg', port: 5432 }])];
    const s: ClusterState = {
      services,
      gatewayClasses: [GATEWAY_CLASS],
      gateways: [gateway('web', 'gw', [HTTP, TCP])],
      httpRoutes: [httpRoute('web', 'h', { parentRefs: [{ name: 'gw', sectionName: 'http' }], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] })],
      tcpRoutes: [tcpRoute('web', 't', { parentRefs: [{ name: 'gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] })],
    };
    const snap = buildSnapshot(s);
    const r = snap.match({ method: 'GET', scheme: 'http', host: 'x', path: '/' });
    expect(r.kind === 'route' && r.action.type === 'forward' && r.action.backends[0].key).toBe('web/db:pg');
    expect(snap.tcpListeners![0].backends[0]).toMatchObject({ key: 'web/db:pg', endpointPortName: 'pg' });
    expect(snap.backends.get('web/db:pg')?.externalName).toBe('localhost');
  });

  it('upstream-vhost sets the Host header sent upstream; default keeps the client Host', () => {
    const withVhost = buildSnapshot({ services: [ext('db', 'localhost')], ingresses: [ing('db', 80, { 'nginx.ingress.kubernetes.io/upstream-vhost': 'localhost:8080' })] });
    const r = withVhost.match({ method: 'GET', scheme: 'http', host: 'a.example.com', path: '/' });
    expect(r.kind === 'route' && r.action.type === 'forward' && r.action.hostRewrite).toBe('localhost:8080');
    const plain = buildSnapshot({ services: [ext('db', 'localhost')], ingresses: [ing('db', 80)] });
    const p = plain.match({ method: 'GET', scheme: 'http', host: 'a.example.com', path: '/' });
    expect(p.kind === 'route' && p.action.type === 'forward' && p.action.hostRewrite).toBeUndefined();
  });
});
