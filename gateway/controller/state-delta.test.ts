// Routing-state updates to workers cost O(change): bytes and messages per change with 1,000
// routes, and the worker's state (fingerprint, compiled routes) equal to the primary's.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, type ClusterState, type IngressInput } from '@/lib/routing';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, svc } from '@/lib/routing/fixtures';
import { StateMirror, stateFingerprint } from './state-delta';
import { StateBroadcaster, type WorkerLink, type WorkerMessage } from './state-broadcast';
import { applyWorkerMessage } from './control-plane';

let rv = 1;
const versioned = <T extends { metadata: object }>(o: T): T => {
  const m = o.metadata as { namespace?: string; name: string };
  return { ...o, metadata: { ...o.metadata, uid: `uid-${m.namespace}-${m.name}`, resourceVersion: String(rv++) } };
};
const bump = <T extends { metadata: object }>(o: T, change: (c: T) => void): T => {
  const c = structuredClone(o);
  change(c);
  (c.metadata as { resourceVersion: string }).resourceVersion = String(rv++);
  return c;
};

/** 1,000 routes: 500 Ingresses (one path each) and 500 HTTPRoutes, like the watcher's store hands them over. */
function bigState() {
  const ingresses = new Map<string, IngressInput>();
  for (let i = 0; i < 500; i++) ingresses.set(`ing-${i}`, versioned(ingress('team', `ing-${i}`, [{ host: `i${i}.example.com`, paths: [{ path: `/p${i}`, service: 'a' }] }])));
  const routes = new Map<string, ReturnType<typeof httpRoute>>();
  for (let i = 0; i < 500; i++) routes.set(`r-${i}`, versioned(httpRoute('team', `r-${i}`, { parentRefs: [{ name: 'gw' }], hostnames: [`h${i}.example.com`], rules: [{ matches: [{ path: { type: 'PathPrefix', value: `/r${i}` } }], backendRefs: [{ name: 'b', port: 80 }] }] })));
  const fixed = {
    services: [versioned(svc('team', 'a')), versioned(svc('team', 'b'))],
    gatewayClasses: [versioned(GATEWAY_CLASS)],
    gateways: [versioned(gateway('team', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }]))],
  };
  return { ingresses, routes, state: (): ClusterState => ({ ...fixed, ingresses: [...ingresses.values()], httpRoutes: [...routes.values()] }) };
}

/** A worker as the primary sees it: every message goes through JSON (cluster IPC) into applyWorkerMessage's mirror. */
function fakeWorkers(n: number) {
  const received: Array<{ id: number; bytes: number; type: string; wire: string }> = [];
  const mirrors = Array.from({ length: n }, () => ({ mirror: new StateMirror(), state: {} as ClusterState }));
  const links: WorkerLink[] = mirrors.map((w, id) => ({
    id,
    send(m: WorkerMessage) {
      const wire = JSON.stringify(m);
      received.push({ id, bytes: Buffer.byteLength(wire) + 1, type: m.type, wire });
      const back = JSON.parse(wire) as WorkerMessage;
      if (back.type === 'state') w.state = w.mirror.reset(back.state);
      else if (back.type === 'delta') w.state = w.mirror.apply(back.delta);
    },
  }));
  return { received, mirrors, links };
}

const routesOf = (s: ClusterState) => JSON.stringify(buildSnapshot(s, { httpPort: 8080 }).routes);

