// Upgrade (WebSocket and others) pass-through: route like a normal request, then splice the
// client socket to a fresh TCP connection to the chosen endpoint.
import net from 'node:net';
import type { ClientRequest } from './exchange';
import { newRequestId } from './request-id';
import type { GatewayRuntime } from './runtime';
import { pickRoundRobin, pickWeighted } from './balancer';
import { upstreamHeaders } from './headers';
import { clientBehind, isTrustedPeer } from './forwarded';

function reject(socket: net.Socket, status: number, text: string): void {
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
}

export function handleUpgrade(rt: GatewayRuntime, scheme: 'http' | 'https', port: number, req: ClientRequest, socket: net.Socket, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  try {
    const snap = rt.snapshot;
    if (!snap) return reject(socket, 503, 'Service Unavailable');
    const host = req.headers.host ?? '';
    const result = snap.match({ method: req.method ?? 'GET', scheme, host, port, path: req.url ?? '/', headers: req.headers });
    if (result.kind !== 'route') return reject(socket, result.status, result.status === 404 ? 'Not Found' : 'Bad Request');
    const action = result.action;
    if (action.type === 'redirect') {
      socket.end(`HTTP/1.1 ${action.status} Redirect\r\nLocation: ${result.location ?? '/'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    if (action.type !== 'forward') return reject(socket, action.status, 'Unavailable');
    const backend = pickWeighted(action.backends, action.totalWeight);
    if (backend.invalid) return reject(socket, 500, 'Internal Server Error');
    const set = rt.endpoints.get(backend.key);
    const e = set && pickRoundRobin(set, Date.now());
    if (!e) return reject(socket, 503, 'Service Unavailable');
    const peerIp = socket.remoteAddress ?? '';
    const trustedPeer = isTrustedPeer(rt.settings.trustedProxies, peerIp);
    const clientIp = trustedPeer ? clientBehind(rt.settings.trustedProxies!, peerIp, req.headers['x-forwarded-for']) : peerIp;
    const headers = upstreamHeaders(
      req.rawHeaders,
      { host: action.hostRewrite ?? host, clientIp, peerIp, trustedPeer, proto: scheme, port, requestId: (req.headers['x-request-id'] as string) || newRequestId() },
      true,
      action.requestHeaders,
      backend.requestHeaders,
    );
    let head1 = `${req.method} ${result.upstreamPath} HTTP/1.1\r\n`;
    for (let i = 0; i < headers.length; i += 2) head1 += `${headers[i]}: ${headers[i + 1]}\r\n`;
    head1 += '\r\n';
    const up = net.connect({ host: e.address, port: e.port });
    up.setNoDelay(true);
    socket.setNoDelay(true);
    up.once('connect', () => {
      up.write(head1);
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', (err) => {
      if (!up.readableDidRead) {
        e.health.onConnectError(String(err.message), Date.now(), rt.settings.health);
        reject(socket, 502, 'Bad Gateway');
      } else socket.destroy();
    });
    socket.on('close', () => up.destroy());
    up.on('close', () => socket.destroy());
    rt.accessLog?.info({ method: req.method, host, path: req.url, status: 101, route: result.route.id, backend: backend.key, endpoint: `${e.address}:${e.port}`, upgrade: req.headers.upgrade });
  } catch (err) {
    rt.accessLog?.error({ err: String(err) }, 'upgrade failed');
    reject(socket, 500, 'Internal Server Error');
  }
}
