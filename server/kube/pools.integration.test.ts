/**
 * Sign-in never waits behind watches: against a real dev cluster, with every connection of the
 * console's watch pool held by an open watch (and one more watch queued behind them), checking
 * a password and a session still answers at once. Before, watches and sign-in shared one pool
 * of 64 connections: the 65th watch, and every sign-in after it, waited.
 */
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startConsoleCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));

let cluster: TestCluster;
const abort = new AbortController();
setMaxListeners(1000, abort.signal); // one listener per watch
const PASSWORD = 'sam-password-123';

beforeAll(async () => {
  cluster = await startConsoleCluster();
  // Something to watch: every watch answers with it at once (ADDED), so we know it holds its connection.
  cluster.kubectl(['create', 'ingress', 'pool-probe', '-n', 'demo', '--rule=pool.example.test/=echo:80']);
  const { createAccount } = await import('../auth/accounts');
  const { getServiceKubeClient } = await import('./client');
  await createAccount((await getServiceKubeClient()) as never, 'sam', PASSWORD);
}, 120_000);

afterAll(async () => {
  abort.abort();
  await (await import('../auth/audit')).flushAudit();
  await cluster?.stop();
});

it('with the watch pool saturated, sign-in and session checks still answer fast', async () => {
  const { getServiceKubeClient, getAuthKubeClient, POOL_CONNECTIONS } = await import('./client');
  const kube = await getServiceKubeClient();
  const open = () => kube.watch('ingresses', 'demo', undefined, abort.signal)[Symbol.asyncIterator]().next();
  // Every watch connection taken: each watch has delivered its first event.
  const first = await Promise.all(Array.from({ length: POOL_CONNECTIONS.watches }, open));
  expect(first.every((r) => !r.done && r.value.type === 'ADDED')).toBe(true);
  expect(POOL_CONNECTIONS.watches).toBeGreaterThanOrEqual(64); // at least the old shared pool's size
  // One more waits for a connection: the pool is saturated.
  let queuedAnswered = false;
  void open().then(() => (queuedAnswered = true), () => undefined);
  await new Promise((r) => setTimeout(r, 1000));
  expect(queuedAnswered).toBe(false);

  // Sign-in: the account check (the console's own identity, auth pool), then the session check.
  const { authenticate } = await import('../auth/accounts');
  const { sessionKey } = await import('../auth/keys');
  const { signSession } = await import('../auth/session');
  const { validSession } = await import('../auth/sessions');
  const t0 = performance.now();
  const account = await authenticate((await getAuthKubeClient()) as never, 'sam', PASSWORD);
  expect(account).toMatchObject({ username: 'sam', groups: [] });
  const cookie = signSession(await sessionKey(), account!, Math.floor(Date.now() / 1000));
  expect(await validSession(cookie)).toMatchObject({ u: 'sam' });
  const ms = performance.now() - t0;
  expect(ms).toBeLessThan(3000); // scrypt and three cluster calls; the queued watch is still waiting
  expect(queuedAnswered).toBe(false);
  // Page reads (the requests pool) are not behind the watches either.
  expect((await kube.list('ingresses', 'demo')).items.map((i) => i.metadata.name)).toContain('pool-probe');
}, 120_000);
