import { describe, expect, it } from 'vitest';
import { isDNS1123Subdomain } from '../k8s/validation/primitives';
import { buildAccess, nipAddress, nipHostFor, type AccessSettings } from './access';

const npmStart: AccessSettings = { deployed: false, listener: { address: '127.0.0.1', httpPort: 8080, httpsPort: 8443 }, nodeIPs: [] };
const targets = [
  { host: 'demo.example.com', path: '/', tls: false },
  { host: 'demo.example.com', path: '/api', tls: false },
  { host: 'secure.example.com', path: '/', tls: true },
];

describe('buildAccess', () => {
  it('npm start: the published address with the gateway listener ports', () => {
    const p = buildAccess(targets, ['127.0.0.1'], npmStart);
    expect(p.rows).toEqual([
      { host: 'demo.example.com', paths: ['/', '/api'], method: 'direct', address: '127.0.0.1', port: 8080, tls: false, nodeIPs: ['127.0.0.1'] },
      { host: 'secure.example.com', paths: ['/'], method: 'direct', address: '127.0.0.1', port: 8443, tls: true, nodeIPs: ['127.0.0.1'] },
    ]);
    expect(p.hostsLine).toBe('127.0.0.1 demo.example.com secure.example.com');
    expect(p.curlLines).toEqual([
      'curl -s --resolve demo.example.com:8080:127.0.0.1 http://demo.example.com:8080/',
      'curl -s --resolve demo.example.com:8080:127.0.0.1 http://demo.example.com:8080/api',
      'curl -sk --resolve secure.example.com:8443:127.0.0.1 https://secure.example.com:8443/',
    ]);
    expect(p.source).toBe('ingress-status');
  });

  it('npm start without a status address: the listener address, or GATEWAY_PUBLISH_ADDRESS', () => {
    expect(buildAccess(targets, [], npmStart)).toMatchObject({ address: '127.0.0.1', httpPort: 8080, source: 'listener' });
    expect(buildAccess(targets, [], { ...npmStart, published: ['127.0.0.9'] })).toMatchObject({ address: '127.0.0.9', source: 'publish-setting' });
  });

  it('deployed NodePort: node ports on the published node address, all node IPs listed', () => {
    const s: AccessSettings = {
      deployed: true,
      listener: npmStart.listener,
      nodeIPs: ['192.168.0.4', '192.168.0.3'],
      service: { type: 'NodePort', clusterIP: '10.96.0.20', httpPort: 80, httpsPort: 443, httpNodePort: 32586, httpsNodePort: 31920, loadBalancerAddresses: [] },
    };
    const p = buildAccess(targets, ['192.168.0.4'], s);
    expect(p.rows.map((r) => [r.method, r.address, r.port, r.nodeIPs])).toEqual([
      ['NodePort', '192.168.0.4', 32586, ['192.168.0.4', '192.168.0.3']],
      ['NodePort', '192.168.0.4', 31920, ['192.168.0.4', '192.168.0.3']],
    ]);
    expect(p.hostsLine).toBe('192.168.0.4 demo.example.com secure.example.com');
    expect(p.curlLines[0]).toBe('curl -s --resolve demo.example.com:32586:192.168.0.4 http://demo.example.com:32586/');
    // Nodes not readable: the published node addresses stand in.
    expect(buildAccess(targets, ['192.168.0.4', '192.168.0.5'], { ...s, nodeIPs: [] }).rows[0]!.nodeIPs).toEqual(['192.168.0.4', '192.168.0.5']);
    // No status address yet: the first node IP.
    expect(buildAccess(targets, [], s)).toMatchObject({ method: 'NodePort', address: '192.168.0.4', source: 'node' });
  });

  it('deployed LoadBalancer: the load balancer address on the service ports; nip.io hosts need no --resolve', () => {
    const s: AccessSettings = {
      deployed: true,
      listener: npmStart.listener,
      nodeIPs: ['192.168.0.4'],
      service: { type: 'LoadBalancer', httpPort: 80, httpsPort: 443, httpNodePort: 30080, httpsNodePort: 30443, loadBalancerAddresses: ['139.198.121.154'] },
    };
    const nip = 'demo2.kubesphere.139.198.121.154.nip.io';
    const p = buildAccess([{ host: nip, path: '/', tls: false }, { host: 'x.example.com', path: '/', tls: false }], [], s);
    expect(p).toMatchObject({ method: 'LoadBalancer', address: '139.198.121.154', httpPort: 80, source: 'load-balancer', nipHosts: [nip] });
    expect(p.hostsLine).toBe('139.198.121.154 x.example.com');
    expect(p.curlLines).toEqual([`curl -s http://${nip}/`, 'curl -s --resolve x.example.com:80:139.198.121.154 http://x.example.com/']);
  });

  it('a load balancer hostname: a Host header, no hosts line', () => {
    const s: AccessSettings = { deployed: true, listener: npmStart.listener, nodeIPs: [], service: { type: 'LoadBalancer', httpPort: 80, loadBalancerAddresses: ['lb.example.net'] } };
    const p = buildAccess([{ host: 'a.example.com', path: '/x', tls: false }], [], s);
    expect(p.hostsLine).toBeUndefined();
    expect(p.curlLines).toEqual(["curl -s -H 'Host: a.example.com' http://lb.example.net/x"]);
  });

  it('deployed without a readable Service, and a rule without host', () => {
    const p = buildAccess([{ host: '', path: '/echo', tls: false }], ['127.0.0.1'], { ...npmStart, deployed: true });
    expect(p.rows[0]).toMatchObject({ host: '', method: 'direct', address: '127.0.0.1', port: 8080 });
    expect(p.hostsLine).toBeUndefined();
    expect(p.curlLines).toEqual(['curl -s http://127.0.0.1:8080/echo']);
  });

  it('a Service is ignored for `npm start` (GATEWAY_URL unset)', () => {
    const s: AccessSettings = { ...npmStart, service: { type: 'LoadBalancer', loadBalancerAddresses: ['203.0.113.7'] } };
    expect(buildAccess(targets, [], s)).toMatchObject({ method: 'direct', address: '127.0.0.1', httpPort: 8080 });
  });

  it('a nip.io host of another address is a plain name: --resolve to the gateway', () => {
    const p = buildAccess([{ host: 'a.10.0.0.1.nip.io', path: '/', tls: false }], ['127.0.0.1'], npmStart);
    expect(p.curlLines).toEqual(['curl -s --resolve a.10.0.0.1.nip.io:8080:127.0.0.1 http://a.10.0.0.1.nip.io:8080/']);
  });
});

