/**
 * How many Kubernetes API calls one console create costs, counted on the wire: every request
 * the console's undici client sends to a real dev cluster process (spawned, not imported) is
 * seen on undici's diagnostics channel, with its method, path and answer status.
 */
import diagnostics from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));

type Sent = { method: string; path: string; status?: number };
let cluster: TestCluster;
const sent: Sent[] = [];
const byRequest = new WeakMap<object, Sent>();
const onCreate = (m: unknown) => {
  const { request } = m as { request: { method: string; path: string } };
  const s = { method: request.method, path: request.path };
  byRequest.set(request, s);
  sent.push(s);
};
const onHeaders = (m: unknown) => {
  const { request, response } = m as { request: object; response: { statusCode: number } };
  const s = byRequest.get(request);
  if (s) s.status = response.statusCode;
};

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  const { listProjects } = await import('../queries/projects');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (existsSync(path.join(cluster.dataDir, 'kubeconfig')) && (await listProjects().then((p) => p.includes('demo')).catch(() => false))) break;
    if (Date.now() > deadline) throw new Error('dev cluster did not start with the demo project');
    await new Promise((r) => setTimeout(r, 200));
  }
  diagnostics.subscribe('undici:request:create', onCreate);
  diagnostics.subscribe('undici:request:headers', onHeaders);
});

afterAll(async () => {
  diagnostics.unsubscribe('undici:request:create', onCreate);
  diagnostics.unsubscribe('undici:request:headers', onHeaders);
  await cluster?.stop();
});

const ingress = (name: string, host = `${name}.example.test`) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name },
  spec: { ingressClassName: 'portico', rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
});

/** The writes to Ingresses of the demo project sent while `fn` ran. */
async function ingressWrites(fn: () => Promise<unknown>): Promise<Sent[]> {
  sent.length = 0;
  await fn();
  return sent.filter((s) => s.method !== 'GET' && s.path.startsWith('/apis/networking.k8s.io/v1/namespaces/demo/ingresses'));
}

describe('a console create', () => {
  it('is one API write, not a dry run and then the write', async () => {
    const { createRouteAction } = await import('./routes');
    let result: Awaited<ReturnType<typeof createRouteAction>> | undefined;
    const writes = await ingressWrites(async () => (result = await createRouteAction('demo', ingress('calls-a'))));
    expect(result?.ok).toBe(true);
    expect(writes).toEqual([{ method: 'POST', path: '/apis/networking.k8s.io/v1/namespaces/demo/ingresses', status: 201 }]);
  });

  it('a create the API refuses is one write too, with the API reason', async () => {
    const { createRouteAction } = await import('./routes');
    // Passes the console's own checks, refused by the API server: a name that is taken.
    let result: Awaited<ReturnType<typeof createRouteAction>> | undefined;
    const writes = await ingressWrites(async () => (result = await createRouteAction('demo', ingress('calls-a'))));
    expect(writes).toEqual([{ method: 'POST', path: '/apis/networking.k8s.io/v1/namespaces/demo/ingresses', status: 409 }]);
    expect(result).toMatchObject({ ok: false, status: 409, reason: 'AlreadyExists' });
  });

  it('with dryRun, one dry-run write and nothing stored', async () => {
    const { createRouteAction } = await import('./routes');
    const writes = await ingressWrites(() => createRouteAction('demo', ingress('calls-dry'), { dryRun: true }));
    expect(writes).toEqual([{ method: 'POST', path: '/apis/networking.k8s.io/v1/namespaces/demo/ingresses?dryRun=All', status: 201 }]);
  });

  it('input the console refuses costs no API call at all', async () => {
    const { createRouteAction } = await import('./routes');
    let result: Awaited<ReturnType<typeof createRouteAction>> | undefined;
    const writes = await ingressWrites(async () => (result = await createRouteAction('demo', ingress('calls-bad', 'bad_host!'))));
    expect(writes).toEqual([]);
    expect(!result?.ok && result?.fieldErrors.map((f) => f.field)).toContain('spec.rules[0].host');
  });
});
