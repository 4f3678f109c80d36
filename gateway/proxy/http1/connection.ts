// One client connection of the HTTP/1.1 core: feeds socket bytes to llhttp, turns each request
// head into a request/response pair for the handler (pipelined requests are handed over at once;
// their responses leave in order), streams request bodies with backpressure, and answers
// protocol errors (400/431/408/417) itself.
import type { Socket } from 'node:net';
import { METHODS, STOP_AFTER_HEAD, createParser, type LlhttpParser } from './parser';
import { Http1BodyRequest, headersObject, type AnyHttp1Request, type Http1Request } from './request';
import { Http1Response, type ResponseOwner } from './response';
import { requestHasBody } from '../exchange';
import { absoluteFormAuthority, framingError } from './framing';
import type { ConnectionHost } from './connection-host';
import { pauseReads, readInto, resumeReads, stopReadingInto } from './direct-read';
import { beginTurn, endTurn, now } from './turn-clock';

/** Unanswered pipelined requests a connection may have before it stops reading. */
const MAX_PIPELINED = 16;
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

const enum Phase {
  /** between requests (keep-alive timeout once every response is out) */
  Idle,
  /** a request head is arriving (headers timeout) */
  Head,
  /** a request body is arriving (request timeout) */
  Body,
}

const ERRORS: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 408: 'Request Timeout', 417: 'Expectation Failed', 431: 'Request Header Fields Too Large', 501: 'Not Implemented', 505: 'HTTP Version Not Supported' };
/** An explicit "HTTP/0.9" in a request line (as opposed to none at all). */
const HTTP09_LINE = / HTTP\/0\.9\r?\n/;

/** The core's own answers: reason phrase and a short text body. */
function errorAnswer(status: number): { reason: string; body: string } {
  const reason = ERRORS[status] ?? 'Error';
  return { reason, body: `${status} ${reason}\n` };
}

export class Http1Connection implements ResponseOwner {
  private readonly parser: LlhttpParser;
  /** responses not yet fully written, oldest first; only queue[0] writes to the socket */
  private readonly queue: Http1Response[] = [];
  /** the request whose body is arriving */
  private bodyRequest: Http1BodyRequest | undefined;
  private phase = Phase.Head;
  /** when the current phase started */
  private since: number;
  private requestStart: number;
  /** a request asked for an Upgrade (or CONNECT): parsing stops after its head */
  private upgradeRequest: Http1Request | undefined;
  /** no more requests are taken (an error answer or Connection: close is on its way) */
  private refusing = false;
  private pausedForQueue = false;
  private pausedForBody = false;
  private served = 0;
  /** the client half-closed: answer what is in flight, then close */
  private peerEnded = false;
  /** the bytes being parsed (only read to tell "HTTP/0.9" from no version at all) */
  private chunk: Buffer | undefined;
  private readonly onData = (d: Buffer) => this.consume(d);
  /** bytes come straight from the handle (./direct-read), not through the socket's stream */
  private direct = false;

  constructor(
    private readonly core: ConnectionHost<Http1Connection>,
    readonly socket: Socket,
  ) {
    this.since = this.requestStart = Date.now();
    this.parser = createParser('request', core.limits.maxHeaderSize, {
      onBegin: () => {
        this.phase = Phase.Head;
        this.since = this.requestStart = now();
      },
      onHead: (major, minor, raw, method, url, _status, upgrade, keepAlive) => this.onHead(major, minor, raw, method, url, upgrade, keepAlive),
      onBody: (b) => this.onBody(b),
      onComplete: (trailers) => this.onMessageComplete(trailers),
    });
    socket.on('error', () => socket.destroy());
    socket.once('end', () => this.onPeerEnd());
    socket.once('close', () => this.onClose());
  }

  /** Start reading requests (after the core has registered the connection: a request may be
   * complete in the bytes already read, and an Upgrade releases the connection at once). */
  start(): void {
    const socket = this.socket;
    // what the listener read to tell HTTP/1.x from h2c went back into the stream's buffer
    const early = socket.readableLength > 0 ? (socket.read() as Buffer | null) : null;
    this.direct = readInto(socket, (buf, n) => {
      const opened = beginTurn();
      try {
        this.consume(buf.subarray(0, n));
      } finally {
        if (opened) endTurn();
      }
    });
    if (!this.direct) socket.on('data', this.onData);
    if (early) this.consume(early);
  }

  private pauseReading(): void {
    if (this.direct) pauseReads(this.socket);
    else this.socket.pause();
  }

  private resumeReading(): void {
    if (this.direct) resumeReads(this.socket);
    else this.socket.resume();
  }

  /** No more bytes for this connection's parser. */
  private stopReading(): void {
    if (this.direct) stopReadingInto(this.socket);
    else this.socket.removeListener('data', this.onData);
  }

  get closing(): boolean {
    return this.core.closing;
  }

