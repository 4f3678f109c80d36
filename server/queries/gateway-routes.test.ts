// The list row of the route kinds without their own summary (GRPCRoute, TLSRoute): hostnames,
// parents, backends and the parents' Accepted / ResolvedRefs conditions, as the list shows them.
import { describe, expect, it, vi } from 'vitest';
import { summarizeGatewayRoute } from './gateway-routes';
import type { GRPCRoute, TLSRoute } from '@/lib/k8s';

vi.mock('server-only', () => ({}));

const status = (accepted: 'True' | 'False', refs: 'True' | 'False') => ({
  parents: [
    {
      parentRef: { name: 'gw' },
      controllerName: 'portico.dev/gateway-controller',
      conditions: [
        { type: 'Accepted', status: accepted, reason: accepted === 'True' ? 'Accepted' : 'NotAllowedByListeners', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' },
        { type: 'ResolvedRefs', status: refs, reason: refs === 'True' ? 'ResolvedRefs' : 'BackendNotFound', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' },
      ],
    },
  ],
});

describe('Gateway API route list row (common summary)', () => {
  it('a GRPCRoute: hostnames, listener, weighted backends, accepted', () => {
    const r: GRPCRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GRPCRoute',
      metadata: { name: 'greeter', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: {
        parentRefs: [{ name: 'gw', sectionName: 'h2' }],
        hostnames: ['grpc.example.com'],
        rules: [{ matches: [{ method: { service: 'helloworld.Greeter' } }], backendRefs: [{ name: 'greeter', port: 50051, weight: 3 }, { name: 'greeter', port: 50051, weight: 3 }] }],
      },
      status: status('True', 'True'),
    };
    expect(summarizeGatewayRoute(r)).toEqual({
      name: 'greeter',
      hostnames: ['grpc.example.com'],
      parents: ['gw#h2'],
      backends: ['greeter:50051 (weight 3)'],
      accepted: 'Accepted',
      resolvedRefs: 'Resolved',
      creationTimestamp: '2026-01-01T00:00:00Z',
    });
  });

  it('a TLSRoute not accepted, with an unresolved backend: both reasons', () => {
    const r: TLSRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'db' },
      spec: { parentRefs: [{ name: 'gw', namespace: 'portico-system', port: 8443 }], rules: [{ backendRefs: [{ name: 'pg', port: 5432 }] }] },
      status: status('False', 'False'),
    };
    const row = summarizeGatewayRoute(r);
    expect(row.hostnames).toEqual([]);
    expect(row.parents).toEqual(['portico-system/gw:8443']);
    expect(row.accepted).toBe('Not accepted: NotAllowedByListeners');
    expect(row.resolvedRefs).toBe('Unresolved: BackendNotFound');
  });
});
