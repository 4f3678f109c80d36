/**
 * The registry-driven route actions and list query (GRPCRoute, TLSRoute) against a real dev
 * cluster process (spawned, not imported), through the kubeconfig it writes: create, list
 * with the common row, 409 on a stale replace, refusals naming the field, delete.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  const deadline = Date.now() + 30_000;
  const { listProjects } = await import('../queries/projects');
  while (Date.now() < deadline) {
    if (existsSync(path.join(cluster.dataDir, 'kubeconfig'))) {
      const ok = await listProjects().then((p) => p.includes('demo')).catch(() => false);
      if (ok) return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('dev cluster did not start with the demo project');
});

afterAll(async () => {
  await cluster?.stop();
});

const grpc = (name: string, hostname = `${name}.example.test`) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'GRPCRoute',
  metadata: { name },
  spec: { parentRefs: [{ name: 'gw' }], hostnames: [hostname], rules: [{ matches: [{ method: { service: 'helloworld.Greeter' } }], backendRefs: [{ name: 'echo', port: 80 }] }] },
});

const tls = (name: string) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'TLSRoute',
  metadata: { name },
  spec: { parentRefs: [{ name: 'gw', sectionName: 'tls' }], hostnames: ['db.example.test'], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
});

describe('Gateway API route actions from the kind registry', () => {
  it('GRPCRoute: create, list row, stale replace is a Conflict, delete', async () => {
    const a = await import('./gateway-routes');
    const { listGatewayRoutes, getGatewayRoute } = await import('../queries/gateway-routes');
    const made = await a.createGatewayRouteAction('grpcroutes', 'demo', grpc('it-grpc'));
    expect(made.ok && made.value.metadata.namespace).toBe('demo');
    if (!made.ok) return;
    const list = await listGatewayRoutes('grpcroutes', 'demo');
    expect(list.served).toBe(true);
    expect(list.rows.find((r) => r.name === 'it-grpc')).toMatchObject({ hostnames: ['it-grpc.example.test'], parents: ['gw'], backends: ['echo:80 (weight 1)'] }); // the API defaults the weight

    const first = await a.replaceGatewayRouteAction('grpcroutes', 'demo', 'it-grpc', { ...made.value, metadata: { ...made.value.metadata, labels: { v: '1' } } });
    expect(first.ok).toBe(true);
    const second = await a.replaceGatewayRouteAction('grpcroutes', 'demo', 'it-grpc', { ...made.value, metadata: { ...made.value.metadata, labels: { v: '2' } } });
    expect(!second.ok && [second.status, second.reason]).toEqual([409, 'Conflict']);
    expect(!second.ok && second.message).toContain('Someone else changed GRPCRoute it-grpc');
    expect((await getGatewayRoute('grpcroutes', 'demo', 'it-grpc'))?.metadata.labels).toEqual({ v: '1' });

    expect(await a.deleteGatewayRouteAction('grpcroutes', 'demo', 'it-grpc')).toEqual({ ok: true, value: { name: 'it-grpc' } });
    expect(await getGatewayRoute('grpcroutes', 'demo', 'it-grpc')).toBeUndefined();
  });

  it('TLSRoute: create and list; refusals name the field', async () => {
    const a = await import('./gateway-routes');
    const { listGatewayRoutes } = await import('../queries/gateway-routes');
    expect((await a.createGatewayRouteAction('tlsroutes', 'demo', tls('it-tls'))).ok).toBe(true);
    expect((await listGatewayRoutes('tlsroutes', 'demo')).rows.map((r) => r.name)).toContain('it-tls');

    // A GRPCRoute sent to the TLSRoute action: apiVersion and kind named.
    const wrongKind = await a.createGatewayRouteAction('tlsroutes', 'demo', grpc('it-wrong'));
    expect(!wrongKind.ok && wrongKind.fieldErrors.map((f) => f.field)).toEqual(expect.arrayContaining(['apiVersion', 'kind']));
    // lib/k8s validation before any write.
    const badHost = await a.createGatewayRouteAction('grpcroutes', 'demo', grpc('it-bad', 'Bad_Host'));
    expect(!badHost.ok && badHost.fieldErrors.map((f) => f.field)).toEqual(['spec.hostnames[0]']);
    // Only registry route kinds: anything else is refused before the cluster is asked.
    for (const resource of ['pods', 'gateways', 'constructor', '']) {
      const r = await a.createGatewayRouteAction(resource, 'demo', tls('it-x'));
      expect(!r.ok && [r.status, r.fieldErrors[0]?.field]).toEqual([400, 'resource']);
    }
    // Another project's namespace is refused.
    const elsewhere = await a.createGatewayRouteAction('tlsroutes', 'demo', { ...tls('it-ns'), metadata: { name: 'it-ns', namespace: 'other' } });
    expect(!elsewhere.ok && elsewhere.fieldErrors[0]?.field).toBe('metadata.namespace');
  });
});
