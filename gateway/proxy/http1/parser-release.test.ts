// Node's llhttp parser is a C++ object held by a strong handle until close(): a connection that
// never closes its parser stays in memory with its socket and callbacks for good. Every
// connection, downstream (the core) and upstream (the pool), must release it when its socket
// closes. async_hooks sees the parser as a resource: init when created, destroy when freed.
import { createHook } from 'node:async_hooks';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http1Core } from './core';
import { Http1Pool } from './client';
import { waitFor } from '../../../testing/harness';

const live = new Map<number, string>();
const hook = createHook({
  init(id, type) {
    if (type === 'HTTPINCOMINGMESSAGE' || type === 'HTTPCLIENTREQUEST') live.set(id, type);
  },
  destroy(id) {
    live.delete(id);
  },
});
const count = (type: string) => [...live.values()].filter((t) => t === type).length;

let core: net.Server;
let backend: http.Server;
beforeAll(async () => {
  hook.enable();
  const c = new Http1Core({ maxHeaderSize: 8192, headersTimeoutMs: 5000, requestTimeoutMs: 5000, keepAliveTimeoutMs: 5000 }, (_req, res) => {
    res.writeHead(200, ['content-length', '2']);
    res.end('ok');
  }, (_req, socket) => socket.destroy());
  core = net.createServer((s) => c.accept(s));
  // the upstream ends every connection after its response (Connection: close)
  backend = http.createServer((_req, res) => {
    res.setHeader('connection', 'close');
    res.end('ok');
  });
  await Promise.all([new Promise<void>((r) => core.listen(0, '127.0.0.1', r)), new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))]);
});
afterAll(async () => {
  hook.disable();
  await Promise.all([new Promise((r) => core.close(r)), new Promise((r) => backend.close(r))]);
});

/** One request on a fresh connection that the client closes afterwards. */
function oneShot(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    let got = '';
    s.on('data', (d) => (got += d));
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

describe('parsers are released with their connections', () => {
  it('the core: 50 connections come and go, none of their parsers stays', async () => {
    const before = count('HTTPINCOMINGMESSAGE');
    for (let i = 0; i < 50; i++) expect(await oneShot((core.address() as net.AddressInfo).port)).toContain('200 OK');
    await waitFor(() => count('HTTPINCOMINGMESSAGE') <= before, 'every request parser destroyed', 5_000);
  });

  it('the upstream pool: 5 connections the upstream closes release their parsers', async () => {
    const before = count('HTTPCLIENTREQUEST');
    const port = (backend.address() as net.AddressInfo).port;
    const pool = new Http1Pool('127.0.0.1', port, { connections: 4, connectTimeoutMs: 1000, keepAliveTimeoutMs: 5000 });
    for (let round = 0; round < 5; round++) {
      await new Promise<void>((resolve, reject) =>
        pool.dispatch({ method: 'GET', path: '/', headers: ['host', 'x'], body: null }, { onConnect: () => {}, onHeaders: () => true, onData: () => true, onComplete: () => resolve(), onError: reject }),
      );
    }
    pool.close();
    await waitFor(() => count('HTTPCLIENTREQUEST') <= before, 'every response parser destroyed', 5_000);
  });
});
