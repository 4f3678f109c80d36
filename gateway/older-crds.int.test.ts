// Integration (issue 18, compat): a cluster with the Gateway API v1.2 CRDs (dev cluster with
// DEVCLUSTER_GATEWAY_API_VERSIONS=v1.2: TCPRoute only at v1alpha2, ReferenceGrant only at
// v1beta1, no ListenerSet). The gateway finds those versions by discovery, routes a TCPRoute to
// a backend in another namespace allowed by a ReferenceGrant, and writes the route's status.
import { describe, expect, it } from 'vitest';
import { freePort, gatewayYaml, namespaceYaml, routeConditions, serviceYaml, tcpRoundTrip, waitFor } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'oldcrd';
const OTHER = 'oldcrd-backends';
let TCP_PORT = 0;

const t = gatewaySuite({
  cluster: { gatewayApiVersions: 'v1.2' },
  async prepare({ cluster, backend }) {
    TCP_PORT = await freePort();
    const b = await backend('far', '127.0.75.1', await freePort());
    cluster.apply(`${namespaceYaml(NS, OTHER)}---
${gatewayYaml(NS, 'tcp', [`{name: raw, port: ${TCP_PORT}, protocol: TCP}`])}---
${serviceYaml(OTHER, 'far', [b])}---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: raw, namespace: ${NS}}
spec:
  parentRefs: [{name: tcp, sectionName: raw}]
  rules: [{backendRefs: [{name: far, namespace: ${OTHER}, port: 80}]}]
`);
  },
});

const raw = (kubePath: string) => {
  try {
    return t.cluster.kubectl(['get', '--raw', kubePath]);
  } catch (err) {
    return String((err as Error).message);
  }
};
const httpOverTcp = async () => (await tcpRoundTrip(TCP_PORT, 'GET /hello HTTP/1.1\r\nHost: far\r\nConnection: close\r\n\r\n')).data.toString();

describe('older Gateway API CRDs (v1.2)', () => {
  it('the dev cluster serves only the v1.2 versions', () => {
    expect(raw('/apis/gateway.networking.k8s.io/v1/tcproutes')).toMatch(/NotFound|404/);
    expect(raw('/apis/gateway.networking.k8s.io/v1/referencegrants')).toMatch(/NotFound|404/);
    expect(JSON.parse(raw('/apis/gateway.networking.k8s.io/v1alpha2/tcproutes')).kind).toBe('TCPRouteList');
    expect(JSON.parse(raw('/apis/gateway.networking.k8s.io/v1')).resources.map((r: { name: string }) => r.name)).not.toContain('listenersets');
  });

  it('a TCPRoute v1alpha2 to another namespace: refused until a ReferenceGrant v1beta1 allows it, then routed; status written', async () => {
    await waitFor(() => routeConditions(t.cluster, 'tcproute', NS, 'raw').find((c) => c.type === 'ResolvedRefs' && c.status === 'False' && c.reason === 'RefNotPermitted'), 'RefNotPermitted on the TCPRoute', 30_000, 200);
    expect(await httpOverTcp()).not.toContain('"name":"far"');
    t.cluster.apply(`apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow-tcp, namespace: ${OTHER}}
spec:
  from: [{group: gateway.networking.k8s.io, kind: TCPRoute, namespace: ${NS}}]
  to: [{group: "", kind: Service}]
`);
    // the backend's answer came through the TCP listener (bytes the far side wrote)
    const answer = await waitFor(async () => {
      const a = await httpOverTcp();
      return a.startsWith('HTTP/1.1 200') && a.includes('"name":"far"') ? a : undefined;
    }, 'the TCPRoute routed to the granted backend', 30_000, 200);
    expect(answer).toContain('/hello');
    // status written at v1alpha2 (the only version served)
    const conds = await waitFor(() => {
      const cs = routeConditions(t.cluster, 'tcproute', NS, 'raw');
      return cs.find((c) => c.type === 'ResolvedRefs')?.status === 'True' ? cs : undefined;
    }, 'ResolvedRefs=True on the TCPRoute', 30_000, 200);
    expect(conds.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted' });
    const g = JSON.parse(t.cluster.kubectl(['get', 'gateway', 'tcp', '-n', NS, '-o', 'json'])).status;
    expect(g.listeners.find((l: { name: string }) => l.name === 'raw').attachedRoutes).toBe(1);
  }, 90_000);
});
