// TCP proxy and ExternalName resolver with real sockets (no cluster): snapshots built by
// lib/routing, endpoints from EndpointSlice objects, echo servers on pod-like loopback addresses.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { buildSnapshot, type ClusterState, type TCPRouteInput } from '@/lib/routing';
import { EndpointTable, type EndpointSliceLike } from '../proxy/endpoints';
import { TcpProxy } from './proxy';
import { ExternalNameResolver, resolveName } from './external-name';
import { freePort, tcpRoundTrip as roundTrip } from '../../testing/harness';

const GC = { metadata: { name: 'portico' }, spec: { controllerName: 'portico.dev/gateway-controller' } };
const svc = (name: string) => ({ metadata: { name, namespace: 'db' }, spec: { ports: [{ name: 'tcp', port: 7000 }] } });
const gatewayWith = (ports: number[]) => ({
  metadata: { name: 'gw', namespace: 'db', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { gatewayClassName: 'portico', listeners: ports.map((p) => ({ name: `tcp-${p}`, port: p, protocol: 'TCP' })) },
});
const route = (name: string, section: string, backends: Array<{ name: string; weight?: number }>): TCPRouteInput => ({
  metadata: { name, namespace: 'db', creationTimestamp: '2026-01-01T00:00:01Z' },
  spec: { parentRefs: [{ name: 'gw', sectionName: section }], rules: [{ backendRefs: backends.map((b) => ({ ...b, port: 7000 })) }] },
});
const slice = (service: string, addresses: string[], port: number): EndpointSliceLike => ({
  metadata: { name: `${service}-x`, namespace: 'db', labels: { 'kubernetes.io/service-name': service } },
  addressType: 'IPv4',
  endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })),
  ports: [{ name: 'tcp', port }],
});

interface Echo {
  server: net.Server;
  address: string;
  port: number;
  conns: number;
}
async function echo(address: string, port = 0, prefix = ''): Promise<Echo> {
  const e: Echo = { server: net.createServer({ allowHalfOpen: true }), address, port: 0, conns: 0 };
  e.server.on('connection', (s) => {
    e.conns++;
    if (prefix) s.write(prefix);
    s.on('error', () => {});
    s.pipe(s);
  });
  await new Promise<void>((r) => e.server.listen(port, address, () => r()));
  e.port = (e.server.address() as net.AddressInfo).port;
  return e;
}

const servers: Echo[] = [];
let table: EndpointTable;
let proxy: TcpProxy;

beforeAll(async () => {
  servers.push(await echo('127.0.71.1', 0, 'A:'), await echo('127.0.71.2', 0, 'B:'));
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.server.close(r));
});
afterEach(async () => {
  await proxy?.close();
});

function setup(state: ClusterState, slices: EndpointSliceLike[]) {
  table = new EndpointTable();
  const snap = buildSnapshot(state);
  table.setTargets(snap.backends);
  table.replaceSlices(slices);
  return snap;
}

