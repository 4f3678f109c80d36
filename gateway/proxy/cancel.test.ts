// Upstream cancellation over real sockets: a client that leaves before the upstream answers
// must not keep the upstream request open until the read timeout, and proxy-send-timeout
// ends a request whose body stops flowing. Also response streaming through the dispatch
// handler: large bodies to a slow reader (back-pressure), chunked and Content-Length bodies,
// HEAD. In-process proxy (no cluster), ephemeral ports.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot, type ClusterState } from '@/lib/routing';
import { GatewayRuntime, defaultProxySettings } from './runtime';
import { GatewayMetrics } from '../admin/metrics';
import { createRequestHandler } from './handler';
import { waitFor } from '../../testing/harness';

interface Seen {
  path: string;
  closedEarly: boolean;
  bodyBytes: number;
}

let backend: http.Server;
let proxy: http.Server;
let proxyPort = 0;
const seen: Seen[] = [];

function state(backendPort: number): ClusterState {
  const svc = { metadata: { name: 'slow', namespace: 'demo' }, spec: { ports: [{ name: 'http', port: 80, targetPort: backendPort }] } };
  const ann = { 'nginx.ingress.kubernetes.io/proxy-send-timeout': '1', 'nginx.ingress.kubernetes.io/proxy-body-size': '0' };
  const ing = (name: string, path: string, annotations?: Record<string, string>) => ({
    metadata: { name, namespace: 'demo', ...(annotations ? { annotations } : {}) },
    spec: { ingressClassName: 'portico', rules: [{ host: 'slow.test', http: { paths: [{ path, pathType: 'Prefix', backend: { service: { name: 'slow', port: { name: 'http' } } } }] } }] },
  });
  return { services: [svc], ingresses: [ing('plain', '/'), ing('send', '/upload', ann)] } as unknown as ClusterState;
}

const BIG = 8 * 1024 * 1024;
/** /body/length: one Content-Length body of BIG bytes; /body/chunked: BIG bytes in 64 KiB writes. */
function serveBody(req: http.IncomingMessage, res: http.ServerResponse): void {
  const piece = Buffer.alloc(64 * 1024, 'x');
  if (req.url === '/body/length') {
    res.writeHead(200, { 'content-length': BIG });
    res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(BIG, 'x'));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  let sent = 0;
  const pump = () => {
    while (sent < BIG) {
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

/** GET (or HEAD) through the proxy, reading slowly; resolves with status, length header and bytes read. */
function fetchSlowly(path: string, method = 'GET'): Promise<{ status: number; length: string | undefined; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: proxyPort, path, method, headers: { host: 'slow.test' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        // a slow reader: the proxy must pause the upstream instead of buffering everything
        res.pause();
        setTimeout(() => res.resume(), 1);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // A backend that never answers: it records whether the gateway hung up on it.
  backend = http.createServer((req, res) => {
    if (req.url?.startsWith('/body/')) return serveBody(req, res);
    const s: Seen = { path: req.url ?? '', closedEarly: false, bodyBytes: 0 };
    seen.push(s);
    req.on('data', (c: Buffer) => (s.bodyBytes += c.length));
    res.on('close', () => {
      if (!res.writableFinished) s.closedEarly = true;
    });
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const backendPort = (backend.address() as AddressInfo).port;
  const rt = new GatewayRuntime({ ...defaultProxySettings, defaultReadTimeoutMs: 60_000 }, new GatewayMetrics(false));
  rt.swap(buildSnapshot(state(backendPort)));
  rt.endpoints.replaceSlices([
    {
      metadata: { name: 'slow-1', namespace: 'demo', labels: { 'kubernetes.io/service-name': 'slow' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'http', port: backendPort }],
    },
  ]);
  proxy = http.createServer(createRequestHandler(rt, 'http', 8080));
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  backend?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await new Promise((r) => backend?.close(r));
});

describe('upstream cancellation', () => {
  it('aborts the upstream request when the client leaves before the response headers', async () => {
    const req = http.request({ host: '127.0.0.1', port: proxyPort, path: '/wait-forever', headers: { host: 'slow.test' } });
    req.on('error', () => {});
    req.end();
    const s = await waitFor(() => seen.find((x) => x.path === '/wait-forever'), 'backend got the request');
    expect(s.closedEarly).toBe(false);
    req.destroy(); // client gone
    // the read timeout is 60 s: only cancellation closes the upstream request within seconds
    await waitFor(() => s.closedEarly, 'upstream request aborted', 10_000);
    expect(s.closedEarly).toBe(true);
  });

  it('proxy-send-timeout: a request body that stops flowing gets 504 and the upstream is aborted', async () => {
    const answer = new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: proxyPort, path: '/upload/stalled', method: 'POST', headers: { host: 'slow.test', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('first chunk'); // ...and nothing more: the body stalls
    });
    expect(await answer).toBe(504);
    const s = await waitFor(() => seen.find((x) => x.path === '/upload/stalled' && x.closedEarly), 'upstream request aborted', 10_000);
    expect(s.bodyBytes).toBe('first chunk'.length);
  });
});

describe('response streaming', () => {
  it('delivers a large Content-Length body and a large chunked body completely to a slow reader', async () => {
    const a = await fetchSlowly('/body/length');
    expect(a).toEqual({ status: 200, length: String(BIG), bytes: BIG });
    const b = await fetchSlowly('/body/chunked');
    expect(b.status).toBe(200);
    expect(b.bytes).toBe(BIG);
  });

  it('answers HEAD with the upstream length and no body', async () => {
    expect(await fetchSlowly('/body/length', 'HEAD')).toEqual({ status: 200, length: String(BIG), bytes: 0 });
  });
});
