// Ingress host ownership across namespaces (issue 13): the namespace of the oldest Ingress that
// claims a host owns it; other namespaces get no traffic and no certificate for it, and a diagnostic.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './index';
import type { ClusterState, IngressInput, MatchResult, RoutingOptions, RoutingSnapshot } from './types';
import { ingress, svc, tlsSecret } from './fixtures';

const services = ['a', 'b', 'c'].map((ns) => svc(ns, 'echo'));
const snap = (state: ClusterState, options: RoutingOptions = {}) => buildSnapshot({ services, ...state }, options);
const get = (s: RoutingSnapshot, host: string, path: string): MatchResult => s.match({ method: 'GET', scheme: 'http', host, path, headers: {} });
/** namespace of the Service a request is forwarded to, or the kind of answer */
const nsOf = (r: MatchResult): string => (r.kind === 'route' && r.action.type === 'forward' ? r.action.backends.map((b) => b.namespace).join('+') : r.kind);
const diags = (s: RoutingSnapshot) => s.diagnostics.map((d) => `${d.object.namespace}/${d.object.name} ${d.reason} ${d.field ?? ''}`);

const T0 = '2026-03-01T10:00:00Z';
const T1 = '2026-03-01T10:00:01Z';
const T2 = '2026-03-01T10:00:02Z';
const shopA = ingress('a', 'shop', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: T0 });
const loginB = ingress('b', 'login', [{ host: 'shop.example.com', paths: [{ path: '/login' }] }, { host: 'b.example.com', paths: [{ path: '/' }] }], { created: T1 });