describe('TcpProxy', () => {
  it('forwards bytes both ways (binary, 1 MiB, several concurrent connections)', async () => {
    const port = await freePort();
    const snap = setup({ gatewayClasses: [GC], gateways: [gatewayWith([port])], services: [svc('pg')], tcpRoutes: [route('r', `tcp-${port}`, [{ name: 'pg' }])] }, [slice('pg', ['127.0.71.1'], servers[0].port)]);
    proxy = new TcpProxy(table, { host: '127.0.0.1' });
    await proxy.apply(snap);
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    const results = await Promise.all([roundTrip(port, big), ...Array.from({ length: 8 }, (_, i) => roundTrip(port, Buffer.from(`hello ${i}\u0000\u00ff`, 'latin1')))]);
    expect(results[0].data.subarray(2).equals(big)).toBe(true);
    results.slice(1).forEach((r, i) => expect(r.data.toString('latin1')).toBe(`A:hello ${i}\u0000\u00ff`));
    expect(proxy.report()[0]).toMatchObject({ port, route: 'db/r', listening: true });
  });

  it('weights split connections between backends', async () => {
    const port = await freePort();
    const snap = setup(
      { gatewayClasses: [GC], gateways: [gatewayWith([port])], services: [svc('a'), svc('b')], tcpRoutes: [route('r', `tcp-${port}`, [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }])] },
      [slice('a', ['127.0.71.1'], servers[0].port), slice('b', ['127.0.71.2'], servers[1].port)],
    );
    proxy = new TcpProxy(table, { host: '127.0.0.1' });
    await proxy.apply(snap);
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) seen.add((await roundTrip(port, 'x')).data.toString().slice(0, 2));
    expect([...seen].sort()).toEqual(['A:', 'B:']);
  });

  it('a dead endpoint is ejected and the connection goes to a live one', async () => {
    const port = await freePort();
    const snap = setup(
      { gatewayClasses: [GC], gateways: [gatewayWith([port])], services: [svc('pg')], tcpRoutes: [route('r', `tcp-${port}`, [{ name: 'pg' }])] },
      // same port on both addresses: 127.0.71.3 has nothing listening there
      [slice('pg', ['127.0.71.3', '127.0.71.1'], servers[0].port)],
    );
    proxy = new TcpProxy(table, { host: '127.0.0.1' });
    await proxy.apply(snap);
    for (let i = 0; i < 4; i++) expect((await roundTrip(port, 'ping')).data.toString()).toBe('A:ping');
    const deadEp = [...table.allEndpoints()].find((e) => e.address === '127.0.71.3')!;
    expect(deadEp.health.available(Date.now())).toBe(false);
  });

  it('no route, missing backend or no endpoints: the connection is closed at once, not hung', async () => {
    const ports = [await freePort(), await freePort(), await freePort()];
    const snap = setup(
      {
        gatewayClasses: [GC],
        gateways: [gatewayWith(ports)],
        services: [svc('empty')],
        tcpRoutes: [route('missing', `tcp-${ports[1]}`, [{ name: 'nope' }]), route('empty', `tcp-${ports[2]}`, [{ name: 'empty' }])],
      },
      [slice('empty', [], 7000)],
    );
    proxy = new TcpProxy(table, { host: '127.0.0.1' });
    await proxy.apply(snap);
    for (const port of ports) {
      const r = await roundTrip(port, 'anyone?');
      expect(r.data.length).toBe(0);
      expect(r.error).toBeUndefined();
    }
    expect(proxy.report().map((r) => r.connections.refused)).toEqual([1, 1, 1]);
  });

  it('hot reconfiguration: new listener opens, removed one closes, an open connection keeps flowing', async () => {
    const base = { gatewayClasses: [GC], services: [svc('pg')] };
    const slices = [slice('pg', ['127.0.71.1'], servers[0].port)];
    const [first, second] = [await freePort(), await freePort()];
    const s1 = setup({ ...base, gateways: [gatewayWith([first])], tcpRoutes: [route('r', `tcp-${first}`, [{ name: 'pg' }])] }, slices);
    proxy = new TcpProxy(table, { host: '127.0.0.1' });
    await proxy.apply(s1);
    // a long-lived connection through the first port
    const c = net.connect({ port: first, host: '127.0.0.1' });
    const got: Buffer[] = [];
    c.on('data', (d) => got.push(d));
    await new Promise((r) => c.once('connect', r));
    c.write('one;');
    // the listener moves to the second
    const s2 = buildSnapshot({ ...base, gateways: [gatewayWith([second])], tcpRoutes: [route('r', `tcp-${second}`, [{ name: 'pg' }])] });
    table.setTargets(s2.backends);
    await proxy.apply(s2);
    expect((await roundTrip(second, 'new')).data.toString()).toBe('A:new');
    const refused = await new Promise<string>((resolve) => net.connect({ port: first, host: '127.0.0.1' }).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? '')).on('connect', () => resolve('connected')));
    expect(refused).toBe('ECONNREFUSED');
    c.write('two');
    await new Promise<void>((resolve) => {
      const check = () => (Buffer.concat(got).toString() === 'A:one;two' ? resolve() : setTimeout(check, 10));
      check();
    });
    c.destroy();
  });
});

