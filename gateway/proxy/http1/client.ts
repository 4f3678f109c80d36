// Upstream HTTP/1.1 over plain TCP for the proxy hot path: a keep-alive pool per endpoint, the
// same llhttp parser as the server core, response headers handed over as the strings the parser
// made, and no per-request timers (deadlines are checked by one sweep). undici stays for TLS
// upstreams, mirrors and health checks; this exists because undici's per-request machinery was
// the largest share of the gateway's own CPU once node:http's server was gone.
// The handler contract follows undici's dispatch handler (onConnect/onHeaders/onData/
// onComplete/onError, error codes UND_ERR_*), so the proxy treats both alike.
import net from 'node:net';
import type { Readable } from 'node:stream';
import { NO_BODY, STOP_AFTER_HEAD, createParser, type LlhttpParser } from './parser';
import { checkHeader } from './headers-check';
import { writeNow } from './direct-write';
import { closeHeadBatch, openHeadBatch } from './head-batch';
import { beginTurn, endTurn, now } from './turn-clock';
import { lastChunk } from '../trailers';

export interface UpstreamHandler {
  onConnect(abort: (err?: Error) => void): void;
  /** false: pause reading until `resume` is called */
  onHeaders(status: number, raw: string[], resume: () => void): boolean;
  onData(chunk: Buffer): boolean;
  /** `trailers`: the response's trailer fields (chunked bodies), flat [name, value, ...] */
  onComplete(trailers: string[] | null): void;
  onError(err: Error): void;
}

export interface UpstreamRequest {
  path: string;
  method: string;
  /** flat [name, value, ...] */
  headers: string[];
  /** sent chunked unless `headers` has a Content-Length; then its `rawTrailers` (read at its
   * end) go into the trailer section (a length-delimited body has none: they are dropped) */
  body: (Readable & { readonly rawTrailers?: readonly string[] }) | null;
  /** every header comes from a strict HTTP/1.1 parse of the client's request or was built by
   * the proxy from such values and socket addresses: not checked again */
  headersChecked?: boolean;
  /** ms to wait for the response head, and between body chunks; 0: none */
  headersTimeout?: number;
  bodyTimeout?: number;
}

export interface Http1PoolOptions {
  connections: number;
  connectTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** > 1: upstream pipelining (./pipelining below); at most this many requests in flight on one
   * connection. 1 (the default): one request per connection at a time. */
  pipeline?: number;
}

const codeError = (code: string, message: string) => Object.assign(new Error(message), { code });
const NO_PATH = /[\s\x00-\x1f\x7f]/;

/** The request line and header section; a body without Content-Length is sent chunked. Throws
 * (UND_ERR_INVALID_ARG, ERR_INVALID_*) on what would split the message. */
function requestHead(req: UpstreamRequest): string {
  if (NO_PATH.test(req.path)) throw codeError('UND_ERR_INVALID_ARG', 'invalid request path');
  let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
  const h = req.headers;
  let length = false;
  for (let i = 0; i < h.length; i += 2) {
    if (req.headersChecked !== true) checkHeader(h[i], h[i + 1]);
    if (h[i].length === 14 && h[i].toLowerCase() === 'content-length') length = true;
    head += `${h[i]}: ${h[i + 1]}\r\n`;
  }
  return head + (req.body !== null && !length ? CHUNKED_END : '\r\n');
}
const CHUNKED_END = 'transfer-encoding: chunked\r\n\r\n';

/** The Content-Length of a response head (llhttp checked it), or -1. */
function contentLength(raw: string[]): number {
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      const n = Number(raw[i + 1]);
      return Number.isSafeInteger(n) ? n : -1;
    }
  }
  return -1;
}

/** Stands in for a pipelined exchange whose caller aborted: its response is read and dropped. */
const DISCARD: UpstreamHandler = {
  onConnect() {},
  onHeaders: () => true,
  onData: () => true,
  onComplete() {},
  onError() {},
};
const NO_ABORT = () => {};
/** Where every upstream connection's reads land (see the Http1Connection constructor). */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** Every connection with a deadline or an idle clock, checked a few times a second. */
const live = new Set<Http1Connection>();
let sweeper: NodeJS.Timeout | undefined;
function watch(c: Http1Connection): void {
  live.add(c);
  if (!sweeper) {
    sweeper = setInterval(() => {
      const now = Date.now();
      for (const x of live) x.check(now);
    }, 100);
    sweeper.unref();
  }
}

