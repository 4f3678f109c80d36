// What a connection of the HTTP/1.1 core needs from the core that accepted it. Kept apart from
// core.ts so that connection.ts and core.ts do not import each other.
import type { Socket } from 'node:net';
import type { AnyHttp1Request, Http1Request } from './request';
import type { Http1Response } from './response';

export interface Http1Limits {
  maxHeaderSize: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export type Http1RequestListener = (req: AnyHttp1Request, res: Http1Response) => void;
export type Http1UpgradeListener = (req: Http1Request, socket: Socket, head: Buffer) => void;

export interface ConnectionHost<C> {
  readonly limits: Http1Limits;
  /** draining: every response from now on closes its connection */
  readonly closing: boolean;
  readonly onRequest: Http1RequestListener;
  readonly onUpgrade: Http1UpgradeListener;
  /** The connection closed or left the core (Upgrade). */
  release(conn: C): void;
}
