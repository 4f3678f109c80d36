// The status writer against a real HTTP server standing in for the API server: statuses are
// written once, a pass after a one-route change looks at that route only, failed writes are
// retried, and a status someone else changed is written again.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSnapshot, type ClusterState, type HTTPRouteInput } from '@/lib/routing';
import { GATEWAY_CLASS, gateway, httpRoute, svc } from '@/lib/routing/fixtures';
import { KubeClient } from '../kube/client';
import { kubeconfigConnection, type KubeConnection } from '../kube/config';
import { StatusWriter } from './status-writer';

/** PATCH/POST requests received: "METHOD path" */
let received: string[] = [];
/** connections accepted, and the Authorization headers seen */
let connections = 0;
const authorizations = new Set<string | undefined>();
/** Content-Type and body of each PATCH, by path */
const patches = new Map<string, { type?: string; body: string }>();
/** paths answered with 500 */
const failing = new Set<string>();
let server: http.Server;
let conn: KubeConnection;
const clients: KubeClient[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      if (req.method === 'PATCH') patches.set(req.url ?? '', { type: req.headers['content-type'], body });
      received.push(`${req.method} ${req.url}`);
      authorizations.add(req.headers.authorization);
      const fail = failing.has(req.url ?? '');
      res.writeHead(fail ? 500 : req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end(fail ? '{"kind":"Status","code":500}' : '{}');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  conn = kubeconfigConnection(
    {
      clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } }],
      users: [{ name: 'u', user: { token: 'secret-token' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    },
    '/',
  );
});
afterAll(() => {
  for (const c of clients) c.close();
  return new Promise<void>((r) => server.close(() => r()));
});
/** A client per writer, closed at the end (the gateway shares one between watcher, writer and Lease). */
const client = () => clients[clients.push(new KubeClient(conn)) - 1];
beforeEach(() => {
  received = [];
  failing.clear();
});

const OPTIONS = { httpPort: 8080, httpsPort: 8443 };
const gw = gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }]);
const route = (name: string, host = `${name}.example.com`): HTTPRouteInput =>
  httpRoute('web', name, { parentRefs: [{ name: 'gw' }], hostnames: [host], rules: [{ backendRefs: [{ name: 'a', port: 80 }] }] });
const routePath = (name: string) => `/apis/gateway.networking.k8s.io/v1/namespaces/web/httproutes/${name}/status`;
const services = [svc('web', 'a')];
const stateOf = (routes: HTTPRouteInput[]): ClusterState => ({ services, gatewayClasses: [GATEWAY_CLASS], gateways: [gw], httpRoutes: routes });
const routeWrites = () => received.filter((r) => r.includes('/httproutes/')).sort();

/** One pass: schedule, then wait until the writer is done. */
async function pass(w: StatusWriter, state: ClusterState): Promise<void> {
  w.schedule(state, buildSnapshot(state, OPTIONS));
  await w.idle();
}

describe('StatusWriter', () => {
  const writer = () => new StatusWriter(client(), OPTIONS, pino({ level: process.env.SW_LOG ?? 'silent' }), { isLeader: () => true, delayMs: 1 });

  it('writes each status once; after one route changes, compares and writes that route only', async () => {
    const w = writer();
    const routes = Array.from({ length: 20 }, (_, i) => route(`r${i}`));
    const s1 = stateOf(routes);
    await pass(w, s1);
    expect(routeWrites()).toEqual(routes.map((r) => `PATCH ${routePath(r.metadata.name)}`).sort());
    expect(received).toContain('PATCH /apis/gateway.networking.k8s.io/v1/namespaces/web/gateways/gw/status');
    // a JSON merge patch of the status holding our parent entry
    const sent = patches.get(routePath('r0'))!;
    expect(sent.type).toBe('application/merge-patch+json');
    expect(JSON.parse(sent.body).status.parents[0]).toMatchObject({ controllerName: 'portico.dev/gateway-controller', parentRef: { name: 'gw' } });

    // the same state again: every route settled, not even compared (the Gateway and its class
    // get a new report from every build: compared, and written while the informer has not
    // brought our write back yet)
    received = [];
    const c1 = { ...w.counts };
    await pass(w, s1);
    expect(routeWrites()).toEqual([]);
    expect(w.counts.compared - c1.compared).toBe(2);
    expect(w.counts.skipped - c1.skipped).toBe(routes.length);

    // one route changes (a new object, as from the informer): one comparison, one write
    received = [];
    const c2 = { ...w.counts };
    const changed = route('r5', 'five.example.com');
    await pass(w, stateOf(routes.map((r) => (r.metadata.name === 'r5' ? changed : r))));
    expect(routeWrites()).toEqual([`PATCH ${routePath('r5')}`]);
    expect(w.counts.compared - c2.compared).toBe(1 + 2); // the route, the Gateway and its class
    await w.stop();
  });

  it('keeps its connections across writes, and authenticates every request', async () => {
    const w = writer();
    connections = 0;
    authorizations.clear();
    await pass(w, stateOf(Array.from({ length: 30 }, (_, i) => route(`k${i}`))));
    expect(routeWrites()).toHaveLength(30);
    expect(connections).toBeLessThanOrEqual(2); // one connection per request would mean a TLS handshake per write
    expect([...authorizations]).toEqual(['Bearer secret-token']);
    await w.stop();
  });

  it('a failed write is tried again on the next pass', async () => {
    const w = writer();
    const s = stateOf([route('a'), route('b')]);
    failing.add(routePath('b'));
    await pass(w, s);
    expect(routeWrites()).toEqual([`PATCH ${routePath('a')}`, `PATCH ${routePath('b')}`]);
    failing.clear();
    received = [];
    await pass(w, s);
    expect(routeWrites()).toEqual([`PATCH ${routePath('b')}`]);
    await w.stop();
  });

  it('an object whose status someone else changed is compared and written again', async () => {
    const w = writer();
    const a = route('a');
    await pass(w, stateOf([a]));
    received = [];
    // the informer brings the object back with a status that is not ours any more
    const edited = { ...a, status: { parents: [] } };
    await pass(w, stateOf([edited]));
    expect(routeWrites()).toEqual([`PATCH ${routePath('a')}`]);
    await w.stop();
  });
});