describe('routing state to N workers costs O(change)', () => {
  it('1,000 routes: a one-route change sends one small delta per worker; workers end with the primary state', () => {
    const big = bigState();
    const N = 4;
    const w = fakeWorkers(N);
    const b = new StateBroadcaster(() => w.links);
    let version = 0;
    b.publishState(++version, big.state(), 0, Date.now());
    const full = w.received.reduce((a, r) => a + r.bytes, 0) / N;
    expect(full).toBeGreaterThan(200_000); // the whole table, as every change cost before
    w.received.length = 0;

    const changes: Array<[string, () => void]> = [
      ['edit an Ingress path', () => big.ingresses.set('ing-7', bump(big.ingresses.get('ing-7')!, (c) => void (c.spec!.rules![0].http!.paths![0].path = '/edited')))],
      ['edit an HTTPRoute backend', () => big.routes.set('r-9', bump(big.routes.get('r-9')!, (c) => void (c.spec!.rules![0].backendRefs![0].name = 'a')))],
      ['create an HTTPRoute', () => big.routes.set('new', versioned(httpRoute('team', 'new', { parentRefs: [{ name: 'gw' }], hostnames: ['new.example.com'], rules: [{ backendRefs: [{ name: 'a', port: 80 }] }] })))],
      ['delete an Ingress', () => big.ingresses.delete('ing-3')],
    ];
    for (const [what, change] of changes) {
      change();
      w.received.length = 0;
      const state = big.state();
      b.publishState(++version, state, 0, Date.now());
      expect(w.received.length, what).toBe(N); // one message per worker
      for (const r of w.received) {
        expect(r.type, what).toBe('delta');
        expect(r.bytes, what).toBeLessThan(2_000); // ~0.5 % of the whole table
      }
      expect(b.stats.lastChange).toEqual({ version, messages: N, bytes: w.received.reduce((a, r) => a + r.bytes, 0) });
      for (const m of w.mirrors) expect(stateFingerprint(m.state), what).toBe(stateFingerprint(state));
    }
    // what the workers compile is what the primary compiles
    const primaryRoutes = routesOf(big.state());
    expect(primaryRoutes).toContain('/edited');
    for (const m of w.mirrors) expect(routesOf(m.state)).toBe(primaryRoutes);
  });

  it('our status writes on all 1,000 routes coming back: metadata and status only, the workers keep what they compiled', () => {
    const big = bigState();
    const w = fakeWorkers(2);
    const b = new StateBroadcaster(() => w.links);
    b.publishState(1, big.state(), 0, 0);
    const compiledBefore = w.mirrors.map((m) => m.state.httpRoutes![0]);
    w.received.length = 0;
    const withStatus = (status: unknown) => (c: { metadata: object }) => void ((c as { status?: unknown }).status = status);
    for (const [k, o] of big.ingresses) big.ingresses.set(k, bump(o, withStatus({ loadBalancer: { ingress: [{ ip: '127.0.0.1' }] } })));
    for (const [k, o] of big.routes) big.routes.set(k, bump(o, withStatus({ parents: [{ parentRef: { name: 'gw' }, controllerName: 'portico.dev/gateway-controller', conditions: [] }] })));
    // and one real change in the same build
    big.routes.set('r-1', bump(big.routes.get('r-1')!, (c) => void (c.spec!.hostnames = ['moved.example.com'])));
    const state = big.state();
    b.publishState(2, state, 0, 0);
    for (const r of w.received) {
      expect(r.type).toBe('delta');
      // the spec is sent for the one real change only, metadata and status for the other 999
      expect(r.wire.match(/"spec"/g)).toHaveLength(1);
      expect(r.wire.match(/"status"/g)).toHaveLength(1000);
    }
    for (const m of w.mirrors) {
      expect(stateFingerprint(m.state)).toBe(stateFingerprint(state));
      expect(JSON.stringify(m.state)).toBe(JSON.stringify(state)); // the same objects, status included
    }
    expect(w.mirrors[0].state.httpRoutes![0]).not.toBe(compiledBefore[0]);
    const primaryRoutes = routesOf(state);
    expect(primaryRoutes).toContain('moved.example.com');
    for (const m of w.mirrors) expect(routesOf(m.state)).toBe(primaryRoutes);
  });

  it('nothing changed in the watched objects: an empty delta', () => {
    const big = bigState();
    const w = fakeWorkers(1);
    const b = new StateBroadcaster(() => w.links);
    b.publishState(1, big.state(), 0, 0);
    w.received.length = 0;
    b.publishState(2, big.state(), 0, 0);
    expect(w.received[0].bytes).toBeLessThan(250);
  });

  it('a re-list that reorders a field, plain lists and a removed field are sent whole and still match', () => {
    const big = bigState();
    const w = fakeWorkers(1);
    const b = new StateBroadcaster(() => w.links);
    b.publishState(1, { ...big.state(), externalNameFailures: [] }, 0, 0);
    const reordered = { ...big.state(), ingresses: [...big.ingresses.values()].reverse(), externalNameFailures: [{ namespace: 'team', service: 'x', externalName: 'x.invalid', reason: 'ENOTFOUND' }] } as unknown as ClusterState;
    b.publishState(2, reordered, 0, 0);
    expect(stateFingerprint(w.mirrors[0].state)).toBe(stateFingerprint(reordered));
    const without = { ...reordered };
    delete without.httpRoutes;
    b.publishState(3, without, 0, 0);
    expect(w.mirrors[0].state.httpRoutes).toBeUndefined();
    expect(stateFingerprint(w.mirrors[0].state)).toBe(stateFingerprint(without));
  });
});

describe('worker side (applyWorkerMessage)', () => {
  it('a delta that does not start from the version held asks once for the whole state', async () => {
    const { GatewayRuntime, defaultProxySettings } = await import('../proxy/runtime');
    const { GatewayMetrics } = await import('../admin/metrics');
    const rt = new GatewayRuntime(defaultProxySettings, new GatewayMetrics(false));
    const s = bigState().state();
    const fp = stateFingerprint(s);
    expect(applyWorkerMessage(rt, { type: 'state', version: 1, state: s, since: 0, sentAt: Date.now(), fingerprint: fp }, {})).toEqual({ type: 'applied', version: 1, fingerprint: fp });
    expect(applyWorkerMessage(rt, { type: 'delta', version: 3, base: 2, delta: {}, since: 0, sentAt: Date.now(), fingerprint: fp }, {})).toEqual({ type: 'resync' });
    expect(applyWorkerMessage(rt, { type: 'delta', version: 4, base: 3, delta: {}, since: 0, sentAt: Date.now(), fingerprint: fp }, {})).toBeUndefined();
    expect(applyWorkerMessage(rt, { type: 'state', version: 4, state: s, since: 0, sentAt: Date.now(), fingerprint: fp }, {})).toMatchObject({ type: 'applied', version: 4 });
    // a delta whose result differs from the primary's fingerprint is not served
    const before = rt.snapshot;
    expect(applyWorkerMessage(rt, { type: 'delta', version: 5, base: 4, delta: { ingresses: { del: ['team/ing-1'] } }, since: 0, sentAt: Date.now(), fingerprint: fp }, {})).toEqual({ type: 'resync' });
    expect(rt.snapshot).toBe(before);
  });
});
