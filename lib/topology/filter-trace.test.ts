import { describe, expect, it } from 'vitest';
import { buildTopology, edgeId, GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER } from './build';
import { filterGraph } from './filter';
import { demo, ingress, pod, service, slice } from './fixtures.test-util';
import { tracePath, type RouteTestAnswer } from './trace';

function twoChains() {
  const d = demo();
  d.ingresses.push(ingress('shop', [{ host: 'shop.test', path: '/', service: 'shop' }]));
  d.services.push(service('shop'));
  d.pods.push(pod('shop-1', 'shop', { ip: '127.1.1.1' }));
  d.endpointSlices.push(slice('shop', [{ ip: '127.1.1.1', pod: 'shop-1', ready: true }]));
  return buildTopology(d);
}

describe('filterGraph', () => {
  const g = twoChains();
  const ids = (x: { nodes: { id: string }[] }) => x.nodes.map((n) => n.id);

  it('by route keeps the route with its listener, gateway, services and pods', () => {
    expect(ids(filterGraph(g, { route: 'route:Ingress/demo/shop' }))).toEqual([GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER, 'route:Ingress/demo/shop', 'service:demo/shop', 'pod:demo/shop-1']);
  });

  it('by service keeps the routes that reach it', () => {
    expect(ids(filterGraph(g, { service: 'service:demo/echo' }))).toContain('route:Ingress/demo/echo');
    expect(ids(filterGraph(g, { service: 'service:demo/echo' }))).not.toContain('route:Ingress/demo/shop');
  });

  it('by text matches names, hosts and edge labels', () => {
    expect(ids(filterGraph(g, { text: 'SHOP-1' }))).toContain('route:Ingress/demo/shop');
    expect(ids(filterGraph(g, { text: 'shop.test' }))).not.toContain('service:demo/echo');
    expect(ids(filterGraph(g, { text: '/echo' }))).toContain('pod:demo/echo-abc-2');
    expect(filterGraph(g, { text: 'nothing-like-this' }).nodes).toHaveLength(0);
  });

  it('keeps only edges between kept nodes', () => {
    const f = filterGraph(g, { route: 'route:Ingress/demo/shop' });
    const kept = new Set(ids(f));
    expect(f.edges.every((e) => kept.has(e.source) && kept.has(e.target))).toBe(true);
  });
});

describe('tracePath', () => {
  const g = buildTopology(demo());
  const request = { method: 'GET', scheme: 'http' as const, host: 'localhost', path: '/echo' };

  it('follows listener, route, service and the pod of the next endpoint', () => {
    const answer: RouteTestAnswer = {
      request,
      result: 'route',
      route: { kind: 'Ingress', namespace: 'demo', name: 'echo', description: 'Prefix /echo on *' },
      action: 'forward',
      backends: [{ key: 'demo/echo:http', probability: 1, nextEndpoint: '127.1.0.2:8080', endpoints: { ready: [{ address: '127.1.0.2', port: 8080, pod: 'echo-abc-2' }] } }],
    };
    const t = tracePath(g, answer);
    expect(t.nodes).toEqual([GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER, 'route:Ingress/demo/echo', 'service:demo/echo', 'pod:demo/echo-abc-2']);
    expect(t.edges).toEqual([
      edgeId(GATEWAY_NODE_ID, INGRESS_HTTP_LISTENER),
      edgeId(INGRESS_HTTP_LISTENER, 'route:Ingress/demo/echo'),
      edgeId('route:Ingress/demo/echo', 'service:demo/echo'),
      edgeId('service:demo/echo', 'pod:demo/echo-abc-2'),
    ]);
    expect(t.stop).toBeUndefined();
    expect(t.target).toBe('pod:demo/echo-abc-2');
  });

  it('finds the pod by IP when the endpoint carries no pod name', () => {
    const t = tracePath(g, {
      request,
      result: 'route',
      route: { kind: 'Ingress', namespace: 'demo', name: 'echo' },
      action: 'forward',
      backends: [{ key: 'demo/echo:http', probability: 1, nextEndpoint: '127.1.0.1:8080' }],
    });
    expect(t.target).toBe('pod:demo/echo-abc-1');
  });

  it('a route of another project (scoped /routes/test) stops at the gateway, naming nothing of it', () => {
    const t = tracePath(g, { request: { ...request, host: 'shop.other.test' }, result: 'other-project', why: 'served by another project' });
    expect(t.nodes).toEqual([GATEWAY_NODE_ID]);
    expect(t.stop).toEqual({ nodeId: GATEWAY_NODE_ID, message: 'Served by another project: its route is not shown here.' });
    expect(t.summary).toBe('GET http://shop.other.test/echo: served by another project');
  });

  it('stops at the listener when no route matches', () => {
    const t = tracePath(g, { request: { ...request, path: '/nope' }, result: 'no-match', status: 404, why: 'no path matched on host localhost' });
    expect(t.stop).toEqual({ nodeId: INGRESS_HTTP_LISTENER, message: 'No route matched (404): no path matched on host localhost' });
  });

  it('stops at the service when it has no endpoints', () => {
    const t = tracePath(g, {
      request,
      result: 'route',
      route: { kind: 'Ingress', namespace: 'demo', name: 'echo' },
      action: 'forward',
      backends: [{ key: 'demo/echo:http', probability: 1, answer: 503, stop: 'no ready endpoints for demo/echo' }],
    });
    expect(t.stop).toEqual({ nodeId: 'service:demo/echo', message: 'no ready endpoints for demo/echo (503)' });
    expect(t.nodes).toContain('service:demo/echo');
    expect(t.target).toBeUndefined();
  });

  it('stops at the route for a redirect', () => {
    const t = tracePath(g, { request, result: 'route', route: { kind: 'Ingress', namespace: 'demo', name: 'echo' }, action: 'redirect', status: 308, location: 'https://localhost/echo' });
    expect(t.stop?.nodeId).toBe('route:Ingress/demo/echo');
    expect(t.stop?.message).toBe('Redirect 308 to https://localhost/echo');
  });
});
