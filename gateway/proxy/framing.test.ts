// Strict framing through the whole data plane (listener -> HTTP/1.1 core -> handler -> backend):
// the core's refusals never reach a backend, and the absolute-form authority is the host the
// router and the backend see. Rule-by-rule cases: ./http1/core.test.ts.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startBackend, type Backend } from '../../testing/harness';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process';

let backend: Backend;
let gw: InProcessGateway;

beforeAll(async () => {
  backend = await startBackend('echo', '127.0.0.1', 0);
  gw = await startInProcessGateway([{ name: 'a', host: 'a.framing.test' }, { name: 'b', host: 'b.framing.test' }], backend);
});

afterAll(async () => {
  await gw?.close();
  await backend?.close();
});

/** Raw bytes in, everything until the gateway closes the connection out. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(gw.httpPort, '127.0.0.1', () => s.write(text));
    let out = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => (out += d));
    s.on('close', () => resolve(out));
    s.on('error', reject);
    setTimeout(() => s.destroy(), 3000).unref();
  });
}

describe('request framing through the gateway', () => {
  it('two Host headers, no version, HTTP/2.0 in a request line: refused, the backend never sees them', async () => {
    const hits = backend.hits;
    expect(await raw('GET / HTTP/1.1\r\nHost: a.framing.test\r\nHost: b.framing.test\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await raw('GET /path\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(await raw('GET / HTTP/2.0\r\nHost: a.framing.test\r\n\r\n')).toMatch(/^HTTP\/1\.1 505 HTTP Version Not Supported\r\n/);
    expect(await raw('POST / HTTP/1.1\r\nHost: a.framing.test\r\nTransfer-Encoding: gzip\r\n\r\nabc')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(backend.hits).toBe(hits);
  });

  it('an absolute-form target is routed by its authority and the backend gets that Host', async () => {
    // node's client sends a path that is an absolute URL as is: "GET http://b.framing.test/x HTTP/1.1"
    const r = await request({ port: gw.httpPort, host: 'a.framing.test', path: 'http://b.framing.test/x' });
    expect(r.status).toBe(200);
    const seen = r.json<{ path: string; host: string; headers: Record<string, string> }>();
    expect(seen.host).toBe('b.framing.test');
    expect(seen.path).toBe('/x');
    expect(seen.headers['x-forwarded-host']).toBe('b.framing.test');
  });
});
