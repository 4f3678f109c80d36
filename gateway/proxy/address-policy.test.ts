// Upstream address policy: which addresses the gateway refuses, and that the endpoint table
// never turns a refused address into an endpoint (so no data-plane path can reach it).
import { describe, expect, it } from 'vitest';
import { AddressPolicy, parseCidrList } from './address-policy';
import { EndpointTable, type EndpointSliceLike } from './endpoints';
import type { BackendTarget } from '@/lib/routing';

describe('parseCidrList', () => {
  it('reads v4 and v6 CIDRs and bare addresses; refuses anything else naming the variable and the entry', () => {
    expect(parseCidrList(' 127.1.0.0/20, fd00::/8 ,10.0.0.5')).toEqual([
      { address: '127.1.0.0', prefix: 20, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
      { address: '10.0.0.5', prefix: 32, family: 'ipv4' },
    ]);
    expect(parseCidrList('')).toEqual([]);
    expect(parseCidrList(undefined)).toEqual([]);
    expect(() => parseCidrList('localhost')).toThrow('GATEWAY_ALLOWED_UPSTREAM_CIDRS: "localhost" is not a CIDR');
    expect(() => parseCidrList('10.0.0.0/33')).toThrow('"10.0.0.0/33" has an invalid prefix length (0-32 for IPv4)');
    expect(() => parseCidrList('fd00::/129')).toThrow('0-128 for IPv6');
    expect(() => parseCidrList('10.0.0.0/-1')).toThrow('invalid prefix length');
    expect(() => parseCidrList('10.0.0.0/8/1')).toThrow('invalid prefix length');
    expect(() => parseCidrList('1'.repeat(5000))).toThrow('longer than 4096');
  });
});

describe('AddressPolicy', () => {
  const policy = new AddressPolicy({ allowed: parseCidrList('127.1.16.0/20'), bindAddresses: ['127.0.0.1', '127.0.0.1'], ports: [8080, 8443, 9080] });

  it('refuses loopback, link-local, unspecified and their IPv4-mapped IPv6 forms by default', () => {
    const none = new AddressPolicy();
    for (const a of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1']) expect(none.check(a, 80)?.kind, a).toBe('loopback');
    for (const a of ['169.254.169.254', 'fe80::1', 'febf::1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe']) expect(none.check(a, 80)?.kind, a).toBe('link-local');
    for (const a of ['0.0.0.0', '0.1.2.3', '::', '::ffff:0.0.0.0']) expect(none.check(a, 80)?.kind, a).toBe('unspecified');
    expect(none.check('localhost', 80)?.kind).toBe('invalid');
    expect(none.check('127.0.0.1', 80)?.message).toBe('loopback address (not allowed by GATEWAY_ALLOWED_UPSTREAM_CIDRS)');
    for (const a of ['10.244.1.7', '192.0.2.1', '2001:db8::1', '::ffff:10.0.0.1', 'fec0::1', '169.253.255.255', '128.0.0.1']) expect(none.check(a, 80), a).toBeUndefined();
  });

  it('allows only the listed ranges, and never the gateway own ports on its own addresses', () => {
    expect(policy.check('127.1.17.4', 8081)).toBeUndefined();
    expect(policy.check('::ffff:127.1.17.4', 8081)).toBeUndefined();
    expect(policy.check('127.1.32.1', 8081)).toMatchObject({ kind: 'loopback', message: 'loopback address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS (127.1.16.0/20)' });
    // a pod-CIDR address on the admin port is still fine (it is not ours), loopback :9080 is ours
    expect(policy.check('127.1.17.4', 9080)).toBeUndefined();
    expect(policy.check('127.0.0.1', 9080)?.kind).toBe('self');
    expect(policy.check('::ffff:127.0.0.1', 8080)?.kind).toBe('self');
    expect(policy.check('127.0.0.2', 8080)?.kind).toBe('loopback'); // not ours (bound to 127.0.0.1), still refused
    expect(policy.check('0.0.0.0', 8443)?.kind).toBe('self');
    const wide = new AddressPolicy({ allowed: parseCidrList('127.0.0.0/8'), bindAddresses: ['127.0.0.1'], ports: [9080] });
    expect(wide.check('127.0.0.1', 9080)?.kind).toBe('self');
    expect(wide.check('127.0.0.2', 9080)).toBeUndefined();
    expect(wide.check('127.0.0.1', 9081)).toBeUndefined();
  });

  it('TCP listener ports of a snapshot are the gateway own too; setListenerPorts says when they changed', () => {
    const p = new AddressPolicy({ allowed: parseCidrList('127.0.0.0/8'), bindAddresses: ['127.0.0.1'], ports: [9080] });
    expect(p.check('127.0.0.1', 15432)).toBeUndefined();
    expect(p.setListenerPorts([15432])).toBe(true);
    expect(p.setListenerPorts([15432])).toBe(false);
    expect(p.check('127.0.0.1', 15432)?.kind).toBe('self');
  });

  it('bound to every address (0.0.0.0), every local interface address on our ports is ours', () => {
    const p = new AddressPolicy({ allowed: parseCidrList('0.0.0.0/0'), bindAddresses: ['0.0.0.0'], ports: [8080] });
    expect(p.check('127.0.0.1', 8080)?.kind).toBe('self');
    expect(p.check('127.3.2.1', 8080)?.kind).toBe('self');
    expect(p.check('::1', 8080)?.kind).toBe('self');
    expect(p.check('192.0.2.1', 8080)).toBeUndefined(); // not a local address
  });
});

describe('EndpointTable with a policy', () => {
  const target: BackendTarget = { key: 'web/api:80', namespace: 'web', service: 'api', port: 80, endpointPortName: 'http' };
  const slice = (addresses: string[], name = 'api-1'): EndpointSliceLike => ({
    metadata: { name, namespace: 'web', labels: { 'kubernetes.io/service-name': 'api' } },
    addressType: 'IPv4',
    endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })),
    ports: [{ name: 'http', port: 9080 }],
  });

  it('keeps refused addresses out of the set, reports them, and tells the controller when they change', async () => {
    const table = new EndpointTable();
    table.policy = new AddressPolicy({ allowed: parseCidrList('127.1.16.0/20'), bindAddresses: ['127.0.0.1'], ports: [9080] });
    let changes = 0;
    table.onRefusedChanged = () => changes++;
    table.setTargets(new Map([[target.key, target]]));
    table.replaceSlices([slice(['127.1.16.5', '127.0.0.1', '169.254.169.254'])]);
    const set = table.get(target.key)!;
    expect(set.ready.map((e) => e.address)).toEqual(['127.1.16.5']);
    expect([...table.allEndpoints()].map((e) => e.address)).toEqual(['127.1.16.5']);
    expect(table.refused()).toEqual([
      { namespace: 'web', service: 'api', address: '127.0.0.1', port: 9080, message: "it is one of the gateway's own listener or admin addresses" },
      { namespace: 'web', service: 'api', address: '169.254.169.254', port: 9080, message: 'link-local address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS (127.1.16.0/20)' },
    ]);
    await new Promise((r) => setImmediate(r));
    expect(changes).toBe(1);
    // same refusals again: no new notice; gone: one more
    table.upsertSlice(slice(['127.1.16.5', '127.0.0.1', '169.254.169.254']));
    await new Promise((r) => setImmediate(r));
    expect(changes).toBe(1);
    table.upsertSlice(slice(['127.1.16.5']));
    await new Promise((r) => setImmediate(r));
    expect(changes).toBe(2);
    expect(table.refused()).toEqual([]);
  });

  it('an ExternalName answer is checked like any address, and named in the report', () => {
    const table = new EndpointTable();
    table.policy = new AddressPolicy();
    const ext: BackendTarget = { ...target, externalName: 'localhost', endpointPortName: '' };
    table.setTargets(new Map([[ext.key, ext]]));
    table.upsertSlice({ ...slice(['127.0.0.1', '192.0.2.7']), ports: [{ name: '', port: 80 }] });
    expect(table.get(ext.key)!.ready.map((e) => e.address)).toEqual(['192.0.2.7']);
    expect(table.refused()).toEqual([{ namespace: 'web', service: 'api', address: '127.0.0.1', port: 80, externalName: 'localhost', message: 'loopback address (not allowed by GATEWAY_ALLOWED_UPSTREAM_CIDRS)' }]);
  });
});