class Http1Connection {
  readonly socket: net.Socket;
  private readonly parser: LlhttpParser;
  private handler: UpstreamHandler | undefined;
  private isHead = false;
  private status = 0;
  private keepAlive = false;
  private bodySent = true;
  /** stops feeding the request body (the exchange ended or failed first) */
  private detachBody: (() => void) | undefined;
  private paused = false;
  private failed = false;
  /** Date.now() after which the exchange times out (0: none) and the error it gets */
  private deadline = 0;
  private deadlineCode = '';
  private bodyTimeout = 0;
  idleSince = 0;
  /** how long this connection may sit idle: the upstream's `Keep-Alive: timeout` minus a second, or the pool's */
  idleLimit: number;
  connected = false;
  /** pipelining: exchanges behind the current one, their requests sent or in `batch`; flat [request, handler, ...] */
  private readonly queued: Array<UpstreamRequest | UpstreamHandler> = [];
  /** pipelining: request heads of this event-loop turn, written together by the pool's flush */
  batch = '';
  /** body bytes of the current response still to come that this connection reads itself (llhttp
   * stopped after a head with a Content-Length; see onHead); 0: llhttp frames the body */
  private ownBody = 0;
  private readonly resume = () => {
    if (!this.paused) return;
    this.paused = false;
    if (this.bodyTimeout) this.deadline = now() + this.bodyTimeout;
    this.socket.resume();
  };
  private readonly abort = (err?: Error) => this.fail(err ?? codeError('UND_ERR_ABORTED', 'request aborted'));

