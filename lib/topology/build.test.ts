import { describe, expect, it } from 'vitest';
import { buildTopology, edgeId, GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER } from './build';
import { demo, ingress, NS, pod, service } from './fixtures.test-util';
import { syntheticCluster } from './synthetic';

const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id);

describe('buildTopology: the chain', () => {
  const g = buildTopology(demo());

  it('draws gateway, listener, route, service and the pods the service selects', () => {
    expect(ids(g)).toEqual([GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER, 'route:Ingress/demo/echo', 'service:demo/echo', 'pod:demo/echo-abc-1', 'pod:demo/echo-abc-2']);
  });

  it('links them with edges, route -> service labelled host + path, service -> pod with ports', () => {
    const edges = Object.fromEntries(g.edges.map((e) => [e.id, e.label ?? '']));
    expect(edges).toEqual({
      [edgeId(GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER)]: '',
      [edgeId(INGRESS_HTTP_LISTENER, 'route:Ingress/demo/echo')]: '',
      [edgeId('route:Ingress/demo/echo', 'service:demo/echo')]: '*/echo',
      [edgeId('service:demo/echo', 'pod:demo/echo-abc-1')]: '80→http',
      [edgeId('service:demo/echo', 'pod:demo/echo-abc-2')]: '80→http',
    });
    expect(g.nodes.every((n) => n.health === 'ok')).toBe(true);
    expect(g.counts).toEqual({ routes: 1, services: 1, pods: 3 });
  });

  it('keeps node ids stable whatever the order of the input', () => {
    const d = demo();
    const shuffled = { ...d, pods: [...d.pods].reverse(), services: [...d.services].reverse() };
    const again = buildTopology(shuffled);
    expect(ids(again)).toEqual(ids(g));
    expect(again.edges.map((e) => e.id)).toEqual(g.edges.map((e) => e.id));
  });

  it('merges several paths to one service into one edge with every label', () => {
    const d = demo();
    d.ingresses = [ingress('echo', [{ host: 'a.test', path: '/x', service: 'echo' }, { host: 'a.test', path: '/y', service: 'echo' }, { host: 'b.test', path: '/', service: 'echo' }])];
    const e = buildTopology(d).edges.find((x) => x.kind === 'route-service')!;
    expect(e.label).toBe('a.test/x, a.test/y, b.test/');
  });
});

