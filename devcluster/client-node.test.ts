/** @kubernetes/client-node 1.4 against a started dev cluster, including an Informer across a restart. */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster } from './cluster';
import { startTestCluster, waitFor, type TestCluster } from './testing/harness';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.cleanup();
});

function clientFor(kubeconfigPath: string) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return { kc, core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) };
}

describe('@kubernetes/client-node', () => {
  it('lists, creates, replaces, merge-patches and deletes', async () => {
    const { core } = clientFor(c.kubeconfigPath);
    const ns = await core.listNamespace();
    expect(ns.items.map((n) => n.metadata?.name)).toContain('default');
    const created = await core.createNamespacedService({
      namespace: 'default',
      body: { metadata: { name: 'cn-svc' }, spec: { selector: { app: 'cn' }, ports: [{ port: 80, targetPort: 8080 }] } },
    });
    expect(created.spec?.type).toBe('ClusterIP');
    expect(created.spec?.ports?.[0].protocol).toBe('TCP');
    const replaced = await core.replaceNamespacedService({
      name: 'cn-svc',
      namespace: 'default',
      body: { ...created, spec: { ...created.spec, ports: [{ port: 81, targetPort: 8080 }] } },
    });
    expect(replaced.spec?.ports?.[0].port).toBe(81);
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    const patched = await core.patchNamespacedService(
      { name: 'cn-svc', namespace: 'default', body: { metadata: { labels: { patched: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels?.patched).toBe('yes');
    const jsonPatched = await core.patchNamespacedService({
      name: 'cn-svc',
      namespace: 'default',
      body: [{ op: 'add', path: '/metadata/annotations', value: { a: 'b' } }],
    });
    expect(jsonPatched.metadata?.annotations?.a).toBe('b');
    // A stale replace is a 409 ApiException carrying the Status body.
    const stale = await core.replaceNamespacedService({ name: 'cn-svc', namespace: 'default', body: created }).catch((e: k8s.ApiException<string>) => e);
    expect((stale as k8s.ApiException<string>).code).toBe(409);
    expect(JSON.parse((stale as k8s.ApiException<string>).body).reason).toBe('Conflict');
    await core.deleteNamespacedService({ name: 'cn-svc', namespace: 'default' });
    const gone = await core.readNamespacedService({ name: 'cn-svc', namespace: 'default' }).catch((e: k8s.ApiException<string>) => e);
    expect((gone as k8s.ApiException<string>).code).toBe(404);
  });

  it('an Informer sees ADDED/MODIFIED/DELETED and keeps working across a dev cluster restart', async () => {
    let cluster = await startTestCluster();
    const { port, dataDir } = cluster;
    const { kc, core } = clientFor(cluster.kubeconfigPath);
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
    const seen: string[] = [];
    informer.on('add', (o) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata?.name}:${o.data?.v}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata?.name}`));
    let stopped = false;
    // The documented client-node idiom: restart the informer after an error.
    informer.on('error', () => {
      if (!stopped) setTimeout(() => !stopped && void informer.start().catch(() => {}), 300);
    });
    try {
      await informer.start();
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-a' }, data: { v: '1' } } });
      await waitFor(() => seen.includes('add:inf-a'), 'add');
      await core.replaceNamespacedConfigMap({ name: 'inf-a', namespace: 'default', body: { metadata: { name: 'inf-a' }, data: { v: '2' } } });
      await waitFor(() => seen.includes('update:inf-a:2'), 'update');
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-b' }, data: { v: '1' } } });
      await core.deleteNamespacedConfigMap({ name: 'inf-a', namespace: 'default' });
      await waitFor(() => seen.includes('delete:inf-a'), 'delete');

      await cluster.close();
      cluster = { ...(await startDevCluster({ port, dataDir, controllers: false, seed: false })), dataDir, cleanup: async () => {} } as TestCluster;
      // Changes made right after the restart reach the informer when it resumes.
      const core2 = clientFor(cluster.kubeconfigPath).core;
      await core2.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf-c' }, data: { v: '1' } } });
      await core2.patchNamespacedConfigMap(
        { name: 'inf-b', namespace: 'default', body: { data: { v: '3' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await core2.deleteNamespacedConfigMap({ name: 'inf-c', namespace: 'default' });
      await waitFor(() => seen.includes('delete:inf-c'), 'events after restart', 15_000);
      expect(seen).toContain('add:inf-c');
      expect(seen).toContain('update:inf-b:3');
      expect(informer.list('default').map((o) => o.metadata?.name).sort()).toEqual(['inf-b']);
    } finally {
      stopped = true;
      await informer.stop();
      await cluster.close();
      const { rmSync } = await import('node:fs');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
