// The console's cluster client with the portico-console ServiceAccount's token and nothing
// but deploy/'s RBAC: its own bookkeeping (namespace names, account Secrets in
// portico-system) and acting for a user by impersonation work; without the impersonation
// rule, a user's request fails with a clear 403.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startCluster, waitFor, type TestCluster } from '../testing/harness';
import { CACHE_RESOURCES, CACHE_VERBS } from '../lib/console/cache-rbac';
import { stringify } from 'yaml';
import { deployRbac } from './testing/kustomize';

vi.mock('server-only', () => ({}));

let cluster: TestCluster;



beforeAll(async () => {
  cluster = await startCluster();
  const kubeconfig = path.join(cluster.dataDir, 'serviceaccounts', 'portico-console.kubeconfig');
  await waitFor(() => existsSync(kubeconfig), `the dev cluster to write ${kubeconfig}`, 10_000, 100);
  // Only deploy/'s rules: drop the dev cluster's own grants to this ServiceAccount.
  cluster.kubectl(['delete', 'clusterrolebinding', 'portico:console', '--ignore-not-found']);
  cluster.kubectl(['delete', 'rolebinding', 'portico:console-accounts', '-n', 'portico-system', '--ignore-not-found']);
  cluster.apply(deployRbac('portico-console').map((o) => stringify(o)).join('---\n'));
  process.env.KUBECONFIG = kubeconfig;
}, 120_000);

afterAll(async () => {
  delete process.env.KUBECONFIG;
  await cluster?.stop();
});

async function clients() {
  const { getServiceKubeClient, KubeClient } = await import('../server/kube/client');
  const service = await getServiceKubeClient();
  // the same connection (token, CA), acting for a user the way a signed-in request does
  const conn = (service as unknown as { conn: ConstructorParameters<typeof KubeClient>[0] }).conn;
  const asUser = (username: string, group: string) => new KubeClient(conn, { username, groups: [group], impersonate: true });
  return { service, asUser };
}

describe('the console as its ServiceAccount with deploy/ RBAC only', () => {
  it('reads namespace names and keeps account Secrets in portico-system', async () => {
    const { service } = await clients();
    const names = (await service.list('namespaces')).items.map((n) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['demo', 'portico-system']));
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'rbac-test-account', namespace: 'portico-system' }, type: 'Opaque', stringData: { user: 'x' } };
    await service.create('secrets', 'portico-system', secret);
    expect((await service.find('secrets', 'portico-system', 'rbac-test-account'))?.metadata.name).toBe('rbac-test-account');
    await service.delete('secrets', 'portico-system', 'rbac-test-account');
    // ... and nothing beyond: no Secrets elsewhere, no writes of its own
    await expect(service.list('secrets', 'demo')).rejects.toThrow(/403|forbidden/i);
    await expect(service.delete('services', 'demo', 'echo')).rejects.toThrow(/403|forbidden/i);
  });

  it("reads the nodes' addresses (the Access table's Node IP for project members), and nothing of theirs to write", async () => {
    const { service } = await clients();
    const nodes = await service.call<{ items: Array<{ status?: { addresses?: Array<{ type: string; address: string }> } }> }>('GET', '/api/v1/nodes');
    expect(nodes.items.flatMap((n) => n.status?.addresses ?? []).map((a) => a.type)).toContain('InternalIP');
    await expect(service.call('DELETE', '/api/v1/nodes/x')).rejects.toThrow(/403|forbidden/i);
  });

  it('reads (list and watch) every kind its informer cache mirrors, in any namespace', async () => {
    const { service } = await clients();
    const { canI } = await import('../server/auth/access');
    for (const [group, resources] of Object.entries(CACHE_RESOURCES)) {
      for (const resource of resources) {
        for (const verb of CACHE_VERBS) {
          const allowed = await canI(service, { verb, group, resource, namespace: 'demo' });
          expect(allowed, `${verb} ${resource}${group ? `.${group}` : ''}`).toBe(true);
        }
      }
    }
    expect((await service.list('ingresses', 'demo')).items.map((i) => i.metadata.name)).toContain('echo');
  });

  it('acts for a user by impersonation: the user\'s rights, not its own', async () => {
    const { asUser } = await clients();
    const admin = asUser('alice', 'portico:admins');
    expect((await admin.list('ingresses', 'demo')).items.map((i) => i.metadata.name)).toContain('echo');
    await expect(asUser('mallory', 'nobody').list('ingresses', 'demo')).rejects.toThrow(/403|forbidden/i);
  });

  it('without the impersonation rule, a user\'s request fails with a clear 403', async () => {
    const role = deployRbac('portico-console').find((o) => o.kind === 'ClusterRole')!;
    role.rules = role.rules!.filter((r: { verbs: string[] }) => !r.verbs.includes('impersonate'));
    cluster.apply(stringify(role));
    const { asUser } = await clients();
    const err = await waitFor(
      () => asUser('alice', 'portico:admins').list('ingresses', 'demo').then(() => undefined, (e: Error) => e),
      'impersonation to be refused',
      10_000,
      200,
    );
    expect(String(err.message)).toMatch(/impersonate/i);
  });
});