describe('ExternalNameResolver', () => {
  it('localhost resolves to the loopback without DNS; .invalid never resolves', async () => {
    expect((await resolveName('localhost')).addresses).toContain('127.0.0.1');
    expect((await resolveName('127.0.0.9')).addresses).toEqual(['127.0.0.9']);
    await expect(resolveName('nothing-here.invalid')).rejects.toThrow(/does not resolve/);
  });

  it('publishes a synthetic slice per Service, refreshes on TTL, drops names no longer used', async () => {
    const events: Array<[string, EndpointSliceLike]> = [];
    let answer = ['127.0.72.1'];
    let calls = 0;
    const r = new ExternalNameResolver((op, s) => events.push([op, s]), {
      minTtlSeconds: 0,
      resolve: async () => {
        calls++;
        return { addresses: answer, ttlSeconds: 0.05, source: 'dns' };
      },
    });
    const target = { key: 'web/ext:80', namespace: 'web', service: 'ext', port: 80, endpointPortName: '', externalName: 'db.example.com' };
    r.setTargets([target]);
    await r.refresh('db.example.com');
    const last = () => events.filter(([, s]) => s.metadata.name === 'portico-externalname-ext').at(-1)!;
    expect(last()[0]).toBe('put');
    expect(last()[1].endpoints?.map((e) => e.addresses[0])).toEqual(['127.0.72.1']);
    expect(last()[1].ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    answer = ['127.0.72.2', '127.0.72.3'];
    const before = calls;
    await new Promise<void>((resolve) => {
      const check = () => (last()[1].endpoints?.length === 2 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(calls).toBeGreaterThan(before);
    r.setTargets([]);
    expect(last()[0]).toBe('delete');
    r.stop();
  });

  it('a name that fails to resolve publishes no endpoints and reports the error', async () => {
    const events: Array<[string, EndpointSliceLike]> = [];
    const r = new ExternalNameResolver((op, s) => events.push([op, s]));
    r.setTargets([{ key: 'web/gone:80', namespace: 'web', service: 'gone', port: 80, endpointPortName: '', externalName: 'nothing-here.invalid' }]);
    await r.refresh('nothing-here.invalid');
    expect(events.at(-1)![1].endpoints).toEqual([]);
    expect(r.report()[0].error).toMatch(/does not resolve/);
    r.stop();
  });
});

describe('ExternalName failures (fed back into routing)', () => {
  it('a failing name is reported with a stable code, re-resolved after the negative TTL, and cleared once it resolves', async () => {
    let fail = true;
    let calls = 0;
    let changes = 0;
    const r = new ExternalNameResolver(() => {}, {
      negativeTtlSeconds: 0.05,
      onFailuresChanged: () => changes++,
      resolve: async () => {
        calls++;
        if (fail) throw Object.assign(new Error('queryA ENOTFOUND db.example.com'), { code: 'ENOTFOUND' });
        return { addresses: ['127.0.72.9'], ttlSeconds: 60, source: 'dns' };
      },
    });
    r.setTargets([{ key: 'web/db:80', namespace: 'web', service: 'db', port: 80, endpointPortName: '', externalName: 'db.example.com' }]);
    await r.refresh('db.example.com');
    expect(r.failures()).toEqual([{ namespace: 'web', service: 'db', externalName: 'db.example.com', error: 'ENOTFOUND' }]);
    await new Promise((res) => setImmediate(res));
    expect(changes).toBe(1);
    const before = calls;
    fail = false;
    await new Promise<void>((resolve) => {
      const check = () => (r.failures().length === 0 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(calls).toBeGreaterThan(before); // retried by itself, after the negative TTL
    await new Promise((res) => setImmediate(res));
    expect(changes).toBe(2);
    expect(r.report()[0].addresses).toEqual(['127.0.72.9']);
    r.stop();
  });
});
