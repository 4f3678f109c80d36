// Responses of the HTTP/1.1 core. Responses on one connection leave in request order: only the
// connection's first unfinished response writes to the socket; later (pipelined) ones buffer
// until it ends. The head waits for the first body bytes until the next tick: a small response
// (head + body up to COMBINE_MAX) is one Buffer and one plain write (no cork/writev), larger ones
// are corked into one writev.
import { STATUS_CODES } from 'node:http';
import type { ClientResponse } from '../exchange';
import type { Http1BodyRequest } from './request';
import { BAD_HEADER_VALUE, HEADER_NAME, checkHeader } from './headers-check';
import { writeNow } from './direct-write';
import { flushHeadLater } from './head-batch';
import { now } from './turn-clock';


/** What a response needs from its connection. */
export interface ResponseOwner {
  readonly socket: import('node:net').Socket;
  /** the response may write to the socket (it is the oldest unfinished one) */
  isActive(res: Http1Response): boolean;
  finished(res: Http1Response): void;
  /** new responses say `Connection: close` (the gateway is draining) */
  readonly closing: boolean;
}

function uncork(socket: import('node:net').Socket): void {
  socket.uncork();
}

/** Body sizes copied into the head's Buffer (one write); larger bodies go in a writev. */
const COMBINE_MAX = 16 * 1024;

let dateSecond = 0;
let dateValue = '';
function httpDate(): string {
  const t = now();
  const s = Math.floor(t / 1000);
  if (s !== dateSecond) {
    dateSecond = s;
    dateValue = new Date(t).toUTCString();
  }
  return dateValue;
}

export class Http1Response implements ClientResponse {
  headersSent = false;
  /** the response is complete (end() called) */
  ended = false;
  private aborted = false;
  /** body allowed (not HEAD, 1xx, 204, 304) */
  private bodyAllowed = true;
  private chunked = false;
  /** the request's body stream, when it has one (dropped if the response ends before it) */
  body: Http1BodyRequest | undefined;
  /** the connection closes after this response */
  keepAlive: boolean;
  private extra: string[] | undefined;
  /** the head, not yet written: it leaves with the first body bytes or at the end of the turn (./head-batch) */
  private pendingHead: string | undefined;
  /** inside end(): the chunk being written is the last */
  private ending = false;
  private trailers: string | undefined;
  /** output held while an earlier response on the connection is still going */
  private held: Buffer[] | undefined;
  private drainWaiters: Array<() => void> | undefined;
  private closeWaiters: Array<() => void> | undefined;

  constructor(
    private readonly owner: ResponseOwner,
    readonly isHead: boolean,
    readonly http10: boolean,
    keepAlive: boolean,
  ) {
    this.keepAlive = keepAlive;
  }

  get destroyed(): boolean {
    return this.aborted || this.owner.socket.destroyed;
  }

