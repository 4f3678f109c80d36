// GATEWAY_WORKERS=2 against the dev cluster with 1,000 Ingress paths: a one-route change costs
// the primary one small delta per worker (bytes counted in /config stateSync), both workers end
// with the primary's routing state (fingerprints) and serve the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, request, serviceYaml, startBackend, startCluster, startGateway, waitFor, type Backend, type TestCluster, type TestGateway } from '../testing/harness';

const NS = 'sync';
let cluster: TestCluster;
let gw: TestGateway;
let backend: Backend;

interface StateSync {
  version: number;
  fingerprint: string;
  messages: number;
  bytes: number;
  fullStates: number;
  wholeStateBytes: number;
  deltas: number;
  lastChange: { version: number; messages: number; bytes: number };
  workers: Array<{ id: number; version: number; fingerprint: string; inSync: boolean }>;
}
const sync = async (): Promise<StateSync> => (await gw.admin('/config')).body.stateSync;
const allInSync = (s: StateSync) => s.workers.length === 2 && s.workers.every((w) => w.inSync);

const ingressYaml = (i: number, first = '/p0') => {
  const paths = Array.from({ length: 10 }, (_, p) => `      - {path: ${p === 0 ? first : `/p${p}`}, pathType: Prefix, backend: {service: {name: backend, port: {name: http}}}}`).join('\n');
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: base-${i}, namespace: ${NS}}\nspec:\n  ingressClassName: portico\n  rules:\n  - host: h${i}.example.com\n    http:\n      paths:\n${paths}`;
};

beforeAll(async () => {
  cluster = await startCluster();
  backend = await startBackend('sync', '127.0.82.1', await freePort());
  cluster.apply(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${NS}}\n---\n${serviceYaml(NS, 'backend', [backend])}`);
  cluster.apply(Array.from({ length: 100 }, (_, i) => ingressYaml(i)).join('\n---\n'));
  gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, GATEWAY_WORKERS: '2' });
}, 180_000);

afterAll(async () => {
  await gw?.stop();
  await cluster?.stop();
  await backend?.close();
});

describe('routing state to workers (GATEWAY_WORKERS=2, 1,000 Ingress paths)', () => {
  it('a one-route change sends one delta per worker, bytes proportional to the change; workers match the primary', async () => {
    // every path served, and the startup status writes settled (no change for a while)
    await waitFor(async () => ((await gw.admin('/config')).body.routes.length >= 1000 ? true : undefined), '1,000 routes', 60_000, 200);
    let settled: StateSync | undefined;
    await waitFor(async () => {
      const s = await sync();
      const same = settled && s.version === settled.version && allInSync(s);
      settled = s;
      return same;
    }, 'a quiet, in-sync state', 120_000, 1_500);
    const before = settled!;
    expect(before.fullStates).toBeGreaterThanOrEqual(2); // one per worker when it joined

    cluster.apply(ingressYaml(42, '/edited'));
    const after = await waitFor(async () => {
      const s = await sync();
      return s.version > before.version && allInSync(s) ? s : undefined;
    }, 'workers in sync after the change', 30_000, 100);
    expect(after.fullStates).toBe(before.fullStates); // no worker needed the whole state again
    const changes = after.version - before.version; // one write; a status write-back may follow
    const sent = after.bytes - before.bytes;
    console.log(`change: ${changes} version(s), ${after.messages - before.messages} messages, ${sent} bytes; whole state ${after.wholeStateBytes} bytes per worker`);
    expect(after.messages - before.messages).toBe(2 * changes);
    // one changed Ingress per worker (~1.5 KB: the store drops kubectl's last-applied annotation), against ~150 KB for the whole table
    expect(sent / (2 * changes)).toBeLessThan(10_000);
    expect(after.wholeStateBytes).toBeGreaterThan(100_000);
    for (const w of after.workers) expect(w.fingerprint).toBe(after.fingerprint);
    // both workers serve it (fresh connections are spread across them)
    for (let i = 0; i < 6; i++) {
      const r = await waitFor(async () => {
        const a = await request({ port: gw.httpPort, host: 'h42.example.com', path: '/edited/x' });
        return a.status === 200 ? a : undefined;
      }, 'the edited path');
      expect(r.json().path).toBe('/edited/x');
    }
  }, 240_000);
});
