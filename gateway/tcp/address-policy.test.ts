// Upstream address policy at every ExternalName resolution, with real sockets: a name that
// first resolves to an allowed address and later to a refused one (DNS rebinding) is refused at
// the second resolution — the gateway never connects to the second answer. The resolver's
// `resolve` hook plays DNS (deterministic, no hosts file); everything else is the gateway's own
// code: resolver -> synthetic slice -> endpoint table with the policy -> TCP proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { buildSnapshot, type ClusterState } from '@/lib/routing';
import { EndpointTable } from '../proxy/endpoints';
import { AddressPolicy, parseCidrList } from '../proxy/address-policy';
import { TcpProxy } from './proxy';
import { ExternalNameResolver } from './external-name';
import { freePort, tcpRoundTrip, waitFor } from '../../testing/harness';

interface Server {
  server: net.Server;
  port: number;
  conns: number;
}
async function listen(address: string, port: number, prefix: string): Promise<Server> {
  const s: Server = { server: net.createServer({ allowHalfOpen: true }), port: 0, conns: 0 };
  s.server.on('connection', (c) => {
    s.conns++;
    c.on('error', () => {});
    c.write(prefix);
    c.pipe(c);
  });
  await new Promise<void>((r) => s.server.listen(port, address, () => r()));
  s.port = (s.server.address() as net.AddressInfo).port;
  return s;
}

let allowed: Server;
let sentinel: Server; // on 127.0.0.1, same port: what a rebinding answer would reach
beforeAll(async () => {
  allowed = await listen('127.1.44.7', 0, 'POD:');
  sentinel = await listen('127.0.0.1', allowed.port, 'LOCAL:').catch(async () => listen('127.0.0.1', 0, 'LOCAL:'));
});
afterAll(async () => {
  for (const s of [allowed, sentinel]) await new Promise((r) => s.server.close(r));
});

describe('ExternalName re-resolution under the address policy', () => {
  it('an allowed first answer carries traffic; a loopback second answer is refused and never connected to', async () => {
    expect(sentinel.port).toBe(allowed.port); // the refused answer must point at a live server, or the test proves nothing
    const listenPort = await freePort();
    const state: ClusterState = {
      gatewayClasses: [{ metadata: { name: 'portico' }, spec: { controllerName: 'portico.dev/gateway-controller' } }],
      gateways: [{ metadata: { name: 'gw', namespace: 'db', creationTimestamp: '2026-01-01T00:00:00Z' }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'tcp', port: listenPort, protocol: 'TCP' }] } }],
      services: [{ metadata: { name: 'ext', namespace: 'db' }, spec: { type: 'ExternalName', externalName: 'db.example.com', ports: [{ name: 'tcp', port: allowed.port }] } }],
      tcpRoutes: [{ metadata: { name: 'r', namespace: 'db', creationTimestamp: '2026-01-01T00:00:01Z' }, spec: { parentRefs: [{ name: 'gw', sectionName: 'tcp' }], rules: [{ backendRefs: [{ name: 'ext', port: allowed.port }] }] } }],
    };
    const snap = buildSnapshot(state);
    const table = new EndpointTable();
    table.policy = new AddressPolicy({ allowed: parseCidrList('127.1.0.0/16'), bindAddresses: ['127.0.0.1'], ports: [] });
    table.setTargets(snap.backends);
    let answer = ['127.1.44.7'];
    let resolutions = 0;
    const resolver = new ExternalNameResolver((op, s) => (op === 'put' ? table.upsertSlice(s) : table.deleteSlice(s)), {
      minTtlSeconds: 0,
      resolve: async () => {
        resolutions++;
        return { addresses: answer, ttlSeconds: 0.05, source: 'dns' };
      },
    });
    const proxy = new TcpProxy(table, { host: '127.0.0.1' });
    try {
      resolver.apply(snap);
      await proxy.apply(snap);
      await waitFor(() => table.get([...snap.backends.keys()][0])?.ready.length === 1, 'first resolution');
      expect((await tcpRoundTrip(listenPort, 'hello')).data.toString()).toBe('POD:hello');
      expect(table.refused()).toEqual([]);

      // the same name now answers loopback (a rebinding DNS server): refused at that resolution
      const before = resolutions;
      answer = ['127.0.0.1'];
      await waitFor(() => table.refused().length === 1, 'refusal at the second resolution', 5_000, 10);
      expect(resolutions).toBeGreaterThan(before);
      expect(table.refused()).toEqual([{ namespace: 'db', service: 'ext', address: '127.0.0.1', port: allowed.port, externalName: 'db.example.com', message: 'loopback address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS (127.1.0.0/16)' }]);
      const r = await tcpRoundTrip(listenPort, 'hello');
      expect(r.data.toString()).toBe('');
      // and it stays refused at every later resolution
      const later = resolutions;
      await waitFor(() => resolutions > later + 2, 'more resolutions', 5_000, 10);
      expect((await tcpRoundTrip(listenPort, 'again')).data.toString()).toBe('');
      expect(sentinel.conns).toBe(0);
      expect(allowed.conns).toBe(1);
    } finally {
      resolver.stop();
      await proxy.close();
    }
  });
});