  setHeader(name: string, value: string): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot set headers after they are sent'), { code: 'ERR_HTTP_HEADERS_SENT' });
    if (name.toLowerCase() === 'connection' && value.toLowerCase() === 'close') this.keepAlive = false;
    else (this.extra ??= []).push(name, value);
    return this;
  }

  writeHead(status: number, headers?: string[]): this {
    return this.head(status, headers, true);
  }

  writeHeadChecked(status: number, headers: string[]): this {
    return this.head(status, headers, false);
  }

  private head(status: number, headers: string[] | undefined, check: boolean): this {
    if (this.headersSent) throw Object.assign(new Error('Cannot write headers after they are sent'), { code: 'ERR_HTTP_HEADERS_SENT' });
    status |= 0;
    if (status < 100 || status > 999) throw Object.assign(new RangeError(`Invalid status code: ${status}`), { code: 'ERR_HTTP_INVALID_STATUS_CODE' });
    if (this.owner.closing) this.keepAlive = false;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
    let length = false;
    let date = false;
    const lists = this.extra ? [this.extra, headers] : [headers];
    for (const list of lists) {
      if (!list) continue;
      for (let i = 0; i < list.length; i += 2) {
        const name = list[i];
        const value = String(list[i + 1]);
        // setHeader() values (`extra`) are always checked
        if (check || list === this.extra) checkHeader(name, value);
        const n = name.length;
        if (n === 14 && name.toLowerCase() === 'content-length') length = true;
        else if (n === 4 && name.toLowerCase() === 'date') date = true;
        else if ((n === 10 && name.toLowerCase() === 'connection') || (n === 17 && name.toLowerCase() === 'transfer-encoding') || (n === 10 && name.toLowerCase() === 'keep-alive')) continue; // framing is ours
        head += `${name}: ${value}\r\n`;
      }
    }
    if (!date) head += `Date: ${httpDate()}\r\n`;
    this.bodyAllowed = !(this.isHead || status === 204 || status === 304 || status < 200);
    if (!length && this.bodyAllowed) {
      if (this.http10) this.keepAlive = false; // no framing: the end of the connection ends the body
      else {
        this.chunked = true;
        head += 'Transfer-Encoding: chunked\r\n';
      }
    }
    head += this.keepAlive ? (this.http10 ? 'Connection: keep-alive\r\n\r\n' : '\r\n') : 'Connection: close\r\n\r\n';
    this.headersSent = true;
    this.pendingHead = head;
    flushHeadLater(this);
    return this;
  }

  /** Write the pending head alone (no body came with it in this tick). */
  flushHead(): void {
    const head = this.pendingHead;
    if (head === undefined) return;
    this.pendingHead = undefined;
    this.out(head);
  }

  write(chunk: Buffer | string): boolean {
    if (!this.headersSent) this.writeHead(200);
    if (this.ended || this.destroyed) return false;
    if (!this.bodyAllowed || chunk.length === 0) return true;
    const body = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const head = this.pendingHead;
    if (head !== undefined) {
      this.pendingHead = undefined;
      if (!this.chunked && body.length <= COMBINE_MAX) {
        // head and body in one Buffer: one write, one syscall
        const hl = head.length;
        const both = Buffer.allocUnsafe(hl + body.length);
        both.write(head, 0, hl, 'latin1');
        body.copy(both, hl);
        return this.out(both, !this.ending);
      }
      this.out(head);
    }
    if (this.chunked) {
      this.out(`${body.length.toString(16)}\r\n`);
      this.out(body);
      return this.out('\r\n');
    }
    return this.out(body);
  }

  addTrailers(headers: Record<string, string>): void {
    let t = '';
    for (const [k, v] of Object.entries(headers)) {
      if (!HEADER_NAME.test(k) || BAD_HEADER_VALUE.test(String(v))) continue;
      t += `${k}: ${v}\r\n`;
    }
    this.trailers = t;
  }

  end(chunk?: Buffer | string): this {
    if (this.ended) return this;
    if (!this.headersSent) this.writeHead(200);
    this.ending = true;
    if (chunk !== undefined && chunk.length > 0) this.write(chunk);
    this.ended = true;
    // nothing follows what is written here: it may go out at once (no cork)
    const last = this.chunked && this.bodyAllowed && !this.destroyed ? `0\r\n${this.trailers ?? ''}\r\n` : undefined;
    const head = this.pendingHead;
    if (head !== undefined) {
      this.pendingHead = undefined;
      this.out(last === undefined ? head : head + last, false);
    } else if (last !== undefined) this.out(last, false);
    this.owner.finished(this);
    return this;
  }

  destroy(): this {
    if (!this.aborted) {
      this.aborted = true;
      this.owner.socket.destroy();
    }
    return this;
  }

  once(event: 'drain' | 'close', listener: () => void): this {
    if (event === 'close') (this.closeWaiters ??= []).push(listener);
    else if (this.owner.isActive(this) && !this.held) this.owner.socket.once('drain', listener);
    else (this.drainWaiters ??= []).push(listener);
    return this;
  }

  on(event: 'close', listener: () => void): this {
    return this.once(event, listener);
  }

  /** The response may now write: flush what it held. */
  activate(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    const socket = this.owner.socket;
    if (socket.destroyed) return;
    socket.cork();
    for (const x of held) socket.write(x);
    socket.uncork();
    const waiters = this.drainWaiters;
    this.drainWaiters = undefined;
    if (waiters) for (const w of waiters) w();
  }

  /** The connection or the response is done: 'close' listeners run once. */
  closed(): void {
    const waiters = this.closeWaiters;
    this.closeWaiters = undefined;
    if (waiters) for (const w of waiters) w();
  }

  /** Strings are heads and framing (latin1); bodies come as Buffers. `cork`: more may follow in
   * this tick (hold the socket until its end, for one writev); false for a complete response. */
  private out(text: string | Buffer, cork = true): boolean {
    const socket = this.owner.socket;
    if (socket.destroyed) return false;
    const data = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    if (!this.owner.isActive(this) || this.held) {
      (this.held ??= []).push(data);
      return false;
    }
    if (!cork) return writeNow(socket, data);
    if (socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(uncork, socket);
    }
    return socket.write(data);
  }
}
