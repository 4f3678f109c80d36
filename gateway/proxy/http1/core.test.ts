// The HTTP/1.1 core over real sockets, byte for byte: framing, pipelining order, bodies,
// Expect, Upgrade hand-over, HEAD, limits and timeouts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { Http1Core, type Http1Limits } from './core';
import { Http1BodyRequest, type AnyHttp1Request } from './request';
import type { Http1Response } from './response';
import { requestBody } from '../exchange';

const limits: Http1Limits = { maxHeaderSize: 2048, headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 400 };
let server: net.Server;
let port = 0;
const upgrades: Array<{ url: string; head: string }> = [];
let bodyErrors = 0;
/** requests the core handed to the app (the "backend"): a refused request never counts */
let reached = 0;

/** Test app: /echo-body echoes the request body, /delay?ms= answers late, /stream writes chunks. */
function app(req: AnyHttp1Request, res: Http1Response): void {
  reached++;
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/echo-body') {
    const chunks: Buffer[] = [];
    const body = requestBody(req);
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('error', () => bodyErrors++);
    body.on('end', () => {
      const b = Buffer.concat(chunks);
      res.writeHead(200, ['content-length', String(b.length)]);
      res.end(b);
    });
    return;
  }
  if (url.pathname === '/trailers') {
    // how many header lines the request had, and the trailer fields of its body
    const reply = (trailers: readonly string[] | undefined) => {
      const b = JSON.stringify({ headers: req.rawHeaders.length / 2, trailers: trailers ?? [] });
      res.writeHead(200, ['content-length', String(b.length)]);
      res.end(b);
    };
    if (!(req instanceof Http1BodyRequest)) return reply(undefined);
    const body = requestBody(req);
    body.resume();
    body.on('end', () => reply(body.rawTrailers));
    return;
  }
  if (url.pathname === '/delay') {
    setTimeout(() => {
      res.writeHead(200, ['content-length', String(req.url.length)]);
      res.end(req.url);
    }, Number(url.searchParams.get('ms')));
    return;
  }
  if (url.pathname === '/stream') {
    res.writeHead(200, ['content-type', 'text/plain']);
    res.write('ab');
    setTimeout(() => {
      res.write(Buffer.from('cd'));
      res.end();
    }, 10);
    return;
  }
  if (url.pathname === '/bad-header') {
    try {
      res.writeHead(200, ['x-bad', 'a\r\nInjected: 1']);
    } catch (err) {
      const msg = (err as { code: string }).code;
      res.writeHead(502, ['content-length', String(msg.length)]);
      res.end(msg);
    }
    return;
  }
  const body = `${req.method} ${req.url} host=${req.headers.host ?? ''} cookie=${req.headers.cookie ?? ''}`;
  res.writeHead(200, ['content-length', String(Buffer.byteLength(body))]);
  res.end(body);
}

beforeAll(async () => {
  const core = new Http1Core(limits, app, (req, socket, head) => {
    upgrades.push({ url: req.url, head: head.toString() });
    socket.resume();
    socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\nupgraded');
  });
  server = net.createServer({ allowHalfOpen: true }, (s) => core.accept(s)); // as the gateway's listeners
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => server.close());

/** Send raw bytes (in pieces, if several), collect everything until the server closes or `until` matches. */
function exchange(parts: Array<string | Buffer>, opts: { until?: (text: string) => boolean; timeoutMs?: number; gapMs?: number; halfClose?: boolean } = {}): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => finish(false), opts.timeoutMs ?? 2000);
    s.on('data', (d) => {
      text += d.toString('latin1');
      if (opts.until?.(text)) finish(false);
    });
    s.on('close', () => finish(true));
    s.on('error', reject);
    s.on('connect', async () => {
      for (const p of parts) {
        s.write(p);
        if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
      }
      if (opts.halfClose) s.end();
    });
  });
}

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** What reaches the socket's handle (the syscall side, whether through net's Writable or a
 * direct write): one entry per chunk, a writev's chunks one by one. */
