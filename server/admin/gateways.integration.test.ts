/**
 * The admin Gateways page's server side against a real dev cluster process: the read and every
 * write refuse anyone but a platform admin (nothing changes); an admin's Gateway is checked
 * before any write (the field that is wrong is named, nothing is stored), created as written,
 * replaced at its resourceVersion (a stale one is a Conflict), and deleted only when the
 * confirmation repeats its name. The read lists the seeded shared Gateway and TLS Secret names.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCluster, type TestCluster } from '../../testing/harness';
import type { Gateway } from '@/lib/k8s';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined),
    set: (n: string, v: string) => void jar.set(n, v),
    delete: (n: string) => void jar.delete(n),
  }),
}));

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startConsoleCluster();
}, 60_000);

afterAll(async () => {
  await (await import('../auth/audit')).flushAudit();
  await cluster?.stop();
});

async function signInAs(username: string, groups: string[] = []): Promise<void> {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
}
const service = async () => (await import('../kube/client')).getServiceKubeClient();

const gateway = (name: string, listeners: unknown[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name, namespace: 'demo' },
  spec: { gatewayClassName: 'portico', listeners },
});
const https = { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.admin-gw.test', tls: { certificateRefs: [{ name: 'admin-gw-tls' }] }, allowedRoutes: { namespaces: { from: 'All' } } };

describe('admin Gateways', () => {
  it('refuses a non-admin the read and every write, changing nothing', async () => {
    const actions = await import('./gateways');
    await signInAs('plain', []);
    expect(await (await import('./gateways-read')).listAdminGateways()).toBeNull();
    const results = [
      await actions.createGatewayAction(gateway('sneaky', [https])),
      await actions.replaceGatewayAction('portico-system', 'portico', gateway('portico', [https])),
      await actions.deleteGatewayAction('portico-system', 'portico', 'portico'),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, status: 403 });
    const kube = await service();
    expect(await kube.find('gateways', 'demo', 'sneaky')).toBeUndefined();
    expect(await kube.find('gateways', 'portico-system', 'portico')).toBeDefined();
  });

  it('lists every Gateway with the namespaces, classes and TLS Secret names for the form', async () => {
    await signInAs('admin', ['portico:admins']);
    const data = await (await import('./gateways-read')).listAdminGateways();
    expect(data?.gateways.map((g) => `${g.metadata?.namespace}/${g.metadata?.name}`)).toContain('portico-system/portico');
    expect(data?.namespaces).toEqual(expect.arrayContaining(['demo', 'portico-system']));
    expect(data?.classes).toContain('portico');
    expect(data?.tlsSecrets['portico-system']).toContain('portico-gateway-default-tls');
    // Names only: nothing of a Secret's data reaches the page.
    expect(JSON.stringify(data)).not.toContain('tls.key');
  });

  it('names the wrong field and stores nothing for a bad Gateway', async () => {
    const { createGatewayAction } = await import('./gateways');
    await signInAs('admin', ['portico:admins']);
    const noCert = await createGatewayAction(gateway('bad-gw', [{ ...https, tls: { certificateRefs: [] } }]));
    expect(noCert).toMatchObject({ ok: false, status: 422, fieldErrors: [expect.objectContaining({ field: 'spec.listeners[0].tls.certificateRefs' })] });
    const tcpHost = await createGatewayAction(gateway('bad-gw', [{ name: 'pg', protocol: 'TCP', port: 5432, hostname: 'db.example.com' }]));
    expect(tcpHost).toMatchObject({ ok: false, status: 422, fieldErrors: [expect.objectContaining({ field: 'spec.listeners[0].hostname' })] });
    expect(await createGatewayAction({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 'x', namespace: 'demo' } })).toMatchObject({ ok: false, status: 422 });
    expect(await createGatewayAction(gateway('x'.repeat(10), [{ ...https, hostname: 'a'.repeat(300_000) }]))).toMatchObject({ ok: false, message: expect.stringContaining('at most') });
    expect(await (await service()).find('gateways', 'demo', 'bad-gw')).toBeUndefined();
  });

  it('creates, replaces at its resourceVersion (a stale one is a Conflict) and deletes after the name is repeated', async () => {
    const actions = await import('./gateways');
    await signInAs('admin', ['portico:admins']);
    const created = await actions.createGatewayAction(gateway('admin-gw', [https]));
    expect(created.ok).toBe(true);
    const kube = await service();
    const stored = await kube.get<Gateway>('gateways', 'demo', 'admin-gw');
    // As written (the API adds its defaults: mode Terminate, certificate kind Secret).
    expect(stored.spec?.listeners).toMatchObject([{ ...https, tls: { certificateRefs: [{ name: 'admin-gw-tls' }] } }]);

    const edited = { ...stored, spec: { ...stored.spec, listeners: [...(stored.spec?.listeners ?? []), { name: 'http', protocol: 'HTTP', port: 80, hostname: 'x.admin-gw.test' }] } };
    const replaced = await actions.replaceGatewayAction('demo', 'admin-gw', edited);
    expect(replaced.ok).toBe(true);
    expect((await kube.get<Gateway>('gateways', 'demo', 'admin-gw')).spec?.listeners?.map((l) => l.name)).toEqual(['https', 'http']);
    // The first read's resourceVersion is stale now.
    expect(await actions.replaceGatewayAction('demo', 'admin-gw', stored)).toMatchObject({ ok: false, status: 409, reason: 'Conflict' });
    expect(await actions.replaceGatewayAction('demo', 'admin-gw', { ...edited, metadata: { ...edited.metadata, name: 'renamed' } })).toMatchObject({ ok: false, status: 422 });

    expect(await actions.deleteGatewayAction('demo', 'admin-gw', 'wrong')).toMatchObject({ ok: false, fieldErrors: [expect.objectContaining({ field: 'confirm' })] });
    expect(await kube.find('gateways', 'demo', 'admin-gw')).toBeDefined();
    expect(await actions.deleteGatewayAction('demo', 'admin-gw', 'admin-gw')).toMatchObject({ ok: true });
    expect(await kube.find('gateways', 'demo', 'admin-gw')).toBeUndefined();
  });
});
