/**
 * RBAC, impersonation and service-account tokens over real HTTPS against a dev cluster:
 * the admin token is system:masters, only the console identity may impersonate, and
 * impersonated users get exactly what their bindings grant.
 */
import https from 'node:https';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../testing/harness';

let c: TestCluster;
let consoleToken: string;
let gatewayToken: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function call(method: string, urlPath: string, opts: { token?: string; headers?: Record<string, string | string[]>; body?: unknown } = {}): Promise<{ status: number; json: any }> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(urlPath, c.url),
      {
        method,
        ca: c.caCert,
        headers: { Authorization: `Bearer ${opts.token ?? c.token}`, Accept: 'application/json', ...(payload ? { 'Content-Type': 'application/json' } : {}), ...opts.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const as = (user: string, groups: string[] = []) => ({ token: consoleToken, headers: { 'Impersonate-User': user, ...(groups.length ? { 'Impersonate-Group': groups } : {}) } });
const ING = '/apis/networking.k8s.io/v1/namespaces';
const ingress = (name: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec: { defaultBackend: { service: { name: 'x', port: { number: 80 } } } } });
const bind = (ns: string, user: string, role: string) =>
  call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    body: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: `${user}-${role.replace(/:/g, '-')}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: [{ kind: 'User', name: user }] },
  });

beforeAll(async () => {
  c = await startTestCluster();
  const dir = path.join(c.dataDir, 'serviceaccounts');
  consoleToken = readFileSync(path.join(dir, 'portico-console.token'), 'utf8').trim();
  gatewayToken = readFileSync(path.join(dir, 'portico-gateway.token'), 'utf8').trim();
  expect(readFileSync(path.join(dir, 'portico-console.kubeconfig'), 'utf8')).toContain(consoleToken);
  for (const ns of ['team-a', 'team-b']) expect((await call('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } })).status).toBe(201);
  expect((await bind('team-a', 'olga', 'portico:project-operator')).status).toBe(201);
  expect((await bind('team-a', 'vic', 'portico:project-viewer')).status).toBe(201);
});
afterAll(async () => {
  await c?.cleanup();
});

describe('bootstrap', () => {
  it('seeds the portico roles, service accounts and the console/gateway bindings', async () => {
    const roles = await call('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles');
    const names = roles.json.items.map((r: { metadata: { name: string } }) => r.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['cluster-admin', 'portico:project-admin', 'portico:project-operator', 'portico:project-viewer', 'portico:console', 'portico:gateway']));
    const sas = await call('GET', '/api/v1/namespaces/portico-system/serviceaccounts');
    expect(sas.json.items.map((s: { metadata: { name: string } }) => s.metadata.name).sort()).toEqual(['portico-console', 'portico-gateway']);
  });
});

describe('impersonation', () => {
  it('is refused for identities without the impersonate verb (gateway token, impersonated users)', async () => {
    const r = await call('GET', `${ING}/team-a/ingresses`, { token: gatewayToken, headers: { 'Impersonate-User': 'olga' } });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', message: 'users "olga" is forbidden: User "system:serviceaccount:portico-system:portico-gateway" cannot impersonate resource "users" in API group "" at the cluster scope' });
    const anon = await call('GET', `${ING}/team-a/ingresses`, { token: 'not-a-token', headers: { 'Impersonate-User': 'olga' } });
    expect(anon.status).toBe(401);
  });
  it('lets the console impersonate users and groups; the admin token too (system:masters)', async () => {
    const who = await call('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', { ...as('olga', ['dev', 'ops']), body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(who.json.status.userInfo).toEqual({ username: 'olga', groups: ['dev', 'ops', 'system:authenticated'] });
    const admin = await call('GET', `${ING}/team-a/ingresses`, { headers: { 'Impersonate-User': 'vic' } });
    expect(admin.status).toBe(200);
  });
  it('refuses groups without a user', async () => {
    expect((await call('GET', '/api/v1/namespaces', { token: consoleToken, headers: { 'Impersonate-Group': 'portico:admins' } })).status).toBe(400);
  });
});

describe('RBAC through impersonation', () => {
  it('an operator manages routes in their project and nothing in another', async () => {
    expect((await call('POST', `${ING}/team-a/ingresses`, { ...as('olga'), body: ingress('r1') })).status).toBe(201);
    const other = await call('GET', `${ING}/team-b/ingresses`, as('olga'));
    expect(other.status).toBe(403);
    expect(other.json.message).toBe('ingresses.networking.k8s.io is forbidden: User "olga" cannot list resource "ingresses" in API group "networking.k8s.io" in the namespace "team-b"');
    expect((await call('GET', `${ING}/team-b/ingresses?watch=1`, as('olga'))).status).toBe(403);
    expect((await call('GET', '/apis/networking.k8s.io/v1/ingresses', as('olga'))).status).toBe(403);
    expect((await call('GET', '/api/v1/namespaces', as('olga'))).status).toBe(403);
    expect((await call('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings`, { ...as('olga'), body: {} })).status).toBe(403);
  });
  it('a viewer reads but cannot create, nor read secrets', async () => {
    expect((await call('GET', `${ING}/team-a/ingresses/r1`, as('vic'))).status).toBe(200);
    const denied = await call('POST', `${ING}/team-a/ingresses`, { ...as('vic'), body: ingress('r2') });
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe('ingresses.networking.k8s.io is forbidden: User "vic" cannot create resource "ingresses" in API group "networking.k8s.io" in the namespace "team-a"');
    expect((await call('GET', '/api/v1/namespaces/team-a/secrets', as('vic'))).status).toBe(403);
  });
  it('portico:admins get everything; a new binding counts on the very next request', async () => {
    expect((await call('GET', '/api/v1/namespaces', as('root', ['portico:admins']))).status).toBe(200);
    expect((await call('GET', `${ING}/team-b/ingresses`, as('nina'))).status).toBe(403);
    expect((await bind('team-b', 'nina', 'portico:project-viewer')).status).toBe(201);
    expect((await call('GET', `${ING}/team-b/ingresses`, as('nina'))).status).toBe(200);
  });
  it('answers access and rules reviews for the impersonated user', async () => {
    const ssar = (verb: string, namespace: string) =>
      call('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        ...as('olga'),
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, group: 'networking.k8s.io', resource: 'ingresses', namespace } } },
      });
    expect((await ssar('create', 'team-a')).json.status.allowed).toBe(true);
    expect((await ssar('create', 'team-b')).json.status.allowed).toBe(false);
    const rules = await call('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { ...as('olga'), body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'team-a' } } });
    expect(rules.status).toBe(201);
    expect(rules.json.status.incomplete).toBe(false);
    expect(rules.json.status.resourceRules).toContainEqual(expect.objectContaining({ apiGroups: ['networking.k8s.io'], resources: ['ingresses'] }));
    expect(rules.json.status.nonResourceRules.length).toBeGreaterThan(0);
  });
  it('the gateway identity reads routes cluster-wide but cannot write them', async () => {
    expect((await call('GET', '/apis/networking.k8s.io/v1/ingresses', { token: gatewayToken })).status).toBe(200);
    expect((await call('DELETE', `${ING}/team-a/ingresses/r1`, { token: gatewayToken })).status).toBe(403);
  });
});
