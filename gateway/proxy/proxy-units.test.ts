import { describe, expect, it } from 'vitest';
import { EndpointTable, type EndpointSliceLike } from './endpoints';
import { pickAffinity, pickByHash, pickLeastRequest, pickRoundRobin, pickWeighted } from './balancer';
import { HealthState } from './health';
import { applyModifier, cookieValue, downstreamRawHeaders, upstreamHeaders } from './headers';
import { RateLimiter } from './ratelimit';
import type { BackendTarget } from '@/lib/routing';

const target: BackendTarget = { key: 'demo/echo:http', namespace: 'demo', service: 'echo', port: 80, endpointPortName: 'http' };

function slice(name: string, eps: Array<[string, { ready?: boolean; serving?: boolean; terminating?: boolean }]>): EndpointSliceLike {
  return {
    metadata: { name, namespace: 'demo', labels: { 'kubernetes.io/service-name': 'echo' } },
    addressType: 'IPv4',
    endpoints: eps.map(([a, conditions]) => ({ addresses: [a], conditions })),
    ports: [{ name: 'http', port: 8080 }],
  };
}

function table(...slices: EndpointSliceLike[]) {
  const t = new EndpointTable();
  t.setTargets(new Map([[target.key, target]]));
  t.replaceSlices(slices);
  return t;
}

describe('endpoint table', () => {
  it('splits ready and serving-terminating endpoints and reads the named port', () => {
    const t = table(slice('a', [['127.0.1.1', { ready: true }], ['127.0.1.2', { ready: false, serving: true, terminating: true }], ['127.0.1.3', { ready: false }]]));
    const s = t.get(target.key)!;
    expect(s.ready.map((e) => e.origin)).toEqual(['http://127.0.1.1:8080']);
    expect(s.terminating.map((e) => e.address)).toEqual(['127.0.1.2']);
  });
  it('updates one service on slice change and keeps endpoint objects (health) stable', () => {
    const t = table(slice('a', [['127.0.1.1', {}]]));
    const e1 = t.get(target.key)!.ready[0];
    t.upsertSlice(slice('b', [['127.0.1.4', {}]]));
    expect(t.get(target.key)!.ready.map((e) => e.address).sort()).toEqual(['127.0.1.1', '127.0.1.4']);
    expect(t.get(target.key)!.ready.includes(e1)).toBe(true);
    const removed: string[] = [];
    t.onRemoved = (o) => removed.push(...o);
    t.deleteSlice(slice('a', []));
    expect(t.get(target.key)!.ready.map((e) => e.address)).toEqual(['127.0.1.4']);
    expect(removed).toEqual(['http://127.0.1.1:8080']);
  });
});

describe('balancer', () => {
  it('round-robins over ready endpoints and skips ejected ones', () => {
    const t = table(slice('a', [['127.0.1.1', {}], ['127.0.1.2', {}], ['127.0.1.3', {}]]));
    const s = t.get(target.key)!;
    const seen = [0, 1, 2, 3, 4, 5].map(() => pickRoundRobin(s, 0)!.address);
    expect(seen).toEqual(['127.0.1.1', '127.0.1.2', '127.0.1.3', '127.0.1.1', '127.0.1.2', '127.0.1.3']);
    s.ready[1].health.onConnectError('refused', 1000);
    const after = [0, 1, 2, 3].map(() => pickRoundRobin(s, 1500)!.address);
    expect(after).not.toContain('127.0.1.2');
  });
  it('uses terminating endpoints only when nothing is ready', () => {
    const t = table(slice('a', [['127.0.1.1', { ready: false, serving: true, terminating: true }]]));
    expect(pickRoundRobin(t.get(target.key)!, 0)!.address).toBe('127.0.1.1');
    t.upsertSlice(slice('b', [['127.0.1.9', { ready: true }]]));
    expect([0, 1, 2].map(() => pickRoundRobin(t.get(target.key)!, 0)!.address)).toEqual(['127.0.1.9', '127.0.1.9', '127.0.1.9']);
  });
  it('panics to an ejected endpoint rather than failing, and excludes the retried one', () => {
    const t = table(slice('a', [['127.0.1.1', {}], ['127.0.1.2', {}]]));
    const s = t.get(target.key)!;
    s.ready[0].health.onConnectError('x', 0);
    s.ready[1].health.onConnectError('x', 0);
    expect(pickRoundRobin(s, 1)).toBeDefined();
    expect(pickRoundRobin(s, 10_000_000, s.ready[0])!.address).toBe('127.0.1.2');
  });
  it('least-request prefers the endpoint with fewer in-flight requests', () => {
    const t = table(slice('a', [['127.0.1.1', {}], ['127.0.1.2', {}]]));
    const s = t.get(target.key)!;
    s.ready[0].inflight = 5;
    expect(pickLeastRequest(s, 0)!.address).toBe('127.0.1.2');
  });
  it('hash and affinity keep a key on the same endpoint', () => {
    const t = table(slice('a', [['127.0.1.1', {}], ['127.0.1.2', {}], ['127.0.1.3', {}]]));
    const s = t.get(target.key)!;
    const a = pickByHash(s, 'client-1', 0)!;
    for (let i = 0; i < 5; i++) expect(pickByHash(s, 'client-1', 0)).toBe(a);
    const chosen = s.ready[2];
    for (let i = 0; i < 5; i++) expect(pickAffinity(s, chosen.id, 0)).toBe(chosen);
  });
  it('weighted pick respects weights', () => {
    const items = [{ weight: 0.0001, n: 'a' }, { weight: 100, n: 'b' }];
    const counts = { a: 0, b: 0 } as Record<string, number>;
    for (let i = 0; i < 200; i++) counts[pickWeighted(items, 100.0001).n]++;
    expect(counts.b).toBeGreaterThan(190);
  });
});