describe('Ingress host ownership across namespaces', () => {
  it('a younger Ingress of another namespace gets no traffic for the host, and a diagnostic naming host, field and owner', () => {
    const s = snap({ ingresses: [loginB, shopA] });
    expect(nsOf(get(s, 'shop.example.com', '/login'))).toBe('a');
    // its other, unclaimed host keeps working
    expect(nsOf(get(s, 'b.example.com', '/x'))).toBe('b');
    expect(s.diagnostics).toEqual([
      {
        object: { kind: 'Ingress', namespace: 'b', name: 'login' },
        severity: 'error',
        reason: 'HostClaimedByOtherNamespace',
        field: 'spec.rules[0].host',
        message: 'host "shop.example.com" belongs to namespace "a", whose Ingress claimed it first (oldest creationTimestamp, then namespace/name); this Ingress gets no traffic for it',
      },
    ]);
    expect(s.routes.filter((r) => r.route.namespace === 'b').map((r) => r.host)).toEqual(['b.example.com', 'b.example.com']); // http + https ports
  });

  it('the oldest Ingress owns the host whatever the input order; equal timestamps are decided by namespace/name', () => {
    const older = ingress('b', 'first', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: T0 });
    const younger = ingress('a', 'second', [{ host: 'shop.example.com', paths: [{ path: '/login' }] }], { created: T1 });
    expect(nsOf(get(snap({ ingresses: [younger, older] }), 'shop.example.com', '/login'))).toBe('b');
    const tieB = ingress('b', 'aaa', [{ host: 'tie.example.com', paths: [{ path: '/' }] }], { created: T0 });
    const tieA = ingress('a', 'zzz', [{ host: 'tie.example.com', paths: [{ path: '/' }] }], { created: T0 });
    for (const ingresses of [[tieB, tieA], [tieA, tieB]]) {
      const s = snap({ ingresses });
      expect(nsOf(get(s, 'tie.example.com', '/'))).toBe('a'); // "a/zzz" < "b/aaa"
      expect(diags(s)).toEqual(['b/aaa HostClaimedByOtherNamespace spec.rules[0].host']);
    }
  });

  it('every Ingress of the owner namespace adds paths, canaries included; another namespace\'s canary is not attached', () => {
    const moreA = ingress('a', 'more', [{ host: 'shop.example.com', paths: [{ path: '/login', service: 'echo2' }] }], { created: T2 });
    const canaryA = ingress('a', 'shop-canary', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: T2, annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '100' } });
    const canaryB = ingress('b', 'shop-canary', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: T1, annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '100' } });
    const s = snap({ services: [...services, svc('a', 'echo2')], ingresses: [shopA, moreA, canaryB] });
    const login = get(s, 'shop.example.com', '/login');
    expect(login.kind === 'route' && login.action.type === 'forward' && login.action.backends[0].service).toBe('echo2');
    expect(nsOf(get(s, 'shop.example.com', '/'))).toBe('a'); // B's weight-100 canary did not attach
    expect(diags(s)).toEqual(['b/shop-canary HostClaimedByOtherNamespace spec.rules[0].host']);
    const withOwnCanary = snap({ ingresses: [shopA, canaryA] });
    const r = get(withOwnCanary, 'shop.example.com', '/');
    expect(r.kind === 'route' && r.action.type === 'forward' && r.action.backends.every((b) => b.canary)).toBe(true);
    expect(withOwnCanary.diagnostics).toEqual([]);
  });

  it("another namespace's TLS Secret is not used for an owned host (SNI), but is for its own hosts", () => {
    // A owns the host from T0 and adds TLS later (T2) in a second Ingress; B claimed it for TLS at
    // T1: without ownership B's certificate, the older, would win the SNI entry.
    const aTls = ingress('a', 'shop-tls', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: T2, tls: [{ hosts: ['shop.example.com'], secretName: 'cert' }] });
    const bTls = ingress('b', 'login', [{ host: 'b.example.com', paths: [{ path: '/' }] }], { created: T1, tls: [{ hosts: ['shop.example.com', 'b.example.com'], secretName: 'cert' }] });
    const secrets = [tlsSecret('a', 'cert', '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n'), tlsSecret('b', 'cert', '-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n')];
    const s = snap({ ingresses: [bTls, aTls, shopA], secrets });
    expect(s.certificates.lookup('shop.example.com')?.key).toBe('a/cert');
    expect(s.certificates.lookup('b.example.com')?.key).toBe('b/cert');
    expect(diags(s)).toEqual(['b/login HostClaimedByOtherNamespace spec.tls[0].hosts[0]', 'a/shop-tls PathConflict spec.rules[0].http.paths[0].path']);
    expect(s.diagnostics[0].message).toContain('its TLS certificate is not used for this host');
    // the owner serves shop.example.com without TLS: still not B's certificate
    const plain = snap({ ingresses: [shopA, bTls], secrets });
    expect(plain.certificates.lookup('shop.example.com')).toBeUndefined();
  });

  it('when the owner goes, the next-oldest namespace takes over', () => {
    const c = ingress('c', 'late', [{ host: 'shop.example.com', paths: [{ path: '/login' }] }], { created: T2 });
    const s1 = snap({ ingresses: [shopA, loginB, c] });
    expect(nsOf(get(s1, 'shop.example.com', '/login'))).toBe('a');
    expect(diags(s1)).toEqual(['b/login HostClaimedByOtherNamespace spec.rules[0].host', 'c/late HostClaimedByOtherNamespace spec.rules[0].host']);
    const s2 = snap({ ingresses: [loginB, c] });
    expect(nsOf(get(s2, 'shop.example.com', '/login'))).toBe('b');
    expect(get(s2, 'shop.example.com', '/').kind).toBe('no-match');
    expect(diags(s2)).toEqual(['c/late HostClaimedByOtherNamespace spec.rules[0].host']);
  });

  it('wildcard hosts are hosts of their own (exact strings)', () => {
    const wild = ingress('b', 'wild', [{ host: '*.example.com', paths: [{ path: '/' }] }], { created: T1 });
    const s = snap({ ingresses: [shopA, wild] });
    expect(nsOf(get(s, 'shop.example.com', '/'))).toBe('a');
    expect(nsOf(get(s, 'other.example.com', '/'))).toBe('b');
    expect(s.diagnostics).toEqual([]);
    const wildC = ingress('c', 'wild', [{ host: '*.example.com', paths: [{ path: '/login' }] }], { created: T2 });
    const s2 = snap({ ingresses: [shopA, wild, wildC] });
    expect(nsOf(get(s2, 'other.example.com', '/login'))).toBe('b');
    expect(diags(s2)).toEqual(['c/wild HostClaimedByOtherNamespace spec.rules[0].host']);
  });

  it('rules without a host are not owned: every namespace adds catch-all paths (oldest wins per path)', () => {
    const anyA = ingress('a', 'any', [{ paths: [{ path: '/a' }] }], { created: T0 });
    const anyB = ingress('b', 'any', [{ paths: [{ path: '/b' }, { path: '/a' }] }], { created: T1 });
    const s = snap({ ingresses: [anyA, anyB] });
    expect(nsOf(get(s, 'whatever', '/a'))).toBe('a');
    expect(nsOf(get(s, 'whatever', '/b'))).toBe('b');
    expect(diags(s)).toEqual(['b/any PathConflict spec.rules[0].http.paths[1].path']);
  });

  it("an owned host does not fall through to another namespace's wildcard or host-less rules (its own still apply)", () => {
    const shopOnly = ingress('a', 'shop', [{ host: 'shop.example.com', paths: [{ path: '/shop' }] }, { paths: [{ path: '/a-any' }] }], { created: T0 });
    const anyB = ingress('b', 'any', [{ paths: [{ path: '/login' }] }, { host: '*.example.com', paths: [{ path: '/wild' }] }], { created: T1 });
    const s = snap({ ingresses: [shopOnly, anyB] });
    expect(nsOf(get(s, 'shop.example.com', '/shop'))).toBe('a');
    expect(get(s, 'shop.example.com', '/login').kind).toBe('no-match');
    expect(get(s, 'shop.example.com', '/wild').kind).toBe('no-match');
    expect(nsOf(get(s, 'shop.example.com', '/a-any'))).toBe('a');
    // a host under B's "*.example.com": B's wildcard, then B's host-less rules, not A's
    expect(nsOf(get(s, 'other.example.com', '/wild'))).toBe('b');
    expect(nsOf(get(s, 'other.example.com', '/login'))).toBe('b');
    expect(get(s, 'other.example.com', '/a-any').kind).toBe('no-match');
    // a host nobody claims: every namespace's host-less rules, as before
    expect(nsOf(get(s, 'elsewhere.org', '/login'))).toBe('b');
    expect(nsOf(get(s, 'elsewhere.org', '/a-any'))).toBe('a');
    expect(s.diagnostics).toEqual([]);
    // the owner of "*.example.com" is not reached by host-less rules of another namespace either
    const wildA = ingress('a', 'wild', [{ host: '*.example.com', paths: [{ path: '/w' }] }], { created: T0 });
    const s2 = snap({ ingresses: [wildA, ingress('b', 'any', [{ paths: [{ path: '/login' }] }], { created: T1 })] });
    expect(get(s2, 'x.example.com', '/login').kind).toBe('no-match');
    expect(nsOf(get(s2, 'x.other.org', '/login'))).toBe('b');
    const off = snap({ ingresses: [shopOnly, anyB] }, { ingressHostOwnership: 'off' });
    expect(nsOf(get(off, 'shop.example.com', '/login'))).toBe('b');
    expect(nsOf(get(off, 'shop.example.com', '/wild'))).toBe('b');
  });

  it('ingressHostOwnership "off" merges every namespace as before', () => {
    const s = snap({ ingresses: [shopA, loginB] }, { ingressHostOwnership: 'off' });
    expect(nsOf(get(s, 'shop.example.com', '/login'))).toBe('b');
    expect(nsOf(get(s, 'shop.example.com', '/'))).toBe('a');
    expect(s.diagnostics).toEqual([]);
  });

  it('Ingresses that are not served (other class, refused) claim nothing', () => {
    const otherClass = ingress('c', 'theirs', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: '2020-01-01T00:00:00Z', className: 'nginx' });
    const refused: IngressInput = ingress('c', 'snippet', [{ host: 'shop.example.com', paths: [{ path: '/' }] }], { created: '2020-01-01T00:00:00Z', annotations: { 'nginx.ingress.kubernetes.io/server-snippet': 'x' } });
    const s = snap({ ingresses: [otherClass, refused, shopA] });
    expect(nsOf(get(s, 'shop.example.com', '/'))).toBe('a');
    expect(diags(s).filter((d) => d.includes('HostClaimed'))).toEqual([]);
  });
});
