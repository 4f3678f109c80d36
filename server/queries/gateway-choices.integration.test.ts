/**
 * The HTTPRoute form's Gateway choices for a project operator, against a real dev cluster: the
 * operator may not list portico-system's Gateways, so the console reads them with its own
 * identity, after the cluster confirmed the operator may read the project, and offers only the
 * listeners whose allowedRoutes admit the project (All; Same only in its own namespace; Selector
 * by the project Namespace's labels) and the route kind. Someone without access gets 403.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;

async function signInAs(username: string, groups: string[] = []) {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
}

const fixtures = `apiVersion: v1
kind: Namespace
metadata: {name: other-team}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: private-gw, namespace: other-team}
spec:
  gatewayClassName: portico
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: labelled-gw, namespace: other-team}
spec:
  gatewayClassName: portico
  listeners:
  - {name: web, port: 8081, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {shared-gateway: "yes"}}}}}
  - {name: grpc-only, port: 8082, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: GRPCRoute}]}}
  - {name: db, port: 5432, protocol: TCP, allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: olga-operator, namespace: demo}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "portico:project-operator"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: olga}]
`;

beforeAll(async () => {
  cluster = await startConsoleCluster();
  cluster.apply(fixtures);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

type Choices = Array<{ namespace: string; name: string; listeners: Array<{ name: string; protocol: string; port: number; kinds: string[] }> }>;

/** The Gateway choices as the browser gets them: GET /api/projects/<project>/gateways. */
async function apiChoices(project: string): Promise<{ status: number; body: unknown }> {
  const { GET } = await import('@/app/api/projects/[project]/[resource]/route');
  const res = await GET(new Request(`http://console.test/api/projects/${project}/gateways`), { params: Promise.resolve({ project, resource: 'gateways' }) });
  return { status: res.status, body: await res.json() };
}

const summary = (choices: Choices) => choices.map((g) => `${g.namespace}/${g.name}: ${g.listeners.map((l) => `${l.name}[${l.kinds.join(',')}]`).join(' ')}`);

