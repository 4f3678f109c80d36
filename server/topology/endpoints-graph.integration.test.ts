/**
 * Manual endpoints and the topology drawn from them (issue 16 points 3 and 7; issue 15's
 * listeners), against real processes: a dev cluster, a gateway and a backend on a loopback
 * address. A project operator adds two manual endpoints to a selectorless Service with the
 * console's server action — one answers, nothing listens on the other — traffic through the
 * gateway gets the dead one passively ejected, and the graph API as that operator reports it
 * ejected (and the live one ready), with the shared Gateway's listener the project may use.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request, startBackend, startConsoleCluster, startGateway, waitFor, waitForAnswer, type Backend, type TestCluster, type TestGateway } from '../../testing/harness';
import type { TopoGraph } from '@/lib/topology';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

const HOST = 'legacy.endpoints.test';
const LIVE = '127.0.77.1';
const DEAD = '127.0.77.2';

let cluster: TestCluster;
let gw: TestGateway;
let backend: Backend;

async function signInAs(username: string, groups: string[] = []) {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
}

beforeAll(async () => {
  cluster = await startConsoleCluster();
  backend = await startBackend('legacy-live', LIVE, 0);
  cluster.apply(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: olga-operator, namespace: demo}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "portico:project-operator"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: olga}]
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: demo}
spec:
  ports: [{name: http, port: 80, targetPort: ${backend.port}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: legacy, namespace: demo}
spec:
  ingressClassName: portico
  rules: [{host: ${HOST}, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: legacy, port: {name: http}}}}]}}]
`);
  gw = await startGateway({ KUBECONFIG: cluster.kubeconfig });
  process.env.GATEWAY_ADMIN_URL = `http://127.0.0.1:${gw.adminPort}`;
  delete process.env.GATEWAY_ADMIN_TOKEN_FILE;
  delete process.env.GATEWAY_ADMIN_TOKEN;
}, 180_000);

afterAll(async () => {
  await gw?.stop();
  await backend?.close();
  await cluster?.stop();
});

const http = (port: number) => [{ name: 'http', port, protocol: 'TCP' as const }];

describe('manual endpoints, as a project operator', () => {
  it('refuses bad input naming the field: a malformed address locally, a link-local one by the cluster', async () => {
    const { addManualEndpointAction } = await import('../actions/endpoints');
    await signInAs('olga');
    expect(await addManualEndpointAction('demo', 'legacy', { address: '10.0.0.300', ports: http(backend.port), ready: true })).toMatchObject({
      ok: false,
      status: 422,
      fieldErrors: [{ field: 'address', message: 'Invalid value: "10.0.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' }],
    });
    expect(await addManualEndpointAction('demo', 'legacy', { address: '10.0.0.3', ports: http(0), ready: true })).toMatchObject({ ok: false, fieldErrors: [{ field: 'ports[0].port' }] });
    // the dev cluster's address admission (as kube-apiserver): the error comes back on the address field
    const linkLocal = await addManualEndpointAction('demo', 'legacy', { address: '169.254.169.254', ports: http(backend.port), ready: true });
    expect(linkLocal).toMatchObject({ ok: false, status: 422, fieldErrors: [{ field: 'address', message: expect.stringContaining('may not be in the link-local range') }] });
    // a Service with a selector keeps its endpoints from its pods
    expect(await addManualEndpointAction('demo', 'echo', { address: '10.0.0.3', ports: http(8080), ready: true })).toMatchObject({ ok: false, fieldErrors: [{ field: 'spec.selector' }] });
    // nothing was written
    expect(JSON.parse(cluster.kubectl(['get', 'endpointslices', '-n', 'demo', '-l', 'kubernetes.io/service-name=legacy', '-o', 'json'])).items).toEqual([]);
  });

  it('a viewer may not add endpoints: the cluster refuses', async () => {
    cluster.apply(`
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: vic-viewer, namespace: demo}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "portico:project-viewer"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: vic}]
`);
    const { addManualEndpointAction } = await import('../actions/endpoints');
    await signInAs('vic');
    expect(await addManualEndpointAction('demo', 'legacy', { address: LIVE, ports: http(backend.port), ready: true })).toMatchObject({ ok: false, status: 403 });
  });

  it('adds two endpoints as EndpointSlice entries the gateway serves', async () => {
    const { addManualEndpointAction, listServiceEndpointsAction } = await import('../actions/endpoints');
    await signInAs('olga');
    for (const address of [LIVE, DEAD]) {
      const r = await addManualEndpointAction('demo', 'legacy', { address, ports: http(backend.port), ready: true });
      expect(r).toMatchObject({ ok: true, value: { slice: expect.stringMatching(/^legacy-portico-[0-9a-f]{8}$/) } });
    }
    // what the cluster stored: one slice, labelled for the Service and managed by the console
    const slices = JSON.parse(cluster.kubectl(['get', 'endpointslices', '-n', 'demo', '-l', 'kubernetes.io/service-name=legacy', '-o', 'json'])).items;
    expect(slices).toHaveLength(1);
    expect(slices[0].metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('console.portico.dev');
    expect(slices[0].addressType).toBe('IPv4');
    expect(slices[0].endpoints.map((e: { addresses: string[] }) => e.addresses[0])).toEqual([LIVE, DEAD]);
    expect(slices[0].ports).toEqual([{ name: 'http', port: backend.port, protocol: 'TCP' }]);
    const listed = await listServiceEndpointsAction('demo', 'legacy');
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.value.manualAllowed).toBe(true);
    expect(listed.value.rows.map((r) => [r.address, r.ready, r.manual])).toEqual([
      [LIVE, true, true],
      [DEAD, true, true],
    ]);
    // the backend answers through the gateway
    const r = await waitForAnswer({ port: gw.httpPort, host: HOST, path: '/hello' }, (a) => a.status === 200);
    expect(r.json().name).toBe('legacy-live');
    expect(r.json().path).toBe('/hello');
  });

  it('the graph API reports the dead endpoint ejected by the gateway and the live one ready', async () => {
    const { getTopology } = await import('./graph');
    await signInAs('olga');
    const SVC = 'service:demo/legacy';
    const dead = `endpoint:demo/legacy/${DEAD}`;
    const live = `endpoint:demo/legacy/${LIVE}`;
    // Requests reach the dead address in turn (round robin): a refused connect ejects it. The
    // ejection lasts 2 s, doubling while it keeps failing, so keep sending until the graph shows it.
    const g = await waitFor(
      async () => {
        for (let i = 0; i < 4; i++) await request({ port: gw.httpPort, host: HOST, path: '/' }).catch(() => undefined);
        const graph: TopoGraph = await getTopology('demo');
        return graph.nodes.find((n) => n.id === dead)?.state === 'ejected' ? graph : undefined;
      },
      'the graph to show the dead endpoint ejected',
      30_000,
      100,
    );
    const node = (id: string) => g.nodes.find((n) => n.id === id)!;
    expect(node(dead)).toMatchObject({ kind: 'endpoint', health: 'error', state: 'ejected' });
    expect(node(dead).problems[0]).toMatchObject({ code: 'EndpointEjected', message: expect.stringContaining(`ECONNREFUSED ${DEAD}:${backend.port}`) });
    expect(node(live)).toMatchObject({ kind: 'endpoint', health: 'ok', state: 'ready' });
    expect(g.edges.find((e) => e.source === SVC && e.target === dead)).toMatchObject({ kind: 'service-endpoint', health: 'error' });
    expect(g.edges.find((e) => e.source === SVC && e.target === live)).toMatchObject({ kind: 'service-endpoint', health: 'ok' });
    // the gateway process is live and ready; its Ingress listener with it
    expect(node('gateway:portico')).toMatchObject({ health: 'ok' });
    expect(node('listener:ingress/http').health).toBe('ok');
    // issue 15: the shared Gateway in portico-system (not readable by the operator) and the
    // listener the seeded HTTPRoute uses are drawn, with the listener's status
    expect(node('gateway:portico-system/portico')).toMatchObject({ kind: 'gateway' });
    expect(node('listener:portico-system/portico/http')).toMatchObject({ kind: 'listener' });
    expect(g.edges.some((e) => e.source === 'listener:portico-system/portico/http' && e.target === 'route:HTTPRoute/demo/echo')).toBe(true);
  });

  it("a user who may not read the project gets 403 from the graph, and the gateway's view of it is never asked", async () => {
    const { getTopology } = await import('./graph');
    await signInAs('mallory');
    await expect(getTopology('demo')).rejects.toMatchObject({ code: 403 });
  });

  it('removes an endpoint; the last one removes the slice', async () => {
    const { listServiceEndpointsAction, removeManualEndpointAction } = await import('../actions/endpoints');
    await signInAs('olga');
    const listed = await listServiceEndpointsAction('demo', 'legacy');
    if (!listed.ok) throw new Error(listed.message);
    const slice = listed.value.rows[0]!.slice;
    expect(await removeManualEndpointAction('demo', 'legacy', slice, DEAD)).toEqual({ ok: true, value: { removed: DEAD } });
    const after = await listServiceEndpointsAction('demo', 'legacy');
    expect(after.ok && after.value.rows.map((r) => r.address)).toEqual([LIVE]);
    expect(await removeManualEndpointAction('demo', 'echo', slice, LIVE)).toMatchObject({ ok: false, status: 422 }); // another Service's name
    expect(await removeManualEndpointAction('demo', 'legacy', slice, LIVE)).toEqual({ ok: true, value: { removed: LIVE } });
    expect(JSON.parse(cluster.kubectl(['get', 'endpointslices', '-n', 'demo', '-l', 'kubernetes.io/service-name=legacy', '-o', 'json'])).items).toEqual([]);
  });

  it("a route on the project's ListenerSet hangs off the set's listener in the graph (issue 18), on the shared Gateway", async () => {
    cluster.apply(`
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: legacy-set, namespace: demo}
spec:
  parentRef: {name: portico, namespace: portico-system}
  listeners: [{name: web, port: 80, protocol: HTTP, hostname: set.endpoints.test}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: on-set, namespace: demo}
spec:
  parentRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: legacy-set, sectionName: web}]
  hostnames: [set.endpoints.test]
  rules: [{backendRefs: [{name: legacy, port: 80}]}]
`);
    await signInAs('olga');
    const { getTopology } = await import('./graph');
    const graph = await getTopology('demo');
    const listener = 'listener:demo/listenerset:legacy-set/web';
    expect(graph.edges.filter((e) => e.target === 'route:HTTPRoute/demo/on-set').map((e) => e.source)).toEqual([listener]);
    expect(graph.edges.some((e) => e.source === 'gateway:portico-system/portico' && e.target === listener)).toBe(true);
    expect(graph.nodes.find((n) => n.id === listener)).toMatchObject({ kind: 'listener', subtitle: 'ListenerSet legacy-set · host set.endpoints.test' });
    cluster.kubectl(['delete', 'httproute', 'on-set', '-n', 'demo']);
    cluster.kubectl(['delete', 'listenersets.gateway.networking.k8s.io', 'legacy-set', '-n', 'demo']);
  });
});
