/**
 * The console's sign-in chain against a real dev cluster process: accounts stored as
 * Secrets with the console's own identity, first admin bootstrap, and requests made as the
 * session's user through impersonation (the cluster refuses what RBAC does not grant).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
// The session cookie of the "current request" (next/headers outside Next).
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;
let dataDir: string;


beforeAll(async () => {
  // a dev cluster process (spawned, not imported: the console never imports devcluster/)
  cluster = await startCluster();
  dataDir = cluster.dataDir;
  process.env.DATA_DIR = dataDir;
  delete process.env.KUBECONFIG;
  delete process.env.PORTICO_SESSION_SECRET;
  process.env.PORTICO_AUDIT_LOG = path.join(dataDir, 'audit.log');
  const deadline = Date.now() + 30_000;
  const sa = path.join(dataDir, 'serviceaccounts', 'portico-console.kubeconfig');
  const { getServiceKubeClient } = await import('../kube/client');
  while (Date.now() < deadline) {
    if (existsSync(sa)) {
      const ok = await getServiceKubeClient()
        .then((k) => k.list('namespaces'))
        .then(() => true)
        .catch(() => false);
      if (ok) return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('dev cluster did not start');
});

afterAll(async () => {
  await (await import('./audit')).flushAudit();
  await cluster?.stop();
});

describe('accounts', () => {
  it('creates the first admin once, from PORTICO_ADMIN_PASSWORD or generated and printed', async () => {
    const { ensureFirstAdmin, authenticate } = await import('./accounts');
    const { getServiceKubeClient } = await import('../kube/client');
    const kube = (await getServiceKubeClient()) as never;
    const printed: string[] = [];
    expect(await ensureFirstAdmin(kube, {} as NodeJS.ProcessEnv, (s) => printed.push(s))).toBe(true);
    const password = /password: (\S+)/.exec(printed.join('\n'))?.[1];
    expect(password).toBeTruthy();
    expect(await ensureFirstAdmin(kube, {} as NodeJS.ProcessEnv, (s) => printed.push(s))).toBe(false);
    expect(printed).toHaveLength(1);
    expect(await authenticate(kube, 'admin', password!)).toEqual({ username: 'admin', groups: ['portico:admins'], generation: 0 });
    expect(await authenticate(kube, 'admin', 'wrong-password')).toBeUndefined();
    expect(await authenticate(kube, 'nobody', 'whatever-pass')).toBeUndefined();
  });

  it('stores scrypt hashes in Secrets of portico-system, readable by the console identity only there', async () => {
    const { createAccount } = await import('./accounts');
    const { getServiceKubeClient } = await import('../kube/client');
    const kube = await getServiceKubeClient();
    await createAccount(kube as never, 'vera', 'viewer-pass-1');
    const s = await kube.get<{ type: string; data: Record<string, string> }>('secrets', 'portico-system', 'portico-user-vera');
    expect(s.type).toBe('portico.dev/account');
    expect(Buffer.from(s.data['password-hash'], 'base64').toString()).toMatch(/^scrypt\$/);
    expect(JSON.stringify(s)).not.toContain('viewer-pass-1');
    await expect(kube.list('secrets', 'demo')).rejects.toMatchObject({ code: 403 });
  });
});

describe('requests as the signed-in user', () => {
  async function signInAs(username: string, groups: string[] = []) {
    const { SESSION_COOKIE } = await import('./session');
    const { testSessionCookie } = await import('./test-sessions');
    jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
  }
  const ingress = (name: string) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name },
    spec: { ingressClassName: 'portico', rules: [{ host: `${name}.example.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
  });

  it('a viewer is refused with 403 by the cluster; an admin binds them operator and the next request works', async () => {
    const { createRouteAction } = await import('../actions/routes');
    const { bindMemberAction } = await import('./members');
    const { listProjects } = await import('../queries/projects');
    await signInAs('vera');
    expect(await listProjects()).toEqual([]);
    const refused = await createRouteAction('demo', ingress('by-vera'));
    expect(refused).toMatchObject({ ok: false, status: 403, reason: 'Forbidden' });

    await signInAs('admin', ['portico:admins']);
    expect(await listProjects()).toContain('demo');
    expect(await bindMemberAction('demo', 'vera', 'portico:project-operator')).toMatchObject({ ok: true });

    await signInAs('vera');
    expect(await listProjects()).toEqual(['demo']);
    expect(await createRouteAction('demo', ingress('by-vera'))).toMatchObject({ ok: true });
    // An operator cannot hand out roles.
    expect(await bindMemberAction('demo', 'mallory', 'portico:project-admin')).toMatchObject({ ok: false, status: 403 });
  });

  it('a tampered or missing cookie acts as nobody', async () => {
    const { listProjects } = await import('../queries/projects');
    const { SESSION_COOKIE } = await import('./session');
    await signInAs('admin', ['portico:admins']);
    const good = jar.get(SESSION_COOKIE)!;
    const forged = Buffer.from(JSON.stringify({ u: 'admin', g: ['system:masters'], iat: 0, exp: 9e9 })).toString('base64url');
    jar.set(SESSION_COOKIE, `${forged}.${good.split('.')[1]}`);
    expect(await listProjects()).toEqual([]);
    jar.delete(SESSION_COOKIE);
    expect(await listProjects()).toEqual([]);
  });

  it('records every mutation in the audit log (who, what, when, result)', async () => {
    await (await import('./audit')).flushAudit();
    const lines = readFileSync(path.join(dataDir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ user: 'vera', action: 'POST /apis/networking.k8s.io/v1/namespaces/demo/ingresses', namespace: 'demo', result: 'denied', code: 403 }));
    expect(lines).toContainEqual(expect.objectContaining({ user: 'vera', namespace: 'demo', result: 'success', code: 201 }));
    expect(lines).toContainEqual(expect.objectContaining({ user: 'admin', action: 'POST /apis/rbac.authorization.k8s.io/v1/namespaces/demo/rolebindings', result: 'success' }));
    expect(lines.every((l) => typeof l.time === 'string' && !Number.isNaN(Date.parse(l.time)))).toBe(true);
  });
});
