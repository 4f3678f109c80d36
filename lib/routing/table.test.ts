import { afterEach, describe, expect, it } from 'vitest';
import { buildSnapshot } from './index';
import { setIndexThreshold } from './table';
import type { ClusterState, HTTPRouteInput, MatchRequest } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, svc } from './fixtures';

// Deterministic pseudo-random numbers (no flakiness).
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function bigState(): ClusterState {
  const r = rng(42);
  const seg = () => ['a', 'b', 'c', 'api', 'v1', 'x'][Math.floor(r() * 6)];
  const path = () => '/' + Array.from({ length: 1 + Math.floor(r() * 3) }, seg).join('/') + (r() < 0.2 ? '/' : '');
  const services = ['s0', 's1', 's2', 's3'].map((n) => svc('web', n)).concat([svc('demo', 'echo')]);
  const rules: NonNullable<HTTPRouteInput['spec']>['rules'] = [];
  for (let i = 0; i < 60; i++) {
    const t = r();
    const m: Record<string, unknown> = {};
    if (t < 0.35) m.path = { type: 'Exact', value: path() };
    else if (t < 0.85) m.path = { type: 'PathPrefix', value: path() };
    else m.path = { type: 'RegularExpression', value: '/(a|b)/[a-z0-9]+' };
    if (r() < 0.2) m.method = r() < 0.5 ? 'GET' : 'POST';
    if (r() < 0.2) m.headers = [{ name: 'x-h', value: r() < 0.5 ? '1' : '2' }];
    if (r() < 0.1) m.queryParams = [{ name: 'q', value: '1' }];
    rules.push({ matches: [m], backendRefs: [{ name: `s${i % 4}`, port: 80 }] });
  }
  rules.push({ matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-h', value: '2' }] }], backendRefs: [{ name: 's0', port: 80 }] });
  return {
    services,
    gatewayClasses: [GATEWAY_CLASS],
    gateways: [gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }])],
    httpRoutes: [httpRoute('web', 'big', { parentRefs: [{ name: 'gw' }], hostnames: ['big.com'], rules })],
    ingresses: [ingress('demo', 'ing', [{ paths: [{ path: '/', pathType: 'Exact' }, ...Array.from({ length: 30 }, () => ({ path: path(), pathType: r() < 0.3 ? 'Exact' : 'Prefix' }))] }])],
  };
}

describe('indexed lookup of long rule lists', () => {
  let prev: number | undefined;
  afterEach(() => {
    if (prev !== undefined) setIndexThreshold(prev);
  });
  it('gives exactly the same answers as the linear scan', () => {
    const state = bigState();
    prev = setIndexThreshold(1_000_000);
    const scanned = buildSnapshot(state);
    setIndexThreshold(0);
    const indexed = buildSnapshot(state);
    const r = rng(7);
    const seg = () => ['a', 'b', 'c', 'api', 'v1', 'x', 'zz'][Math.floor(r() * 7)];
    let routed = 0;
    for (let i = 0; i < 3000; i++) {
      const req: MatchRequest = {
        method: r() < 0.5 ? 'GET' : 'POST',
        scheme: 'http',
        host: r() < 0.7 ? 'big.com' : 'other.org',
        path: '/' + Array.from({ length: Math.floor(r() * 4) }, seg).join('/') + (r() < 0.2 ? '/' : '') + (r() < 0.2 ? '?q=1' : ''),
        headers: r() < 0.5 ? { 'x-h': r() < 0.5 ? '1' : '2' } : {},
      };
      const a = scanned.match(req);
      const b = indexed.match(req);
      expect(b.kind === 'route' ? b.route.id : b.kind, JSON.stringify(req)).toBe(a.kind === 'route' ? a.route.id : a.kind);
      if (a.kind === 'route') routed++;
    }
    // the generator must exercise both outcomes
    expect(routed).toBeGreaterThan(500);
    expect(routed).toBeLessThan(3000);
  });
});
