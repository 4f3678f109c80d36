/**
 * The first-start seed and the demo app, seen the way a user sees them: through kubectl
 * (rollout status, scale, get -o wide) and an HTTP request to a demo pod.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'undici';
import { startTestCluster, waitFor, type TestCluster } from '../testing/harness';
import { startDevCluster } from '../cluster';

type Obj = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const run = promisify(execFile);

let c: TestCluster;
const k = async (...args: string[]) =>
  (
    await run(
      'kubectl',
      ['--kubeconfig', c.kubeconfigPath, '--cache-dir', path.join(c.dataDir, 'kcache'), ...args],
      { timeout: 30_000 },
    )
  ).stdout;

beforeAll(async () => {
  c = await startTestCluster({ controllers: true, seed: true });
});
afterAll(async () => {
  await c?.cleanup();
});

describe('first-start seed', () => {
  it('creates namespaces, classes and the demo echo app', () => {
    const names = c.registry.list('namespaces').items.map((n) => n.metadata.name);
    for (const ns of ['default', 'kube-system', 'kube-public', 'portico-system', 'demo'])
      expect(names).toContain(ns);
    const ic = c.registry.get('ingressclasses.networking.k8s.io', undefined, 'portico') as Obj;
    expect(ic.spec.controller).toBe('portico.dev/ingress-controller');
    expect(ic.metadata.annotations['ingressclass.kubernetes.io/is-default-class']).toBe('true');
    const gc = c.registry.get(
      'gatewayclasses.gateway.networking.k8s.io',
      undefined,
      'portico',
    ) as Obj;
    expect(gc.spec.controllerName).toBe('portico.dev/gateway-controller');
    const ing = c.registry.get('ingresses.networking.k8s.io', 'demo', 'echo') as Obj;
    expect(ing.spec.rules[0].http.paths[0]).toMatchObject({
      path: '/echo',
      pathType: 'Prefix',
      backend: { service: { name: 'echo', port: { number: 80 } } },
    });
    // Seeded before the controllers started, the Service still got its ClusterIP.
    const svc = c.registry.get('services', 'demo', 'echo') as Obj;
    expect(svc.spec.clusterIP).toMatch(/^10\./);
  });

  it('brings the demo echo pods up: kubectl rollout status succeeds and a pod answers', async () => {
    const out = await k('rollout', 'status', 'deployment/echo', '-n', 'demo', '--timeout=20s');
    expect(out).toMatch(/successfully rolled out/);
    const wide = await k('get', 'pods', '-n', 'demo', '-o', 'wide');
    expect(wide).toMatch(/echo-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/);
    const pods = JSON.parse(await k('get', 'pods', '-n', 'demo', '-l', 'app=echo', '-o', 'json'))
      .items as Obj[];
    expect(pods).toHaveLength(2);
    const res = await httpRequest(`http://${pods[0].status.podIP}:8080/echo`);
    expect(((await res.body.json()) as Obj).pod).toBe(pods[0].metadata.name);
    const slice = JSON.parse(
      await k(
        'get',
        'endpointslices',
        '-n',
        'demo',
        '-l',
        'kubernetes.io/service-name=echo',
        '-o',
        'json',
      ),
    ).items[0];
    expect(slice.endpoints.map((e: Obj) => e.addresses[0]).sort()).toEqual(
      pods.map((p) => p.status.podIP).sort(),
    );
    expect(slice.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });

  it('scales with kubectl scale and deletes pods with the Deployment', async () => {
    await k('scale', 'deployment/echo', '-n', 'demo', '--replicas=3');
    await k('rollout', 'status', 'deployment/echo', '-n', 'demo', '--timeout=20s');
    expect(c.registry.list('pods', { namespace: 'demo' }).items).toHaveLength(3);
    await k('delete', 'deployment', 'echo', '-n', 'demo');
    await waitFor(
      () => c.registry.list('pods', { namespace: 'demo' }).items.length === 0,
      'demo pods gone',
    );
  });

  it('does not seed again on restart, even what the user deleted', async () => {
    await c.close();
    const again = await startDevCluster({
      port: 0,
      dataDir: c.dataDir,
      seed: true,
      controllers: false,
      quiet: true,
    });
    try {
      expect(again.registry.get('deployments.apps', 'demo', 'echo')).toBeUndefined();
      expect(again.registry.get('services', 'demo', 'echo')).toBeDefined();
    } finally {
      await again.close();
    }
    c.close = async () => {};
  });
});
