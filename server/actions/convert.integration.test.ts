/**
 * "Convert to Gateway API" server actions against a real dev cluster and gateway, as the
 * signed-in user: the operator gets the proposal for the demo Ingress (the seeded HTTPRoute
 * "echo" keeps its name: the proposal is "echo-ingress") and moves the traffic; a viewer's move
 * is refused by the cluster (403) and leaves nothing behind; a stranger may not even plan.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request, startConsoleCluster, startGateway, waitForAnswer, type TestCluster, type TestGateway } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;
let gw: TestGateway;

async function signInAs(username: string) {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, []));
}

const binding = (user: string, role: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: ${user}-${role.replace(/[^a-z]/g, '-')}, namespace: demo}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "${role}"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: ${user}}]
`;

beforeAll(async () => {
  cluster = await startConsoleCluster();
  cluster.apply(`${binding('olga', 'portico:project-operator')}---\n${binding('vic', 'portico:project-viewer')}`);
  gw = await startGateway({ KUBECONFIG: cluster.kubeconfig });
}, 180_000);

afterAll(async () => {
  await gw?.stop();
  await cluster?.stop();
});

const GATEWAY = { namespace: 'portico-system', name: 'portico' };

describe('convert actions', () => {
  it('plans as the operator; refuses a stranger', async () => {
    const { planConversionAction } = await import('./convert');
    await signInAs('stranger');
    const denied = await planConversionAction('demo', 'echo');
    expect(denied.ok === false && denied.status).toBe(403);

    await signInAs('olga');
    const r = await planConversionAction('demo', 'echo');
    if (!r.ok) throw new Error(r.message);
    expect(r.value.gateway).toEqual(GATEWAY);
    expect(r.value.plan.conversion.routes.map((x) => x.metadata.name)).toEqual(['echo-ingress']);
    expect(r.value.plan.equivalence?.differences).toEqual([]);
    expect(r.value.yaml).toMatch(/value: \/echo\n/);
    const bad = await planConversionAction('demo', 'echo', { namespace: 'Not_A_Namespace', name: 'x' });
    expect(bad.ok === false && bad.message).toMatch(/^gateway\.namespace: /);
  });

  it("a viewer's move is refused by the cluster and leaves the Ingress serving; the operator's moves the traffic", async () => {
    const { moveTrafficAction } = await import('./convert');
    await waitForAnswer({ port: gw.httpPort, path: '/echo/x' }, (a) => a.status === 200);
    await signInAs('vic');
    const denied = await moveTrafficAction('demo', 'echo', GATEWAY, false);
    expect(denied.ok === false && denied.status).toBe(403);
    expect(cluster.kubectl(['get', 'httproutes', '-n', 'demo', '-o', 'name']).trim()).toBe('httproute.gateway.networking.k8s.io/echo');

    await signInAs('olga');
    const moved = await moveTrafficAction('demo', 'echo', GATEWAY, false);
    if (!moved.ok) throw new Error(moved.message);
    expect(moved.value).toMatchObject({ routes: ['echo-ingress'], ingresses: ['echo'], hosts: [''] });
    const ing = JSON.parse(cluster.kubectl(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json']));
    expect(ing.spec.rules).toEqual([{}]);
    // Served by the HTTPRoute now, same answer.
    await waitFor200FromRoute();
  }, 90_000);
});

async function waitFor200FromRoute() {
  const { waitFor } = await import('../../testing/harness');
  await waitFor(async () => JSON.stringify((await gw.admin('/routes/test?url=' + encodeURIComponent('http://any.example/echo/x'))).body).includes('HTTPRoute/demo/echo-ingress'), 'the route serving /echo');
  const a = await request({ port: gw.httpPort, path: '/echo/x' });
  expect(a.status).toBe(200);
  expect(a.json().path).toBe('/echo/x');
}
