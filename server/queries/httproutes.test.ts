// The HTTPRoute list row says when the gateway refuses a backend (ResolvedRefs=False), e.g. an
// address its upstream address policy does not permit, not just "Accepted".
import { describe, expect, it, vi } from 'vitest';
import { summarizeHttpRoute } from './httproutes';

vi.mock('server-only', () => ({}));

const route = (conditions: object[]) => ({
  metadata: { name: 'r', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { parentRefs: [{ name: 'portico', namespace: 'portico-system' }], rules: [{ backendRefs: [{ name: 'meta', port: 80 }] }] },
  status: { parents: [{ parentRef: { name: 'portico' }, controllerName: 'portico.dev/gateway-controller', conditions }] },
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
