/**
 * ListenerSets for a project operator against a real dev cluster: the parent picker offers the
 * seeded shared Gateway (allowedListeners: All) though the operator may not read portico-system,
 * and not a Gateway that admits no ListenerSets; the operator creates one with an HTTPS
 * listener and the project's own TLS Secret; the stored object is what the form wrote; a bad
 * one comes back with the API's field error; a stranger gets 403.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { selfSignedCert, startConsoleCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;

async function signInAs(username: string) {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, []));
}

const fixtures = `apiVersion: v1
kind: Namespace
metadata: {name: other-team}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: closed-gw, namespace: other-team}
spec:
  gatewayClassName: portico
  listeners: [{name: http, port: 80, protocol: HTTP}]
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
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('ListenerSets for a project operator', () => {
  it('offers the shared Gateway that admits the project, not one that admits no ListenerSets', async () => {
    await signInAs('olga');
    const { listListenerSetParentsAction } = await import('../actions/listener-sets');
    const r = await listListenerSetParentsAction('demo');
    expect(r.ok && r.value.map((p) => `${p.namespace}/${p.name}`)).toEqual(['portico-system/portico']);
  });

  it('creates one with an HTTPS listener and the project certificate; the list shows it', async () => {
    await signInAs('olga');
    const { createTlsSecretAction } = await import('../actions/tls');
    const { cert, key } = selfSignedCert('shop.demo.test', ['shop.demo.test']);
    const secret = await createTlsSecretAction('demo', { name: 'shop-cert', certificate: cert, key }, { hosts: ['shop.demo.test'] });
    expect(secret.ok).toBe(true);
    const { formToListenerSet, newListenerSetBase, emptySetListener } = await import('@/lib/forms/listenerset-form');
    const manifest = formToListenerSet({ name: 'shop-tls', parent: 'portico-system/portico', listeners: [{ ...emptySetListener(), hostname: 'shop.demo.test', certificates: [{ name: 'shop-cert' }] }] }, newListenerSetBase('demo'), 'demo');
    const { createListenerSetAction, listListenerSetsAction } = await import('../actions/listener-sets');
    const created = await createListenerSetAction('demo', manifest);
    expect(created.ok).toBe(true);
    // what the cluster stored
    const stored = JSON.parse(cluster.kubectl(['get', 'listenersets.gateway.networking.k8s.io', 'shop-tls', '-n', 'demo', '-o', 'json'])) as { spec: unknown };
    expect(stored.spec).toMatchObject({ parentRef: { name: 'portico', namespace: 'portico-system' }, listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: 'shop.demo.test', tls: { certificateRefs: [{ name: 'shop-cert' }] } }] });
    const list = await listListenerSetsAction('demo');
    expect(list.ok && list.value.rows.map((r) => [r.name, r.parent, r.listeners.map((l) => `${l.protocol} ${l.hostname}:${l.port} ${l.certificates.join()}`)])).toEqual([
      ['shop-tls', 'portico-system/portico', ['HTTPS shop.demo.test:443 shop-cert']],
    ]);
  });

  it('a bad ListenerSet is refused with the field at fault; a stranger may not list parents', async () => {
    await signInAs('olga');
    const { createListenerSetAction, listListenerSetParentsAction } = await import('../actions/listener-sets');
    const bad = await createListenerSetAction('demo', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { name: 'bad', namespace: 'demo' },
      spec: { parentRef: { name: 'portico', namespace: 'portico-system' }, listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: 'Not_A_Host' }] },
    });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.fieldErrors.map((f) => f.field)).toEqual(expect.arrayContaining(['spec.listeners[0].hostname']));
    await signInAs('vera');
    const r = await listListenerSetParentsAction('demo');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.status).toBe(403);
  });
});
