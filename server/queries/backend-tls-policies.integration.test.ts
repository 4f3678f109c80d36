/**
 * BackendTLSPolicy on the Service page, as a project operator against a real dev cluster: the
 * operator role may create one (CA from a ConfigMap of the project); the panel lists only the
 * policies that target the Service, with their status per ancestor; the CA picker offers the
 * project's ConfigMaps and Secrets that hold ca.crt; a bad one is refused on the field.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;

const fixtures = `apiVersion: v1
kind: ConfigMap
metadata: {name: api-ca, namespace: demo}
data: {ca.crt: "-----BEGIN CERTIFICATE-----"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: unrelated, namespace: demo}
data: {other: x}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: other-svc-tls, namespace: demo}
spec:
  targetRefs: [{group: "", kind: Service, name: other}]
  validation: {wellKnownCACertificates: System, hostname: other.example}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: olga-operator, namespace: demo}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "portico:project-operator"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: olga}]
`;

beforeAll(async () => {
  cluster = await startConsoleCluster();
  cluster.apply(fixtures);
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie('olga', []));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('BackendTLSPolicy for a Service, as the project operator', () => {
  it('offers the ConfigMaps with ca.crt, creates a policy for the Service, lists only its policies with ancestor status', async () => {
    const { listCaSourcesAction, createBackendTlsPolicyAction, listBackendTlsPoliciesAction } = await import('../actions/backend-tls-policies');
    const cas = await listCaSourcesAction('demo');
    expect(cas.ok && cas.value.configMaps).toEqual(['api-ca']);
    const { formToBackendTls, newBackendTlsBase, emptyBackendTlsForm } = await import('@/lib/forms/backendtlspolicy-form');
    const manifest = formToBackendTls({ ...emptyBackendTlsForm('echo'), caSource: 'ConfigMap', caName: 'api-ca', hostname: 'echo.internal.example', sans: [{ value: 'spiffe://cluster/ns/demo/sa/echo' }] }, newBackendTlsBase('demo', 'echo'));
    const created = await createBackendTlsPolicyAction('demo', manifest);
    expect(created.ok ? 'ok' : created.message).toBe('ok');
    const stored = JSON.parse(cluster.kubectl(['get', 'backendtlspolicies.gateway.networking.k8s.io', 'echo-tls', '-n', 'demo', '-o', 'json'])) as { spec: unknown };
    expect(stored.spec).toMatchObject({ targetRefs: [{ group: '', kind: 'Service', name: 'echo' }], validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'api-ca' }], hostname: 'echo.internal.example' } });
    // a status a gateway would write, per ancestor
    cluster.kubectl(['patch', 'backendtlspolicies.gateway.networking.k8s.io', 'echo-tls', '-n', 'demo', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { ancestors: [{ ancestorRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'portico-system', name: 'portico' }, controllerName: 'portico.dev/gateway-controller', conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }, { type: 'ResolvedRefs', status: 'False', reason: 'InvalidCACertificateRef', message: 'ca.crt is not a certificate', lastTransitionTime: '2026-01-01T00:00:00Z' }] }] } })]);
    const list = await listBackendTlsPoliciesAction('demo', 'echo');
    expect(list.ok && list.value.rows.map((r) => [r.name, r.hostname, r.ca, r.ancestors.map((a) => `${a.ref}: ${a.conditions.map((c) => `${c.type}=${c.status}`).join(',')}`)])).toEqual([
      ['echo-tls', 'echo.internal.example', 'ConfigMap/api-ca', ['Gateway portico-system/portico: Accepted=True,ResolvedRefs=False']],
    ]);
  });

  it('a policy with both CA kinds is refused with the API message', async () => {
    const { createBackendTlsPolicyAction } = await import('../actions/backend-tls-policies');
    const bad = await createBackendTlsPolicyAction('demo', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { name: 'bad', namespace: 'demo' },
      spec: { targetRefs: [{ group: '', kind: 'Service', name: 'echo' }], validation: { hostname: 'x.example', wellKnownCACertificates: 'System', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'api-ca' }] } },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/must not contain both CACertificateRefs and WellKnownCACertificates/);
  });
});
