import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { parseSetHeaders, startHttpEcho, startTcpEcho, type RunningServer } from './echo-server';

const HOST = '127.0.77.9';
let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await startHttpEcho(HOST, 0, { namespace: 'demo', pod: 'echo-abc-xyz12' });
  base = `http://${HOST}:${server.port}`;
});
afterAll(() => server.close());

describe('echo server', () => {
  it('describes an HTTP/1.1 request', async () => {
    const res = await request(`${base}/a/b?x=1&y=2`, {
      method: 'POST',
      headers: { 'x-test': ['one', 'two'] },
      body: 'payload',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const body = (await res.body.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body).toMatchObject({
      path: '/a/b?x=1&y=2',
      host: `${HOST}:${server.port}`,
      method: 'POST',
      proto: 'HTTP/1.1',
      namespace: 'demo',
      pod: 'echo-abc-xyz12',
    });
    expect(body.headers['x-test']).toEqual(['one', 'two']);
  });

  it('adds headers named by X-Echo-Set-Header', async () => {
    const res = await request(`${base}/`, {
      headers: { 'x-echo-set-header': 'X-One: 1, X-Two: two words' },
    });
    expect(res.headers['x-one']).toBe('1');
    expect(res.headers['x-two']).toBe('two words');
    await res.body.dump();
  });

  it('lets X-Echo-Set-Header replace the content type and repeat headers, never the framing', async () => {
    const res = await request(`${base}/`, {
      headers: {
        'x-echo-set-header': 'Content-Type: text/plain, X-Rep: a, X-Rep: b, Content-Length: 1',
      },
    });
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['x-rep']).toEqual(['a', 'b']);
    const text = await res.body.text();
    expect(JSON.parse(text).path).toBe('/');
  });

  it('speaks h2c with prior knowledge on the same port', async () => {
    const session = http2.connect(base);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = session.request({ ':path': '/h2?q=1', ':method': 'GET', 'x-h2': 'yes' });
        let data = '';
        req.setEncoding('utf8');
        req.on('data', (c) => (data += c));
        req.on('end', () => resolve(data));
        req.on('error', reject);
        req.end();
      });
      const json = JSON.parse(body);
      expect(json).toMatchObject({
        path: '/h2?q=1',
        proto: 'HTTP/2.0',
        method: 'GET',
        host: `${HOST}:${server.port}`,
      });
      expect(json.headers['x-h2']).toEqual(['yes']);
    } finally {
      session.close();
    }
  });

  it('echoes WebSocket messages', async () => {
    const ws = new WebSocket(`ws://${HOST}:${server.port}/ws`);
    const got = await new Promise<string>((resolve, reject) => {
      ws.on('open', () => ws.send('hello'));
      ws.on('message', (d) => resolve(String(d)));
      ws.on('error', reject);
    });
    ws.close();
    expect(got).toBe('hello');
  });

  it('parses X-Echo-Set-Header lists', () => {
    expect(parseSetHeaders(['A: 1, B: 2', 'C:3', 'bad', 'In valid: x'])).toEqual([
      ['A', '1'],
      ['B', '2'],
      ['C', '3'],
    ]);
  });

  it('closes promptly, dropping open connections', async () => {
    const s = await startHttpEcho(HOST, 0, { namespace: 'n', pod: 'p' });
    const sock = net.connect(s.port, HOST);
    await new Promise((r) => sock.once('connect', r));
    await s.close();
    await expect(
      new Promise((resolve, reject) => {
        const c = net.connect(s.port, HOST);
        c.once('connect', () => {
          c.destroy();
          resolve('connected');
        });
        c.once('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    sock.destroy();
  });
});

describe('tcp echo', () => {
  it('returns the bytes it receives', async () => {
    const s = await startTcpEcho(HOST, 0);
    try {
      const sock = net.connect(s.port, HOST);
      const got = await new Promise<string>((resolve) => {
        sock.on('connect', () => sock.write('ping\n'));
        sock.on('data', (d) => resolve(String(d)));
      });
      sock.destroy();
      expect(got).toBe('ping\n');
    } finally {
      await s.close();
    }
  });
});
