// ingress-nginx CORS annotations through the gateway over real sockets: the exact CORS headers
// of each answer (lib/routing/cors.ts decides), and which requests reach the backend.
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startBackend, type Backend } from '../../testing/harness';
import { startInProcessGateway, type InProcessGateway } from '../testing/in-process';

const N = 'nginx.ingress.kubernetes.io/';
let backend: Backend;
let gw: InProcessGateway;

beforeAll(async () => {
  backend = await startBackend('echo', '127.0.0.1', 0);
  gw = await startInProcessGateway(
    [
      { name: 'any', host: 'any.cors.test', annotations: { [N + 'enable-cors']: 'true' } },
      {
        name: 'listed',
        host: 'listed.cors.test',
        annotations: {
          [N + 'enable-cors']: 'true',
          [N + 'cors-allow-origin']: 'https://app.example.com, https://*.corp.example',
          [N + 'cors-allow-methods']: 'GET, POST',
          [N + 'cors-allow-headers']: 'Content-Type,X-Token',
          [N + 'cors-expose-headers']: 'X-Request-ID',
          [N + 'cors-max-age']: '600',
        },
      },
    ],
    backend,
  );
});

afterAll(async () => {
  await gw?.close();
  await backend?.close();
});

/** Only the CORS-relevant answer headers, to compare exactly. */
function cors(h: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('access-control-') || k === 'vary') out[k] = v;
  return out;
}

const get = (host: string, origin?: string) => request({ port: gw.httpPort, host, path: '/x', headers: origin ? { origin, cookie: 'session=secret' } : {} });

describe('CORS (enable-cors)', () => {
  it('default allow-origin "*": a literal "*", never the Origin, never with credentials; with or without an Origin', async () => {
    const none = await get('any.cors.test');
    expect(none.status).toBe(200);
    expect(cors(none.headers)).toEqual({ 'access-control-allow-origin': '*' });
    const evil = await get('any.cors.test', 'https://evil.example');
    expect(evil.status).toBe(200);
    expect(cors(evil.headers)).toEqual({ 'access-control-allow-origin': '*' });
  });

  it('a listed origin is echoed with credentials and Vary: Origin', async () => {
    const r = await get('listed.cors.test', 'https://app.example.com');
    expect(r.status).toBe(200);
    expect(cors(r.headers)).toEqual({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Request-ID', vary: 'Origin' });
  });

  it('an unlisted origin, or none, gets no CORS headers (only Vary: Origin) but still the response', async () => {
    for (const origin of ['https://evil.example', 'https://app.example.com.evil.example', 'http://app.example.com', undefined]) {
      const r = await get('listed.cors.test', origin);
      expect(r.status, String(origin)).toBe(200);
      expect(cors(r.headers), String(origin)).toEqual({ vary: 'Origin' });
    }
  });

  it('"https://*.corp.example" allows one subdomain label, nothing deeper', async () => {
    const ok = await get('listed.cors.test', 'https://team-1.corp.example');
    expect(cors(ok.headers)).toEqual({ 'access-control-allow-origin': 'https://team-1.corp.example', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-Request-ID', vary: 'Origin' });
    const deep = await get('listed.cors.test', 'https://a.b.corp.example');
    expect(cors(deep.headers)).toEqual({ vary: 'Origin' });
  });

  it('a preflight from an allowed origin is answered 204 by the gateway with the configured methods, headers and max-age', async () => {
    const hits = backend.hits;
    const pre = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-token' };
    const listed = await request({ port: gw.httpPort, host: 'listed.cors.test', path: '/x', method: 'OPTIONS', headers: { origin: 'https://app.example.com', ...pre } });
    expect(listed.status).toBe(204);
    expect(cors(listed.headers)).toEqual({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Content-Type,X-Token',
      'access-control-max-age': '600',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    const any = await request({ port: gw.httpPort, host: 'any.cors.test', path: '/x', method: 'OPTIONS', headers: { origin: 'https://evil.example', ...pre } });
    expect(any.status).toBe(204);
    expect(cors(any.headers)).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
      'access-control-allow-headers': 'DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization',
      'access-control-max-age': '1728000',
    });
    expect(backend.hits).toBe(hits);
    // a preflight from an origin the policy refuses is not answered by the gateway: the backend sees it
    const refused = await request({ port: gw.httpPort, host: 'listed.cors.test', path: '/x', method: 'OPTIONS', headers: { origin: 'https://evil.example', ...pre } });
    expect(refused.status).toBe(200);
    expect(refused.json().method).toBe('OPTIONS');
    expect(cors(refused.headers)).toEqual({ vary: 'Origin' });
    expect(backend.hits).toBe(hits + 1);
  });
});
