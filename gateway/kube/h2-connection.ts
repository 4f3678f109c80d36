// One HTTP/2 connection to the API server that every request and watch of the gateway shares,
// as client-go does. A gateway watches ~18 kinds: over HTTP/1.1 that is ~18 kept-alive TLS
// connections, each with its own 64 KiB TLS read buffer, socket, parser and request objects;
// over HTTP/2 they are streams of one connection. The protocol is chosen by ALPN on each new
// connection: a server that answers http/1.1 gets HTTP/1.1 from then on (./client).
import http2 from 'node:http2';
import type { Readable } from 'node:stream';
import tls from 'node:tls';

export interface H2Target {
  /** https://host:port */
  origin: URL;
  /** CA, client certificate, verification and SNI, as for the HTTP/1.1 agent */
  tls: tls.ConnectionOptions;
  /** health PINGs (tests shorten them) */
  ping?: { everyMs: number; timeoutMs: number };
}

/** A response: its status, and its body as it streams in (an HTTP/2 stream or an HTTP/1.1 response). */
export interface KubeResponse {
  status: number;
  body: Readable;
}

/** A connection is pinged this often while it is open, and replaced when no answer comes in PING_TIMEOUT_MS (client-go: 30 s / 15 s). */
const PING_EVERY_MS = 30_000;
const PING_TIMEOUT_MS = 15_000;
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Every request and watch shares the connection, so a dead one (no RST: a dropped route, a
 * frozen peer) must not hold them until each one's own timeout: a PING that gets no answer
 * ends it, its streams fail and are retried on a new one.
 */
function watchHealth(session: http2.ClientHttp2Session, { everyMs, timeoutMs } = { everyMs: PING_EVERY_MS, timeoutMs: PING_TIMEOUT_MS }): void {
  const timer = setInterval(() => {
    if (session.destroyed) return;
    const deadline = setTimeout(() => session.destroy(new Error(`API server connection: no PING answer in ${timeoutMs} ms`)), timeoutMs);
    deadline.unref();
    const sent = session.ping((err) => {
      clearTimeout(deadline);
      if (err && !session.destroyed) session.destroy(err);
    });
    if (!sent) clearTimeout(deadline);
  }, everyMs);
  timer.unref();
  session.once('close', () => clearInterval(timer));
}

/** 'h1': the server did not offer h2; the caller goes on with HTTP/1.1. */
export type Negotiated = http2.ClientHttp2Session | 'h1';

export class H2Connection {
  private live?: http2.ClientHttp2Session;
  private connecting?: Promise<Negotiated>;
  /** what the last connection chose */
  negotiated?: 'h2' | 'http/1.1';

  constructor(private readonly target: H2Target) {}

  /** The shared session, connecting (and choosing the protocol) when there is none. */
  private current(): Promise<Negotiated> {
    if (this.live && !this.live.closed && !this.live.destroyed) return Promise.resolve(this.live);
    return (this.connecting ??= this.connect().finally(() => (this.connecting = undefined)));
  }

  private connect(): Promise<Negotiated> {
    const { origin } = this.target;
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        ...this.target.tls,
        host: origin.hostname.replace(/^\[|\]$/g, ''),
        port: Number(origin.port) || 443,
        ALPNProtocols: ['h2', 'http/1.1'],
      });
      socket.once('error', reject);
      // an address that drops SYNs would otherwise hold the first request for minutes
      socket.setTimeout(CONNECT_TIMEOUT_MS, () => socket.destroy(new Error(`${origin.host}: no TLS connection in ${CONNECT_TIMEOUT_MS} ms`)));
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.off('error', reject);
        this.negotiated = socket.alpnProtocol === 'h2' ? 'h2' : 'http/1.1';
        if (socket.alpnProtocol !== 'h2') {
          socket.destroy();
          resolve('h1');
          return;
        }
        const session = http2.connect(origin, { createConnection: () => socket, settings: { enablePush: false } });
        // each stream sees its own errors; a broken or closing session is only replaced
        session.on('error', () => {});
        const forget = () => {
          if (this.live === session) this.live = undefined;
        };
        session.once('goaway', forget);
        session.once('close', forget);
        watchHealth(session, this.target.ping);
        this.live = session;
        resolve(session);
      });
    });
  }

  /**
   * Sends a request on the shared session: the answer once its head is in, or 'h1' when the
   * server does not speak HTTP/2. `timeoutMs`: no bytes for that long ends the stream.
   */
  async request(
    method: string,
    path: string,
    headers: Record<string, string | number>,
    data: string | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<KubeResponse | 'h1'> {
    const open = (s: http2.ClientHttp2Session) => s.request({ ':method': method, ':path': path, ...headers }, { endStream: data === undefined, signal });
    const session = await this.current();
    if (session === 'h1') return 'h1';
    let stream: http2.ClientHttp2Stream;
    try {
      stream = open(session);
    } catch (err) {
      // the session closed (GOAWAY, PING timeout) between current() and here: once more on a new one
      if (!session.closed && !session.destroyed) throw err;
      if (this.live === session) this.live = undefined;
      const fresh = await this.current();
      if (fresh === 'h1') return 'h1';
      stream = open(fresh);
    }
    return new Promise((resolve, reject) => {
      stream.setTimeout(timeoutMs, () => stream.destroy(new Error(`${method} ${path}: no response for ${timeoutMs} ms`)));
      stream.once('response', (h) => resolve({ status: Number(h[':status']) || 0, body: stream }));
      stream.once('error', reject);
      if (data !== undefined) stream.end(data);
    });
  }

  /** Ends the connection and its streams (watches included), as the HTTP/1.1 agent's destroy. */
  close(): void {
    this.live?.destroy();
    this.live = undefined;
    void this.connecting?.then((x) => x !== 'h1' && x.destroy(), () => {});
  }
}