  constructor(
    private readonly pool: Http1Pool,
    host: string,
    port: number,
    connectTimeoutMs: number,
  ) {
    this.idleLimit = pool.opts.keepAliveTimeoutMs;
    // reads land in one shared buffer and go straight to the parser (net's `onread`): no
    // Readable machinery, no per-read ArrayBuffer or nextTick. Safe to share: the parser runs
    // synchronously in the callback and copies what it keeps (header strings, body chunks).
    const socket = net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: (n: number, buf: Buffer) => this.onRead(n, buf) } });
    this.socket = socket;
    this.parser = createParser('response', 0, {
      onHead: (_maj, _min, raw, _method, _url, status, _upgrade, keepAlive) => this.onHead(raw, status, keepAlive),
      onBody: (b) => this.onBody(b),
      onComplete: (trailers) => this.onMessageComplete(trailers),
    });
    const connectTimer = setTimeout(() => this.fail(codeError('UND_ERR_CONNECT_TIMEOUT', `connect timeout (${connectTimeoutMs} ms)`)), connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      this.connected = true;
    });
    socket.on('end', () => {
      // a body delimited by the end of the connection completes here; anything else was cut short
      if (this.handler) this.parser.finish();
      if (this.handler) this.fail(codeError('UND_ERR_SOCKET', 'other side closed'));
      else this.close();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(connectTimer);
      // before the connection: the system error (ECONNREFUSED...) as is; after: the socket failed
      this.fail(this.connected ? codeError(err.code === 'ECONNRESET' ? 'ECONNRESET' : 'UND_ERR_SOCKET', err.message) : err);
    });
    socket.on('close', () => {
      clearTimeout(connectTimer);
      if (this.handler) this.fail(codeError('UND_ERR_SOCKET', 'other side closed'));
      this.close();
      this.parser.close(); // else a GC root holding this connection (./connection onClose)
    });
    watch(this);
  }

  /** Bytes from the upstream (`buf` is the shared read buffer: nothing may keep a view of it). */
  private onRead(n: number, buf: Buffer): boolean {
    const opened = openHeadBatch();
    const turn = beginTurn();
    try {
      let at = 0;
      while (at < n) {
        if (this.ownBody > 0) {
          at = this.readOwnBody(buf, at, n);
          continue;
        }
        const r = this.parser.execute(buf.subarray(at, n));
        if (typeof r !== 'number') {
          this.fail(codeError('UND_ERR_SOCKET', `invalid upstream response: ${r.code ?? r.message}`));
          break;
        }
        // llhttp takes everything unless it stopped after a head whose body we read (ownBody)
        if (this.ownBody === 0 || this.failed) break;
        at += r;
      }
    } finally {
      if (opened) closeHeadBatch();
      if (turn) endTurn();
    }
    return !this.paused;
  }

  /** The part of a Content-Length body in buf[at, n): copied out of the shared buffer, to the handler. */
  private readOwnBody(buf: Buffer, at: number, n: number): number {
    const take = Math.min(this.ownBody, n - at);
    this.ownBody -= take;
    const h = this.handler;
    if (h) {
      if (this.bodyTimeout) this.deadline = now() + this.bodyTimeout;
      const chunk = Buffer.allocUnsafe(take);
      buf.copy(chunk, 0, at, at + take);
      if (!h.onData(chunk)) this.pause();
    }
    if (this.ownBody === 0) this.onMessageComplete(undefined);
    return at + take;
  }

  /** Send one request; the connection is idle (or fresh) and stays ours until the exchange ends. */
  run(req: UpstreamRequest, handler: UpstreamHandler): void {
    this.failed = false;
    this.begin(req, handler);
    handler.onConnect(this.abort);
    if (this.handler !== handler) return; // aborted at once
    try {
      const head = requestHead(req);
      writeNow(this.socket, head);
      if (req.body) this.sendBody(req.body, head.endsWith(CHUNKED_END));
      else this.bodySent = true;
    } catch (err) {
      this.fail(err as Error);
    }
  }

  /** `req`'s response is the next one the parser reads. */
  private begin(req: UpstreamRequest, handler: UpstreamHandler): void {
    this.handler = handler;
    this.status = 0;
    this.paused = false;
    this.isHead = req.method === 'HEAD';
    this.bodyTimeout = req.bodyTimeout ?? 0;
    this.deadline = req.headersTimeout ? now() + req.headersTimeout : 0;
    this.ownBody = 0;
    this.deadlineCode = 'UND_ERR_HEADERS_TIMEOUT';
  }

  /** Exchanges in flight (pipelining: the current one and those queued behind it). */
  get depth(): number {
    return (this.handler ? 1 : 0) + (this.queued.length >> 1);
  }

  /**
   * Pipelining: a bodiless request (`head` already built) behind the ones in flight; its head
   * joins this turn's batch. Its abort drops only its own response (one closure per pipelined
   * request: the others on the connection must not fail with it).
   */
  pipeline(req: UpstreamRequest, head: string, handler: UpstreamHandler): void {
    if (this.handler === undefined) {
      this.failed = false;
      this.bodySent = true;
      this.begin(req, handler);
    } else this.queued.push(req, handler);
    this.batch += head;
    handler.onConnect((err) => this.abortPipelined(handler, err ?? codeError('UND_ERR_ABORTED', 'request aborted')));
  }

  private abortPipelined(handler: UpstreamHandler, err: Error): void {
    if (this.handler === handler) {
      if (this.queued.length === 0) return this.fail(err);
      this.handler = DISCARD; // the response still arrives in order: read and drop it
      if (this.paused) this.resume();
    } else {
      const i = this.queued.indexOf(handler);
      if (i < 0) return; // already answered
      this.queued[i] = DISCARD;
    }
    handler.onError(err);
  }

  private sendBody(body: NonNullable<UpstreamRequest['body']>, chunked: boolean): void {
    this.bodySent = false;
    const socket = this.socket;
    const onDrain = () => body.resume();
    socket.on('drain', onDrain);
    const detach = () => {
      this.detachBody = undefined;
      socket.off('drain', onDrain);
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
    };
    this.detachBody = detach;
    const onData = (c: Buffer) => {
      if (this.failed) return;
      const ok = chunked ? (socket.write(`${c.length.toString(16)}\r\n`, 'latin1'), socket.write(c), socket.write('\r\n', 'latin1')) : socket.write(c);
      if (!ok) body.pause();
    };
    const onEnd = () => {
      detach();
      if (chunked && !this.failed) socket.write(lastChunk(body.rawTrailers), 'latin1');
      this.bodySent = true;
    };
    const onError = (err: Error) => {
      detach();
      this.fail(err);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.resume(); // the proxy keeps bodies paused until the upstream side is attached
  }

  private onHead(raw: string[], status: number, keepAlive: boolean): number {
    const h = this.handler;
    if (!h) return 0;
    this.status = status;
    if (status < 200) return 0; // 100 Continue, 103: the real answer follows
    this.keepAlive = keepAlive;
    if (keepAlive) this.readKeepAliveHint(raw);
    this.deadline = this.bodyTimeout ? now() + this.bodyTimeout : 0;
    this.deadlineCode = 'UND_ERR_BODY_TIMEOUT';
    if (!h.onHeaders(status, raw, this.resume)) this.pause();
    if (this.isHead) return NO_BODY;
    // A body of known length is read here, not through llhttp: llhttp would hand it over as a
    // fresh copy (a malloc'd ArrayBuffer per response that every scavenge must sweep, about half
    // of its pause) with two more calls into JS. llhttp stops after the head (and reports the
    // message complete, which onMessageComplete ignores while ownBody is set); the length was
    // validated by llhttp (one value, digits, no Transfer-Encoding beside it).
    if (this.handler === h && status !== 204 && status !== 304) {
      const length = contentLength(raw);
      if (length > 0) {
        this.ownBody = length;
        return STOP_AFTER_HEAD;
      }
    }
    return 0;
  }

  /** Close before the upstream does (node:http servers drop idle connections after 5 s): a
   * request sent on a connection the upstream is closing fails, and only idempotent ones retry. */
  private readKeepAliveHint(raw: string[]): void {
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i].length !== 10 || raw[i].toLowerCase() !== 'keep-alive') continue;
      const m = /timeout=(\d+)/i.exec(raw[i + 1]);
      if (m) this.idleLimit = Math.min(this.pool.opts.keepAliveTimeoutMs, Math.max(0, Number(m[1]) * 1000 - 1000));
    }
  }

  /** Idle for longer than the upstream keeps it (checked when picked and by the sweep). */
  expired(now: number): boolean {
    return now - this.idleSince > this.idleLimit;
  }

  private onBody(b: Buffer): void {
    const h = this.handler;
    if (!h) return;
    if (this.bodyTimeout) this.deadline = now() + this.bodyTimeout;
    if (!h.onData(b)) this.pause();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  private onMessageComplete(trailers: string[] | undefined): void {
    if (this.ownBody > 0) return; // llhttp's end of the head: the body is still ours to read
    const h = this.handler;
    if (!h || this.status < 200) return;
    this.handler = undefined;
    this.deadline = 0;
    if (this.paused) this.resume();
    const reusable = this.keepAlive && this.bodySent && !this.failed;
    // answered before the whole request body went up (an early 413...): this connection is done
    this.detachBody?.();
    if (this.queued.length > 0) {
      if (reusable) {
        // pipelining: the next response on this connection belongs to the next exchange
        const next = this.queued.splice(0, 2);
        this.begin(next[0] as UpstreamRequest, next[1] as UpstreamHandler);
        h.onComplete(trailers ?? null);
        return;
      }
      h.onComplete(trailers ?? null);
      this.fail(codeError('UND_ERR_SOCKET', 'upstream closed the connection after a response (pipelined requests not answered)'));
      return;
    }
    h.onComplete(trailers ?? null);
    if (reusable) this.pool.release(this);
    else {
      this.failed = true;
      this.socket.destroy();
    }
  }

  /** The exchange (if any) fails with `err`; the connection is never reused. */
  fail(err: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.ownBody = 0;
    const h = this.handler;
    this.handler = undefined;
    const queued = this.queued.length > 0 ? this.queued.splice(0) : undefined;
    this.detachBody?.();
    this.socket.destroy();
    this.close();
    h?.onError(err);
    // pipelined requests behind it were sent (or about to be) but never answered: a socket
    // error, so the proxy retries them like any idempotent request on a dropped connection
    // (`unanswered`: the endpoint itself is fine, the retry may go to it again)
    if (queued) for (let i = 1; i < queued.length; i += 2) (queued[i] as UpstreamHandler).onError(Object.assign(codeError('UND_ERR_SOCKET', `pipelined request not answered: ${err.message}`), { unanswered: true }));
  }

  check(now: number): void {
    if (this.handler) {
      if (this.deadline && now > this.deadline && !this.paused) this.fail(codeError(this.deadlineCode, this.deadlineCode === 'UND_ERR_HEADERS_TIMEOUT' ? 'headers timeout' : 'body timeout'));
    } else if (this.idleSince && this.expired(now)) this.socket.destroy();
  }

  private close(): void {
    live.delete(this);
    this.pool.forget(this);
  }
}

