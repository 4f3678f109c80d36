// The listeners: plain HTTP (HTTP/1.1 on the gateway's own core, ./http1, and h2c with prior
// knowledge for gRPC), and HTTPS (node's HTTP/2 with HTTP/1.1 fallback) picking certificates by
// SNI from the live snapshot.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import type { CertificateEntry } from '@/lib/routing';
import type { GatewayRuntime } from './runtime';
import { createRequestHandler } from './handler';
import { handleUpgrade } from './websocket';
import { Http1Core } from './http1/core';

export interface ServerLimits {
  maxHeaderSize: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const defaultLimits: ServerLimits = {
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 300_000,
  keepAliveTimeoutMs: 65_000,
};

export interface Listeners {
  http: net.Server;
  https: net.Server;
  /** Draining: every HTTP/1.1 response from now on says `Connection: close`, HTTP/2 sessions get GOAWAY. */
  stopKeepAlive(): void;
  close(graceMs: number): Promise<void>;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Answer malformed requests instead of dropping the socket silently. */
function onClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || (socket as net.Socket).bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const code = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'ERR_HTTP_HEADERS_TIMEOUT' ? 408 : 400;
  const text = code === 431 ? 'Request Header Fields Too Large' : code === 408 ? 'Request Timeout' : 'Bad Request';
  const body = `${code} ${text}\n`;
  socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

export function startListeners(rt: GatewayRuntime, opts: { host: string; httpPort: number; httpsPort: number; limits?: ServerLimits; exclusive?: boolean }): Promise<Listeners> {
  const limits = opts.limits ?? defaultLimits;
  const serverOpts = {
    maxHeaderSize: limits.maxHeaderSize,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
  };

  // --- plain HTTP: the HTTP/1.1 core, plus an h2c server fed connections that start with the preface
  const h1 = new Http1Core(limits, createRequestHandler(rt, 'http', opts.httpPort), (req, socket, head) => handleUpgrade(rt, 'http', opts.httpPort, req, socket, head));
  const h2c = http2.createServer({ maxSessionMemory: 32 }, createRequestHandler(rt, 'http', opts.httpPort) as never);
  h2c.on('sessionError', () => {});
  // Client connections, so a drain can wait for the last response bytes to leave userland
  // buffers (a request counts as done when its upstream finishes, which may be earlier).
  const clientSockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    clientSockets.add(socket);
    socket.once('close', () => clientSockets.delete(socket));
  };
  const unflushed = () => {
    for (const s of clientSockets) if (!s.destroyed && s.writableLength > 0) return true;
    return false;
  };
  const plain = net.createServer({ noDelay: true }, (socket) => {
    track(socket);
    // a client that connects and says nothing is bounded too (the HTTP server's own
    // header timeout only starts once it owns the socket)
    socket.setTimeout(limits.headersTimeoutMs, () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.once('readable', () => sniff(socket));
  });
  function sniff(socket: net.Socket): void {
    const first: Buffer | null = socket.read();
    if (!first) {
      if (!socket.destroyed) socket.once('readable', () => sniff(socket));
      return;
    }
    socket.setTimeout(0);
    socket.unshift(first);
    const isH2 = first.length >= 3 && first[0] === 0x50 && first[1] === 0x52 && first[2] === 0x49 && first.subarray(0, Math.min(first.length, H2_PREFACE.length)).equals(H2_PREFACE.subarray(0, Math.min(first.length, H2_PREFACE.length)));
    if (isH2) h2c.emit('connection', socket);
    else h1.accept(socket);
  }
  plain.on('error', () => {});

  // --- HTTPS: h2 + HTTP/1.1, SNI from the snapshot
  const contexts = new WeakMap<CertificateEntry, tls.SecureContext>();
  const contextFor = (entry: CertificateEntry): tls.SecureContext | undefined => {
    let c = contexts.get(entry);
    if (!c) {
      try {
        c = tls.createSecureContext({ cert: entry.certPem, key: entry.keyPem });
      } catch {
        return undefined;
      }
      contexts.set(entry, c);
    }
    return c;
  };
  const secure = http2.createSecureServer(
    {
      allowHTTP1: true,
      ...serverOpts,
      SNICallback: (servername, cb) => {
        const certs = rt.snapshot?.certificates;
        const entry = (servername && certs?.lookup(servername)) || certs?.fallback;
        const ctx = entry ? contextFor(entry) : undefined;
        if (!ctx) cb(new Error(`no certificate for ${servername || '(no SNI)'}`), undefined);
        else cb(null, ctx);
      },
    } as http2.SecureServerOptions,
    createRequestHandler(rt, 'https', opts.httpsPort) as never,
  );
  secure.on('upgrade' as never, ((req: http.IncomingMessage, socket: net.Socket, head: Buffer) => handleUpgrade(rt, 'https', opts.httpsPort, req, socket, head)) as never);
  secure.on('secureConnection', track);
  secure.on('tlsClientError', () => {});
  secure.on('sessionError', () => {});
  (secure as unknown as http.Server).on('clientError', onClientError);

  const listen = (s: net.Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ port, host: opts.host, exclusive: opts.exclusive ?? false }, () => {
        s.off('error', reject);
        resolve();
      });
    });

  return Promise.all([listen(plain, opts.httpPort), listen(secure, opts.httpsPort)]).then(() => ({
    http: plain,
    https: secure,
    stopKeepAlive() {
      // prepended: runs before the proxy handler writes the head
      const noKeepAlive = (_req: unknown, res: http.ServerResponse | http2.Http2ServerResponse) => {
        if (res instanceof http.ServerResponse) res.shouldKeepAlive = false;
        else if (!res.stream.session?.closed) res.stream.session?.close(); // GOAWAY: finish open streams, no new ones
      };
      h1.stopKeepAlive();
      h2c.prependListener('request', noKeepAlive);
      secure.prependListener('request', noKeepAlive);
      // idle keep-alive sockets stay open until close(): closing one now races a client
      // that is just sending on it (a reset it cannot tell from a failure)
    },
    async close(graceMs: number) {
      plain.close();
      secure.close();
      h1.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while ((rt.inflight > 0 || unflushed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      h1.closeAllConnections();
      (secure as unknown as http.Server).closeAllConnections?.();
    },
  }));
}
