// The listeners: plain HTTP (HTTP/1.1, and h2c with prior knowledge for gRPC), and HTTPS (h2 or
// HTTP/1.1 by ALPN) picking certificates by SNI from the live snapshot. HTTP/1.1 runs on the
// gateway's own core (./http1), HTTP/2 on node's http2 server.
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateEntry, FrontendValidation } from '@/lib/routing';
import type { GatewayRuntime } from './runtime';
import { createRequestHandler } from './handler';
import { handleUpgrade } from './websocket';
import { Http1Core, type Http1Limits } from './http1/core';
import { hasUnsentBytes } from './http1/direct-write';
import { withAuthorityCheck } from './h2-authority';
import { admitted, requestClientCert } from './client-validation';

export type ServerLimits = Http1Limits;

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

/** HTTP/2 sessions close with their socket: half-open is only for the HTTP/1.1 core. */
function toHttp2(server: http2.Http2Server, socket: net.Socket): void {
  socket.once('end', () => socket.end());
  server.emit('connection', socket);
}

export function startListeners(rt: GatewayRuntime, opts: { host: string; httpPort: number; httpsPort: number; limits?: ServerLimits; exclusive?: boolean }): Promise<Listeners> {
  const limits = opts.limits ?? defaultLimits;

  // --- plain HTTP: the HTTP/1.1 core, plus an h2c server fed connections that start with the preface
  const h1 = new Http1Core(limits, createRequestHandler(rt, 'http', opts.httpPort), (req, socket, head) => handleUpgrade(rt, 'http', opts.httpPort, req, socket, head));
  const h2c = http2.createServer({ maxSessionMemory: 32 }, withAuthorityCheck(createRequestHandler(rt, 'http', opts.httpPort) as never));
  h2c.on('sessionError', () => {});
  // Client connections, so a drain can wait for the last response bytes to leave userland
  // buffers (a request counts as done when its upstream finishes, which may be earlier).
  const clientSockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    clientSockets.add(socket);
    socket.once('close', () => clientSockets.delete(socket));
  };
  const unflushed = () => {
    for (const s of clientSockets) if (!s.destroyed && hasUnsentBytes(s)) return true;
    return false;
  };
  // allowHalfOpen: a client that half-closes after its request still gets the answer
  const plain = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
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
      if (socket.readableEnded) socket.destroy(); // closed without a byte
      else if (!socket.destroyed) socket.once('readable', () => sniff(socket));
      return;
    }
    socket.setTimeout(0);
    socket.unshift(first);
    const isH2 = first.length >= 3 && first[0] === 0x50 && first[1] === 0x52 && first[2] === 0x49 && first.subarray(0, Math.min(first.length, H2_PREFACE.length)).equals(H2_PREFACE.subarray(0, Math.min(first.length, H2_PREFACE.length)));
    if (isH2) toHttp2(h2c, socket);
    else h1.accept(socket);
  }
  plain.on('error', () => {});

  // --- HTTPS: h2 + HTTP/1.1, SNI from the snapshot
  const contexts = new WeakMap<CertificateEntry, tls.SecureContext>();
  /** with client validation (GEP-91): the entry's certificate and the validation's CAs, by validation id */
  const validating = new WeakMap<CertificateEntry, Map<string, tls.SecureContext>>();
  const contextFor = (entry: CertificateEntry, v?: FrontendValidation): tls.SecureContext | undefined => {
    let c = v ? validating.get(entry)?.get(v.id) : contexts.get(entry);
    if (!c) {
      try {
        // no CA at all: an empty list, so no client certificate verifies (AllowValidOnly refuses all)
        c = tls.createSecureContext({ cert: entry.certPem, key: entry.keyPem, ...(v ? { ca: v.caPems.length ? [...v.caPems] : [] } : {}) });
      } catch {
        return undefined;
      }
      if (!v) contexts.set(entry, c);
      else {
        let m = validating.get(entry);
        if (!m) validating.set(entry, (m = new Map()));
        m.set(v.id, c);
      }
    }
    return c;
  };
  // TLS terminates here; ALPN picks the protocol: h2 -> node's HTTP/2 server, anything else ->
  // the HTTP/1.1 core (the same one plain HTTP uses).
  const h1s = new Http1Core(limits, createRequestHandler(rt, 'https', opts.httpsPort), (req, socket, head) => handleUpgrade(rt, 'https', opts.httpsPort, req, socket, head));
  const h2s = http2.createServer({ maxSessionMemory: 32 }, withAuthorityCheck(createRequestHandler(rt, 'https', opts.httpsPort) as never));
  h2s.on('sessionError', () => {});
  const secure = tls.createServer({
    allowHalfOpen: true,
    ALPNProtocols: ['h2', 'http/1.1'],
    // `this` is the connection's TLSSocket (Node calls it as the socket's method)
    SNICallback(this: tls.TLSSocket, servername: string, cb: (err: Error | null, ctx?: tls.SecureContext) => void) {
      const snap = rt.snapshot;
      const certs = snap?.certificates;
      const entry = (servername && certs?.lookup(servername)) || certs?.fallback;
      const v = servername ? snap?.clientValidation?.lookup(servername) : undefined;
      const ctx = entry ? contextFor(entry, v) : undefined;
      if (!ctx) return cb(new Error(`no certificate for ${servername || '(no SNI)'}`), undefined);
      if (v) requestClientCert(this, v);
      cb(null, ctx);
    },
  } as tls.TlsOptions);
  secure.on('secureConnection', (socket: tls.TLSSocket) => {
    if (!admitted(socket)) {
      // GEP-91 AllowValidOnly: a client certificate that does not chain to the listener's CAs
      socket.destroy();
      return;
    }
    track(socket);
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    if (socket.alpnProtocol === 'h2') toHttp2(h2s, socket);
    else h1s.accept(socket);
  });
  secure.on('tlsClientError', () => {});

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
      const noKeepAlive = (_req: unknown, res: http2.Http2ServerResponse) => {
        if (!res.stream.session?.closed) res.stream.session?.close(); // GOAWAY: finish open streams, no new ones
      };
      h1.stopKeepAlive();
      h1s.stopKeepAlive();
      h2c.prependListener('request', noKeepAlive);
      h2s.prependListener('request', noKeepAlive);
      // idle keep-alive sockets stay open until close(): closing one now races a client
      // that is just sending on it (a reset it cannot tell from a failure)
    },
    async close(graceMs: number) {
      plain.close();
      secure.close();
      h1.closeIdleConnections();
      h1s.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while ((rt.inflight > 0 || unflushed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      h1.closeAllConnections();
      h1s.closeAllConnections();
      for (const socket of clientSockets) socket.destroy(); // h2 sessions and upgraded sockets
    },
  }));
}