describe('Gateway choices for a project operator', () => {
  it('the operator may not list portico-system Gateways, yet is offered the seeded Gateway portico with its listeners', async () => {
    await signInAs('olga');
    const { getKubeClient } = await import('../kube');
    const denied = await (await getKubeClient()).list('gateways', 'portico-system').catch((e: { code?: number }) => e.code);
    expect(denied).toBe(403);

    const r = await apiChoices('demo');
    expect(r.status).toBe(200);
    const choices = r.body as Choices;
    expect(choices.find((g) => g.namespace === 'portico-system' && g.name === 'portico')).toEqual({
      namespace: 'portico-system',
      name: 'portico',
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, kinds: ['HTTPRoute', 'GRPCRoute'] },
        { name: 'https', protocol: 'HTTPS', port: 443, kinds: ['HTTPRoute', 'GRPCRoute'] },
      ],
    });
    // other-team's Same-only Gateway is not offered; of labelled-gw only what admits every namespace
    expect(summary(choices)).toEqual([
      'other-team/labelled-gw: grpc-only[GRPCRoute] db[TCPRoute]',
      'portico-system/portico: http[HTTPRoute,GRPCRoute] https[HTTPRoute,GRPCRoute]',
    ]);
    // nothing but Gateway names and listener fields
    expect(JSON.stringify(choices)).not.toMatch(/status|attachedRoutes|private-gw|shared-gateway/);

    // the HTTPRoute form's action: HTTPRoute listeners only
    const { listGatewayChoicesAction } = await import('../actions/httproutes');
    const forHttp = await listGatewayChoicesAction('demo');
    expect(forHttp.ok && summary(forHttp.value as Choices)).toEqual(['portico-system/portico: http[HTTPRoute] https[HTTPRoute]']);
  });

  it('a Selector listener is offered once the project Namespace carries its label', async () => {
    await signInAs('olga');
    cluster.kubectl(['label', 'namespace', 'demo', 'shared-gateway=yes']);
    const { getGatewayChoices } = await import('./gateway-choices');
    const choices = await getGatewayChoices('demo', 'HTTPRoute');
    expect(summary(choices)).toEqual(['other-team/labelled-gw: web[HTTPRoute]', 'portico-system/portico: http[HTTPRoute] https[HTTPRoute]']);
    cluster.kubectl(['label', 'namespace', 'demo', 'shared-gateway-']);
  });

  it("each Gateway carries its GatewayClass's supportedFeatures, read as the console (the operator may not read GatewayClasses)", async () => {
    await signInAs('olga');
    const { getKubeClient } = await import('../kube');
    const { apiPath } = await import('@/lib/k8s/kinds');
    const denied = await (await getKubeClient()).call('GET', apiPath('GatewayClass')).catch((e: { code?: number }) => e.code);
    expect(denied).toBe(403);
    const { getGatewayChoices } = await import('./gateway-choices');
    // a class without the list: unknown, so no field (the forms then restrict nothing)
    cluster.kubectl(['patch', 'gatewayclass', 'portico', '--subresource=status', '--type=merge', '-p', '{"status":{"supportedFeatures":null}}']);
    expect((await getGatewayChoices('demo', 'HTTPRoute')).find((g) => g.name === 'portico')).not.toHaveProperty('supportedFeatures');
    cluster.kubectl(['patch', 'gatewayclass', 'portico', '--subresource=status', '--type=merge', '-p', '{"status":{"supportedFeatures":[{"name":"HTTPRoute"},{"name":"HTTPRouteCORS"}]}}']);
    const portico = (await getGatewayChoices('demo', 'HTTPRoute')).find((g) => g.name === 'portico');
    expect(portico?.supportedFeatures).toEqual(['HTTPRoute', 'HTTPRouteCORS']);
  });

  it("a user without access to the project gets 403 and no Gateway; a member of demo nothing for another project", async () => {
    await signInAs('vera');
    const r = await apiChoices('demo');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ message: 'You may not read project demo' });
    expect(JSON.stringify(r.body)).not.toContain('portico-system');
    await signInAs('olga');
    expect((await apiChoices('other-team')).status).toBe(403);
  });

  it("the route forms' picker (the API) also offers the project's ListenerSets with their listeners, the parent Gateway and its features; the plain query does not", async () => {
    cluster.apply(`apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: shop-tls, namespace: demo}
spec:
  parentRef: {name: portico, namespace: portico-system}
  listeners:
  - {name: https, port: 443, protocol: HTTPS, hostname: shop.demo.test, tls: {mode: Terminate, certificateRefs: [{name: shop-tls}]}}
  - {name: db, port: 5432, protocol: TCP}
`);
    cluster.kubectl(['patch', 'gatewayclass', 'portico', '--subresource=status', '--type=merge', '-p', '{"status":{"supportedFeatures":[{"name":"HTTPRoute"},{"name":"ListenerSet"}]}}']);
    await signInAs('olga');
    const r = await apiChoices('demo');
    expect(r.status).toBe(200);
    const set = (r.body as Array<Record<string, unknown>>).find((c) => c.kind === 'ListenerSet');
    expect(set).toEqual({
      kind: 'ListenerSet',
      namespace: 'demo',
      name: 'shop-tls',
      parent: 'portico-system/portico',
      listeners: [
        { name: 'https', protocol: 'HTTPS', port: 443, hostname: 'shop.demo.test', kinds: ['HTTPRoute', 'GRPCRoute'] },
        { name: 'db', protocol: 'TCP', port: 5432, kinds: ['TCPRoute'] },
      ],
      supportedFeatures: ['HTTPRoute', 'ListenerSet'],
    });
    const { getGatewayChoices } = await import('./gateway-choices');
    expect((await getGatewayChoices('demo', 'HTTPRoute', { listenerSets: true })).filter((c) => c.kind).map((c) => c.listeners.map((l) => l.name))).toEqual([['https']]);
    expect((await getGatewayChoices('demo', 'HTTPRoute')).some((c) => c.kind)).toBe(false);
    // another project's member sees none of demo's sets
    await signInAs('vera');
    expect((await apiChoices('demo')).status).toBe(403);
    cluster.kubectl(['delete', 'listenersets.gateway.networking.k8s.io', 'shop-tls', '-n', 'demo']);
  });
});
