// Refused upstream addresses (the gateway's address policy) reported on the routes using them.
import { describe, expect, it } from 'vitest';
import { buildSnapshot, computeStatuses } from './index';
import type { ClusterState, RefusedBackend } from './types';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, svc } from './fixtures';

const services = [svc('web', 'a'), svc('web', 'b'), svc('web', 'ext')];
const gw = gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }]);
const refused: RefusedBackend[] = [
  { namespace: 'web', service: 'ext', address: '127.0.0.1', port: 9080, externalName: 'localhost', message: "it is one of the gateway's own listener or admin addresses" },
  { namespace: 'web', service: 'b', address: '169.254.169.254', port: 80, message: 'link-local address (not allowed by GATEWAY_ALLOWED_UPSTREAM_CIDRS)' },
];
const base: ClusterState = {
  services,
  gatewayClasses: [GATEWAY_CLASS],
  gateways: [gw],
  ingresses: [ingress('web', 'shop', [{ host: 'shop.example.com', paths: [{ path: '/', service: 'a' }, { path: '/admin', service: 'ext' }] }])],
  httpRoutes: [
    httpRoute('web', 'meta', { parentRefs: [{ name: 'gw' }], hostnames: ['meta.example.com'], rules: [{ backendRefs: [{ name: 'b', port: 80 }] }] }),
    httpRoute('web', 'fine', { parentRefs: [{ name: 'gw' }], hostnames: ['fine.example.com'], rules: [{ backendRefs: [{ name: 'a', port: 80 }] }] }),
  ],
};

describe('refused backends', () => {
  it('an Ingress gets a BackendNotPermitted diagnostic naming the rule, the Service and the address; routing is unchanged', () => {
    const s = buildSnapshot({ ...base, refusedBackends: refused });
    const d = s.diagnostics.filter((x) => x.object.kind === 'Ingress');
    expect(d).toEqual([
      {
        object: { kind: 'Ingress', namespace: 'web', name: 'shop' },
        severity: 'error',
        reason: 'BackendNotPermitted',
        field: 'spec.rules[0].http.paths[1].backend.service.name',
        message:
          "rule shop.example.com/admin: backend Service web/ext: address 127.0.0.1:9080 (ExternalName localhost resolved to it) is not permitted: it is one of the gateway's own listener or admin addresses",
      },
    ]);
    // the backend stays (no endpoints: 503 at the proxy), the other rule is untouched
    const m = s.match({ method: 'GET', scheme: 'http', host: 'shop.example.com', path: '/admin' });
    expect(m.kind === 'route' && m.action.type === 'forward' && m.action.backends[0].service).toBe('ext');
  });

  it('a Gateway API route gets ResolvedRefs=False, reason BackendNotPermitted, naming the backend and the address', () => {
    const st = computeStatuses({}, buildSnapshot({ ...base, refusedBackends: refused }));
    const cond = (name: string) => st.routes.find((r) => r.name === name)!.parents[0].conditions.find((c) => c.type === 'ResolvedRefs');
    expect(cond('meta')).toMatchObject({
      status: 'False',
      reason: 'BackendNotPermitted',
      message: 'backend Service web/b: address 169.254.169.254:80 is not permitted: link-local address (not allowed by GATEWAY_ALLOWED_UPSTREAM_CIDRS)',
    });
    expect(cond('fine')).toMatchObject({ status: 'True', reason: 'ResolvedRefs' });
    // and it clears when nothing is refused any more
    const clear = computeStatuses({}, buildSnapshot(base));
    expect(clear.routes.find((r) => r.name === 'meta')!.parents[0].conditions.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'True' });
    expect(buildSnapshot(base).diagnostics.filter((d) => d.reason === 'BackendNotPermitted')).toEqual([]);
  });
});
