/**
 * The Users and Projects pages' server actions against a real dev cluster process: every
 * action refuses a non-admin with 403 (nothing changes in the cluster), account changes end
 * the account's sessions, projects are namespaces with a project-admin RoleBinding.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  headers: async () => new Headers(),
  cookies: async () => ({
    get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined),
    set: (n: string, v: string) => void jar.set(n, v),
    delete: (n: string) => void jar.delete(n),
  }),
}));

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  delete process.env.PORTICO_SESSION_SECRET;
  process.env.PORTICO_AUDIT_LOG = path.join(cluster.dataDir, 'audit.log');
  const deadline = Date.now() + 30_000;
  const sa = path.join(cluster.dataDir, 'serviceaccounts', 'portico-console.kubeconfig');
  const { getServiceKubeClient } = await import('../kube/client');
  while (Date.now() < deadline) {
    if (existsSync(sa) && (await getServiceKubeClient().then((k) => k.list('namespaces')).then(() => true, () => false))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('dev cluster did not start');
}, 60_000);

afterAll(async () => {
  await (await import('../auth/audit')).flushAudit();
  await cluster?.stop();
});

async function signInAs(username: string, groups: string[] = []): Promise<string> {
  const { SESSION_COOKIE } = await import('../auth/session');
  const { testSessionCookie } = await import('../auth/test-sessions');
  const cookie = await testSessionCookie(username, groups);
  jar.set(SESSION_COOKIE, cookie);
  return cookie;
}
const service = async () => (await import('../kube/client')).getServiceKubeClient();
const sessionValid = async (cookie: string) => {
  const { validSession, sessionStates } = await import('../auth/sessions');
  sessionStates.forget(JSON.parse(Buffer.from(cookie.split('.')[0], 'base64url').toString()).u);
  return Boolean(await validSession(cookie));
};

describe('platform admin actions', () => {
  it('refuses a non-admin with 403 for every action, changing nothing', async () => {
    const users = await import('./users');
    const projects = await import('./projects');
    await signInAs('target', []);
    await signInAs('plain', []);
    const results = [
      await users.createUserAction({ username: 'sneaky', password: 'long-enough-password' }),
      await users.resetPasswordAction('target', 'long-enough-password'),
      await users.setUserDisabledAction('target', true),
      await users.setUserAdminAction('plain', true),
      await users.deleteUserAction('target'),
      await projects.createProjectAction({ name: 'sneaky-project' }),
      await projects.deleteProjectAction('demo', 'demo'),
      await projects.projectContentsAction('demo'),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, status: 403 });
    expect(await (await import('./users-read')).listUsers()).toBeNull();
    const kube = await service();
    expect(await kube.find('secrets', 'portico-system', 'portico-user-sneaky')).toBeUndefined();
    expect(await kube.find('namespaces', undefined, 'sneaky-project')).toBeUndefined();
    expect(await kube.find('namespaces', undefined, 'demo')).toBeDefined();
    const overview = await (await import('./projects-read')).projectsOverview();
    expect(overview).toMatchObject({ admin: false, system: [] });
    await (await import('../auth/audit')).flushAudit();
    const lines = readFileSync(process.env.PORTICO_AUDIT_LOG!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ user: 'plain', action: 'create account', name: 'sneaky', result: 'denied', code: 403 }));
    expect(lines).toContainEqual(expect.objectContaining({ user: 'plain', action: 'delete project', name: 'demo', result: 'denied' }));
  });

  it('creates accounts (typed or generated password, shown once, never logged) and the account can sign in', async () => {
    const users = await import('./users');
    const { authenticate } = await import('../auth/accounts');
    await signInAs('admin', ['portico:admins']);
    const short = await users.createUserAction({ username: 'ann', password: 'short' });
    expect(short).toMatchObject({ ok: false, status: 422, fieldErrors: [expect.objectContaining({ field: 'password' })] });
    expect(await users.createUserAction({ username: 'Bad Name' })).toMatchObject({ ok: false, status: 422, fieldErrors: [expect.objectContaining({ field: 'username' })] });
    const gen = await users.createUserAction({ username: 'ann' });
    expect(gen.ok).toBe(true);
    const password = gen.ok ? gen.value.password : '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(await authenticate((await service()) as never, 'ann', password)).toMatchObject({ username: 'ann', groups: [] });
    const typed = await users.createUserAction({ username: 'bob', password: 'bobs-own-password', admin: true });
    expect(typed).toMatchObject({ ok: true, value: { generated: false } });
    expect(await users.createUserAction({ username: 'bob', password: 'bobs-own-password' })).toMatchObject({ ok: false, status: 409 });
    const rows = await (await import('./users-read')).listUsers();
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'ann', admin: false, disabled: false }), expect.objectContaining({ username: 'bob', admin: true })]));
    await (await import('../auth/audit')).flushAudit();
    const log = readFileSync(process.env.PORTICO_AUDIT_LOG!, 'utf8');
    expect(log).toContain('"action":"create account"');
    expect(log).not.toContain(password);
    expect(log).not.toContain('bobs-own-password');
  });

  it('reset, group change, disable and delete each end the account\'s sessions at once', async () => {
    const users = await import('./users');
    const { authenticate } = await import('../auth/accounts');
    await signInAs('admin', ['portico:admins']);
    expect(await users.createUserAction({ username: 'carl', password: 'carls-first-password' })).toMatchObject({ ok: true });

    let carl = await signInAs('carl', []);
    await signInAs('admin', ['portico:admins']);
    const reset = await users.resetPasswordAction('carl', '');
    expect(reset).toMatchObject({ ok: true, value: { generated: true } });
    expect(await sessionValid(carl)).toBe(false);
    expect(await authenticate((await service()) as never, 'carl', 'carls-first-password')).toBeUndefined();
    expect(await authenticate((await service()) as never, 'carl', reset.ok ? reset.value.password : '')).toBeDefined();

    carl = await signInAs('carl', []);
    await signInAs('admin', ['portico:admins']);
    expect(await users.setUserAdminAction('carl', true)).toMatchObject({ ok: true });
    expect(await sessionValid(carl)).toBe(false);
    expect((await (await import('./users-read')).listUsers())?.find((u) => u.username === 'carl')).toMatchObject({ admin: true, groups: ['portico:admins'] });

    carl = await signInAs('carl', ['portico:admins']);
    await signInAs('admin', ['portico:admins']);
    expect(await users.setUserAdminAction('carl', false)).toMatchObject({ ok: true });
    expect(await sessionValid(carl)).toBe(false);

    carl = await signInAs('carl', []);
    await signInAs('admin', ['portico:admins']);
    expect(await users.setUserDisabledAction('carl', true)).toMatchObject({ ok: true });
    expect(await sessionValid(carl)).toBe(false);
    expect((await (await import('./users-read')).listUsers())?.find((u) => u.username === 'carl')).toMatchObject({ disabled: true });
    expect(await users.setUserDisabledAction('carl', false)).toMatchObject({ ok: true });

    carl = await signInAs('carl', []);
    expect(await sessionValid(carl)).toBe(true);
    await signInAs('admin', ['portico:admins']);
    expect(await users.deleteUserAction('carl')).toMatchObject({ ok: true });
    expect(await sessionValid(carl)).toBe(false);
    expect(await users.deleteUserAction('carl')).toMatchObject({ ok: false, status: 404 });
    // An admin cannot lock themselves out.
    expect(await users.deleteUserAction('admin')).toMatchObject({ ok: false, status: 422 });
    expect(await users.setUserAdminAction('admin', false)).toMatchObject({ ok: false, status: 422 });
  });

  it('a user changes their own password with the current one; other sessions end, this one is renewed', async () => {
    const users = await import('./users');
    const { SESSION_COOKIE } = await import('../auth/session');
    await signInAs('admin', ['portico:admins']);
    expect(await users.createUserAction({ username: 'dora', password: 'doras-first-password' })).toMatchObject({ ok: true });
    const other = await signInAs('dora', []);
    expect(await users.changeOwnPasswordAction({ current: 'wrong-password', password: 'doras-second-password' })).toMatchObject({ ok: false, status: 403 });
    expect(await users.changeOwnPasswordAction({ current: 'doras-first-password', password: 'short' })).toMatchObject({ ok: false, status: 422 });
    expect(await users.changeOwnPasswordAction({ current: 'doras-first-password', password: 'doras-second-password' })).toMatchObject({ ok: true });
    expect(await sessionValid(other)).toBe(false);
    expect(await sessionValid(jar.get(SESSION_COOKIE)!)).toBe(true);
  });

  it('creates a project (labelled namespace + project-admin RoleBinding for the named user), lists it for that user, deletes it', async () => {
    const projects = await import('./projects');
    await signInAs('admin', ['portico:admins']);
    expect(await projects.createProjectAction({ name: 'kube-mine' })).toMatchObject({ ok: false, status: 422 });
    const made = await projects.createProjectAction({ name: 'shop', alias: 'Shop', description: 'The shop', admin: 'ann' });
    expect(made).toMatchObject({ ok: true, value: { name: 'shop', alias: 'Shop', description: 'The shop', admin: 'ann' } });
    const kube = await service();
    const ns = await kube.get<{ metadata: { labels: Record<string, string>; annotations: Record<string, string> } }>('namespaces', undefined, 'shop');
    expect(ns.metadata.labels).toMatchObject({ 'portico.dev/project': 'true' });
    expect(ns.metadata.annotations).toMatchObject({ 'portico.dev/alias': 'Shop', 'portico.dev/description': 'The shop' });
    const asAdmin = await (await import('../kube/request-client')).getKubeClient();
    const rb = await asAdmin.call<{ roleRef: { name: string }; subjects: Array<{ kind: string; name: string }> }>('GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings/portico-member-ann');
    expect(rb.roleRef.name).toBe('portico:project-admin');
    expect(rb.subjects).toEqual([expect.objectContaining({ kind: 'User', name: 'ann' })]);

    const adminView = await (await import('./projects-read')).projectsOverview();
    expect(adminView.admin).toBe(true);
    expect(adminView.projects.map((p) => p.name)).toEqual(expect.arrayContaining(['demo', 'shop']));
    expect(adminView.system.map((p) => p.name)).toEqual(expect.arrayContaining(['kube-system', 'portico-system', 'default']));
    expect(adminView.projects.map((p) => p.name)).not.toContain('kube-system');

    await signInAs('ann', []);
    expect(await (await import('./projects-read')).projectsOverview()).toEqual({ admin: false, projects: [expect.objectContaining({ name: 'shop', alias: 'Shop' })], system: [] });

    await signInAs('admin', ['portico:admins']);
    await asAdmin.create('services', 'shop', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } });
    expect(await projects.projectContentsAction('shop')).toMatchObject({ ok: true, value: { services: 1, ingresses: 0 } });
    expect(await projects.deleteProjectAction('shop', 'shoop')).toMatchObject({ ok: false, status: 422 });
    expect(await projects.deleteProjectAction('kube-system', 'kube-system')).toMatchObject({ ok: false, status: 422 });
    expect(await projects.deleteProjectAction('shop', 'shop')).toMatchObject({ ok: true });
    expect((await (await import('./projects-read')).projectsOverview()).projects.map((p) => p.name)).not.toContain('shop');
    const deadline = Date.now() + 10_000;
    while ((await kube.find('namespaces', undefined, 'shop')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await kube.find('namespaces', undefined, 'shop')).toBeUndefined();
  });
});
