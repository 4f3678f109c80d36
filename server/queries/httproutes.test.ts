// The HTTPRoute list row says when the gateway refuses a backend (ResolvedRefs=False), e.g. an
// address its upstream address policy does not permit, not just "Accepted".
import { describe, expect, it, vi } from 'vitest';
import { summarizeHttpRoute } from './httproutes';
import type { HTTPRoute } from '@/lib/k8s';

vi.mock('server-only', () => ({}));

type Condition = { type: string; status: 'True' | 'False' | 'Unknown'; reason: string; message?: string };
const route = (conditions: Condition[]): HTTPRoute => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'r', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { parentRefs: [{ name: 'portico', namespace: 'portico-system' }], rules: [{ backendRefs: [{ name: 'meta', port: 80 }] }] },
  status: { parents: [{ parentRef: { name: 'portico' }, controllerName: 'portico.dev/gateway-controller', conditions: conditions.map((c) => ({ message: '', lastTransitionTime: '2026-01-01T00:00:00Z', ...c })) }] },
});

describe('HTTPRoute list row', () => {
  it('an accepted route whose backend is not permitted shows the reason', () => {
    const row = summarizeHttpRoute(
      route([
        { type: 'Accepted', status: 'True', reason: 'Accepted' },
        { type: 'ResolvedRefs', status: 'False', reason: 'BackendNotPermitted', message: 'backend Service web/meta: address 169.254.169.254:80 is not permitted: link-local address' },
      ]),
    );
    expect(row.accepted).toBe('Accepted (backends: BackendNotPermitted)');
  });
  it('a healthy route stays plain "Accepted" (the list colours it green)', () => {
    expect(summarizeHttpRoute(route([{ type: 'Accepted', status: 'True', reason: 'Accepted' }, { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs' }])).accepted).toBe('Accepted');
    expect(summarizeHttpRoute(route([{ type: 'Accepted', status: 'False', reason: 'NotAllowedByListeners' }])).accepted).toBe('Not accepted: NotAllowedByListeners');
  });
});