/** Keep-alive connections to one endpoint; requests beyond `connections` wait in order. */
export class Http1Pool {
  private readonly idle: Http1Connection[] = [];
  private readonly all = new Set<Http1Connection>();
  private readonly waiting: Array<[UpstreamRequest, UpstreamHandler]> = [];
  private closing = false;
  /** pipelining: the connection collecting this turn's requests, and the ones to flush */
  private batchConn: Http1Connection | undefined;
  private readonly batched: Http1Connection[] = [];
  private readonly maxDepth: number;

  constructor(
    private readonly host: string,
    private readonly port: number,
    readonly opts: Http1PoolOptions,
  ) {
    this.maxDepth = Math.max(1, opts.pipeline ?? 1);
  }

  dispatch(req: UpstreamRequest, handler: UpstreamHandler): void {
    if (this.maxDepth > 1 && req.body === null && (req.method === 'GET' || req.method === 'HEAD')) return this.dispatchPipelined(req, handler);
    const c = this.take();
    if (c) c.run(req, handler);
    else this.waiting.push([req, handler]);
  }

  /** An idle connection (expired ones dropped), else a new one below the cap. */
  private take(): Http1Connection | undefined {
    let c = this.idle.pop();
    if (c) {
      const t = now();
      while (c && (c.socket.destroyed || c.expired(t))) {
        c.socket.destroy();
        c = this.idle.pop();
      }
    }
    if (c) {
      c.idleSince = 0;
      return c;
    }
    if (this.all.size < this.opts.connections) {
      c = new Http1Connection(this, this.host, this.port, this.opts.connectTimeoutMs);
      this.all.add(c);
      return c;
    }
    return undefined;
  }