  /** Nothing in flight and no request arriving: safe to close without cutting anyone off. */
  get idle(): boolean {
    return this.queue.length === 0 && this.phase === Phase.Idle;
  }

  isActive(res: Http1Response): boolean {
    return this.queue[0] === res;
  }

  private consume(d: Buffer): void {
    this.chunk = d;
    const r = this.parser.execute(d);
    this.chunk = undefined;
    if (typeof r !== 'number') {
      this.protocolError(r.code === 'HPE_HEADER_OVERFLOW' ? 431 : r.code === 'HPE_INVALID_VERSION' ? versionErrorStatus(d, r.bytesParsed) : 400);
      return;
    }
    const up = this.upgradeRequest;
    // a copy: `d` may be the shared read buffer (./direct-read)
    if (up) this.handOver(up, Buffer.from(d.subarray(r)));
  }

  private onHead(major: number, minor: number, raw: string[], methodIndex: number, url: string, upgrade: boolean, keepAlive: boolean): number {
    if (this.refusing) return 0;
    const refused = framingError(major, minor, raw, major === 0 && this.chunk !== undefined && HTTP09_LINE.test(this.chunk.toString('latin1')));
    if (refused !== 0) {
      this.refuse(refused);
      return 0;
    }
    const headers = headersObject(raw);
    if (url.charCodeAt(0) !== 47 /* / */) {
      // absolute-form: its authority is the Host (RFC 9112 §3.2.2), so routing and the upstream see one host
      const authority = absoluteFormAuthority(url);
      if (authority === null) {
        this.refuse(400);
        return 0;
      }
      if (authority !== undefined && authority !== headers.host) {
        headers.host = authority;
        for (let i = 0; i < raw.length; i += 2) if (raw[i].length === 4 && raw[i].toLowerCase() === 'host') raw[i + 1] = authority;
      }
    }
    const head: Http1Request = { method: METHODS[methodIndex], url, rawHeaders: raw, headers, httpVersionMajor: major, httpVersionMinor: minor, socket: this.socket };
    if (upgrade) {
      this.upgradeRequest = head;
      return STOP_AFTER_HEAD;
    }
    const http11 = major === 1 && minor >= 1;
    const hasBody = requestHasBody(headers);
    const req: AnyHttp1Request = hasBody ? (this.bodyRequest = new Http1BodyRequest(head, this.wantBody)) : head;
    this.phase = hasBody ? Phase.Body : Phase.Idle;
    const res = new Http1Response(this, head.method === 'HEAD', !http11, keepAlive);
    if (hasBody) res.body = req as Http1BodyRequest;
    this.queue.push(res);
    this.served++;
    if (this.queue.length > MAX_PIPELINED && !this.pausedForQueue) {
      this.pausedForQueue = true;
      this.pauseReading();
    }
    const expect = headers.expect;
    if (expect !== undefined && http11) {
      if (expect.toLowerCase() !== '100-continue') {
        this.answerError(res, 417, true);
        return 0;
      }
      if (this.queue.length === 1) this.socket.write(CONTINUE);
    }
    try {
      this.core.onRequest(req, res);
    } catch {
      if (!res.headersSent) this.answerError(res, 400);
      else res.destroy();
    }
    return 0;
  }

  private onBody(b: Buffer): void {
    const r = this.bodyRequest;
    if (!r || r.dumped) return;
    if (!r.push(b) && !this.pausedForBody) {
      this.pausedForBody = true;
      this.pauseReading();
    }
  }

  private readonly wantBody = (): void => {
    if (!this.pausedForBody) return;
    this.pausedForBody = false;
    if (!this.pausedForQueue) this.resumeReading();
  };

  private onMessageComplete(trailers: string[] | undefined): void {
    const r = this.bodyRequest;
    if (r) {
      this.bodyRequest = undefined;
      r.complete = true;
      if (trailers) r.rawTrailers = trailers;
      if (!r.dumped) r.push(null);
    }
    this.phase = Phase.Idle;
    this.since = now();
  }

  /** A response ended: write out every finished response at the head of the queue, in order. */
  finished(res: Http1Response): void {
    if (this.queue[0] !== res) return; // it leaves when the ones before it have
    const q = this.queue;
    while (q.length > 0 && q[0].ended) {
      const done = q.shift()!;
      done.closed();
      const body = done.body;
      if (body && !body.complete && !body.dumped) {
        // answered before its body arrived: read and drop the rest, so the next request parses
        body.dumped = true;
        body.push(null);
        this.wantBody();
      }
      if (!done.keepAlive) {
        this.refusing = true;
        this.endConnection();
        return;
      }
      if (q.length > 0) q[0].activate();
    }
    if (q.length === 0) {
      this.since = now();
      if (this.peerEnded) this.endConnection();
    }
    if (this.pausedForQueue && q.length <= MAX_PIPELINED) {
      this.pausedForQueue = false;
      if (!this.pausedForBody) this.resumeReading();
    }
  }

