// The watcher against a stand-in API server (real HTTP) whose Gateway API CRDs change: kinds are
// listed and watched at the newest served version we understand, a kind served at none is
// missing, and CRDs upgraded in place (a newer version served) move the watch there.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@/testing/harness';
import { KubeClient } from '../kube/client';
import { ClusterWatcher } from './watcher';

const G = 'gateway.networking.k8s.io';
/** version -> "plural:Kind" served there */
let served: Record<string, string[]> = {};
const lists: string[] = [];
let server: http.Server;
let client: KubeClient;
const held = new Set<http.ServerResponse>();

const json = (res: http.ServerResponse, code: number, body: unknown) => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/'); // ['', 'apis', G, v, plural]
    const notFound = () => json(res, 404, { kind: 'Status', code: 404, reason: 'NotFound' });
    if (parts[2] === G) {
      if (parts.length === 3) return Object.keys(served).length ? json(res, 200, { versions: Object.keys(served).map((version) => ({ version })) }) : notFound();
      const kinds = served[parts[3]];
      if (!kinds) return notFound();
      if (parts.length === 4) return json(res, 200, { resources: kinds.map((pk) => ({ name: pk.split(':')[0], kind: pk.split(':')[1] })) });
      const kind = kinds.find((pk) => pk.startsWith(`${parts.at(-1)}:`))?.split(':')[1];
      if (!kind) return notFound();
      if (url.searchParams.get('watch') !== '1') {
        lists.push(url.pathname);
        return json(res, 200, { metadata: { resourceVersion: '1' }, items: [{ apiVersion: `${G}/${parts[3]}`, kind, metadata: { name: `from-${parts[3]}`, namespace: 'ns', resourceVersion: '1' }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'svc', port: 80 }] }] } }] });
      }
    } else if (url.searchParams.get('watch') !== '1') return json(res, 200, { metadata: { resourceVersion: '1' }, items: [] });
    held.add(res);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new KubeClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, authorization: async () => undefined });
});
afterAll(async () => {
  for (const r of held) r.destroy();
  client.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('ClusterWatcher: Gateway API versions', () => {
  it('watches each kind at the newest served version we understand, and moves when the CRDs are upgraded', async () => {
    // the v1.2 CRDs
    served = { v1: ['gateways:Gateway', 'gatewayclasses:GatewayClass', 'httproutes:HTTPRoute'], v1beta1: ['referencegrants:ReferenceGrant', 'httproutes:HTTPRoute'], v1alpha2: ['tcproutes:TCPRoute', 'tlsroutes:TLSRoute', 'referencegrants:ReferenceGrant'] };
    const logs: string[] = [];
    const w = new ClusterWatcher(client, { onChange: () => {}, onSlice: () => {}, onSlicesReplaced: () => {}, log: (_l, msg) => logs.push(msg) }, 3, 200);
    try {
      await w.start();
      expect(lists).toEqual(expect.arrayContaining([`/apis/${G}/v1alpha2/tcproutes`, `/apis/${G}/v1alpha2/tlsroutes`, `/apis/${G}/v1beta1/referencegrants`, `/apis/${G}/v1/httproutes`]));
      expect(lists.filter((l) => l.includes('/v1/tcproutes') || l.includes('/v1/referencegrants'))).toEqual([]);
      expect(w.store.list('tcpRoutes').map((o) => o.metadata.name)).toEqual(['from-v1alpha2']);
      expect(w.store.list('referenceGrants').map((o) => o.metadata.name)).toEqual(['from-v1beta1']);
      expect(w.versions.versionOf('TCPRoute')).toBe('v1alpha2');
      // GRPCRoute is served at no version: missing, said once, in the words of the problem
      expect(w.missing.has('GRPCRoute')).toBe(true);
      expect(logs.filter((l) => l.startsWith('GRPCRoute:'))).toEqual([expect.stringContaining('not served at any version we understand (v1)')]);
      expect(logs).toContain(`TCPRoute: the cluster serves ${G}/v1alpha2, not v1: watching and writing status at v1alpha2`);

      // CRDs upgraded in place: TCPRoute now also at v1
      served = { ...served, v1: [...served.v1, 'tcproutes:TCPRoute'] };
      await waitFor(() => w.store.list('tcpRoutes').map((o) => o.metadata.name).join() === 'from-v1', 'TCPRoute watched at v1', 5_000, 20);
      expect(w.versions.versionOf('TCPRoute')).toBe('v1');
      expect(w.store.list('referenceGrants').map((o) => o.metadata.name)).toEqual(['from-v1beta1']);
    } finally {
      await w.stop();
    }
  });
});