describe('buildTopology: weights and Gateway API', () => {
  const gateway = {
    metadata: { name: 'web', namespace: 'portico-system' },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }, { name: 'https', protocol: 'HTTPS', port: 443, hostname: '*.example.test' }] },
  };
  const route = (accepted: 'True' | 'False' | undefined) => ({
    metadata: { name: 'split', namespace: NS },
    spec: {
      parentRefs: [{ name: 'web', namespace: 'portico-system', sectionName: 'http' }],
      hostnames: ['shop.example.test'],
      rules: [{ matches: [{ path: { type: 'PathPrefix' as const, value: '/shop' } }], backendRefs: [{ name: 'echo', port: 80, weight: 90 }, { name: 'canary', port: 80, weight: 10 }] }],
    },
    status: accepted
      ? { parents: [{ parentRef: { name: 'web', namespace: 'portico-system', sectionName: 'http' }, controllerName: 'portico.dev/gateway-controller', conditions: [{ type: 'Accepted', status: accepted, reason: accepted === 'True' ? 'Accepted' : 'NotAllowedByListeners' }] }] }
      : undefined,
  });

  it('labels split backends with their weight share and attaches to the named listener only', () => {
    const d = demo();
    d.services.push(service('canary'));
    d.gateways = [gateway];
    d.httpRoutes = [route('True')];
    const g = buildTopology(d);
    const labels = Object.fromEntries(g.edges.filter((e) => e.source === 'route:HTTPRoute/demo/split').map((e) => [e.target, e.label]));
    expect(labels).toEqual({ 'service:demo/echo': 'shop.example.test/shop · 90%', 'service:demo/canary': 'shop.example.test/shop · 10%' });
    expect(g.edges.filter((e) => e.target === 'route:HTTPRoute/demo/split').map((e) => e.source)).toEqual(['listener:portico-system/web/http']);
    expect(ids(g)).toContain('gateway:portico-system/web');
    expect(ids(g)).not.toContain('listener:portico-system/web/https');
  });

  it('shows the canary weight of an ingress-nginx canary Ingress', () => {
    const d = demo();
    d.ingresses.push(ingress('echo-canary', [{ path: '/echo', service: 'echo' }], { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-weight': '20' } }));
    const e = buildTopology(d).edges.find((x) => x.source === 'route:Ingress/demo/echo-canary')!;
    expect(e.label).toBe('*/echo · 20%');
  });

  it('draws TCPRoutes and TLSRoutes on their listeners, TLS edges labelled with the SNI name', () => {
    const d = demo();
    d.services.push(service('db'), service('vault'));
    d.gateways = [{ metadata: { name: 'l4', namespace: NS }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'pg', protocol: 'TCP', port: 5432 }, { name: 'tls', protocol: 'TLS', port: 8443, tls: { mode: 'Passthrough' } }] } }];
    d.tcpRoutes = [{ metadata: { name: 'pg', namespace: NS }, spec: { parentRefs: [{ name: 'l4', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] } }];
    d.tlsRoutes = [{ metadata: { name: 'vault', namespace: NS }, spec: { parentRefs: [{ name: 'l4' }], hostnames: ['vault.example.test'], rules: [{ backendRefs: [{ name: 'vault', port: 8200 }] }] } }];
    const g = buildTopology(d);
    const into = (id: string) => g.edges.filter((e) => e.target === id).map((e) => e.source);
    expect(into('route:TCPRoute/demo/pg')).toEqual(['listener:demo/l4/pg']);
    expect(into('route:TLSRoute/demo/vault')).toEqual(['listener:demo/l4/tls']);
    expect(g.edges.find((e) => e.source === 'route:TLSRoute/demo/vault')?.label).toBe('TLS vault.example.test');
    expect(g.edges.find((e) => e.source === 'route:TCPRoute/demo/pg')?.label).toBe('TCP');
  });

  it('ignores routes attached to gateways of another class', () => {
    const d = demo();
    d.gateways = [{ ...gateway, spec: { ...gateway.spec, gatewayClassName: 'other' } }];
    d.httpRoutes = [route('True')];
    const g = buildTopology(d);
    expect(g.edges.some((e) => e.target === 'route:HTTPRoute/demo/split' && e.kind === 'listener-route')).toBe(false);
  });
});

describe('buildTopology: grouping pods', () => {
  it('folds the pods of a service above the threshold into one group node', () => {
    const d = demo();
    for (let i = 3; i <= 20; i++) d.pods.push(pod(`echo-abc-${i}`, 'echo', { ip: `127.1.0.${i}`, ready: i !== 7 }));
    const g = buildTopology(d, { groupPodsAbove: 12 });
    const group = g.nodes.find((n) => n.kind === 'pod-group')!;
    expect(group.id).toBe('pods:demo/echo');
    expect(group.members).toHaveLength(20);
    expect(group.health).toBe('warning');
    expect(g.nodes.filter((n) => n.kind === 'pod')).toHaveLength(0);
    expect(g.grouped).toEqual(['echo']);
  });

  it('keeps 1,000 nodes (200 routes, 200 services, 600 pods) ungrouped and groups beyond', () => {
    const g = buildTopology(syntheticCluster({ routes: 200, services: 200, pods: 600 }));
    expect(g.nodes.filter((n) => n.kind === 'pod')).toHaveLength(600);
    expect(g.nodes).toHaveLength(1002);
    const big = buildTopology(syntheticCluster({ routes: 200, services: 200, pods: 2000 }));
    expect(big.nodes.filter((n) => n.kind === 'pod')).toHaveLength(0);
    expect(big.nodes.filter((n) => n.kind === 'pod-group')).toHaveLength(200);
  });
});