describe('nip.io names', () => {
  it('reads the address of dotted and dashed forms', () => {
    expect(nipAddress('app.10.0.0.1.nip.io')).toBe('10.0.0.1');
    expect(nipAddress('10.0.0.1.nip.io')).toBe('10.0.0.1');
    expect(nipAddress('app-127-0-0-1.nip.io')).toBe('127.0.0.1');
    expect(nipAddress('app.example.com')).toBeUndefined();
    expect(nipAddress('999.0.0.1.nip.io')).toBeUndefined();
  });

  it('generates <route>.<project>.<address>.nip.io', () => {
    expect(nipHostFor('echo', 'demo', '127.0.0.1')).toEqual({ host: 'echo.demo.127.0.0.1.nip.io' });
    expect(nipHostFor('Shop', 'demo', '203.0.113.7')).toEqual({ host: 'shop.demo.203.0.113.7.nip.io' });
  });

  it('shortens to a DNS-1123 subdomain (253 characters, labels of 63)', () => {
    const route = Array.from({ length: 5 }, (_, i) => `${String(i)}${'r'.repeat(61)}x`).join('.');
    const g = nipHostFor(route, 'p'.repeat(63), '127.0.0.1');
    if (!('host' in g)) throw new Error(g.error);
    expect(g.host.length).toBeLessThanOrEqual(253);
    expect(g.host.endsWith(`.${'p'.repeat(63)}.127.0.0.1.nip.io`)).toBe(true);
    expect(isDNS1123Subdomain(g.host)).toEqual([]);
    for (const l of g.host.split('.')) expect(l.length).toBeLessThanOrEqual(63);
  });

  it('refuses an address that is not IPv4, naming why', () => {
    expect(nipHostFor('echo', 'demo', 'lb.example.net')).toEqual({ error: expect.stringContaining('not an IPv4 address') });
  });
});
