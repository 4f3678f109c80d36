// Upstream pipelining (GATEWAY_UPSTREAM_PIPELINE) against a real upstream on real sockets: a
// raw TCP upstream records every chunk it reads, so the tests see what went over the wire (one
// write per turn, which requests shared a connection) and answer in order as HTTP/1.1 requires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { Readable } from 'node:stream';
import { Http1Pool, type UpstreamHandler, type UpstreamRequest } from './client';
import { parseUpstreamPipeline } from '../upstream-pipeline';

let server: net.Server;
let port = 0;
let connections = 0;
/** each chunk the upstream read, with the connection it came on */
const reads: Array<{ conn: number; data: string }> = [];

beforeAll(async () => {
  server = net.createServer((s) => {
    const conn = ++connections;
    let buf = '';
    s.on('data', (d: Buffer) => {
      reads.push({ conn, data: d.toString('latin1') });
      buf += d.toString('latin1');
      let out = '';
      let hold = 0;
      let close = false;
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0 && !close; i = buf.indexOf('\r\n\r\n')) {
        const head = buf.slice(0, i);
        buf = buf.slice(i + 4);
        const [method, path] = head.split(' ');
        const cl = /\r\ncontent-length: (\d+)/i.exec(head);
        if (cl) buf = buf.slice(Number(cl[1])); // a body (the tests send small ones in one piece)
        if (path === '/hold') hold = 60;
        const body = `${method} ${path} on ${conn}`;
        close = path === '/close';
        out += `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n${method === 'HEAD' ? '' : body}`;
      }
      const answer = () => (close ? s.end(out) : s.write(out));
      if (hold) setTimeout(answer, hold);
      else answer();
    });
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => server.close());

interface Outcome {
  status: number;
  body: string;
  error?: Error & { code?: string };
}

/** One exchange, dispatched synchronously (several calls in a row share an event-loop turn). */
function send(pool: Http1Pool, req: Partial<UpstreamRequest> & { path: string }, abortAfterMs?: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const out: Outcome = { status: 0, body: '' };
    const h: UpstreamHandler = {
      onConnect(abort) {
        if (abortAfterMs !== undefined) setTimeout(() => abort(new Error('client left')), abortAfterMs);
      },
      onHeaders(status) {
        out.status = status;
        return true;
      },
      onData(chunk) {
        out.body += chunk.toString();
        return true;
      },
      onComplete: () => resolve(out),
      onError(err) {
        out.error = err;
        resolve(out);
      },
    };
    pool.dispatch({ method: 'GET', headers: ['host', 'up.example'], body: null, headersTimeout: 2000, bodyTimeout: 2000, ...req }, h);
  });
}

const newPool = (pipeline: number) => new Http1Pool('127.0.0.1', port, { connections: 8, connectTimeoutMs: 1000, keepAliveTimeoutMs: 5000, pipeline });
const readsSince = (n: number) => reads.slice(n);

