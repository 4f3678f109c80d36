// The listeners: plain HTTP (HTTP/1.1, and h2c with prior knowledge for gRPC), and HTTPS (h2 or
// HTTP/1.1 by ALPN) picking certificates by SNI from the live snapshot. HTTP/1.1 runs on the
// gateway's own core (./http1), HTTP/2 on node's http2 server.
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateEntry, FrontendValidation, RoutingSnapshot } from '@/lib/routing';
import type { GatewayRuntime } from './runtime';
import { createRequestHandler } from './handler';
import { handleUpgrade } from './websocket';
import { Http1Core, type Http1Limits } from './http1/core';
import { hasUnsentBytes } from './http1/direct-write';
import { withAuthorityCheck } from './h2-authority';
import { admitted, requestClientCert } from './client-validation';
import { SERVER_CA } from '../server-tls-ca';

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
  /**
   * Binds the snapshot's other HTTP and HTTPS ports (Gateway listeners on ports other than 80 and
   * 443, served on P >= 1024 or 8000 + P as TCP listeners are) and stops accepting on those it no
   * longer has; their open connections finish.
   */
  apply(snapshot: RoutingSnapshot): Promise<void>;
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

/** One bound port: its socket server, the HTTP/1.1 core and the HTTP/2 server behind it. */
interface PortServer {
  protocol: 'HTTP' | 'HTTPS';
  server: net.Server;
  h1: Http1Core;
  h2: http2.Http2Server;
  /** the error of its last listen attempt (an extra port: tried again on the next snapshot) */
  error?: string;
}

