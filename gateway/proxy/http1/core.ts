// The gateway's HTTP/1.1 server core for plain-HTTP listeners: net sockets in, llhttp parsing,
// lightweight request/response objects out. It exists for throughput: node:http's server
// machinery cost about half of the gateway's CPU per proxied request (bench/gateway/RESULTS.md).
// Semantics follow node:http's server (which HTTPS and HTTP/2 still use): same parser and
// strictness, Host required on HTTP/1.1, Expect handling, pipelining in order, headers /
// request / keep-alive timeouts, 400/408/417/431 answers.
import type { Socket } from 'node:net';
import { Http1Connection } from './connection';
import type { ConnectionHost, Http1Limits, Http1RequestListener, Http1UpgradeListener } from './connection-host';

export type { Http1Limits, Http1RequestListener, Http1UpgradeListener } from './connection-host';

export class Http1Core implements ConnectionHost<Http1Connection> {
  private readonly connections = new Set<Http1Connection>();
  /** draining: every response from now on closes its connection */
  closing = false;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly limits: Http1Limits,
    readonly onRequest: Http1RequestListener,
    readonly onUpgrade: Http1UpgradeListener,
  ) {}

  /** Serve HTTP/1.x on a connected socket. */
  accept(socket: Socket): void {
    const conn = new Http1Connection(this, socket);
    this.connections.add(conn);
    conn.start();
    if (!this.sweeper) {
      const l = this.limits;
      // one timer for every connection (not one per request); timeouts fire up to a tick late
      const tick = Math.min(1000, Math.max(25, Math.min(l.headersTimeoutMs, l.keepAliveTimeoutMs, l.requestTimeoutMs) / 4));
      this.sweeper = setInterval(() => this.sweep(), tick);
      this.sweeper.unref();
    }
  }

  /** The connection closed or left the core (Upgrade). */
  release(conn: Http1Connection): void {
    this.connections.delete(conn);
  }

  stopKeepAlive(): void {
    this.closing = true;
  }

  closeIdleConnections(): void {
    for (const c of this.connections) if (c.idle) c.socket.destroy();
  }

  closeAllConnections(): void {
    for (const c of this.connections) c.socket.destroy();
    this.stop();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const c of this.connections) c.checkTimeouts(now);
  }
}
