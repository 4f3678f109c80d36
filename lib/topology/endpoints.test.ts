import { describe, expect, it } from 'vitest';
import { buildTopology, edgeId, GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER, nodeIds } from './build';
import type { GatewayBackendHealth, GatewayEndpointHealth } from './endpoint-health';
import { endpointState } from './endpoint-health';
import { demo, ingress, NS, service } from './fixtures.test-util';
import type { ClusterObjects, ListedEndpointSlice, ListedGateway, TopoGraph } from './types';

const node = (g: TopoGraph, id: string) => {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}: ${g.nodes.map((x) => x.id).join(', ')}`);
  return n;
};
const edge = (g: TopoGraph, s: string, t: string) => g.edges.find((e) => e.id === edgeId(s, t));

const manualSlice = (svc: string, eps: { ip: string; ready?: boolean; terminating?: boolean }[], port = 9000): ListedEndpointSlice => ({
  metadata: { name: `${svc}-portico-1`, namespace: NS, labels: { 'kubernetes.io/service-name': svc, 'endpointslice.kubernetes.io/managed-by': 'console.portico.dev' } },
  endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true, terminating: e.terminating ?? false } })),
  ports: [{ name: 'http', port }],
});

const gwEndpoint = (address: string, port: number, over: Partial<GatewayEndpointHealth> = {}): GatewayEndpointHealth => ({ address, port, state: 'ready', ejectedForMs: 0, ejections: 0, consecutive5xx: 0, ...over });
const backend = (svc: string, endpoints: GatewayEndpointHealth[], over: Partial<GatewayBackendHealth> = {}): GatewayBackendHealth => ({ key: `${NS}/${svc}:http`, namespace: NS, service: svc, endpoints, refused: [], ...over });

/** demo plus a selectorless Service "legacy" with manual endpoints behind an Ingress. */
function withLegacy(gatewayEndpoints?: GatewayBackendHealth[], eps: { ip: string; ready?: boolean; terminating?: boolean }[] = [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }]): ClusterObjects {
  const d = demo();
  d.services.push(service('legacy', { selector: null }));
  d.endpointSlices.push(manualSlice('legacy', eps));
  d.ingresses.push(ingress('legacy', [{ path: '/legacy', service: 'legacy' }]));
  d.gateway = { reachable: true, healthz: 200, readyz: 200, ...(gatewayEndpoints ? { endpoints: gatewayEndpoints } : {}) };
  return d;
}

const SVC = nodeIds.service(NS, 'legacy');
const EP1 = nodeIds.endpoint(NS, 'legacy', '10.0.0.1');
const EP2 = nodeIds.endpoint(NS, 'legacy', '10.0.0.2');

describe('Service -> endpoint edges from EndpointSlices', () => {
  it('draws the manual endpoints of a selectorless Service with an edge each, labelled with the ports', () => {
    const g = buildTopology(withLegacy());
    for (const id of [EP1, EP2]) {
      const n = node(g, id);
      expect(n).toMatchObject({ kind: 'endpoint', layer: 4, health: 'ok', state: 'ready', subtitle: 'ready · http:9000' });
      expect(n.facts).toContainEqual(['Source', 'manual (console)']);
      expect(edge(g, SVC, id)).toMatchObject({ kind: 'service-endpoint', label: 'http:9000', health: 'ok' });
    }
    expect(node(g, SVC).health).toBe('ok');
    // pods of selector Services stay pods: no endpoint node doubles them
    expect(g.nodes.filter((n) => n.kind === 'endpoint').map((n) => n.id)).toEqual([EP1, EP2]);
  });

  it('colours each endpoint by what the gateway knows: ready, ejected, check failing, terminating', () => {
    const g = buildTopology(
      withLegacy([
        backend('legacy', [
          gwEndpoint('10.0.0.1', 9000),
          gwEndpoint('10.0.0.2', 9000, { state: 'ejected', ejectedForMs: 1800, ejections: 1, lastError: 'connect ECONNREFUSED 10.0.0.2:9000' }),
          gwEndpoint('10.0.0.3', 9000, { state: 'check-failing', activeOk: false, lastError: 'health check answered 500' }),
          gwEndpoint('10.0.0.4', 9000, { state: 'terminating' }),
        ]),
      ], [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4', ready: false, terminating: true }]),
    );
    expect(node(g, EP1)).toMatchObject({ health: 'ok', state: 'ready' });
    expect(node(g, EP1).facts).toContainEqual(['Gateway', '9000: ready']);
    const ejected = node(g, EP2);
    expect(ejected).toMatchObject({ health: 'error', state: 'ejected', subtitle: 'ejected · http:9000' });
    expect(ejected.problems).toEqual([
      { code: 'EndpointEjected', severity: 'error', message: 'Endpoint 10.0.0.2: passively ejected by the gateway for 2 s (ejection 1: connect ECONNREFUSED 10.0.0.2:9000).' },
    ]);
    expect(edge(g, SVC, EP2)?.health).toBe('error');
    expect(node(g, nodeIds.endpoint(NS, 'legacy', '10.0.0.3'))).toMatchObject({ health: 'error', state: 'check failing' });
    expect(node(g, nodeIds.endpoint(NS, 'legacy', '10.0.0.3')).problems[0]?.message).toContain('active health check fails (health check answered 500)');
    expect(node(g, nodeIds.endpoint(NS, 'legacy', '10.0.0.4'))).toMatchObject({ health: 'warning', state: 'terminating' });
    // the Service says how many are out of rotation
    expect(node(g, SVC).problems).toContainEqual({ code: 'EndpointEjected', severity: 'warning', message: "2 of 4 endpoints of legacy are out of the gateway's rotation (ejected or failing their health check)." });
  });

  it("an address the gateway's policy refused, one it has not seen, one not ready; no gateway view: the slice alone", () => {
    const g = buildTopology(withLegacy([backend('legacy', [], { refused: [{ address: '10.0.0.1', port: 9000, message: 'loopback address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS' }] })], [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.5', ready: false }]));
    expect(node(g, EP1)).toMatchObject({ health: 'error', state: 'refused' });
    expect(node(g, EP2)).toMatchObject({ health: 'unknown', state: 'unknown' });
    expect(node(g, nodeIds.endpoint(NS, 'legacy', '10.0.0.5'))).toMatchObject({ health: 'warning', state: 'not ready' });
    const plain = buildTopology(withLegacy(undefined));
    expect(node(plain, EP1)).toMatchObject({ health: 'ok', state: 'ready' });
    expect(node(plain, EP1).facts.find(([k]) => k === 'Gateway')).toBeUndefined();
  });

  it('a pod the gateway ejected is drawn as such (node, label word and edge), though the cluster says ready', () => {
    const d = demo();
    d.gateway = { reachable: true, healthz: 200, readyz: 200, endpoints: [backend('echo', [gwEndpoint('127.1.0.1', 8080, { state: 'ejected', ejectedForMs: 4000, ejections: 2, lastError: '5 consecutive 502 responses' }), gwEndpoint('127.1.0.2', 8080)])] };
    const g = buildTopology(d);
    const pod = node(g, 'pod:demo/echo-abc-1');
    expect(pod).toMatchObject({ health: 'error', state: 'ejected', subtitle: 'ejected · 127.1.0.1' });
    expect(pod.problems[0]?.code).toBe('EndpointEjected');
    expect(edge(g, 'service:demo/echo', 'pod:demo/echo-abc-1')?.health).toBe('error');
    expect(node(g, 'pod:demo/echo-abc-2')).toMatchObject({ health: 'ok', state: 'ready' });
  });

  it("an ExternalName Service's target: resolved addresses, or unresolved, or not routed", () => {
    const ext = (endpoints?: GatewayBackendHealth[]) => {
      const d = demo();
      d.services.push({ metadata: { name: 'search', namespace: NS }, spec: { type: 'ExternalName', externalName: 'search.example.test', ports: [{ name: 'http', port: 80 }] } });
      d.ingresses.push(ingress('search', [{ path: '/search', service: 'search' }]));
      d.gateway = { reachable: true, healthz: 200, readyz: 200, ...(endpoints ? { endpoints } : {}) };
      return buildTopology(d);
    };
    const id = nodeIds.endpoint(NS, 'search', 'search.example.test');
    const resolved = ext([backend('search', [gwEndpoint('10.1.2.3', 80)], { externalName: 'search.example.test' })]);
    expect(node(resolved, id)).toMatchObject({ kind: 'endpoint', health: 'ok', subtitle: 'ExternalName · 10.1.2.3' });
    expect(edge(resolved, 'service:demo/search', id)).toMatchObject({ kind: 'service-endpoint', label: 'DNS', health: 'ok' });
    const unresolved = ext([backend('search', [], { externalName: 'search.example.test' })]);
    expect(node(unresolved, id)).toMatchObject({ health: 'error', state: 'unresolved' });
    expect(node(unresolved, id).problems[0]?.code).toBe('ExternalNameUnresolved');
    expect(node(ext([]), id)).toMatchObject({ health: 'unknown', state: 'not routed' });
  });

  it('folds many manual endpoints into one group node', () => {
    const eps = Array.from({ length: 15 }, (_, i) => ({ ip: `10.0.1.${i + 1}` }));
    const g = buildTopology(withLegacy(undefined, eps));
    const group = node(g, nodeIds.endpointGroup(NS, 'legacy'));
    expect(group).toMatchObject({ kind: 'pod-group', label: '15 endpoints', health: 'ok' });
    expect(group.members).toHaveLength(15);
    expect(g.nodes.some((n) => n.kind === 'endpoint')).toBe(false);
  });
});

describe('gateway and listener health from the admin API and listener status', () => {
  const gatewayApi = (status?: NonNullable<ListedGateway['status']>): ClusterObjects => {
    const d = demo();
    d.gateways = [{ metadata: { name: 'portico', namespace: 'portico-system' }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] }, ...(status ? { status } : {}) }];
    d.httpRoutes = [{ metadata: { name: 'web', namespace: NS }, spec: { parentRefs: [{ name: 'portico', namespace: 'portico-system' }], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] } }];
    return d;
  };
  const LISTENER = nodeIds.listener('portico-system', 'portico', 'http');

  it('healthy when /healthz and /readyz answer 200; unknown when not asked', () => {
    const g = buildTopology(demo());
    expect(node(g, GATEWAY_NODE_ID)).toMatchObject({ health: 'ok' });
    expect(node(g, GATEWAY_NODE_ID).facts).toContainEqual(['Health', 'live and ready']);
    const d = demo();
    delete d.gateway;
    const unknown = buildTopology(d);
    expect(node(unknown, GATEWAY_NODE_ID).health).toBe('unknown');
    expect(node(unknown, INGRESS_HTTP_LISTENER).health).toBe('unknown');
  });

  it('unreachable or unhealthy is an error, not ready a warning, on the gateway and its listeners', () => {
    const at = (gateway: ClusterObjects['gateway']) => {
      const d = demo();
      d.gateway = gateway;
      return buildTopology(d);
    };
    const down = at({ reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:9080' });
    expect(node(down, GATEWAY_NODE_ID)).toMatchObject({ health: 'error', problems: [{ code: 'GatewayUnreachable', severity: 'error', message: "The gateway's admin API does not answer: connect ECONNREFUSED 127.0.0.1:9080." }] });
    expect(node(down, INGRESS_HTTP_LISTENER).health).toBe('error');
    const draining = at({ reachable: true, healthz: 200, readyz: 503, readyText: 'draining' });
    expect(node(draining, GATEWAY_NODE_ID)).toMatchObject({ health: 'warning', problems: [{ code: 'GatewayNotReady', message: 'The gateway is not ready (/readyz 503: draining).' }] });
    expect(node(draining, INGRESS_HTTP_LISTENER).problems[0]?.message).toBe('Listener HTTP :80: The gateway is not ready (/readyz 503: draining).');
    expect(node(at({ reachable: true, healthz: 500, readyz: 200 }), GATEWAY_NODE_ID).health).toBe('error');
  });

  it("a Gateway listener's health follows its status conditions", () => {
    const ok = buildTopology(gatewayApi({ listeners: [{ name: 'http', attachedRoutes: 1, supportedKinds: [], conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed', lastTransitionTime: '2026-01-01T00:00:00Z', message: '' }] }] }));
    expect(node(ok, LISTENER)).toMatchObject({ health: 'ok' });
    const bad = buildTopology(
      gatewayApi({ listeners: [{ name: 'http', attachedRoutes: 0, supportedKinds: [], conditions: [{ type: 'Programmed', status: 'False', reason: 'Invalid', message: 'port 80 conflicts', lastTransitionTime: '2026-01-01T00:00:00Z' }] }] }),
    );
    expect(node(bad, LISTENER)).toMatchObject({ health: 'error', problems: [{ code: 'ListenerNotProgrammed', severity: 'error', message: 'Listener http not Programmed: Invalid (port 80 conflicts)' }] });
    expect(node(buildTopology(gatewayApi()), LISTENER)).toMatchObject({ health: 'warning', problems: [{ message: 'Listener http: no status from the gateway yet.' }] });
  });
});

describe('endpointState', () => {
  it('a failing active check and an ejection outrank the list the endpoint is in', () => {
    const h = { available: false, ejectedForMs: 0, ejections: 0, consecutive5xx: 0 };
    expect(endpointState({ ...h, activeOk: false, ejectedForMs: 10 }, false)).toBe('check-failing');
    expect(endpointState({ ...h, ejectedForMs: 10 }, true)).toBe('ejected');
    expect(endpointState({ ...h, available: true }, true)).toBe('terminating');
    expect(endpointState({ ...h, available: true, activeOk: true }, false)).toBe('ready');
  });
});
