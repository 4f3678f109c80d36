// ListenerSet (GEP-1713) in lib/routing: admission by allowedListeners, precedence and
// conflicts, the tenancy rules, certificates from the set's namespace, routes attaching to the
// set, and the statuses (set, listeners, Gateway attachedListenerSets).
import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { ClusterState, GatewayInput, IngressInput, Listener, ListenerSetInput, MatchResult, RoutingSnapshot } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, nextCreated, svc, tlsSecret } from './fixtures';

const HTTP: Listener = { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } };
const HTTPS: Listener = { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'gw.example.com', tls: { certificateRefs: [{ name: 'gw-cert' }] } };

function sharedGateway(from?: 'All' | 'Same' | 'Selector' | 'None', listeners: Listener[] = [HTTP, HTTPS]): GatewayInput {
  const gw = gateway('infra', 'shared', listeners);
  return from ? { ...gw, spec: { ...gw.spec!, allowedListeners: { namespaces: { from, ...(from === 'Selector' ? { selector: { matchLabels: { tier: 'web' } } } : {}) } } } } : gw;
}

function listenerSet(ns: string, name: string, listeners: Listener[], parent: { name?: string; namespace?: string } = {}): ListenerSetInput {
  return { metadata: { namespace: ns, name, generation: 1, creationTimestamp: nextCreated() }, spec: { parentRef: { name: parent.name ?? 'shared', namespace: parent.namespace ?? 'infra' }, listeners } };
}

const route = (ns: string, name: string, parentName: string, hosts: string[], service = 'app') =>
  httpRoute(ns, name, { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: parentName }], hostnames: hosts, rules: [{ backendRefs: [{ name: service, port: 80 }] }] });

const base: ClusterState = {
  gatewayClasses: [GATEWAY_CLASS],
  services: [svc('team-a', 'app'), svc('team-b', 'app'), svc('infra', 'app')],
  secrets: [tlsSecret('infra', 'gw-cert'), tlsSecret('team-a', 'a-cert'), tlsSecret('team-b', 'b-cert')],
  namespaces: [{ metadata: { name: 'team-a', labels: { tier: 'web' } } }, { metadata: { name: 'team-b' } }],
};

function build(extra: ClusterState): { s: RoutingSnapshot; report: ReturnType<typeof computeStatuses> } {
  const state = { ...base, ...extra };
  const s = buildSnapshot(state, { httpPort: 8080, httpsPort: 8443 });
  return { s, report: computeStatuses(state, s) };
}
const served = (r: MatchResult) => (r.kind === 'route' && r.action.type === 'forward' ? `${r.action.backends[0].namespace}/${r.action.backends[0].service}` : r.kind);
const get = (s: RoutingSnapshot, host: string, scheme: 'http' | 'https' = 'http') => s.match({ method: 'GET', scheme, host, path: '/' });
const cond = (conds: Array<{ type: string; status: string; reason: string }> | undefined, type: string) => {
  const c = conds?.find((x) => x.type === type);
  return c ? `${c.status}/${c.reason}` : 'missing';
};

describe('ListenerSet admission (spec.allowedListeners)', () => {
  const ls = () => listenerSet('team-a', 'a', [{ name: 'web', port: 80, protocol: 'HTTP', hostname: 'a.example.com' }]);
  it.each([
    [undefined, 'False/NotAllowed', 0],
    ['None', 'False/NotAllowed', 0],
    ['Same', 'False/NotAllowed', 0],
    ['All', 'True/Accepted', 1],
    ['Selector', 'True/Accepted', 1],
  ] as const)('from %s -> %s', (from, want, attached) => {
    const { s, report } = build({ gateways: [sharedGateway(from)], listenerSets: [ls()], httpRoutes: [route('team-a', 'r', 'a', [])] });
    const st = report.listenerSets.find((x) => x.name === 'a')!;
    expect(cond(st.conditions, 'Accepted')).toBe(want);
    expect(cond(st.conditions, 'Programmed')).toBe(want.startsWith('True') ? 'True/Programmed' : 'False/NotAllowed');
    expect(report.gateways[0].attachedListenerSets).toBe(attached);
    expect(served(get(s, 'a.example.com'))).toBe(attached ? 'team-a/app' : 'no-match');
    const rs = report.routes.find((r) => r.name === 'r')!;
    expect(rs.parents[0].parentRef).toMatchObject({ kind: 'ListenerSet', namespace: 'team-a', name: 'a' });
    expect(cond(rs.parents[0].conditions, 'Accepted')).toBe(attached ? 'True/Accepted' : 'False/NotAllowedByListeners');
  });

  it('a Selector admits only namespaces whose labels match', () => {
    const b = listenerSet('team-b', 'b', [{ name: 'web', port: 80, protocol: 'HTTP', hostname: 'b.example.com' }]);
    const { report } = build({ gateways: [sharedGateway('Selector')], listenerSets: [b] });
    expect(cond(report.listenerSets[0].conditions, 'Accepted')).toBe('False/NotAllowed');
  });

  it('a ListenerSet of another controller\'s Gateway gets no status from us', () => {
    const other = { ...sharedGateway('All'), spec: { ...sharedGateway('All').spec!, gatewayClassName: 'other' } };
    const { report } = build({ gateways: [other], listenerSets: [ls()] });
    expect(report.listenerSets).toEqual([]);
  });
});

