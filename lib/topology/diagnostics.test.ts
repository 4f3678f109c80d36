/** The failure table: each broken setup and what the graph says about it. */
import { describe, expect, it } from 'vitest';
import { buildTopology, edgeId } from './build';
import { demo, ingress, pod, service, slice } from './fixtures.test-util';
import type { ClusterObjects, ProblemCode, TopoGraph } from './types';
import { websocketTimeoutProblem } from '../diagnostics/failure-table';

const ROUTE = 'route:Ingress/demo/echo';
const SVC = 'service:demo/echo';
const codes = (x: { problems: { code: ProblemCode }[] } | undefined) => (x?.problems ?? []).map((p) => p.code);
const node = (g: TopoGraph, id: string) => g.nodes.find((n) => n.id === id);
const edge = (g: TopoGraph, a: string, b: string) => g.edges.find((e) => e.id === edgeId(a, b));
const now = new Date('2026-06-01T00:00:00Z');

interface Case {
  name: string;
  change: (d: ClusterObjects) => void;
  /** Where the problem shows: node or edge id pair, its health and problem codes. */
  expect: { at: string | [string, string]; health: string; codes: ProblemCode[] }[];
}

const cases: Case[] = [
  {
    name: 'backend service missing',
    change: (d) => {
      d.services = [];
      d.endpointSlices = [];
    },
    expect: [
      { at: [ROUTE, SVC], health: 'error', codes: ['ServiceMissing'] },
      { at: SVC, health: 'error', codes: ['ServiceMissing'] },
      { at: ROUTE, health: 'warning', codes: [] },
    ],
  },
  {
    name: 'backend port not on the service',
    change: (d) => {
      d.ingresses = [ingress('echo', [{ path: '/echo', service: 'echo', port: 8081 }])];
    },
    expect: [{ at: [ROUTE, SVC], health: 'error', codes: ['ServicePortMissing'] }],
  },
  {
    name: 'service without ready endpoints (pods not ready)',
    change: (d) => {
      d.pods = [pod('echo-abc-1', 'echo', { ready: false })];
      d.endpointSlices = [slice('echo', [{ ip: '127.1.0.1', pod: 'echo-abc-1', ready: false }])];
    },
    expect: [
      { at: SVC, health: 'error', codes: ['NoReadyEndpoints'] },
      { at: [ROUTE, SVC], health: 'error', codes: ['NoReadyEndpoints'] },
      { at: 'pod:demo/echo-abc-1', health: 'error', codes: ['PodNotReady'] },
      { at: [SVC, 'pod:demo/echo-abc-1'], health: 'error', codes: ['PodNotReady'] },
    ],
  },
  {
    name: 'selector matches no pod',
    change: (d) => {
      d.services = [service('echo', { selector: { app: 'ecko' } })];
      d.endpointSlices = [];
    },
    expect: [{ at: SVC, health: 'error', codes: ['NoMatchingPods', 'NoReadyEndpoints'] }],
  },
  {
    name: 'one of two pods not ready: a warning, the route still works',
    change: (d) => {
      d.pods[1] = pod('echo-abc-2', 'echo', { ready: false, ip: '127.1.0.2' });
      d.endpointSlices = [slice('echo', [{ ip: '127.1.0.1', pod: 'echo-abc-1', ready: true }, { ip: '127.1.0.2', pod: 'echo-abc-2', ready: false }])];
    },
    expect: [
      { at: SVC, health: 'warning', codes: ['PodNotReady'] },
      { at: [ROUTE, SVC], health: 'ok', codes: [] },
      { at: 'pod:demo/echo-abc-2', health: 'error', codes: ['PodNotReady'] },
    ],
  },
  {
    name: 'named targetPort not declared by the pods',
    change: (d) => {
      d.services = [service('echo', { ports: [{ name: 'http', port: 80, targetPort: 'web' }] })];
    },
    expect: [
      { at: SVC, health: 'error', codes: ['TargetPortNotServed'] },
      { at: [SVC, 'pod:demo/echo-abc-1'], health: 'error', codes: ['TargetPortNotServed'] },
      { at: [ROUTE, SVC], health: 'error', codes: ['TargetPortNotServed'] },
    ],
  },
  {
    name: 'numeric targetPort the containers do not declare',
    change: (d) => {
      d.services = [service('echo', { ports: [{ name: 'http', port: 80, targetPort: 9999 }] })];
    },
    expect: [{ at: [SVC, 'pod:demo/echo-abc-1'], health: 'warning', codes: ['TargetPortNotServed'] }],
  },
  {
    name: 'numeric targetPort with pods that declare no ports: not judged',
    change: (d) => {
      d.services = [service('echo', { ports: [{ name: 'http', port: 80, targetPort: 9999 }] })];
      d.pods = [pod('echo-abc-1', 'echo', { ports: [] })];
    },
    expect: [{ at: [SVC, 'pod:demo/echo-abc-1'], health: 'ok', codes: [] }],
  },
  {
    name: 'TLS secret missing',
    change: (d) => {
      d.ingresses[0].spec!.tls = [{ hosts: ['a.test'], secretName: 'a-tls' }];
    },
    expect: [
      { at: ROUTE, health: 'error', codes: ['TlsSecretMissing'] },
      { at: ['listener:ingress/https', ROUTE], health: 'error', codes: ['TlsSecretMissing'] },
    ],
  },
  {
    name: 'TLS secret expired',
    change: (d) => {
      d.ingresses[0].spec!.tls = [{ hosts: ['a.test'], secretName: 'a-tls' }];
      d.tlsSecrets = [{ name: 'a-tls', notAfter: '2026-05-01T00:00:00.000Z' }];
    },
    expect: [{ at: ROUTE, health: 'error', codes: ['TlsSecretExpired'] }],
  },
  {
    name: 'TLS secret expiring within two weeks',
    change: (d) => {
      d.ingresses[0].spec!.tls = [{ hosts: ['a.test'], secretName: 'a-tls' }];
      d.tlsSecrets = [{ name: 'a-tls', notAfter: '2026-06-05T00:00:00.000Z' }];
    },
    expect: [{ at: ROUTE, health: 'warning', codes: ['TlsSecretExpiringSoon'] }],
  },
  {
    name: 'TLS secret valid',
    change: (d) => {
      d.ingresses[0].spec!.tls = [{ hosts: ['a.test'], secretName: 'a-tls' }];
      d.tlsSecrets = [{ name: 'a-tls', notAfter: '2027-06-05T00:00:00.000Z' }];
    },
    expect: [{ at: ROUTE, health: 'ok', codes: [] }],
  },
  {
    name: 'Ingress of another class',
    change: (d) => {
      d.ingresses[0].spec!.ingressClassName = 'nginx';
    },
    expect: [{ at: ROUTE, health: 'warning', codes: ['RouteNotServed'] }],
  },
  {
    name: 'HTTPRoute not accepted by the gateway, with the reason',
    change: (d) => {
      d.ingresses = [];
      d.gateways = [{ metadata: { name: 'web', namespace: 'demo' }, spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } }];
      d.httpRoutes = [
        {
          metadata: { name: 'r', namespace: 'demo' },
          spec: { parentRefs: [{ name: 'web' }], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
          status: { parents: [{ parentRef: { name: 'web' }, controllerName: 'portico.dev/gateway-controller', conditions: [{ type: 'Accepted', status: 'False', reason: 'NoMatchingListenerHostname' }] }] },
        },
      ];
    },
    expect: [
      { at: 'route:HTTPRoute/demo/r', health: 'error', codes: ['RouteNotAccepted'] },
      { at: ['listener:demo/web/http', 'route:HTTPRoute/demo/r'], health: 'error', codes: ['RouteNotAccepted'] },
    ],
  },
  // Seed 004's failure table (lib/diagnostics/failure-table.ts), drawn in the same codes.
  {
    name: 'source IP lost: a LoadBalancer with externalTrafficPolicy Cluster',
    change: (d) => {
      d.services = [{ ...service('echo', { type: 'LoadBalancer' }), spec: { ...service('echo', { type: 'LoadBalancer' }).spec, externalTrafficPolicy: 'Cluster' } }];
    },
    expect: [
      { at: SVC, health: 'warning', codes: ['SourceIpLost'] },
      { at: ROUTE, health: 'ok', codes: [] },
    ],
  },
  {
    name: 'source IP kept: externalTrafficPolicy Local is not flagged',
    change: (d) => {
      d.services = [{ ...service('echo', { type: 'NodePort' }), spec: { ...service('echo', { type: 'NodePort' }).spec, externalTrafficPolicy: 'Local' } }];
    },
    expect: [{ at: SVC, health: 'ok', codes: [] }],
  },
  {
    name: 'WebSocket backend behind the default read timeout',
    change: (d) => {
      d.services = [service('echo', { ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'kubernetes.io/ws' }] })];
    },
    expect: [
      { at: ROUTE, health: 'warning', codes: ['WebSocketReadTimeout'] },
      { at: SVC, health: 'ok', codes: [] },
    ],
  },
  {
    name: 'WebSocket backend with a raised proxy-read-timeout is not flagged',
    change: (d) => {
      d.services = [service('echo', { ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP', appProtocol: 'kubernetes.io/ws' }] })];
      d.ingresses = [ingress('echo', [{ path: '/echo', service: 'echo' }], { annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' } })];
    },
    expect: [{ at: ROUTE, health: 'ok', codes: [] }],
  },
];

describe('diagnostics table', () => {
  it.each(cases)('$name', (c) => {
    const d = demo();
    c.change(d);
    const g = buildTopology(d, { now });
    for (const want of c.expect) {
      const target = typeof want.at === 'string' ? node(g, want.at) : edge(g, ...want.at);
      expect(target, `${want.at}`).toBeDefined();
      expect({ at: want.at, health: target!.health, codes: codes(target) }).toEqual({ at: want.at, health: want.health, codes: want.codes });
    }
  });

  it("failure-table problems carry the pages' own words (one text per failure)", () => {
    const d = demo();
    cases.find((c) => c.name.startsWith('WebSocket backend behind'))!.change(d);
    const ws = node(buildTopology(d, { now }), ROUTE)!.problems[0].message;
    expect(ws).toBe(websocketTimeoutProblem(d.ingresses[0], new Map(d.services.map((s) => [s.metadata!.name!, s]))));
    expect(ws).toContain('proxy-read-timeout');
  });

  it("a not-ready pod's node names the readiness probe it fails", () => {
    const d = demo();
    const p = pod('echo-abc-1', 'echo', { ready: false, ip: '127.1.0.1' });
    p.spec!.containers[0].readinessProbe = { httpGet: { path: '/healthz', port: 8080 } };
    p.status!.containerStatuses = [{ name: 'echo', ready: false, restartCount: 0, image: 'portico/echo:1', imageID: '', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }];
    d.pods = [p, d.pods[1]];
    const msg = node(buildTopology(d, { now }), 'pod:demo/echo-abc-1')!.problems.find((x) => x.code === 'PodNotReady')!.message;
    expect(msg).toContain('readiness probe not passing: echo: HTTP GET http://:8080/healthz');
  });

  it('names the accepted condition reason in the message', () => {
    const d = demo();
    cases.find((c) => c.name.startsWith('HTTPRoute not accepted'))!.change(d);
    const g = buildTopology(d, { now });
    expect(node(g, 'route:HTTPRoute/demo/r')!.problems[0].message).toContain('NoMatchingListenerHostname');
  });
});
