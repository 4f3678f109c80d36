/**
 * The cap on live-update streams, through the watch route itself against a real dev cluster:
 * a session gets PORTICO_MAX_STREAMS_PER_SESSION streams and a clear 429 beyond; closing one
 * frees its slot; another session is not affected; no session, no stream.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, waitFor, type TestCluster } from '../../gateway/testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  delete process.env.PORTICO_SESSION_SECRET;
  process.env.PORTICO_AUDIT_LOG = path.join(cluster.dataDir, 'audit.log');
  process.env.PORTICO_MAX_STREAMS_PER_SESSION = '3';
  const sa = path.join(cluster.dataDir, 'serviceaccounts', 'portico-console.kubeconfig');
  await waitFor(() => existsSync(sa), 'the console ServiceAccount kubeconfig', 30_000, 100);
}, 120_000);

afterAll(async () => {
  delete process.env.PORTICO_MAX_STREAMS_PER_SESSION;
  await cluster?.stop();
});

describe('live-update stream cap', () => {
  it('gives a session at most PORTICO_MAX_STREAMS_PER_SESSION streams and frees a slot when one closes', async () => {
    const { GET } = await import('../../app/api/projects/[project]/watch/route');
    const { SESSION_COOKIE } = await import('./session');
    const { testSessionCookie } = await import('./test-sessions');
    const { streamSlots } = await import('./stream-slots');
    const open = async () => {
      const abort = new AbortController();
      const res = await GET(new Request('http://console.test/api/projects/demo/watch', { signal: abort.signal }), { params: Promise.resolve({ project: 'demo' }) });
      return { res, abort };
    };
    jar.clear();
    expect((await open()).res.status).toBe(401);

    jar.set(SESSION_COOKIE, await testSessionCookie('admin', ['portico:admins']));
    const streams = [await open(), await open(), await open()];
    expect(streams.map((s) => s.res.status)).toEqual([200, 200, 200]);
    // the stream really runs: its first event arrives
    const reader = streams[0].res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');
    const refused = await open();
    expect(refused.res.status).toBe(429);
    expect(refused.res.headers.get('retry-after')).toBe('30');
    expect(await refused.res.text()).toContain('Too many live-update streams for this session (at most 3');

    // another person's session has its own slots
    const mine = jar.get(SESSION_COOKIE)!;
    jar.set(SESSION_COOKIE, await testSessionCookie('vera'));
    const other = await open();
    expect(other.res.status).toBe(200);
    other.abort.abort();

    // closing a tab frees its slot
    jar.set(SESSION_COOKIE, mine);
    streams[1].abort.abort();
    const again = await open();
    expect(again.res.status).toBe(200);
    for (const s of [streams[0], streams[2], again]) s.abort.abort();
    await reader.cancel().catch(() => undefined);
    expect(streamSlots.count()).toBe(0);
  });
});