describe('ListenerSet listeners', () => {
  it('routes attach to the set (sectionName picks a listener), with attachedRoutes per listener; Same admits the set\'s namespace only', () => {
    const a = listenerSet('team-a', 'a', [
      { name: 'one', port: 80, protocol: 'HTTP', hostname: 'one.a.example.com' },
      { name: 'two', port: 80, protocol: 'HTTP', hostname: 'two.a.example.com' },
    ]);
    const r1 = httpRoute('team-a', 'r1', { parentRefs: [{ kind: 'ListenerSet', name: 'a', sectionName: 'two' }], rules: [{ backendRefs: [{ name: 'app', port: 80 }] }] });
    const fromB = httpRoute('team-b', 'rb', { parentRefs: [{ kind: 'ListenerSet', name: 'a', namespace: 'team-a' }], rules: [{ backendRefs: [{ name: 'app', port: 80 }] }] });
    const { s, report } = build({ gateways: [sharedGateway('All')], listenerSets: [a], httpRoutes: [r1, fromB] });
    expect(served(get(s, 'two.a.example.com'))).toBe('team-a/app');
    expect(served(get(s, 'one.a.example.com'))).toBe('no-match');
    const st = report.listenerSets[0];
    expect(st.listeners.map((l) => [l.name, l.port, l.attachedRoutes, cond(l.conditions, 'Programmed')])).toEqual([
      ['one', 80, 0, 'True/Programmed'],
      ['two', 80, 1, 'True/Programmed'],
    ]);
    expect(cond(report.routes.find((r) => r.name === 'rb')!.parents[0].conditions, 'Accepted')).toBe('False/NotAllowedByListeners');
  });

  it('HTTPS listeners serve the set\'s own Secret for their hostname; another namespace\'s Secret needs a ReferenceGrant from ListenerSet', () => {
    const a = listenerSet('team-a', 'a', [
      { name: 'tls', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { certificateRefs: [{ name: 'a-cert' }] } },
      { name: 'stolen', port: 443, protocol: 'HTTPS', hostname: 'x.a.example.com', tls: { certificateRefs: [{ name: 'b-cert', namespace: 'team-b' }] } },
    ]);
    const { s, report } = build({ gateways: [sharedGateway('All')], listenerSets: [a], httpRoutes: [route('team-a', 'r', 'a', [])] });
    expect(s.certificates.lookup('a.example.com')?.key).toBe('team-a/a-cert');
    expect(s.certificates.lookup('x.a.example.com')?.key).not.toBe('team-b/b-cert');
    const stolen = report.listenerSets[0].listeners.find((l) => l.name === 'stolen')!;
    expect(cond(stolen.conditions, 'ResolvedRefs')).toBe('False/RefNotPermitted');
    expect(cond(report.listenerSets[0].conditions, 'Accepted')).toBe('True/ListenersNotValid');
    expect(served(get(s, 'a.example.com', 'https'))).toBe('team-a/app');

    const grant = { metadata: { namespace: 'team-b', name: 'g' }, spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', namespace: 'team-a' }], to: [{ group: '', kind: 'Secret' }] } };
    const granted = build({ gateways: [sharedGateway('All')], listenerSets: [a], referenceGrants: [grant] });
    expect(granted.s.certificates.lookup('x.a.example.com')?.key).toBe('team-b/b-cert');
    // a grant to Gateways does not cover ListenerSets
    const toGateways = { ...grant, spec: { ...grant.spec, from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'team-a' }] } };
    expect(build({ gateways: [sharedGateway('All')], listenerSets: [a], referenceGrants: [toGateways] }).s.certificates.lookup('x.a.example.com')?.key).not.toBe('team-b/b-cert');
  });

  it('precedence: the Gateway\'s listener, then the older set; the later one is Conflicted and not served', () => {
    const gwListener: Listener = { name: 'own', port: 80, protocol: 'HTTP', hostname: 'taken.example.com' };
    const older = listenerSet('infra', 'older', [{ name: 'x', port: 80, protocol: 'HTTP', hostname: 'infra.example.com' }]);
    const newer = listenerSet('infra', 'newer', [
      { name: 'x', port: 80, protocol: 'HTTP', hostname: 'infra.example.com' },
      { name: 'y', port: 80, protocol: 'HTTP', hostname: 'taken.example.com' },
    ]);
    const { report } = build({ gateways: [sharedGateway('Same', [HTTP, gwListener])], listenerSets: [newer, older].reverse() });
    const n = report.listenerSets.find((x) => x.name === 'newer')!;
    expect(n.listeners.map((l) => [l.name, cond(l.conditions, 'Conflicted'), cond(l.conditions, 'Programmed')])).toEqual([
      ['x', 'True/HostnameConflict', 'False/Invalid'],
      ['y', 'True/HostnameConflict', 'False/Invalid'],
    ]);
    expect(cond(n.conditions, 'Accepted')).toBe('False/ListenersNotValid');
    expect(cond(report.listenerSets.find((x) => x.name === 'older')!.conditions, 'Accepted')).toBe('True/Accepted');
    expect(report.gateways[0].attachedListenerSets).toBe(1);
  });

  it('ports other than 80/443, TCP, and a port with another protocol are refused', () => {
    const a = listenerSet('team-a', 'a', [
      { name: 'p', port: 9090, protocol: 'HTTP', hostname: 'a.example.com' },
      { name: 't', port: 9000, protocol: 'TCP' },
      { name: 'h', port: 443, protocol: 'HTTP', hostname: 'b.a.example.com' },
    ]);
    const { report } = build({ gateways: [sharedGateway('All')], listenerSets: [a] });
    expect(report.listenerSets[0].listeners.map((l) => cond(l.conditions, 'Accepted'))).toEqual(['False/PortUnavailable', 'False/UnsupportedProtocol', 'False/PortUnavailable']);
    expect(cond(report.listenerSets[0].conditions, 'Programmed')).toBe('False/Invalid');
  });
});

