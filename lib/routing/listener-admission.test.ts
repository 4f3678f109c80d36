import { describe, expect, it } from 'vitest';
import { admitsNamespace, listenerRouteKinds } from './listener-admission';
import type { Listener } from './types';

const l = (x: Partial<Listener>): Listener => ({ name: 'l', port: 80, protocol: 'HTTP', ...x }) as Listener;

describe('listener admission (the console offers what the gateway would attach)', () => {
  it('route kinds: by protocol, narrowed by allowedRoutes.kinds', () => {
    expect(listenerRouteKinds(l({}))).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(listenerRouteKinds(l({ protocol: 'HTTPS' }))).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(listenerRouteKinds(l({ protocol: 'TCP' }))).toEqual(['TCPRoute']);
    expect(listenerRouteKinds(l({ protocol: 'TLS' }))).toEqual(['TLSRoute']);
    expect(listenerRouteKinds(l({ protocol: 'UDP' }))).toEqual(['UDPRoute']);
    expect(listenerRouteKinds(l({ protocol: 'SCTP' }))).toEqual([]);
    expect(listenerRouteKinds(l({ allowedRoutes: { kinds: [{ kind: 'GRPCRoute' }] } }))).toEqual(['GRPCRoute']);
    expect(listenerRouteKinds(l({ allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] } }))).toEqual([]);
    expect(listenerRouteKinds(l({ allowedRoutes: { kinds: [{ group: 'example.com', kind: 'HTTPRoute' }] } }))).toEqual([]);
  });

  it('namespaces: Same by default, All, Selector on the Namespace labels (its name label always counts)', () => {
    expect(admitsNamespace(l({}), 'gw', 'gw', undefined)).toBe(true);
    expect(admitsNamespace(l({}), 'gw', 'demo', undefined)).toBe(false);
    expect(admitsNamespace(l({ allowedRoutes: { namespaces: { from: 'All' } } }), 'gw', 'demo', undefined)).toBe(true);
    const sel = l({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } });
    expect(admitsNamespace(sel, 'gw', 'demo', { metadata: { name: 'demo', labels: { team: 'a' } } })).toBe(true);
    expect(admitsNamespace(sel, 'gw', 'demo', { metadata: { name: 'demo', labels: { team: 'b' } } })).toBe(false);
    const byName = l({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'demo' } } } } });
    expect(admitsNamespace(byName, 'gw', 'demo', undefined)).toBe(true);
    expect(admitsNamespace(byName, 'gw', 'other', undefined)).toBe(false);
  });
});