  /** Timeouts, checked by the core's sweep: slow heads, slow bodies, idle keep-alive. */
  checkTimeouts(now: number): void {
    const l = this.core.limits;
    if (this.phase === Phase.Head && now - this.since > l.headersTimeoutMs) this.timeout();
    else if (this.phase === Phase.Body && now - this.requestStart > l.requestTimeoutMs) this.timeout();
    else if (this.phase === Phase.Idle && this.queue.length === 0 && this.served > 0 && now - this.since > l.keepAliveTimeoutMs) this.socket.destroy();
  }

  private timeout(): void {
    const r = this.bodyRequest;
    if (r && !r.complete) r.destroy(Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }));
    this.protocolError(408);
  }

  /** The request stream can no longer be parsed: answer after what is in flight, then close. */
  private protocolError(status: number): void {
    this.stopReading();
    this.phase = Phase.Idle;
    const r = this.bodyRequest;
    if (r && !r.complete) r.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    // a refusal (or Connection: close) is queued: it ends the connection once written
    if (this.refusing && this.queue.length > 0 && !this.socket.destroyed) return;
    if (this.refusing || this.socket.destroyed) {
      this.socket.destroy();
      return;
    }
    this.refusing = true;
    const active = this.queue[0];
    if (active && !active.ended) {
      if (active.headersSent) {
        this.socket.destroy(); // mid-response: cutting it is all that is left
        return;
      }
      // nothing of the unfinished response went out yet: the error answer takes its place
      const { reason, body } = errorAnswer(status);
      for (const r of this.queue.splice(0)) r.closed();
      this.socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
      this.socket.destroySoon();
      return;
    }
    const res = new Http1Response(this, false, false, false);
    this.queue.push(res);
    this.answerError(res, status);
  }

  /** A request head the server must not serve (framing rules): answer in order, take no more requests, close. */
  private refuse(status: number): void {
    this.refusing = true;
    this.phase = Phase.Idle;
    const res = new Http1Response(this, false, false, false);
    this.queue.push(res);
    this.answerError(res, status);
  }

  private answerError(res: Http1Response, status: number, keepAlive = false): void {
    const { body } = errorAnswer(status);
    if (!keepAlive) res.keepAlive = false;
    res.writeHead(status, ['Content-Type', 'text/plain', 'Content-Length', String(body.length)]);
    res.end(body);
  }

  /** Upgrade/CONNECT: the socket leaves the HTTP/1.1 core (with the bytes after the head). */
  private handOver(req: Http1Request, rest: Buffer): void {
    this.upgradeRequest = undefined;
    this.stopReading();
    if (this.queue.length > 0) {
      // an upgrade pipelined behind unanswered requests: nothing sane to do with it
      this.socket.destroy();
      return;
    }
    this.refusing = true;
    if (req.method === 'CONNECT') {
      const res = new Http1Response(this, false, false, false);
      this.queue.push(res);
      this.answerError(res, 405);
      return;
    }
    this.core.release(this);
    this.socket.pause(); // no bytes lost before the upgrade handler pipes the socket
    this.core.onUpgrade(req, this.socket, rest);
  }

  /** The client sent all it will send (listeners run with allowHalfOpen, so this side stays writable). */
  private onPeerEnd(): void {
    if (this.upgradeRequest || this.refusing) return;
    this.peerEnded = true;
    const r = this.parser.finish(); // a request cut short is an error, as in node:http
    if (r instanceof Error) {
      this.protocolError(400);
      return;
    }
    if (this.queue.length === 0) this.endConnection();
  }

  private endConnection(): void {
    this.stopReading();
    this.socket.destroySoon();
  }

  private onClose(): void {
    this.core.release(this);
    // node's parser is a C++ object its JS side cannot outlive: until close() it stays a GC
    // root, and with it this connection, its socket and the parser's callbacks (a few KB per
    // connection ever accepted). 'close' comes after the last execute(), never inside one.
    this.parser.close();
    const r = this.bodyRequest;
    if (r && !r.complete && !r.destroyed) r.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    for (const res of this.queue.splice(0)) res.closed();
  }
}

/**
 * A version llhttp refuses: 505 for a major version other than 1 ("HTTP/3", "HTTP/2.1"), 400
 * for anything malformed. Error path only: looks back from where parsing stopped.
 */
function versionErrorStatus(d: Buffer, at: number | undefined): number {
  const end = Math.min(d.length, (at ?? d.length) + 1);
  const v = d.lastIndexOf('HTTP/', end, 'latin1');
  if (v < 0 || v + 5 >= d.length) return 400;
  const major = d[v + 5];
  return major >= 48 && major <= 57 && major !== 49 ? 505 : 400;
}