describe('ListenerSet tenancy', () => {
  it('a set outside the Gateway\'s namespace must name a hostname', () => {
    const a = listenerSet('team-a', 'a', [{ name: 'any', port: 80, protocol: 'HTTP' }]);
    const { s, report } = build({ gateways: [sharedGateway('All')], listenerSets: [a], httpRoutes: [route('team-a', 'r', 'a', [])] });
    expect(cond(report.listenerSets[0].listeners[0].conditions, 'Conflicted')).toBe('True/HostnameConflict');
    expect(served(get(s, 'anything.example.com'))).toBe('no-match');
  });

  it('another namespace cannot take a host (or a wildcard over a host) an earlier set of another namespace holds', () => {
    const a = listenerSet('team-a', 'a', [{ name: 'w', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' }]);
    const b = listenerSet('team-b', 'b', [
      { name: 'same', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' },
      { name: 'wild', port: 80, protocol: 'HTTP', hostname: '*.example.com' },
      { name: 'own', port: 80, protocol: 'HTTP', hostname: 'b.example.org' },
    ]);
    const { s, report } = build({ gateways: [sharedGateway('All')], listenerSets: [a, b], httpRoutes: [route('team-a', 'ra', 'a', []), route('team-b', 'rb', 'b', [])] });
    const st = report.listenerSets.find((x) => x.name === 'b')!;
    expect(st.listeners.map((l) => cond(l.conditions, 'Conflicted'))).toEqual(['True/HostnameConflict', 'True/HostnameConflict', 'False/NoConflicts']);
    expect(st.listeners[1].conditions[0].message).toContain('namespace team-a');
    expect(served(get(s, 'shop.example.com'))).toBe('team-a/app');
    expect(served(get(s, 'other.example.com'))).toBe('no-match');
    expect(served(get(s, 'b.example.org'))).toBe('team-b/app');
  });

  it('a host an Ingress of another namespace owns (or a wildcard over it) is refused; the owner namespace may use it', () => {
    const ing: IngressInput = ingress('team-b', 'shop', [{ host: 'shop.example.com', paths: [{ service: 'app' }] }]);
    const a = listenerSet('team-a', 'a', [
      { name: 'exact', port: 80, protocol: 'HTTP', hostname: 'shop.example.com' },
      { name: 'wild', port: 80, protocol: 'HTTP', hostname: '*.example.com' },
    ]);
    const b = listenerSet('team-b', 'b', [{ name: 'exact', port: 443, protocol: 'HTTPS', hostname: 'shop.example.com', tls: { certificateRefs: [{ name: 'b-cert' }] } }]);
    const { s, report } = build({ gateways: [sharedGateway('All')], ingresses: [ing], listenerSets: [a, b], httpRoutes: [route('team-a', 'ra', 'a', [])] });
    const la = report.listenerSets.find((x) => x.name === 'a')!;
    expect(la.listeners.map((l) => cond(l.conditions, 'Conflicted'))).toEqual(['True/HostnameConflict', 'True/HostnameConflict']);
    expect(la.listeners[0].conditions[0].message).toContain('belongs to namespace "team-b"');
    expect(served(get(s, 'shop.example.com'))).toBe('team-b/app');
    expect(cond(report.listenerSets.find((x) => x.name === 'b')!.conditions, 'Accepted')).toBe('True/Accepted');
    expect(s.certificates.lookup('shop.example.com')?.key).toBe('team-b/b-cert');
  });
});