describe('upstream pipelining', () => {
  it('sends the GET/HEAD requests of one turn on one connection in one write, answers each in order', async () => {
    const pool = newPool(8);
    const before = reads.length;
    const all = await Promise.all([send(pool, { path: '/a' }), send(pool, { path: '/b', method: 'HEAD' }), send(pool, { path: '/c' })]);
    const conn = readsSince(before)[0].conn;
    expect(all.map((o) => [o.status, o.body])).toEqual([
      [200, `GET /a on ${conn}`],
      [200, ''], // HEAD: no body, and the next response still parses
      [200, `GET /c on ${conn}`],
    ]);
    // what the upstream read: one chunk holding the three request heads, in dispatch order
    const seen = readsSince(before);
    expect(seen).toHaveLength(1);
    expect(seen[0].data.match(/^(GET|HEAD) \S+/gm)).toEqual(['GET /a', 'HEAD /b', 'GET /c']);
    expect(pool.size).toBe(1);
    // the connection is reusable afterwards
    expect((await send(pool, { path: '/d' })).body).toBe(`GET /d on ${conn}`);
    pool.close();
  });

  it('caps requests per connection at the setting: the next ones open another connection', async () => {
    const pool = newPool(2);
    const before = reads.length;
    const all = await Promise.all(['/1', '/2', '/3'].map((p) => send(pool, { path: p })));
    const conns = all.map((o) => o.body.split(' on ')[1]);
    expect(conns[0]).toBe(conns[1]);
    expect(conns[2]).not.toBe(conns[0]);
    expect(readsSince(before)).toHaveLength(2);
    pool.close();
  });

  it('is off by default (1) and never pipelines requests with a body', async () => {
    const off = newPool(1);
    const offConns = (await Promise.all(['/x', '/y'].map((p) => send(off, { path: p })))).map((o) => o.body.split(' on ')[1]);
    expect(new Set(offConns).size).toBe(2);
    off.close();
    const on = newPool(8);
    const post = (p: string) => send(on, { path: p, method: 'POST', headers: ['host', 'h', 'content-length', '2'], body: Readable.from([Buffer.from('hi')]) });
    const postConns = (await Promise.all([post('/p1'), post('/p2')])).map((o) => o.body.split(' on ')[1]);
    expect(new Set(postConns).size).toBe(2);
    on.close();
  });

  it('an aborted request drops only its own response; the others on the connection complete', async () => {
    const pool = newPool(8);
    // /hold: the upstream answers the whole batch 60 ms later; /q2 leaves after 10 ms
    const [a, b, c] = await Promise.all([send(pool, { path: '/hold' }), send(pool, { path: '/q2' }, 10), send(pool, { path: '/q3' })]);
    const conn = a.body.split(' on ')[1];
    expect(a.body).toBe(`GET /hold on ${conn}`);
    expect(b.error?.message).toBe('client left');
    expect(c.body).toBe(`GET /q3 on ${conn}`);
    // the first of the batch aborted: the rest still get their own answers
    const [d, e] = await Promise.all([send(pool, { path: '/hold' }, 10), send(pool, { path: '/q5' })]);
    expect(d.error?.message).toBe('client left');
    expect(e.body).toBe(`GET /q5 on ${conn}`);
    expect(pool.size).toBe(1);
    pool.close();
  });

  it('requests the upstream never answered (it closed after one response) fail as socket errors, for the proxy to retry', async () => {
    const pool = newPool(8);
    const [a, b, c] = await Promise.all([send(pool, { path: '/close' }), send(pool, { path: '/lost1' }), send(pool, { path: '/lost2' })]);
    expect(a.body).toMatch(/^GET \/close on \d+$/);
    expect([b.error?.code, c.error?.code]).toEqual(['UND_ERR_SOCKET', 'UND_ERR_SOCKET']);
    // marked unanswered: the proxy retries them without excluding the endpoint (handler.ts)
    expect([b.error, c.error].map((e) => (e as { unanswered?: boolean }).unanswered)).toEqual([true, true]);
    // a new connection serves the next turn
    const d = await send(pool, { path: '/again' });
    expect(d.body).toMatch(/^GET \/again on \d+$/);
    expect(d.body.split(' on ')[1]).not.toBe(a.body.split(' on ')[1]);
    pool.close();
  });

  it('refuses a request that would split the message without touching the batch', async () => {
    const pool = newPool(8);
    const [bad, good] = await Promise.all([send(pool, { path: '/', headers: ['host', 'h', 'x-evil', 'a\r\nInjected: 1'] }), send(pool, { path: '/fine' })]);
    expect(bad.error?.code).toBe('ERR_INVALID_CHAR');
    expect(good.body).toMatch(/^GET \/fine on \d+$/);
    pool.close();
  });
});

describe('GATEWAY_UPSTREAM_PIPELINE', () => {
  it('reads 1-64, unset means 1, anything else names the variable', () => {
    expect(parseUpstreamPipeline(undefined)).toBe(1);
    expect(parseUpstreamPipeline('')).toBe(1);
    expect(parseUpstreamPipeline(' 8 ')).toBe(8);
    expect(parseUpstreamPipeline('64')).toBe(64);
    for (const bad of ['0', '65', '2.5', 'on', '-1', '1e1']) expect(() => parseUpstreamPipeline(bad)).toThrow(`GATEWAY_UPSTREAM_PIPELINE must be a whole number from 1 (no pipelining) to 64, got "${bad}"`);
  });
});
