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
}

export interface ClientResponse {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  /** headers as a flat [name, value, ...] list */
  writeHead(status: number, headers?: string[]): unknown;
  /** before writeHead only (used for `connection: close`) */
  setHeader(name: string, value: string): unknown;
  write(chunk: Buffer | string): boolean;
  end(chunk?: Buffer | string): unknown;
  destroy(): unknown;
  addTrailers(headers: Record<string, string>): void;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** The one rule for "this request carries a body" (the core and the handler must agree). */
export function requestHasBody(headers: IncomingHttpHeaders): boolean {
  const cl = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (cl !== undefined && cl !== '0');
}

/** The request as a body stream (only called when requestHasBody: then it is a Readable). */
export function requestBody(req: ClientRequest): Readable {
  return req as unknown as Readable;
}
