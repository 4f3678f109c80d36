// What the proxy handler needs from a client request and its response. node:http's
// IncomingMessage/ServerResponse (HTTPS, HTTP/2) and the gateway's own HTTP/1.1 core
// (./http1, plain HTTP) both provide it, so one handler serves every listener.
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';

export interface ClientRequest {
  readonly method?: string;
  readonly url?: string;
  /** lower-case names; duplicates joined as node:http joins them */
  readonly headers: IncomingHttpHeaders;
  /** [name, value, ...] as received */
  readonly rawHeaders: string[];
  readonly socket: Socket;
  readonly httpVersionMajor: number;
  /** HTTP/2 only: the request's stream (END_STREAM on HEADERS: no body follows) */
  readonly stream?: { readonly endAfterHeaders: boolean };
}

export interface ClientResponse {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  /** headers as a flat [name, value, ...] list */
  writeHead(status: number, headers?: string[]): unknown;
  /** writeHead for headers already known valid (every one from a strict HTTP/1.1 parse): not
   * checked again. Only the gateway's own HTTP/1.1 core has it. */
  writeHeadChecked?(status: number, headers: string[]): unknown;
  /** before writeHead only (used for `connection: close`) */
  setHeader(name: string, value: string): unknown;
  write(chunk: Buffer | string): boolean;
  end(chunk?: Buffer | string): unknown;
  destroy(): unknown;
  addTrailers(headers: Record<string, string>): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** The one rule for "this HTTP/1.x request carries a body" (the core and the handler must agree). */
export function requestHasBody(headers: IncomingHttpHeaders): boolean {
  const cl = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (cl !== undefined && cl !== '0');
}

/** HTTP/2 framing: a body follows unless HEADERS carried END_STREAM. Content-Length is optional
 * there (gRPC never sends it), so it cannot be the signal; a declared 0 still means none. */
export function h2RequestHasBody(req: ClientRequest): boolean {
  const stream = req.stream;
  return stream !== undefined && !stream.endAfterHeaders && req.headers['content-length'] !== '0';
}

/** A request body: trailer fields (chunked HTTP/1.1, HTTP/2 trailing HEADERS) are in
 * `rawTrailers` once it has ended, as on node's IncomingMessage and Http2ServerRequest. */
export type RequestBody = Readable & { readonly rawTrailers?: readonly string[] };

/** The request as a body stream (only called when it has a body: then it is a Readable). */
export function requestBody(req: ClientRequest): RequestBody {
  return req as unknown as RequestBody;
}
