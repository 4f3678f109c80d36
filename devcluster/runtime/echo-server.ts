/**
 * The built-in echo server that pods with an `echo` image run (CONTRACTS.md): every HTTP
 * request gets 200 and a JSON description of itself; `X-Echo-Set-Header: Name: value, ...`
 * adds response headers; WebSocket messages are echoed back. HTTP/1.1 and h2c (prior
 * knowledge) share one port: the first bytes of a connection pick the protocol.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

export interface EchoIdentity {
  namespace: string;
  pod: string;
}

export interface RunningServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

export interface EchoResponse {
  path: string;
  host: string;
  method: string;
  proto: string;
  headers: Record<string, string[]>;
  namespace: string;
  pod: string;
}

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses `Name: value, Other: value` (from one or several X-Echo-Set-Header headers). */
export function parseSetHeaders(values: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const v of values)
    for (const item of v.split(',')) {
      const i = item.indexOf(':');
      if (i <= 0) continue;
      const name = item.slice(0, i).trim();
      const value = item.slice(i + 1).trim();
      if (HEADER_NAME.test(name)) out.push([name, value]);
    }
  return out;
}

type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = http.ServerResponse | http2.Http2ServerResponse;

function requestHeaders(req: AnyRequest): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers are reported as path/host/method
    (headers[name] ??= []).push(raw[i + 1]);
  }
  return headers;
}

export function describeRequest(req: AnyRequest, id: EchoIdentity): EchoResponse {
  const h2 = req.httpVersionMajor === 2;
  const headers = requestHeaders(req);
  const authority = h2 ? (req.headers[':authority'] as string | undefined) : undefined;
  return {
    path: req.url ?? '/',
    host: authority ?? req.headers.host ?? '',
    method: req.method ?? 'GET',
    proto: `HTTP/${req.httpVersion}`,
    headers,
    namespace: id.namespace,
    pod: id.pod,
  };
}

/** Called once per answered request with an access-log line (the pod's container log). */
export type AccessLog = (line: string) => void;

function handle(id: EchoIdentity, log?: AccessLog) {
  return (req: AnyRequest, res: AnyResponse) => {
    const body = describeRequest(req, id);
    const setHeaders = parseSetHeaders(body.headers['x-echo-set-header'] ?? []);
    const reply = () => {
      const payload = JSON.stringify(body);
      res.setHeader('content-type', 'application/json');
      for (const [name, value] of setHeaders) {
        const lower = name.toLowerCase();
        if (lower === 'content-length' || lower === 'transfer-encoding') continue; // framing stays ours
        try {
          const existing = lower === 'content-type' ? undefined : res.getHeader(name);
          res.setHeader(
            name,
            existing === undefined ? value : [...[existing].flat().map(String), value],
          );
        } catch {
          // A header HTTP/2 forbids (e.g. Connection) is skipped rather than failing the request.
        }
      }
      res.setHeader('content-length', Buffer.byteLength(payload));
      res.statusCode = 200;
      res.end(payload);
      log?.(
        `${req.socket?.remoteAddress ?? '-'} "${body.method} ${body.path} ${body.proto}" 200 ${Buffer.byteLength(payload)} host=${body.host}`,
      );
    };
    // Drain any request body first, so keep-alive connections stay usable.
    req.on('error', () => {});
    req.resume();
    if (req.readableEnded) reply();
    else req.once('end', reply);
  };
}

/** A Duplex over a socket whose first bytes were already read (and unshifted). */
function jsStreamOver(socket: net.Socket): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk, encoding, cb) {
      socket.write(chunk, encoding, cb);
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  socket.on('data', (d) => {
    if (!duplex.push(d)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  Object.assign(duplex, {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    localAddress: socket.localAddress,
    localPort: socket.localPort,
  });
  return duplex;
}

/** Starts an echo server bound to host:port; resolves once it listens. */
export async function startHttpEcho(
  host: string,
  port: number,
  id: EchoIdentity,
  log?: AccessLog,
): Promise<RunningServer> {
  const handler = handle(id, log);
  const h1 = http.createServer({ keepAliveTimeout: 30_000 }, handler);
  const h2 = http2.createServer({}, handler);
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on('error', () => {});
  });
  h1.on('upgrade', (req, socket, head) => {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      log?.(`${req.socket.remoteAddress ?? '-'} "GET ${req.url} HTTP/1.1" 101 websocket`);
      wss.emit('connection', ws, req);
    });
  });
  h1.on('clientError', (_err, socket) => socket.destroy());
  h2.on('sessionError', () => {});

  return serveTracked(
    host,
    port,
    (socket) => {
      socket.once('data', (chunk) => {
        socket.pause();
        socket.unshift(chunk);
        const isH2 = chunk
          .subarray(0, Math.min(chunk.length, H2_PREFACE.length))
          .equals(H2_PREFACE.subarray(0, Math.min(chunk.length, H2_PREFACE.length)));
        if (isH2) {
          // http2 reads a net.Socket natively, past the bytes we peeked: hand it a JS stream.
          h2.emit('connection', jsStreamOver(socket));
        } else {
          h1.emit('connection', socket);
          socket.resume();
        }
      });
    },
    () => {
      for (const ws of wss.clients) ws.terminate();
    },
  );
}

/** Raw TCP echo (image containing `tcp-echo`): bytes in, same bytes out. */
export function startTcpEcho(host: string, port: number): Promise<RunningServer> {
  return serveTracked(host, port, (socket) => socket.pipe(socket));
}

/** Listens on host:port (exclusively) and tracks connections, so close() ends them all. */
async function serveTracked(host: string, port: number, onSocket: (socket: net.Socket) => void, beforeClose?: () => void): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    onSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {});
  let closing: Promise<void> | undefined;
  return {
    host,
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        beforeClose?.();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
}
