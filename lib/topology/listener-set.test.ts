/**
 * Routes attached to a ListenerSet (issue 18): drawn on the set's listener, a listener node
 * hanging off the set's parent Gateway, with the set's listener status; never dropped.
 */
import { describe, expect, it } from 'vitest';
import { buildTopology, edgeId } from './build';
import { demo, NS } from './fixtures.test-util';
import type { ClusterObjects, ListedListenerSet } from './types';

const CONTROLLER = 'portico.dev/gateway-controller';
const SET_LISTENER = 'listener:demo/listenerset:shop-tls/https';

function cluster(setStatus?: ListedListenerSet['status'], sectionName = 'https'): ClusterObjects {
  const d = demo();
  d.gateways = [
    { metadata: { name: 'portico', namespace: 'portico-system' }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } },
    { metadata: { name: 'other', namespace: 'portico-system' }, spec: { gatewayClassName: 'someone-else', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } },
  ];
  d.listenerSets = [
    {
      metadata: { name: 'shop-tls', namespace: NS },
      spec: {
        parentRef: { name: 'portico', namespace: 'portico-system' },
        listeners: [
          { name: 'https', protocol: 'HTTPS', port: 443, hostname: 'shop.demo.test', tls: { certificateRefs: [{ name: 'shop-tls' }] } },
          { name: 'plain', protocol: 'HTTP', port: 80, hostname: 'shop.demo.test' },
        ],
      },
      ...(setStatus ? { status: setStatus } : {}),
    },
    { metadata: { name: 'foreign', namespace: NS }, spec: { parentRef: { name: 'other', namespace: 'portico-system' }, listeners: [{ name: 'x', protocol: 'HTTP', port: 80 }] } },
  ];
  d.httpRoutes = [
    {
      metadata: { name: 'shop', namespace: NS },
      spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-tls', sectionName }], hostnames: ['shop.demo.test'], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
      status: {
        parents: [
          { parentRef: { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-tls', sectionName }, controllerName: CONTROLLER, conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] },
        ],
      },
    },
    {
      metadata: { name: 'elsewhere', namespace: NS },
      spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'foreign' }], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
    },
  ];
  return d;
}

const programmed = { listeners: [{ name: 'https', attachedRoutes: 1, supportedKinds: [], conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed' }] }], conditions: [{ type: 'Accepted', status: 'True', reason: 'Accepted' }] };

describe('buildTopology: routes on a ListenerSet', () => {
  it("attaches the route to the set's named listener, a listener node on the parent Gateway", () => {
    const g = buildTopology(cluster(programmed as ListedListenerSet['status']));
    const into = g.edges.filter((e) => e.target === 'route:HTTPRoute/demo/shop').map((e) => e.source);
    expect(into).toEqual([SET_LISTENER]);
    const l = g.nodes.find((n) => n.id === SET_LISTENER)!;
    expect(l).toMatchObject({ kind: 'listener', label: 'https HTTPS :443', subtitle: 'ListenerSet shop-tls · host shop.demo.test' });
    expect(l.facts).toEqual(expect.arrayContaining([['ListenerSet', 'demo/shop-tls'], ['Gateway', 'portico-system/portico'], ['Status', 'Programmed True (Programmed)']]));
    expect(g.edges.map((e) => e.id)).toContain(edgeId('gateway:portico-system/portico', SET_LISTENER));
    // only the listener the route names is drawn; the route itself is accepted (no problems)
    expect(g.nodes.map((n) => n.id)).not.toContain('listener:demo/listenerset:shop-tls/plain');
    expect(g.nodes.find((n) => n.id === 'route:HTTPRoute/demo/shop')?.problems).toEqual([]);
  });

  it("carries the set's listener status: not Accepted is an error on its listener node", () => {
    const g = buildTopology(cluster({ conditions: [{ type: 'Accepted', status: 'False', reason: 'NotAllowed' }], listeners: [] } as unknown as ListedListenerSet['status']));
    const l = g.nodes.find((n) => n.id === SET_LISTENER)!;
    expect(l.health).toBe('error');
    expect(l.problems.map((p) => p.message)).toContain('ListenerSet shop-tls not Accepted: NotAllowed');
  });

  it('without a sectionName the route hangs off every listener of the set its kind attaches to', () => {
    const g = buildTopology(cluster(undefined, ''));
    const into = g.edges.filter((e) => e.target === 'route:HTTPRoute/demo/shop').map((e) => e.source).sort();
    expect(into).toEqual(['listener:demo/listenerset:shop-tls/https', 'listener:demo/listenerset:shop-tls/plain']);
  });

  it('draws no listener for a set on a Gateway of another class (the route is still drawn, unattached)', () => {
    const g = buildTopology(cluster());
    expect(g.nodes.map((n) => n.id)).toContain('route:HTTPRoute/demo/elsewhere');
    expect(g.edges.filter((e) => e.target === 'route:HTTPRoute/demo/elsewhere')).toEqual([]);
    expect(g.nodes.some((n) => n.id.includes('listenerset:foreign'))).toBe(false);
  });
});
