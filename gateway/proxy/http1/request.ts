// Requests of the HTTP/1.1 core. A request without a body is a plain object (no stream set-up
// on the hot path); a request with a body is a Readable the handler streams upstream.
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { ClientRequest } from '../exchange';

/** Headers node:http keeps only the first of (as IncomingMessage does). */
const SINGLE = new Set(['content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization', 'proxy-authorization', 'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag', 'last-modified', 'server', 'age', 'expires']);

/** The headers object, with node:http's rules for duplicates. */
export function headersObject(raw: readonly string[]): IncomingHttpHeaders {
  const h: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    const prev = h[name];
    if (prev === undefined) h[name] = name === 'set-cookie' ? [value] : value;
    else if (name === 'set-cookie') (prev as string[]).push(value);
    else if (name === 'cookie') h[name] = `${prev}; ${value}`;
    else if (!SINGLE.has(name)) h[name] = `${prev}, ${value}`;
  }
  return h as IncomingHttpHeaders;
}

export interface RequestHead {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: IncomingHttpHeaders;
  httpVersionMajor: number;
  httpVersionMinor: number;
}

export class Http1Request implements ClientRequest {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: string[];
  readonly headers: IncomingHttpHeaders;
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  complete = true;
  constructor(
    head: RequestHead,
    readonly socket: Socket,
  ) {
    this.method = head.method;
    this.url = head.url;
    this.rawHeaders = head.rawHeaders;
    this.headers = head.headers;
    this.httpVersionMajor = head.httpVersionMajor;
    this.httpVersionMinor = head.httpVersionMinor;
  }
}

/** A request whose body arrives after the head: the connection pushes body chunks into it. */
export class Http1BodyRequest extends Readable implements ClientRequest {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: string[];
  readonly headers: IncomingHttpHeaders;
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  complete = false;
  /** nobody reads the body any more (the response ended first): chunks are dropped */
  dumped = false;
  constructor(
    head: RequestHead,
    readonly socket: Socket,
    private readonly wantMore: () => void,
  ) {
    super();
    this.method = head.method;
    this.url = head.url;
    this.rawHeaders = head.rawHeaders;
    this.headers = head.headers;
    this.httpVersionMajor = head.httpVersionMajor;
    this.httpVersionMinor = head.httpVersionMinor;
  }

  override _read(): void {
    this.wantMore();
  }

  /** Like IncomingMessage: a failed body (client gone, timeout) is an error only to listeners. */
  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    cb(err && this.listenerCount('error') > 0 ? err : null);
  }
}

export type AnyHttp1Request = Http1Request | Http1BodyRequest;