  /**
   * Pipelining (opt-in, GATEWAY_UPSTREAM_PIPELINE): bodiless GET/HEAD requests dispatched in the
   * same event-loop turn share one connection, up to `pipeline` in flight, and their heads leave
   * in one write at the end of the turn; the responses come back in one read. Under load that is
   * one write and one read syscall per batch instead of per request. Only for upstreams known to
   * answer pipelined requests correctly; anything lost on a failed connection is retried as an
   * idempotent request.
   */
  private dispatchPipelined(req: UpstreamRequest, handler: UpstreamHandler): void {
    let head: string;
    try {
      head = requestHead(req);
    } catch (err) {
      handler.onConnect(NO_ABORT);
      handler.onError(err as Error);
      return;
    }
    let c = this.batchConn;
    if (c === undefined || c.socket.destroyed || c.depth >= this.maxDepth) {
      c = this.take();
      if (!c) {
        this.waiting.push([req, handler]);
        return;
      }
      this.batchConn = c;
      if (this.batched.push(c) === 1) setImmediate(flushBatches, this);
    }
    c.pipeline(req, head, handler);
  }

  /** End of the turn: each batched connection writes its heads at once. */
  flush(): void {
    this.batchConn = undefined;
    for (const c of this.batched) {
      const b = c.batch;
      c.batch = '';
      if (b !== '' && !c.socket.destroyed) writeNow(c.socket, b);
    }
    this.batched.length = 0;
  }

  /** An exchange ended on a reusable connection. */
  release(c: Http1Connection): void {
    const next = this.waiting.shift();
    if (next) c.run(next[0], next[1]);
    else if (this.closing) c.socket.destroy();
    else {
      c.idleSince = now();
      this.idle.push(c);
    }
  }

  /** A connection closed: drop it, and start a waiting request on a new one. */
  forget(c: Http1Connection): void {
    if (!this.all.delete(c)) return;
    if (this.batchConn === c) this.batchConn = undefined;
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    const next = this.waiting.shift();
    if (next) this.dispatch(next[0], next[1]);
  }

  /** Graceful: requests in flight and waiting finish, then every connection closes. */
  close(): void {
    this.closing = true;
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  get size(): number {
    return this.all.size;
  }
}

function flushBatches(pool: Http1Pool): void {
  pool.flush();
}
