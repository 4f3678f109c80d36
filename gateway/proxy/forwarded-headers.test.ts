// X-Forwarded-* through the gateway over real sockets, as the backend receives them: replaced
// for an ordinary client (ingress-nginx's default), kept and extended from a trusted proxy
// (GATEWAY_TRUSTED_PROXIES), whose client is then the right-most untrusted address.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../testing/harness';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process';
import { parseTrustedProxies } from './forwarded';

let backend: Backend;
/** no trusted proxies (the default) */
let plain: InProcessGateway;
/** 127.0.0.1/32 trusted: connections from 127.0.0.1 are "the proxy", from 127.0.0.2 a client */
let behindProxy: InProcessGateway;

const ingresses = [
  { name: 'fwd', host: 'fwd.test' },
  { name: 'limited', host: 'limited.test', annotations: { 'nginx.ingress.kubernetes.io/limit-rps': '1' } },
];

beforeAll(async () => {
  backend = await startBackend('echo', '127.0.0.1', 0);
  plain = await startInProcessGateway(ingresses, backend);
  behindProxy = await startInProcessGateway(ingresses, backend, { trustedProxies: parseTrustedProxies('127.0.0.1/32') });
});

afterAll(async () => {
  await plain?.close();
  await behindProxy?.close();
  await backend?.close();
});

/** A request from a chosen loopback source address; the status and the headers the backend received. */
function from(localAddress: string, port: number, host: string, headers: Record<string, string>): Promise<{ status: number; seen: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, localAddress, path: '/', headers: { ...headers, host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, seen: res.statusCode === 200 ? (JSON.parse(body) as { headers: Record<string, string> }).headers : {} }));
    });
    req.on('error', reject);
    req.end();
  });
}

const fake = { 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-port': '1' };
const forwarding = (h: Record<string, string>) => ({ xff: h['x-forwarded-for'], realIp: h['x-real-ip'], proto: h['x-forwarded-proto'], host: h['x-forwarded-host'], port: h['x-forwarded-port'] });

describe('forwarded headers', () => {
  it('by default a client-sent X-Forwarded-*/X-Real-IP is replaced with the connection\'s values', async () => {
    const { status, seen } = await from('127.0.0.1', plain.httpPort, 'fwd.test', fake);
    expect(status).toBe(200);
    expect(forwarding(seen)).toEqual({ xff: '127.0.0.1', realIp: '127.0.0.1', proto: 'http', host: 'fwd.test', port: String(plain.httpPort) });
  });

  it('a client that is not a trusted proxy is treated the same when a list is set', async () => {
    const { seen } = await from('127.0.0.2', behindProxy.httpPort, 'fwd.test', fake);
    expect(forwarding(seen)).toEqual({ xff: '127.0.0.2', realIp: '127.0.0.2', proto: 'http', host: 'fwd.test', port: String(behindProxy.httpPort) });
  });

  it('from a trusted proxy: X-Forwarded-* kept, the proxy appended, X-Real-IP the right-most untrusted address', async () => {
    const { seen } = await from('127.0.0.1', behindProxy.httpPort, 'fwd.test', { ...fake, 'x-forwarded-for': '203.0.113.9, 198.51.100.7' });
    expect(forwarding(seen)).toEqual({ xff: '203.0.113.9, 198.51.100.7, 127.0.0.1', realIp: '198.51.100.7', proto: 'https', host: 'evil.example', port: '1' });
  });

  it('rate limits count the client behind a trusted proxy, not the proxy', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await from('127.0.0.1', behindProxy.httpPort, 'limited.test', { 'x-forwarded-for': '203.0.113.1' })).status);
    expect(codes).toContain(503); // burst 5 at 1 rps
    expect((await from('127.0.0.1', behindProxy.httpPort, 'limited.test', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
  });
});
