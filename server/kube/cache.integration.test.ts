/**
 * The console's informer cache against a real dev cluster process: reads go direct while the
 * console's identity may not list; once it may, they come from the warm cache, still
 * authorized per signed-in user (403 for a user RBAC refuses), follow the watch, see this
 * console's own writes at once, and idle informers stop.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { CACHE_RESOURCES, cacheRbacYaml } from '@/lib/console/cache-rbac';
import { startConsoleCluster, waitFor, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;
const NS = 'demo';

// Short enough for a test to see a changed answer and an idle informer go.
process.env.PORTICO_CACHE_ACCESS_TTL_MS = '500';
process.env.PORTICO_ACCESS_RULES_TTL_MS = '500';
process.env.PORTICO_CACHE_IDLE_MS = '2500';

const ingress = (name: string) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: NS },
  spec: { ingressClassName: 'portico', rules: [{ host: `${name}.cache.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
});

async function signInAs(username: string, groups: string[] = []) {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
}
const asAdmin = () => signInAs('admin', ['portico:admins']);
const names = async () => (await (await import('../queries/routes')).getRouteRows(NS)).rows.map((r) => r.name);
const stats = async () => (await import('./cache')).cacheStats();

beforeAll(async () => {
  cluster = await startConsoleCluster();
  await waitFor(() => cluster.kubectl(['get', 'ingress', '-n', NS, '-o', 'name']).trim().length > 0, 'the demo route', 30_000, 200);
}, 120_000);

afterAll(async () => {
  (await import('./cache')).resetCache();
  await cluster?.stop();
});

describe('informer cache', () => {
  it('reads direct as the user while the console identity may not list (the cluster still decides)', async () => {
    // The dev cluster grants the cache's rights by default: take them away for this case.
    const role = JSON.parse(cluster.kubectl(['get', 'clusterrole', 'portico:console', '-o', 'json']));
    const cached = new Set<string>(Object.values(CACHE_RESOURCES).flat());
    role.rules = role.rules.filter((r: { resources?: string[] }) => !r.resources?.some((x) => cached.has(x)));
    delete role.metadata.resourceVersion;
    cluster.apply(JSON.stringify(role));
    await asAdmin();
    expect((await names()).length).toBeGreaterThan(0);
    expect((await stats()).unavailable).toContain(`ingresses/${NS}`);
    await signInAs('vera');
    await expect(names()).rejects.toMatchObject({ code: 403 });
  });

  it('serves reads from the warm cache once the console may list and watch', async () => {
    cluster.apply(cacheRbacYaml('cache-test-console-read'));
    (await import('./cache')).resetCache();
    await asAdmin();
    const direct = cluster.kubectl(['get', 'ingress', '-n', NS, '-o', 'jsonpath={.items[*].metadata.name}']).split(' ').sort();
    expect(await names()).toEqual(direct);
    const s = await stats();
    expect(s.informers.map((i) => i.key)).toEqual(expect.arrayContaining([`ingresses/${NS}`, `services/${NS}`, `endpointslices/${NS}`]));
    expect(s.unavailable).toEqual([]);
  });

  it('refuses a user without list on ingresses with 403 from the cached path, and lets them in once bound', async () => {
    await signInAs('vera');
    await expect(names()).rejects.toMatchObject({ code: 403, reason: 'Forbidden' });
    const { cachedList } = await import('./cache');
    const err = await cachedList('ingresses', NS).catch((e) => e);
    expect(err).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(err.message).toContain('User "vera" cannot list resource "ingresses" in API group "networking.k8s.io" in the namespace "demo"');
    // The informer kept running: the refusal came from the access check, not from the API list.
    expect((await stats()).informers.map((i) => i.key)).toContain(`ingresses/${NS}`);
    // A refused user cannot make the console start watching a namespace either.
    await expect(cachedList('ingresses', 'portico-system')).rejects.toMatchObject({ code: 403 });
    expect((await stats()).informers.map((i) => i.key)).not.toContain('ingresses/portico-system');
    cluster.kubectl(['create', 'rolebinding', 'vera-view', '-n', NS, '--clusterrole=portico:project-viewer', '--user=vera']);
    await waitFor(() => names().then((n) => n.length > 0), 'vera to be allowed after the access answer expires', 5_000, 100);
  });

  it('follows the watch: a route created with kubectl appears, a deleted one goes', async () => {
    await asAdmin();
    cluster.apply(JSON.stringify(ingress('from-kubectl')));
    await waitFor(() => names().then((n) => n.includes('from-kubectl')), 'the new route in the cache', 5_000, 50);
    cluster.kubectl(['delete', 'ingress', 'from-kubectl', '-n', NS]);
    await waitFor(() => names().then((n) => !n.includes('from-kubectl')), 'the deleted route to leave the cache', 5_000, 50);
  });

  it("reads right after this console's own writes see them (read-your-writes)", async () => {
    await asAdmin();
    const { getKubeClient } = await import('./request-client');
    const { delayWatchEventsForTests } = await import('./cache');
    const kube = await getKubeClient();
    // A watch slower than the API's answers: without waiting for the write, reads would miss it.
    delayWatchEventsForTests(150);
    onTestFinished(() => delayWatchEventsForTests(0));
    for (let i = 0; i < 3; i++) {
      const name = `ryw-${i}`;
      await kube.create('ingresses', NS, ingress(name));
      expect(await names()).toContain(name);
      await kube.mergePatch('ingresses', NS, name, { metadata: { annotations: { 'portico.dev/alias': `alias ${i}` } } });
      const { getRouteDetail } = await import('../queries/routes');
      expect((await getRouteDetail(NS, name))?.row.alias).toBe(`alias ${i}`);
      await kube.delete('ingresses', NS, name);
      expect(await names()).not.toContain(name);
    }
  });

  it('stops informers nobody reads', async () => {
    await waitFor(async () => (await stats()).informers.length === 0, 'idle informers to stop', 10_000, 200);
  });
});