function recordHandleWrites(s: net.Socket, writes: number[]): void {
  type Fn = (...args: unknown[]) => number;
  const handle = (s as unknown as { _handle: Record<string, Fn> })._handle;
  for (const m of ['writeBuffer', 'writeLatin1String', 'writeUtf8String', 'writeAsciiString']) {
    const orig = handle[m].bind(handle);
    handle[m] = (req: unknown, data: unknown) => (writes.push(Buffer.byteLength(data as string)), orig(req, data));
  }
  const writev = handle.writev.bind(handle);
  handle.writev = (req: unknown, chunks: unknown, allBuffers: unknown) => {
    const list = chunks as Array<Buffer | string>;
    if (allBuffers) for (const c of list) writes.push(c.length);
    else for (let i = 0; i < list.length; i += 2) writes.push(Buffer.byteLength(list[i] as string, list[i + 1] as BufferEncoding));
    return writev(req, chunks, allBuffers);
  };
}

describe('HTTP/1.1 core', () => {
  it('answers a request with the head and body in one piece, keeping the connection open', async () => {
    const { text, closed } = await exchange(['GET /a?x=1 HTTP/1.1\r\nHost: h.example\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n'], { until: (t) => t.endsWith('b=2') });
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toMatch(/\r\nDate: /);
    expect(text).toContain('\r\n\r\nGET /a?x=1 host=h.example cookie=a=1; b=2');
    expect(closed).toBe(false);
  });

  it('a small response is one socket write (head and body in one Buffer); a body over 16 KiB follows its head', async () => {
    const writes: number[] = [];
    const big = Buffer.alloc(20_000, 'b');
    const core = new Http1Core(limits, (req, res) => {
      const body = req.url === '/big' ? big : Buffer.from('small body');
      res.writeHead(200, ['content-length', String(body.length)]);
      res.end(body);
    }, () => {});
    const srv = net.createServer((s) => {
      recordHandleWrites(s, writes);
      core.accept(s);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      const got = await new Promise<string>((resolve) => {
        const c = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
        let text = '';
        c.on('data', (d) => {
          text += d.toString('latin1');
          if (text.endsWith('b'.repeat(100)) && text.includes('small body')) resolve(text);
        });
        c.write('GET /small HTTP/1.1\r\nHost: h\r\n\r\n');
        setTimeout(() => c.write('GET /big HTTP/1.1\r\nHost: h\r\n\r\n'), 50);
        setTimeout(() => resolve(text), 2_000);
      });
      expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*Content-Length: 10\r\n[^]*\r\n\r\nsmall bodyHTTP\/1\.1 200 OK\r\n/i);
      expect(got.endsWith(`\r\n\r\n${'b'.repeat(20_000)}`)).toBe(true);
      const headLength = got.indexOf('small body');
      expect(writes[0]).toBe(headLength + 10); // head + body, one write
      expect(writes.slice(1).reduce((a, b) => a + b, 0)).toBe(got.length - headLength - 10);
      expect(writes.at(-1)).toBe(20_000); // the big body as it is, after its head
    } finally {
      core.closeAllConnections();
      srv.close();
    }
  });

  it('answers pipelined requests in request order even when the later one finishes first', async () => {
    const { text } = await exchange(['GET /delay?ms=80 HTTP/1.1\r\nHost: h\r\n\r\nGET /delay?ms=1 HTTP/1.1\r\nHost: h\r\n\r\nGET /c HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n']);
    const first = text.indexOf('/delay?ms=80');
    const second = text.indexOf('/delay?ms=1');
    const third = text.indexOf('GET /c');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
    expect(count(text, /HTTP\/1\.1 200/g)).toBe(3);
    expect(text).toMatch(/Connection: close\r\n\r\nGET \/c/);
  });

  it('streams Content-Length and chunked request bodies, split across packets', async () => {
    const { text } = await exchange(['POST /echo-body HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello', ' world'], { gapMs: 20, until: (t) => t.endsWith('hello world') });
    expect(text).toMatch(/content-length: 11\r\n/i);
    const chunked = await exchange(['POST /echo-body HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n', '2\r\nde\r\n0\r\n\r\n'], { gapMs: 20, until: (t) => t.endsWith('abcde') });
    expect(chunked.text).toContain('\r\n\r\nabcde');
  });

  it('hands the trailer fields of a chunked body to the handler, and never into the next request on the connection', async () => {
    // 40 header lines: the parser delivers them in parts, through the same callback as trailers
    const many = Array.from({ length: 40 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
    const { text } = await exchange([`POST /trailers HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\nGET /trailers HTTP/1.1\r\nHost: h\r\n${many}\r\n`], { until: (t) => count(t, /"trailers"/g) === 2 });
    expect(text).toContain('{"headers":2,"trailers":["X-Checksum","1","X-Other","2"]}');
    expect(text).toContain('{"headers":41,"trailers":[]}');
  });

  it('uses chunked framing for a response of unknown length and none for HEAD', async () => {
    const { text } = await exchange(['GET /stream HTTP/1.1\r\nHost: h\r\n\r\n'], { until: (t) => t.endsWith('0\r\n\r\n') });
    expect(text).toContain('Transfer-Encoding: chunked\r\n');
    expect(text).toContain('\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n');
    const head = await exchange(['HEAD /x HTTP/1.1\r\nHost: h\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n']);
    // the HEAD answer has the length but no body: the next response follows right after its head
    expect(head.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*content-length: \d+\r\n[^]*\r\n\r\nHTTP\/1\.1 200 OK/i);
  });

  it('HTTP/1.0: closes after the response unless keep-alive was asked for', async () => {
    const plain = await exchange(['GET /a HTTP/1.0\r\n\r\n']);
    expect(plain.closed).toBe(true);
    expect(plain.text).toContain('Connection: close');
    const ka = await exchange(['GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], { until: (t) => t.includes('cookie=') });
    expect(ka.text).toContain('Connection: keep-alive');
    expect(ka.closed).toBe(false);
  });

  it('Expect: 100-continue gets an interim response; other expectations 417', async () => {
    const { text } = await exchange(['POST /echo-body HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n', 'ok'], { gapMs: 50, until: (t) => t.endsWith('\r\n\r\nok') });
    expect(text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
    const other = await exchange(['GET / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n'], { until: (t) => t.includes('417 Expectation') && t.endsWith('\n') });
    expect(other.text).toMatch(/^HTTP\/1\.1 417 Expectation Failed/);
  });

  it('answers 400 for malformed requests and a missing Host, 431 for oversized heads', async () => {
    expect((await exchange(['GARBAGE\r\n\r\n'])).text).toMatch(/^HTTP\/1\.1 400 Bad Request[^]*Connection: close/);
    expect((await exchange(['GET / HTTP/1.1\r\n\r\n'])).text).toMatch(/^HTTP\/1\.1 400 /);
    expect((await exchange([`GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(4000)}\r\n\r\n`])).text).toMatch(/^HTTP\/1\.1 431 /);
    // conflicting framing (request smuggling shape) is refused by the parser
    expect((await exchange(['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'])).text).toMatch(/^HTTP\/1\.1 400 /);
  });

  describe('strict framing (RFC 9112): refused with the exact status, never handed to the app', () => {
    const refused: Array<[string, string, string]> = [
      ['two Host headers (§3.2)', 'GET / HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n', '400 Bad Request'],
      ['two Host headers, differently cased', 'GET / HTTP/1.1\r\nhost: a.example\r\nHOST: a.example\r\n\r\n', '400 Bad Request'],
      ['no Host on HTTP/1.1', 'GET / HTTP/1.1\r\nX-A: b\r\n\r\n', '400 Bad Request'],
      ['a Host with a space', 'GET / HTTP/1.1\r\nHost: a b.example\r\n\r\n', '400 Bad Request'],
      ['a Host with userinfo', 'GET / HTTP/1.1\r\nHost: user@a.example\r\n\r\n', '400 Bad Request'],
      ['a Host with a path', 'GET / HTTP/1.1\r\nHost: a.example/x\r\n\r\n', '400 Bad Request'],
      ['a Host with a non-numeric port', 'GET / HTTP/1.1\r\nHost: a.example:8o\r\n\r\n', '400 Bad Request'],
      ['a Host with a broken IP literal', 'GET / HTTP/1.1\r\nHost: [::1\r\n\r\n', '400 Bad Request'],
      ['a request line without a version', 'GET /path\r\n\r\n', '400 Bad Request'],
      ['HTTP/0.9', 'GET /path HTTP/0.9\r\n\r\n', '505 HTTP Version Not Supported'],
      ['HTTP/2.0 in an HTTP/1 request line', 'GET / HTTP/2.0\r\nHost: h\r\n\r\n', '505 HTTP Version Not Supported'],
      ['HTTP/3 in an HTTP/1 request line', 'GET / HTTP/3\r\nHost: h\r\n\r\n', '505 HTTP Version Not Supported'],
      ['a malformed version', 'GET / HTTP/1.x\r\nHost: h\r\n\r\n', '400 Bad Request'],
      ['two differing Content-Lengths (§6.3)', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', '400 Bad Request'],
      ['a Content-Length list', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 4\r\n\r\nabcd', '400 Bad Request'],
      ['a non-digit Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\nabc', '400 Bad Request'],
      ['Transfer-Encoding with Content-Length (§6.1)', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n', '400 Bad Request'],
      ['Transfer-Encoding not ending in chunked', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\nabc', '400 Bad Request'],
      ['chunked twice', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', '400 Bad Request'],
      ['a coding other than chunked before chunked', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n', '501 Not Implemented'],
      ['Transfer-Encoding on HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', '400 Bad Request'],
      ['whitespace between name and colon (§5.1)', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n', '400 Bad Request'],
      ['obs-fold (§5.2)', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: b\r\n c\r\n\r\n', '400 Bad Request'],
      ['a bare CR', 'GET / HTTP/1.1\rHost: h\r\n\r\n', '400 Bad Request'],
      ['an absolute-form target with userinfo', 'GET http://u@h.example/ HTTP/1.1\r\nHost: h.example\r\n\r\n', '400 Bad Request'],
    ];
    it.each(refused)('%s', async (_name, request, status) => {
      const before = reached;
      const { text, closed } = await exchange([request], { timeoutMs: 1500 });
      expect(text.slice(0, text.indexOf('\r\n'))).toBe(`HTTP/1.1 ${status}`);
      expect(text).toContain('\r\nConnection: close\r\n');
      expect(closed).toBe(true);
      expect(reached).toBe(before);
    });

    it('a refused request pipelined behind a good one: the good one is answered first, nothing after the refusal is served', async () => {
      const before = reached;
      const { text, closed } = await exchange(['GET /delay?ms=30 HTTP/1.1\r\nHost: h\r\n\r\nGET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\nGET /after HTTP/1.1\r\nHost: h\r\n\r\n']);
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\/delay\?ms=30HTTP\/1\.1 400 Bad Request\r\n[^]*400 Bad Request\n$/);
      expect(text).not.toContain('/after');
      expect(closed).toBe(true);
      expect(reached).toBe(before + 1);
    });

    it('an absolute-form target replaces the Host header with its authority (§3.2.2)', async () => {
      const { text } = await exchange(['GET http://other.example:8080/p?q=1 HTTP/1.1\r\nHost: h.example\r\nConnection: close\r\n\r\n']);
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text).toContain('\r\n\r\nGET http://other.example:8080/p?q=1 host=other.example:8080 cookie=');
    });

    it('accepts an empty Host, an IP literal with port, and the same Host repeated nowhere', async () => {
      for (const host of ['', '[::1]:8080', '127.0.0.1:80', 'xn--bcher-kva.example']) {
        const { text } = await exchange([`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`]);
        expect(text).toContain(`\r\n\r\nGET / host=${host} cookie=`);
      }
    });
  });

  it('refuses header values that would split the response', async () => {
    const { text } = await exchange(['GET /bad-header HTTP/1.1\r\nHost: h\r\n\r\n'], { until: (t) => t.endsWith('ERR_INVALID_CHAR') });
    expect(text).toMatch(/^HTTP\/1\.1 502 /);
    expect(text).not.toContain('Injected');
  });

  it('hands Upgrade requests over with the bytes that followed the head', async () => {
    const { text } = await exchange(['GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: test\r\n\r\nEARLY']);
    expect(text).toMatch(/^HTTP\/1\.1 101 [^]*upgraded$/);
    expect(upgrades.at(-1)).toEqual({ url: '/ws', head: 'EARLY' });
    expect((await exchange(['CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n'])).text).toMatch(/^HTTP\/1\.1 405 /);
  });

  it('408 for a head that never completes; idle keep-alive connections are closed', async () => {
    const slow = await exchange(['GET / HTTP/1.1\r\nHost: h\r\n'], { timeoutMs: 3000 });
    expect(slow.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(slow.closed).toBe(true);
    const idle = await exchange(['GET / HTTP/1.1\r\nHost: h\r\n\r\n'], { timeoutMs: 3000 });
    expect(idle.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(idle.closed).toBe(true);
  });

  it('a body that stalls past the request timeout gets 408 and the handler sees the body fail', async () => {
    const before = bodyErrors;
    const { text, closed } = await exchange(['POST /echo-body HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc'], { timeoutMs: 3000 });
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(bodyErrors).toBe(before + 1);
    expect(closed).toBe(true);
  });

  it('a client that half-closes after its requests still gets every answer; a request cut short gets 400', async () => {
    const { text, closed } = await exchange(['GET /delay?ms=50 HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n'], { halfClose: true });
    expect(count(text, /HTTP\/1\.1 200/g)).toBe(2);
    expect(text.indexOf('/delay?ms=50')).toBeLessThan(text.indexOf('GET /b'));
    expect(closed).toBe(true);
    const cut = await exchange(['GET /a HTTP/1.1\r\nHost: h\r\n'], { halfClose: true });
    expect(cut.text).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('drops the unread body of a request answered early and parses the next request', async () => {
    const { text } = await exchange(['POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n', 'xxxxxGET /second HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n'], { gapMs: 30 });
    expect(text).toContain('POST /a host=h');
    expect(text).toContain('GET /second host=h');
  });

  it('survives mutated and split requests: every connection gets an HTTP answer or is closed, and the core keeps serving', async () => {
    // seeded, so a failure reproduces
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const base = Buffer.from('POST /echo-body?q=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello');
    for (let i = 0; i < 60; i++) {
      const b = Buffer.from(base);
      for (let k = 1 + rand(3); k > 0; k--) b[rand(b.length)] = rand(256);
      const cut = rand(b.length);
      const { text, closed } = await exchange([b.subarray(0, cut), b.subarray(cut)], { gapMs: 5, halfClose: true, timeoutMs: 1500 });
      // an answer is a well-formed status line; otherwise the connection was closed
      if (text.length > 0) expect(text).toMatch(/^HTTP\/1\.1 \d{3} /);
      else expect(closed).toBe(true);
    }
    const ok = await exchange(['GET /still-up HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n']);
    expect(ok.text).toContain('GET /still-up host=h');
  });
});
