// The upstream HTTP/1.1 pool against real upstreams on real sockets: reuse, framing, bodies,
// timeouts, failures, the connection cap and backpressure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { Http1Pool, type UpstreamHandler, type UpstreamRequest } from './client';

let upstream: http.Server;
let port = 0;
const sockets = new Set<net.Socket>();
const seenBodies: Array<{ te: string | undefined; body: string }> = [];

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      if (url.pathname === '/echo') {
        seenBodies.push({ te: req.headers['transfer-encoding'], body });
        res.end(`got ${body}`);
      } else if (url.pathname === '/trailers') {
        // echoes the request's trailers as response trailers (a chunked response)
        res.writeHead(200, { trailer: 'x-got' });
        res.write(`te=${req.headers['transfer-encoding']} body=${body}`);
        res.addTrailers({ 'x-got': JSON.stringify(req.rawTrailers) });
        res.end();
      } else if (url.pathname === '/chunked') {
        res.write('a');
        setTimeout(() => res.end('b'), 5);
      } else if (url.pathname === '/slow-head') setTimeout(() => res.end('late'), Number(url.searchParams.get('ms')));
      else if (url.pathname === '/stall-body') {
        res.writeHead(200, { 'content-length': '10' });
        res.write('12345');
      } else if (url.pathname === '/reset') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => req.socket.destroy(), 5);
      } else if (url.pathname === '/continue') {
        res.writeContinue();
        res.end('after-continue');
      } else if (url.pathname === '/big') res.end('x'.repeat(1 << 20));
      else if (url.pathname === '/pattern') res.end(pattern(Number(url.searchParams.get('n')), Number(url.searchParams.get('seed'))));
      else res.end(`${req.method} ${req.url} via ${req.socket.remotePort}`);
    });
  });
  upstream.keepAliveTimeout = 2000; // answers say `Keep-Alive: timeout=2`
  upstream.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  port = (upstream.address() as net.AddressInfo).port;
});
afterAll(() => upstream.close());

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  trailers?: string[] | null;
  error?: Error & { code?: string };
}

/** One exchange through the pool; `slowReader` makes onData refuse until resumed later. */
function send(pool: Http1Pool, req: Partial<UpstreamRequest> & { path: string }, opts: { slowReader?: boolean; abortAfterConnect?: boolean } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const out: Outcome = { status: 0, headers: {}, body: '' };
    let resume: (() => void) | undefined;
    let paused = 0;
    const h: UpstreamHandler = {
      onConnect(abort) {
        if (opts.abortAfterConnect) setTimeout(() => abort(new Error('client left')), 20);
      },
      onHeaders(status, raw, r) {
        out.status = status;
        for (let i = 0; i < raw.length; i += 2) out.headers[raw[i].toLowerCase()] = raw[i + 1];
        resume = r;
        return true;
      },
      onData(chunk) {
        out.body += chunk.toString();
        if (opts.slowReader && paused < 3) {
          paused++;
          setTimeout(() => resume?.(), 10);
          return false;
        }
        return true;
      },
      onComplete: (trailers) => {
        out.trailers = trailers;
        resolve(out);
      },
      onError(err) {
        out.error = err;
        resolve(out);
      },
    };
    pool.dispatch({ method: 'GET', headers: ['host', 'up.example'], body: null, headersTimeout: 2000, bodyTimeout: 2000, ...req }, h);
  });
}

/** n bytes that differ with position and seed: a misplaced copy cannot go unnoticed */
function pattern(n: number, seed: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(97 + ((i * 7 + seed) % 26));
  return out;
}

const newPool = (connections = 8, p = port) => new Http1Pool('127.0.0.1', p, { connections, connectTimeoutMs: 1000, keepAliveTimeoutMs: 5000 });