describe('passive health', () => {
  it('ejects after N consecutive 5xx with growing backoff and recovers', () => {
    const h = new HealthState();
    const cfg = { consecutive5xx: 3, baseEjectMs: 100, maxEjectMs: 1000 };
    h.onStatus(500, 0, cfg);
    h.onStatus(502, 0, cfg);
    expect(h.available(0)).toBe(true);
    h.onStatus(503, 0, cfg);
    expect(h.available(50)).toBe(false);
    expect(h.available(101)).toBe(true);
    h.onConnectError('refused', 200, cfg);
    expect(h.available(350)).toBe(false); // second ejection: 200 ms
    expect(h.available(401)).toBe(true);
    h.onStatus(200, 500, cfg);
    expect(h.ejections).toBe(0);
  });
});

describe('headers', () => {
  it('forwards end-to-end headers, drops hop-by-hop and sets X-Forwarded-*', () => {
    const raw = ['Host', 'a.example.com', 'Connection', 'keep-alive', 'X-Forwarded-For', '10.0.0.1', 'X-Forwarded-Proto', 'http', 'X-Real-IP', '10.0.0.2', 'Accept', '*/*', 'Keep-Alive', 'timeout=5'];
    const ctx = { host: 'a.example.com', clientIp: '127.0.0.9', peerIp: '127.0.0.9', trustedPeer: false, proto: 'https' as const, port: 8443, requestId: 'rid' };
    const out = upstreamHeaders(raw, ctx, false, undefined, undefined);
    const obj: Record<string, string> = {};
    for (let i = 0; i < out.length; i += 2) obj[out[i].toLowerCase()] = out[i + 1];
    expect(obj.connection).toBeUndefined();
    expect(obj['keep-alive']).toBeUndefined();
    // an untrusted peer's forwarding headers are replaced, not extended
    expect(obj['x-forwarded-for']).toBe('127.0.0.9');
    expect(obj['x-forwarded-proto']).toBe('https');
    expect(obj['x-real-ip']).toBe('127.0.0.9');
    expect(obj['x-request-id']).toBe('rid');
    expect(obj.accept).toBe('*/*');
    expect(out.filter((n) => n.toLowerCase() === 'x-forwarded-for')).toHaveLength(1);
    // from a trusted proxy: kept, the peer appended; X-Real-IP is the resolved client
    const t = upstreamHeaders(raw, { ...ctx, clientIp: '10.0.0.1', peerIp: '127.0.0.9', trustedPeer: true }, false, undefined, undefined);
    expect(t.slice(t.indexOf('x-forwarded-for'))).toEqual(['x-forwarded-for', '10.0.0.1, 127.0.0.9', 'x-forwarded-proto', 'http', 'x-forwarded-host', 'a.example.com', 'x-forwarded-port', '8443', 'x-real-ip', '10.0.0.1', 'x-request-id', 'rid']);
  });
  it('applies remove, set and add in Gateway API order', () => {
    const out = ['A', '1', 'B', '2', 'C', '3'];
    applyModifier(out, { remove: ['a'], set: [['b', 'x']], add: [['C', '4']] });
    expect(out).toEqual(['C', '3', 'b', 'x', 'C', '4']);
  });
  it('filters raw upstream response headers and reports the declared body length', () => {
    const raw = (...h: string[]) => h.map((x) => Buffer.from(x, 'latin1'));
    const out: string[] = [];
    expect(downstreamRawHeaders(raw('Content-Length', '12', 'Connection', 'keep-alive', 'Keep-Alive', 'timeout=5', 'X', 'y'), out, undefined, { remove: ['x'], set: [], add: [['X-Added', '1']] })).toBe(12);
    expect(out).toEqual(['Content-Length', '12', 'X-Added', '1']);
    const chunked: string[] = [];
    expect(downstreamRawHeaders(raw('Transfer-Encoding', 'chunked', 'Content-Type', 'text/plain'), chunked, undefined, undefined)).toBe(-1);
    expect(chunked).toEqual(['Content-Type', 'text/plain']);
    expect(downstreamRawHeaders(raw('content-length', 'bogus'), [], undefined, undefined)).toBe(-1);
  });
  it('parses cookies', () => {
    expect(cookieValue('a=1; route=abc; b=2', 'route')).toBe('abc');
    expect(cookieValue('a=1', 'route')).toBeUndefined();
  });
});

describe('rate limiter', () => {
  it('allows a burst then refills at rps', () => {
    const r = new RateLimiter();
    const ok = [0, 1, 2, 3].map(() => r.take('k', 1, 3, 0));
    expect(ok).toEqual([true, true, true, false]);
    expect(r.take('k', 1, 3, 1000)).toBe(true);
    expect(r.take('k', 1, 3, 1000)).toBe(false);
  });
  it('limits concurrent requests per key', () => {
    const r = new RateLimiter();
    expect(r.acquire('k', 1)).toBe(true);
    expect(r.acquire('k', 1)).toBe(false);
    r.release('k');
    expect(r.acquire('k', 1)).toBe(true);
  });
});

describe('upstream pools', () => {
  it('keeps one pool per origin and connect timeout, and releases all of an origin', async () => {
    const { UpstreamPools } = await import('./upstream');
    const pools = new UpstreamPools();
    const a = pools.get('http://127.0.1.1:8080');
    expect(pools.get('http://127.0.1.1:8080')).toBe(a);
    expect(pools.get('http://127.0.1.1:8080', 1000)).not.toBe(a);
    pools.get('http://127.0.1.2:8080');
    expect(pools.size()).toBe(3);
    pools.release(['http://127.0.1.1:8080']);
    expect(pools.size()).toBe(1);
    await pools.closeAll();
  });
});
