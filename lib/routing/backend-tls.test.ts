// BackendTLSPolicy in lib/routing: which policy holds a Service port (port-specific over
// whole-Service, then oldest), what lands on the BackendTarget, and the status reasons.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { BackendTLSPolicyInput, ClusterState } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, nextCreated, svc } from './fixtures';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const policy = (name: string, target: { name: string; sectionName?: string }, validation: Partial<NonNullable<BackendTLSPolicyInput['spec']>['validation']> = {}): BackendTLSPolicyInput => ({
  metadata: { namespace: 'web', name, generation: 2, creationTimestamp: nextCreated() },
  spec: { targetRefs: [{ group: '', kind: 'Service', ...target }], validation: { hostname: 'b.example.com', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }], ...validation } },
});
const base: ClusterState = {
  gatewayClasses: [GATEWAY_CLASS],
  gateways: [gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }])],
  services: [svc('web', 'b', [{ name: 'http', port: 80 }, { name: 'admin', port: 81 }])],
  configMaps: [{ metadata: { namespace: 'web', name: 'ca' }, data: { 'ca.crt': CA } }],
  httpRoutes: [httpRoute('web', 'r', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'b', port: 80 }, { name: 'b', port: 81 }] }] })],
};
const build = (extra: ClusterState) => {
  const state = { ...base, ...extra };
  const s = buildSnapshot(state);
  return { s, report: computeStatuses(state, s) };
};
const conds = (report: ReturnType<typeof computeStatuses>, name: string) => report.policies.find((p) => p.name === name)!.ancestors[0].conditions.map((c) => `${c.type}=${c.status}/${c.reason}`);

describe('BackendTLSPolicy', () => {
  it('compiles onto the targeted Service port only (sectionName), with SNI, CA and SANs; ancestors are the Gateways routing there', () => {
    const { s, report } = build({ backendTLSPolicies: [policy('p', { name: 'b', sectionName: 'admin' }, { subjectAltNames: [{ type: 'URI', uri: 'spiffe://x' }] })] });
    expect(s.backends.get('web/b:http')?.tls).toBeUndefined();
    expect(s.backends.get('web/b:admin')?.tls).toMatchObject({ hostname: 'b.example.com', caPems: [CA], subjectAltNames: [{ type: 'URI', value: 'spiffe://x' }], policy: { namespace: 'web', name: 'p' } });
    expect(report.policies[0].ancestors.map((a) => a.ancestorRef)).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'web', name: 'gw' }]);
    expect(conds(report, 'p')).toEqual(['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs']);
  });

  it('a port-specific policy wins over an older whole-Service one; of two equal ones the older wins and the other is Conflicted', () => {
    const whole = policy('whole', { name: 'b' });
    const specific = policy('specific', { name: 'b', sectionName: 'http' });
    const dup = policy('dup', { name: 'b', sectionName: 'http' });
    const { s, report } = build({ backendTLSPolicies: [whole, specific, dup] });
    expect(s.backends.get('web/b:http')?.tls?.policy.name).toBe('specific');
    expect(s.backends.get('web/b:admin')?.tls?.policy.name).toBe('whole');
    expect(conds(report, 'dup')[0]).toBe('Accepted=False/Conflicted');
    expect(conds(report, 'whole')[0]).toBe('Accepted=True/Accepted');
  });

  it('wellKnownCACertificates System: no CA bundle (the platform trust store); a missing CA ref with System still serves', () => {
    const { s, report } = build({ backendTLSPolicies: [policy('sys', { name: 'b' }, { caCertificateRefs: undefined, wellKnownCACertificates: 'System' })] });
    const tls = s.backends.get('web/b:http')?.tls;
    expect(tls && 'caPems' in tls).toBe(false);
    expect(tls?.invalid).toBeUndefined();
    expect(conds(report, 'sys')).toEqual(['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs']);
  });

  it('no valid CA: the target is marked invalid (500, never plaintext) with the reasons of the spec', () => {
    const { s, report } = build({ backendTLSPolicies: [policy('bad', { name: 'b' }, { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'nope' }] }), policy('kind', { name: 'other' }, { caCertificateRefs: [{ group: 'x.io', kind: 'Bundle', name: 'ca' }] })] });
    expect(s.backends.get('web/b:http')?.tls?.invalid).toContain('web/nope');
    expect(conds(report, 'bad')).toEqual(['Accepted=False/NoValidCACertificate', 'ResolvedRefs=False/InvalidCACertificateRef']);
    // no route reaches Service "other": no ancestor, no status
    expect(report.policies.find((p) => p.name === 'kind')).toBeUndefined();
  });
});

describe('backend client certificate (Gateway spec.tls.backend.clientCertificateRef)', () => {
  const withCert = (name: string, ns?: string) => {
    const gw = gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }]);
    return { ...gw, spec: { ...gw.spec!, tls: { backend: { clientCertificateRef: { name, ...(ns ? { namespace: ns } : {}) } } } } };
  };
  const secret = { metadata: { namespace: 'web', name: 'client' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': CA, 'tls.key': '-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----\n' } };
  const resolved = (report: ReturnType<typeof computeStatuses>) => report.gateways[0].conditions.find((c) => c.type === 'ResolvedRefs');

  it('goes on the TLS config of the backends the Gateway routes to; the Gateway says ResolvedRefs', () => {
    const { s, report } = build({ gateways: [withCert('client')], secrets: [secret], backendTLSPolicies: [policy('p', { name: 'b' })] });
    expect(s.backends.get('web/b:http')?.tls?.clientCert).toMatchObject({ secret: 'web/client', cert: CA });
    expect(resolved(report)).toMatchObject({ status: 'True', reason: 'ResolvedRefs' });
  });

  it('a missing Secret or another namespace without a ReferenceGrant: ResolvedRefs=False, the backend fails closed', () => {
    const missing = build({ gateways: [withCert('nope')], backendTLSPolicies: [policy('p', { name: 'b' })] });
    expect(resolved(missing.report)).toMatchObject({ status: 'False', reason: 'InvalidClientCertificateRef' });
    expect(missing.s.backends.get('web/b:http')?.tls?.invalid).toContain('Gateway web/gw');
    const foreign = build({ gateways: [withCert('client', 'other')], secrets: [{ ...secret, metadata: { namespace: 'other', name: 'client' } }] });
    expect(resolved(foreign.report)).toMatchObject({ status: 'False', reason: 'RefNotPermitted' });
  });
});
