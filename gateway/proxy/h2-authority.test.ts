// HTTP/2 (h2c, as gRPC clients use it) through the gateway: :authority and Host must agree
// (RFC 9113 §8.3.1) and be valid; otherwise 400 and the backend never sees the request.
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../testing/harness';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process';

let backend: Backend;
let gw: InProcessGateway;
let session: http2.ClientHttp2Session;

beforeAll(async () => {
  backend = await startBackend('echo', '127.0.0.1', 0);
  gw = await startInProcessGateway([{ name: 'a', host: 'a.h2.test' }, { name: 'b', host: 'b.h2.test' }], backend);
  session = http2.connect(`http://127.0.0.1:${gw.httpPort}`);
});

afterAll(async () => {
  session?.close();
  await gw?.close();
  await backend?.close();
});

function h2(headers: http2.OutgoingHttpHeaders): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const s = session.request({ ':method': 'GET', ':path': '/p', ...headers }, { endStream: true });
    let body = '';
    let status = 0;
    s.setEncoding('utf8');
    s.on('response', (h) => (status = Number(h[':status'])));
    s.on('data', (c: string) => (body += c));
    s.on('end', () => resolve({ status, body }));
    s.on('error', reject);
  });
}

describe('HTTP/2 authority', () => {
  it(':authority alone, or with the same Host, is served', async () => {
    const hits = backend.hits;
    expect((await h2({ ':authority': 'a.h2.test' })).status).toBe(200);
    const same = await h2({ ':authority': 'a.h2.test', host: 'A.h2.test' });
    expect(same.status).toBe(200);
    expect(JSON.parse(same.body).headers['x-forwarded-host']).toMatch(/^a\.h2\.test$/i);
    expect(backend.hits).toBe(hits + 2);
  });

  it('a Host that differs from :authority, or an invalid authority, is 400 and never reaches a backend', async () => {
    const hits = backend.hits;
    for (const headers of [{ ':authority': 'a.h2.test', host: 'b.h2.test' }, { ':authority': 'b.h2.test', host: 'a.h2.test:80' }, { ':authority': 'user@a.h2.test' }, { ':authority': 'a.h2.test', host: 'x@a.h2.test' }]) {
      const r = await h2(headers);
      expect(r.status, JSON.stringify(headers)).toBe(400);
      expect(r.body).toBe('400 Bad Request\n');
    }
    // characters outside an authority are refused by nghttp2 itself (stream reset), before us
    await expect(h2({ ':authority': 'a b.h2.test' })).rejects.toThrow('NGHTTP2_PROTOCOL_ERROR');
    expect(backend.hits).toBe(hits);
  });
});
