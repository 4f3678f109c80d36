// The cluster watcher against a real HTTP server standing in for the API server: a burst of
// watch events costs one rebuild, an isolated change is handed on without waiting for a
// debounce window, our own status writes coming back cost no rebuild (one quiet flush later),
// and a missing CRD (404) is reported as such.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/testing/harness';
import { KubeClient } from '../kube/client';
import { ClusterWatcher } from './watcher';

const INGRESSES = '/apis/networking.k8s.io/v1/ingresses';
let server: http.Server;
let client: KubeClient;
/** the open Ingress watch */
let ingressWatch: http.ServerResponse | undefined;
const held = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.writeHead(url.pathname.startsWith('/apis/gateway.networking.k8s.io/') ? 404 : 200, {
      'content-type': 'application/json',
    });
    if (url.pathname.startsWith('/apis/gateway.networking.k8s.io/'))
      return res.end(JSON.stringify({ kind: 'Status', code: 404, reason: 'NotFound' }));
    if (url.searchParams.get('watch') !== '1')
      return res.end(JSON.stringify({ metadata: { resourceVersion: '1' }, items: [] }));
    held.add(res);
    res.write(''); // head out: the watch is open
    if (url.pathname === INGRESSES) ingressWatch = res;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new KubeClient({
    server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorization: async () => undefined,
  });
});
afterAll(async () => {
  for (const r of held) r.destroy();
  client.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const ingress = (name: string, rv: number, path = '/', status?: unknown) => ({
  type: rv === 0 ? 'ADDED' : 'MODIFIED',
  object: {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      resourceVersion: String(rv + 2),
      generation: 1,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"copy"}' },
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      rules: [
        {
          host: `${name}.example.com`,
          http: {
            paths: [
              {
                path,
                pathType: 'Prefix',
                backend: { service: { name: 'svc', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
    ...(status ? { status } : {}),
  },
});

describe('ClusterWatcher', () => {
  it('one rebuild for a burst, at once for an isolated change, none for a status write coming back', async () => {
    const changes: number[] = [];
    const logs: string[] = [];
    const w = new ClusterWatcher(
      client,
      {
        onChange: (since) => changes.push(since),
        onSlice: () => {},
        onSlicesReplaced: () => {},
        log: (_l, msg) => logs.push(msg),
      },
      200,
    );
    await w.start();
    expect(
      logs.filter((l) => l.includes('Gateway API CRDs are not installed')).length,
    ).toBeGreaterThan(0);
    await waitFor(
      () => ingressWatch !== undefined && changes.length > 0,
      'the watches open and the first lists handed on',
    );
    await new Promise((r) => setTimeout(r, 100));
    changes.length = 0;

    // 100 Ingresses in one read: one rebuild
    ingressWatch!.write(
      Array.from({ length: 100 }, (_, i) => JSON.stringify(ingress(`i${i}`, 0)) + '\n').join(''),
    );
    await waitFor(
      () => w.store.list('ingresses').length === 100 && changes.length === 1,
      '100 Ingresses, one rebuild',
    );
    await new Promise((r) => setTimeout(r, 250)); // a quiet spell longer than the 200 ms window
    expect(changes).toHaveLength(1);
    // the store keeps what routing reads, not kubectl's and the API server's bookkeeping
    const held0 = w.store.get('ingresses', 'ns', 'i0')!;
    expect(held0.metadata.annotations).toEqual({});
    expect((held0.metadata as { managedFields?: unknown }).managedFields).toBeUndefined();

    // an isolated change after a quiet spell: handed on well before a 200 ms window would end
    const t0 = performance.now();
    ingressWatch!.write(JSON.stringify(ingress('i5', 1, '/moved')) + '\n');
    await waitFor(() => changes.length === 2, 'the isolated change', 5_000, 1);
    expect(changes[1]).toBeGreaterThanOrEqual(t0);
    expect(performance.now() - t0).toBeLessThan(150);

    // our status write comes back: no rebuild now, one quiet flush (since = 0) a second later
    ingressWatch!.write(
      JSON.stringify(ingress('i7', 1, '/', { loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } })) +
        '\n',
    );
    await waitFor(
      () =>
        (w.store.get('ingresses', 'ns', 'i7')!.status as { loadBalancer?: unknown } | undefined)
          ?.loadBalancer !== undefined,
      'the status update stored',
    );
    expect(changes).toHaveLength(2);
    await waitFor(() => changes.length === 3, 'the quiet flush', 3_000);
    expect(changes[2]).toBe(0);
    await w.stop();
  });
});