export function startListeners(rt: GatewayRuntime, opts: { host: string; httpPort: number; httpsPort: number; limits?: ServerLimits; exclusive?: boolean; log?: (level: 'info' | 'error', msg: string, extra?: Record<string, unknown>) => void }): Promise<Listeners> {
  const limits = opts.limits ?? defaultLimits;
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
  /** set by stopKeepAlive / close: no port opens after that */
  let draining = false;
  // prepended: runs before the proxy handler writes the head
  const noKeepAlive = (_req: unknown, res: http2.Http2ServerResponse) => {
    if (!res.stream.session?.closed) res.stream.session?.close(); // GOAWAY: finish open streams, no new ones
  };
  const cores = (scheme: 'http' | 'https', port: number) => {
    const h1 = new Http1Core(limits, createRequestHandler(rt, scheme, port), (req, socket, head) => handleUpgrade(rt, scheme, port, req, socket, head));
    const h2 = http2.createServer({ maxSessionMemory: 32 }, withAuthorityCheck(createRequestHandler(rt, scheme, port) as never));
    h2.on('sessionError', () => {});
    return { h1, h2 };
  };

  // --- plain HTTP: the HTTP/1.1 core, plus an h2c server fed connections that start with the preface
  const plainPort = (port: number): PortServer => {
    const { h1, h2 } = cores('http', port);
    // allowHalfOpen: a client that half-closes after its request still gets the answer
    const server = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
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
      if (isH2) toHttp2(h2, socket);
      else h1.accept(socket);
    }
    server.on('error', () => {}); // after listen (listen() reports its own failure)
    return { protocol: 'HTTP', server, h1, h2 };
  };

  // --- HTTPS: h2 + HTTP/1.1, SNI from the snapshot
  const contexts = new WeakMap<CertificateEntry, tls.SecureContext>();
  /** with client validation (GEP-91): the entry's certificate and the validation's CAs, by validation id */
  const validating = new WeakMap<CertificateEntry, Map<string, tls.SecureContext>>();
  const contextFor = (entry: CertificateEntry, v?: FrontendValidation): tls.SecureContext | undefined => {
    let c = v ? validating.get(entry)?.get(v.id) : contexts.get(entry);
    if (!c) {
      try {
        // no CA at all: an empty list, so no client certificate verifies (AllowValidOnly refuses all);
        // without client validation no CA either (see SERVER_CA)
        c = tls.createSecureContext({ cert: entry.certPem, key: entry.keyPem, ca: v?.caPems.length ? [...v.caPems] : SERVER_CA });
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
  // the HTTP/1.1 core.
  const securePort = (port: number): PortServer => {
    const { h1, h2 } = cores('https', port);
    const server = tls.createServer({
      allowHalfOpen: true,
      ca: SERVER_CA,
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
    server.on('secureConnection', (socket: tls.TLSSocket) => {
      if (!admitted(socket)) {
        // GEP-91 AllowValidOnly: a client certificate that does not chain to the listener's CAs
        socket.destroy();
        return;
      }
      track(socket);
      socket.setNoDelay(true);
      socket.on('error', () => socket.destroy());
      if (socket.alpnProtocol === 'h2') toHttp2(h2, socket);
      else h1.accept(socket);
    });
    server.on('tlsClientError', () => {});
    server.on('error', () => {}); // after listen (listen() reports its own failure)
    return { protocol: 'HTTPS', server, h1, h2 };
  };

  const listen = (s: net.Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ port, host: opts.host, exclusive: opts.exclusive ?? false }, () => {
        s.off('error', reject);
        resolve();
      });
    });

  const plain = plainPort(opts.httpPort);
  const secure = securePort(opts.httpsPort);
  /** every port server made, the two main ones first; extra ones stay here after they stop accepting (their connections drain with the rest) */
  const all: PortServer[] = [plain, secure];
  const extra = new Map<number, PortServer>();

  const forget = (ps: PortServer) => {
    const i = all.indexOf(ps);
    if (i >= 0) all.splice(i, 1);
  };

  const apply = (snapshot: RoutingSnapshot): Promise<void> => {
    if (draining) return Promise.resolve();
    const wanted = new Map<number, 'HTTP' | 'HTTPS'>();
    for (const l of snapshot.listeners) if (l.port !== opts.httpPort && l.port !== opts.httpsPort) wanted.set(l.port, l.protocol);
    for (const [port, ps] of extra) {
      if (wanted.get(port) === ps.protocol) continue;
      // stop accepting; open connections finish (a kept-alive one sees the new routes: 404)
      ps.server.close(() => forget(ps));
      ps.h1.closeIdleConnections();
      extra.delete(port);
      opts.log?.('info', `${ps.protocol} listener port ${port} closed`);
    }
    const opening: Promise<void>[] = [];
    for (const [port, protocol] of wanted) {
      if (extra.has(port)) continue;
      const ps = protocol === 'HTTPS' ? securePort(port) : plainPort(port);
      extra.set(port, ps);
      all.push(ps);
      opening.push(
        listen(ps.server, port).then(
          () => opts.log?.('info', `${protocol} listener on ${opts.host}:${port}`),
          (err: NodeJS.ErrnoException) => {
            ps.error = `${err.code ?? ''} ${err.message}`.trim();
            opts.log?.('error', `${protocol} listener port ${port} could not listen`, { err: ps.error });
            if (extra.get(port) === ps) extra.delete(port); // tried again on the next snapshot
            forget(ps);
          },
        ),
      );
    }
    return Promise.all(opening).then(() => undefined);
  };

  return Promise.all([listen(plain.server, opts.httpPort), listen(secure.server, opts.httpsPort)]).then(() => ({
    http: plain.server,
    https: secure.server,
    apply,
    stopKeepAlive() {
      draining = true;
      for (const ps of all) {
        ps.h1.stopKeepAlive();
        ps.h2.prependListener('request', noKeepAlive);
      }
      // idle keep-alive sockets stay open until close(): closing one now races a client
      // that is just sending on it (a reset it cannot tell from a failure)
    },
    async close(graceMs: number) {
      draining = true;
      for (const ps of all) {
        if (ps.server.listening) ps.server.close();
        ps.h1.closeIdleConnections();
      }
      const deadline = Date.now() + graceMs;
      while ((rt.inflight > 0 || unflushed()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      for (const ps of all) ps.h1.closeAllConnections();
      for (const socket of clientSockets) socket.destroy(); // h2 sessions and upgraded sockets
    },
  }));
}
