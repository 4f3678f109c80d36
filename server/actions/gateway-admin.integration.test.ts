/**
 * The console's side of the gateway admin API (issue 13 point 7), against real processes: a dev
 * cluster and a gateway whose admin API is bound beyond loopback (0.0.0.0, reached over
 * 127.0.0.1) with a token file. The console presents the token from its own setting (or the
 * Secret portico-gateway-admin-token), asks per
 * project only after the cluster confirmed the signed-in user may read it, and a project's
 * member never sees another project's routes, pods or addresses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCluster, startGateway, waitFor, type TestCluster, type TestGateway } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

const TOKEN = 'console-test-admin-token-3b9e1f7c5a2d';
const OTHER = 'other-team';
const OTHER_HOST = 'vault.other-team.test';

let cluster: TestCluster;
let gw: TestGateway;
let dir: string;
let otherPodIPs: string[] = [];

async function signInAs(username: string, groups: string[] = []) {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
}

const otherProject = `apiVersion: v1
kind: Namespace
metadata: {name: ${OTHER}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: vault, namespace: ${OTHER}}
spec:
  replicas: 1
  selector: {matchLabels: {app: vault}}
  template:
    metadata: {labels: {app: vault}}
    spec: {containers: [{name: vault, image: portico/echo:1, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: vault, namespace: ${OTHER}}
spec: {selector: {app: vault}, ports: [{name: http, port: 80, targetPort: http}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: vault, namespace: ${OTHER}}
spec:
  ingressClassName: portico
  rules: [{host: ${OTHER_HOST}, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: vault, port: {number: 80}}}}]}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dana-viewer, namespace: demo}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "portico:project-viewer"}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: dana}]
`;

beforeAll(async () => {
  cluster = await startConsoleCluster();
  cluster.apply(otherProject);
  dir = mkdtempSync(path.join(tmpdir(), 'portico-console-admin-'));
  const tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`);
  gw = await startGateway({ KUBECONFIG: cluster.kubeconfig, GATEWAY_ADMIN_ADDRESS: '0.0.0.0', GATEWAY_ADMIN_TOKEN_FILE: tokenFile });
  // the console's settings: where the admin API is and the token (as deploy/ mounts it)
  process.env.GATEWAY_ADMIN_URL = `http://127.0.0.1:${gw.adminPort}`;
  process.env.GATEWAY_ADMIN_TOKEN_FILE = tokenFile;
  delete process.env.GATEWAY_ADMIN_TOKEN;
  // both projects served with ready pods, so there is something to leak
  await waitFor(async () => {
    const cfg = (await gw.admin('/config')).body;
    const eps = cfg.endpoints ?? {};
    const ready = (key: string) => (eps[key]?.ready ?? []).map((e: { address: string }) => e.address);
    otherPodIPs = ready(`${OTHER}/vault:http`);
    return otherPodIPs.length > 0 && ready('demo/echo:http').length > 0;
  }, 'the gateway to serve demo and other-team with ready pods', 60_000, 200);
}, 180_000);

afterAll(async () => {
  await gw?.stop();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const leaks = (value: unknown) => {
  const text = JSON.stringify(value);
  return ['vault/', 'vault-', `"${OTHER}"`, `${OTHER}/`, ...otherPodIPs].filter((s) => text.includes(s));
};

describe('console -> gateway admin API', () => {
  it('a user who may not read the project gets 403, not data (Gateway page and trace)', async () => {
    const { getProjectGatewayOverview: gatewayInfoAction } = await import('../queries/gateway-overview');
    const { traceRequestAction } = await import('../topology/trace');
    await signInAs('vera');
    const info = await gatewayInfoAction('demo');
    expect(info).toMatchObject({ ok: false, status: 403, message: 'You may not read project demo' });
    const trace = await traceRequestAction('demo', { method: 'GET', url: 'http://localhost/echo', headers: [] });
    expect(trace).toMatchObject({ ok: false, status: 403 });
    // a member of demo is not a member of other-team
    await signInAs('dana');
    expect(await gatewayInfoAction(OTHER)).toMatchObject({ ok: false, status: 403 });
    expect(await traceRequestAction(OTHER, { method: 'GET', url: `http://${OTHER_HOST}/`, headers: [] })).toMatchObject({ ok: false, status: 403 });
  });

  it("a project member: the project's own /config and trace; another project's route only as 'served by another project'", async () => {
    const { getProjectGatewayOverview: gatewayInfoAction } = await import('../queries/gateway-overview');
    const { traceRequestAction } = await import('../topology/trace');
    await signInAs('dana');
    const info = await gatewayInfoAction('demo');
    if (!info.ok) throw new Error(info.message);
    expect(info.value.scope).toBe('project');
    expect(info.value.canViewWholeGateway).toBe(false);
    const config = info.value.health.config as { namespaces: string[]; routes: Array<{ route: { namespace: string } }> };
    expect(config.namespaces).toEqual(['demo']); // the console asked with namespace=demo
    expect(config.routes.length).toBeGreaterThan(0);
    expect(config.routes.every((r) => r.route.namespace === 'demo')).toBe(true);
    expect(leaks(config)).toEqual([]);

    const own = await traceRequestAction('demo', { method: 'GET', url: 'http://localhost/echo', headers: [] });
    if (!own.ok) throw new Error(own.message);
    expect(own.value.route).toMatchObject({ namespace: 'demo', name: 'echo' });
    expect(own.value.backends?.[0]?.nextEndpoint).toMatch(/^127\./);

    const other = await traceRequestAction('demo', { method: 'GET', url: `http://${OTHER_HOST}/`, headers: [] });
    if (!other.ok) throw new Error(other.message);
    expect(other.value).toMatchObject({ result: 'other-project', why: 'served by another project' });
    expect(other.value.route).toBeUndefined();
    expect(other.value.backends).toBeUndefined();
    expect(leaks(other.value)).toEqual([]);

    expect(await gatewayInfoAction('demo', { wholeGateway: true })).toMatchObject({ ok: false, status: 403, message: expect.stringContaining('platform admins') });
  });

  it("a project viewer gets the gateway Service's ports for the Access tab, read with the console's identity", async () => {
    const { getProjectGatewayOverview: gatewayInfoAction } = await import('../queries/gateway-overview');
    cluster.apply(`
apiVersion: v1
kind: Service
metadata: {name: portico-gateway, namespace: portico-system}
spec:
  type: NodePort
  selector: {app: portico-gateway}
  ports:
    - {name: http, port: 80, targetPort: 8080, nodePort: 31980}
    - {name: https, port: 443, targetPort: 8443, nodePort: 31943}
`);
    try {
      await signInAs('dana'); // a viewer of demo: may not read portico-system herself
      const info = await gatewayInfoAction('demo');
      if (!info.ok) throw new Error(info.message);
      expect(info.value.access.service).toMatchObject({ type: 'NodePort', httpPort: 80, httpsPort: 443, httpNodePort: 31980, httpsNodePort: 31943 });
      // Node IP: the nodes' addresses, read with the console's identity (a viewer may not list Nodes).
      const node = JSON.parse(cluster.kubectl(['get', 'nodes', '-o', 'json'])) as { items: Array<{ status: { addresses: Array<{ type: string; address: string }> } }> };
      const internal = node.items.flatMap((n) => n.status.addresses).filter((a) => a.type === 'InternalIP').map((a) => a.address);
      expect(internal.length).toBeGreaterThan(0);
      expect(info.value.access.nodeIPs).toEqual(expect.arrayContaining(internal));
      expect(leaks(info.value)).toEqual([]);
    } finally {
      cluster.kubectl(['delete', 'service', 'portico-gateway', '-n', 'portico-system']);
    }
  });

  it('a platform admin may ask for the whole gateway', async () => {
    const { getProjectGatewayOverview: gatewayInfoAction } = await import('../queries/gateway-overview');
    await signInAs('admin', ['portico:admins']);
    const info = await gatewayInfoAction('demo', { wholeGateway: true });
    if (!info.ok) throw new Error(info.message);
    expect(info.value.canViewWholeGateway).toBe(true);
    const namespaces = new Set((info.value.health.config as { routes: Array<{ route: { namespace: string } }> }).routes.map((r) => r.route.namespace));
    expect([...namespaces].sort()).toEqual(['demo', OTHER]);
  });

  it('without the token the gateway refuses the console, which says which setting to give; with neither setting it reads the Secret', async () => {
    const { getProjectGatewayOverview: gatewayInfoAction } = await import('../queries/gateway-overview');
    const { traceRequestAction } = await import('../topology/trace');
    await signInAs('dana');
    const file = process.env.GATEWAY_ADMIN_TOKEN_FILE;
    delete process.env.GATEWAY_ADMIN_TOKEN_FILE;
    try {
      const info = await gatewayInfoAction('demo');
      if (!info.ok) throw new Error(info.message);
      expect(info.value.health).toMatchObject({ reachable: true, healthz: 200, readyz: 200 });
      expect(info.value.health.config).toBeUndefined();
      expect(info.value.health.error).toMatch(/refused the console \(401\).*GATEWAY_ADMIN_TOKEN_FILE or GATEWAY_ADMIN_TOKEN/);
      const trace = await traceRequestAction('demo', { method: 'GET', url: 'http://localhost/echo', headers: [] });
      expect(trace).toMatchObject({ ok: false, reason: 'GatewayAdminRefused' });
      // neither setting: the Secret portico-gateway-admin-token, read with the console's own identity
      cluster.kubectl(['-n', 'portico-system', 'create', 'secret', 'generic', 'portico-gateway-admin-token', `--from-literal=token=${TOKEN}`]);
      const viaSecret = await waitFor(async () => {
        const r = await gatewayInfoAction('demo');
        return r.ok && r.value.health.config ? r.value.health.config : undefined;
      }, 'the console to read the token from the Secret', 10_000, 250);
      expect(viaSecret.namespaces).toEqual(['demo']);
      // a setting wins over the Secret
      process.env.GATEWAY_ADMIN_TOKEN = `${TOKEN}-wrong`;
      const wrong = await gatewayInfoAction('demo');
      expect(wrong.ok && wrong.value.health.error).toMatch(/401/);
    } finally {
      delete process.env.GATEWAY_ADMIN_TOKEN;
      process.env.GATEWAY_ADMIN_TOKEN_FILE = file;
    }
  });
});
