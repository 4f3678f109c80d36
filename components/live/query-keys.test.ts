import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { apiUrl } from './api-fetch';
import { GATEWAY_ROUTE_KINDS } from '@/lib/console/gateway-route-kinds';
import { GATEWAY_ROUTE_RESOURCES, qk, staleKeysFor } from './query-keys';

describe('one query-key space: a key names the GET it reads', () => {
  it("knows the registry's Gateway API route kinds (without importing the registry)", () => {
    expect([...GATEWAY_ROUTE_RESOURCES].sort()).toEqual(GATEWAY_ROUTE_KINDS.map((k) => k.plural).sort());
  });

  it('maps keys to the route handlers', () => {
    expect(apiUrl(qk.list('demo', 'routes', { q: 'a b', sort: 'name', dir: 'asc' }))).toBe('/api/projects/demo/routes?q=a+b&sort=name&dir=asc');
    expect(apiUrl(qk.item('demo', 'httproutes', 'r.1'))).toBe('/api/projects/demo/httproutes/r.1');
    expect(apiUrl(qk.list('demo', 'tls-secrets'))).toBe('/api/projects/demo/tls-secrets');
    expect(apiUrl(qk.topology('demo'))).toBe('/projects/demo/topology/graph');
    expect(apiUrl(qk.gateway('demo'))).toBe('/api/projects/demo/gateway');
    expect(apiUrl(qk.gateway('demo', 'all'))).toBe('/api/projects/demo/gateway?scope=all');
  });

  it('a change to a kind makes its lists, objects and the topology stale, and nothing of other kinds', async () => {
    const qc = new QueryClient();
    const keys = {
      routeList: qk.list('demo', 'routes', { q: '', sort: 'name', dir: 'asc' }),
      route: qk.item('demo', 'routes', 'r'),
      service: qk.item('demo', 'services', 's'),
      httproute: qk.item('demo', 'httproutes', 'h'),
      tcproutes: qk.list('demo', 'tcproutes'),
      topology: qk.topology('demo'),
      otherProject: qk.list('other', 'httproutes'),
    };
    for (const k of Object.values(keys)) qc.setQueryData(k, 1);
    for (const k of staleKeysFor('httproutes', 'demo')) await qc.invalidateQueries({ queryKey: k });
    const stale = Object.entries(keys).filter(([, k]) => qc.getQueryState(k)?.isInvalidated).map(([n]) => n);
    expect(stale.sort()).toEqual(['httproute', 'topology']);

    const qc2 = new QueryClient();
    for (const k of Object.values(keys)) qc2.setQueryData(k, 1);
    for (const k of staleKeysFor('ingresses', 'demo')) await qc2.invalidateQueries({ queryKey: k });
    const stale2 = Object.entries(keys).filter(([, k]) => qc2.getQueryState(k)?.isInvalidated).map(([n]) => n);
    expect(stale2.sort()).toEqual(['route', 'routeList', 'service', 'topology']);
  });

  it('every Gateway API route kind of the registry has its own list key; other names make nothing stale', () => {
    for (const r of ['httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes'] as const) {
      expect(staleKeysFor(r, 'demo')).toEqual([qk.list('demo', r), qk.topology('demo')]);
    }
    expect(staleKeysFor('gateways', 'demo')).toEqual([]);
    expect(staleKeysFor('constructor', 'demo')).toEqual([]);
  });
});
