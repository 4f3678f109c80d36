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

/** A request without a body: a plain object (nothing to set up on the hot path). */
export interface Http1Request extends ClientRequest {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: string[];
  readonly headers: IncomingHttpHeaders;
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  readonly socket: Socket;
}

/** A request whose body arrives after the head: the connection pushes body chunks into it. */
export class Http1BodyRequest extends Readable implements Http1Request {
  declare readonly method: string;
  declare readonly url: string;
  declare readonly rawHeaders: string[];
  declare readonly headers: IncomingHttpHeaders;
  declare readonly httpVersionMajor: number;
  declare readonly httpVersionMinor: number;
  declare readonly socket: Socket;
  complete = false;
  /** trailer fields of a chunked body (flat [name, value, ...]), set when it ends */
  rawTrailers: string[] | undefined;
  /** nobody reads the body any more (the response ended first): chunks are dropped */
  dumped = false;
  constructor(
    head: Http1Request,
    private readonly wantMore: () => void,
  ) {
    super();
    Object.assign(this, head);
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
