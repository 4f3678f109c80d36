import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dispatcher } from 'undici';
import { LazyPool, undiciLoaded } from './lazy-undici';

describe('LazyPool', () => {
  const seen: string[] = [];
  let server: http.Server;
  let origin = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-probe'] ?? ''}`);
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('queues a dispatch made before undici is loaded, then sends it; later calls go straight to the pool', async () => {
    expect(undiciLoaded()).toBe(false);
    const pool = new LazyPool(origin, { connections: 1 });
    const body: Buffer[] = [];
    let status = 0;
    const done = new Promise<void>((resolve, reject) => {
      const handler: Dispatcher.DispatchHandler = {
        onConnect: () => {},
        onHeaders: (s) => ((status = s), true),
        onData: (c) => (body.push(c), true),
        onComplete: () => resolve(),
        onError: reject,
      };
      pool.dispatch({ path: '/first', method: 'GET', headers: { 'x-probe': 'a' } }, handler);
    });
    await done;
    expect(undiciLoaded()).toBe(true);
    expect(status).toBe(200);
    expect(Buffer.concat(body).toString()).toBe('ok');
    const r = await pool.request({ path: '/second', method: 'GET', headers: { 'x-probe': 'b' } });
    expect(await r.body.text()).toBe('ok');
    expect(seen).toEqual(['GET /first a', 'GET /second b']);
    await pool.close();
  });
});
