// Graceful close over real sockets: a response still on its way to a slow client when the
// listeners close is delivered whole, even though its upstream finished earlier (a request
// counts as done when the upstream does; the last bytes may still sit in the client socket).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildSnapshot, type ClusterState } from '@/lib/routing';
import { GatewayRuntime, defaultProxySettings } from './runtime';
import { GatewayMetrics } from '../admin/metrics';
import { startListeners, type Listeners } from './servers';
import { freePort } from '../../testing/harness';

const BIG = 8 * 1024 * 1024;
let backend: http.Server;
let listeners: Listeners;
let port = 0;

beforeAll(async () => {
  backend = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-length': BIG });
    res.end(Buffer.alloc(BIG, 'x'));
  });
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  const backendPort = (backend.address() as AddressInfo).port;
  const rt = new GatewayRuntime({ ...defaultProxySettings }, new GatewayMetrics(false));
  const state = {
    services: [{ metadata: { name: 'big', namespace: 'demo' }, spec: { ports: [{ name: 'http', port: 80, targetPort: backendPort }] } }],
    ingresses: [{ metadata: { name: 'big', namespace: 'demo' }, spec: { ingressClassName: 'portico', rules: [{ host: 'big.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'big', port: { name: 'http' } } } }] } }] } }],
  } as unknown as ClusterState;
  port = await freePort();
  const httpsPort = await freePort();
  rt.swap(buildSnapshot(state, { httpPort: port, httpsPort }));
  rt.endpoints.replaceSlices([
    { metadata: { name: 'big-1', namespace: 'demo', labels: { 'kubernetes.io/service-name': 'big' } }, addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }], ports: [{ name: 'http', port: backendPort }] },
  ] as never);
  // routes are matched by listener port, so the ports are chosen before the snapshot
  listeners = await startListeners(rt, { host: '127.0.0.1', httpPort: port, httpsPort });
});

afterAll(async () => {
  backend?.closeAllConnections();
  await new Promise((r) => backend?.close(r));
});

it('closing the listeners delivers a response a slow client is still reading, whole', async () => {
  let closing: Promise<void> | undefined;
  const got = await new Promise<number>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/big', headers: { host: 'big.test' } }, (res) => {
      let bytes = 0;
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        // once the transfer is under way, the gateway is told to stop (as on SIGTERM)
        closing ??= listeners.stopKeepAlive() ?? listeners.close(10_000);
        res.pause();
        setTimeout(() => res.resume(), 2);
      });
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error(`connection cut after ${bytes} bytes`)));
    });
    req.on('error', reject);
  });
  await closing;
  expect(got).toBe(BIG);
}, 60_000);