describe('upstream HTTP/1.1 pool', () => {
  it('reuses one kept-alive connection for sequential requests', async () => {
    const pool = newPool();
    const a = await send(pool, { path: '/a' });
    const b = await send(pool, { path: '/b' });
    expect(a.status).toBe(200);
    expect(a.body).toMatch(/^GET \/a via \d+$/);
    // the same client port: the same connection
    expect(b.body.split(' via ')[1]).toBe(a.body.split(' via ')[1]);
    expect(pool.size).toBe(1);
    pool.close();
  });

  it('reads chunked bodies, answers HEAD without waiting for a body, skips 100 Continue', async () => {
    const pool = newPool();
    expect((await send(pool, { path: '/chunked' })).body).toBe('ab');
    const head = await send(pool, { path: '/x', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    // the parser did not wait for a body: the connection serves the next request
    expect((await send(pool, { path: '/after-head' })).body).toMatch(/^GET \/after-head /);
    expect(pool.size).toBe(1);
    const cont = await send(pool, { path: '/continue' });
    expect([cont.status, cont.body]).toEqual([200, 'after-continue']);
    pool.close();
  });

  it('streams request bodies with their length, or chunked when the length is unknown', async () => {
    const pool = newPool();
    const withLength = await send(pool, { path: '/echo', method: 'POST', headers: ['host', 'h', 'content-length', '5'], body: Readable.from([Buffer.from('he'), Buffer.from('llo')]) });
    expect(withLength.body).toBe('got hello');
    const noLength = await send(pool, { path: '/echo', method: 'POST', headers: ['host', 'h'], body: Readable.from([Buffer.from('chunk'), Buffer.from('ed')]) });
    expect(noLength.body).toBe('got chunked');
    expect(seenBodies.slice(-2).map((b) => b.te)).toEqual([undefined, 'chunked']);
    pool.close();
  });

  it('sends request trailers in the chunked trailer section (framing fields dropped) and hands response trailers to onComplete', async () => {
    const pool = newPool();
    const body = Object.assign(Readable.from([Buffer.from('ab'), Buffer.from('c')]), { rawTrailers: ['x-sum', '42', 'Content-Length', '9', 'x-bad', 'a\r\nInjected: 1'] });
    const r = await send(pool, { path: '/trailers', method: 'POST', headers: ['host', 'h'], body });
    expect(r.body).toBe('te=chunked body=abc');
    expect(r.trailers).toEqual(['x-got', '["x-sum","42"]']);
    // no trailers: a plain last chunk, and onComplete(null)
    const plain = await send(pool, { path: '/trailers', method: 'POST', headers: ['host', 'h'], body: Readable.from([Buffer.from('x')]) });
    expect(plain.trailers).toEqual(['x-got', '[]']);
    expect((await send(pool, { path: '/a' })).trailers).toBeNull();
    pool.close();
  });

  it('times out a late head and a stalled body with undici-compatible codes', async () => {
    const pool = newPool();
    expect((await send(pool, { path: '/slow-head?ms=1500', headersTimeout: 200 })).error?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect((await send(pool, { path: '/stall-body', bodyTimeout: 200 })).error?.code).toBe('UND_ERR_BODY_TIMEOUT');
    pool.close();
  });

  it('reports refused connections, resets mid-body, and recovers from a kept-alive connection the upstream closed', async () => {
    const closed = await new Promise<number>((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
    expect((await send(newPool(2, closed), { path: '/' })).error?.code).toBe('ECONNREFUSED');
    const pool = newPool();
    expect((await send(pool, { path: '/reset' })).error?.code).toBe('UND_ERR_SOCKET');
    const first = await send(pool, { path: '/one' });
    for (const s of sockets) s.destroy(); // the upstream drops its idle keep-alive connections
    await new Promise((r) => setTimeout(r, 50));
    const second = await send(pool, { path: '/two' });
    expect(second.status).toBe(200);
    expect(second.body.split(' via ')[1]).not.toBe(first.body.split(' via ')[1]);
    pool.close();
  });

  it("retires idle connections a second before the upstream's Keep-Alive timeout", async () => {
    const pool = newPool();
    const a = await send(pool, { path: '/a' });
    await new Promise((r) => setTimeout(r, 1300)); // past 2 s - 1 s, before the upstream closes it
    const b = await send(pool, { path: '/b' });
    expect(b.status).toBe(200);
    expect(b.body.split(' via ')[1]).not.toBe(a.body.split(' via ')[1]);
    pool.close();
  });

  it('caps connections: requests beyond the cap wait and all complete', async () => {
    const pool = newPool(1);
    const all = await Promise.all([send(pool, { path: '/slow-head?ms=50' }), send(pool, { path: '/q1' }), send(pool, { path: '/q2' })]);
    expect(all.map((o) => o.status)).toEqual([200, 200, 200]);
    expect(pool.size).toBe(1);
    pool.close();
  });

  it('Content-Length bodies arrive byte for byte: across many reads, and back to back on one pipelined connection', async () => {
    const pool = newPool();
    const big = await send(pool, { path: '/pattern?n=300000&seed=3' }, { slowReader: true });
    expect(big.body).toBe(pattern(300_000, 3));
    pool.close();
    // pipelined: several responses (heads and bodies) in one read, each body read by the pool itself
    const piped = new Http1Pool('127.0.0.1', port, { connections: 1, connectTimeoutMs: 1000, keepAliveTimeoutMs: 5000, pipeline: 8 });
    const sizes = [1, 100, 5000, 17, 70000, 3];
    const got = await Promise.all(sizes.map((n, i) => send(piped, { path: `/pattern?n=${n}&seed=${i}` })));
    got.forEach((r, i) => expect(r.body).toBe(pattern(sizes[i], i)));
    piped.close();
  });

  it('pauses the upstream while the reader is slow and still delivers every byte', async () => {
    const pool = newPool();
    const big = await send(pool, { path: '/big' }, { slowReader: true });
    expect(big.body.length).toBe(1 << 20);
    pool.close();
  });

  it('refuses header values that would split the request, and aborts on request', async () => {
    const pool = newPool();
    expect((await send(pool, { path: '/', headers: ['host', 'h', 'x-evil', 'a\r\nInjected: 1'] })).error?.code).toBe('ERR_INVALID_CHAR');
    expect((await send(pool, { path: '/bad path' })).error?.code).toBe('UND_ERR_INVALID_ARG');
    const aborted = await send(pool, { path: '/slow-head?ms=500' }, { abortAfterConnect: true });
    expect(aborted.error?.message).toBe('client left');
    pool.close();
  });
});
