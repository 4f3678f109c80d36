/**
 * Live-update streams through the watch route itself against a real dev cluster: a session
 * gets PORTICO_MAX_STREAMS_PER_SESSION streams and a clear 429 beyond; closing one frees its
 * slot; no session, no stream. Many streams share one cluster watch per kind (fan-out from the
 * informers), every stream gets each change, the routes read stays fast, and a stream ends
 * when its session does.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCluster, waitFor, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startConsoleCluster();
  process.env.PORTICO_MAX_STREAMS_PER_SESSION = '3';
}, 120_000);

afterAll(async () => {
  delete process.env.PORTICO_MAX_STREAMS_PER_SESSION;
  await cluster?.stop();
});

describe('live-update stream cap', () => {
  it('gives a session at most PORTICO_MAX_STREAMS_PER_SESSION streams and frees a slot when one closes', async () => {
    const { GET } = await import('../../app/api/projects/[project]/watch/route');
    const { SESSION_COOKIE } = await import('../auth/session');
    const { testSessionCookie } = await import('../auth/test-sessions');
    const { streamSlots } = await import('../auth/stream-slots');
    const open = async () => {
      const abort = new AbortController();
      const request = new Request('http://console.test/api/projects/demo/watch', { signal: abort.signal });
      const res = await GET(request, { params: Promise.resolve({ project: 'demo' }) });
      return { res, abort, request };
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

  it('fans many streams out from one watch per kind; each gets every change; the routes read stays fast', async () => {
    const { GET } = await import('../../app/api/projects/[project]/watch/route');
    const { SESSION_COOKIE } = await import('../auth/session');
    const { testSessionCookie } = await import('../auth/test-sessions');
    const { cacheStats } = await import('../kube/cache');
    const { cachedList } = await import('../kube/cache');
    const { getKubeClient } = await import('../kube/request-client');
    // each stream keeps its Request: Node holds a Request's signal weakly from the controller's,
    // so a collected Request would never see the abort below
    const streams: Array<{ abort: AbortController; request: Request; text: () => string }> = [];
    // 4 sessions x 3 streams (the per-session cap in this file) = 12 tabs
    for (let u = 0; u < 4; u++) {
      jar.set(SESSION_COOKIE, await testSessionCookie(`tab-user-${u}`, ['portico:admins']));
      for (let i = 0; i < 3; i++) {
        const abort = new AbortController();
        const request = new Request('http://console.test/api/projects/demo/watch', { signal: abort.signal });
        const res = await GET(request, { params: Promise.resolve({ project: 'demo' }) });
        expect(res.status).toBe(200);
        let text = '';
        const reader = res.body!.getReader();
        void (async () => {
          for (;;) {
            const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
            if (done) return;
            text += new TextDecoder().decode(value);
          }
        })();
        streams.push({ abort, request, text: () => text });
      }
    }
    // one informer (one cluster watch) per kind, each with all 12 streams listening
    await waitFor(() => cacheStats().informers.filter((i) => i.key.endsWith('/demo') && i.listeners === 12).length >= 5, 'streams subscribed to the shared informers', 30_000, 100);
    const demo = cacheStats().informers.filter((i) => i.key.endsWith('/demo'));
    expect(new Set(demo.map((i) => i.key)).size).toBe(demo.length);
    // a change reaches every stream
    cluster.kubectl(['create', 'service', 'clusterip', 'fanout-probe', '--tcp=80:80', '-n', 'demo']);
    await waitFor(() => streams.every((s) => s.text().includes('"name":"fanout-probe"')), 'the change on all 12 streams', 30_000, 100);
    // the routes read answers quickly with 12 streams open
    jar.set(SESSION_COOKIE, await testSessionCookie('admin', ['portico:admins']));
    const t0 = Date.now();
    await cachedList('ingresses', 'demo', await getKubeClient());
    expect(Date.now() - t0).toBeLessThan(1_000);
    for (const s of streams) s.abort.abort();
    await waitFor(() => cacheStats().informers.every((i) => i.listeners === 0) || undefined, 'listeners gone', 10_000, 100).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(cacheStats().informers.filter((i) => i.listeners > 0))}`);
    });
  });

  it('ends a stream when its session is ended', async () => {
    const { GET } = await import('../../app/api/projects/[project]/watch/route');
    const { SESSION_COOKIE } = await import('../auth/session');
    const { testSessionCookie } = await import('../auth/test-sessions');
    const { revokeSessions } = await import('../auth/sessions');
    jar.set(SESSION_COOKIE, await testSessionCookie('leaver', ['portico:admins']));
    const res = await GET(new Request('http://console.test/api/projects/demo/watch'), { params: Promise.resolve({ project: 'demo' }) });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read();
    await revokeSessions('leaver');
    const t0 = Date.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    expect(Date.now() - t0).toBeLessThan(10_000);
  }, 30_000);
});
