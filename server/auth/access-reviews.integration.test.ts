/**
 * Access checks of a project navigation against a real dev cluster: one SelfSubjectRulesReview
 * per user and project answers every question of the page exactly as access reviews would;
 * answers are never shared across users; a member added through the console counts at once;
 * the project switcher's system namespaces are for platform admins only.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
// The session cookie of the "current request" (next/headers outside Next).
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined) }),
}));

let cluster: TestCluster;
const access = () => import('./access');

async function as(username: string, groups: string[] = []): Promise<void> {
  const { SESSION_COOKIE } = await import('./session');
  const { testSessionCookie } = await import('./test-sessions');
  jar.set(SESSION_COOKIE, await testSessionCookie(username, groups));
  // testSessionCookie may have changed the account's groups (a new session generation): read it afresh.
  (await import('./sessions')).sessionStates.forget(username);
}

/** What access reviews (one per question, no memo) answer for the current user in `project`. */
async function truth(project: string): Promise<{ open: boolean; permissions: Record<string, boolean> }> {
  const { canI, PROJECT_CHECKS, permissionKey } = await access();
  const { getKubeClient } = await import('../kube/request-client');
  const kube = await getKubeClient();
  const { groupResource } = await import('@/lib/k8s/kinds');
  const verdicts = await Promise.all(PROJECT_CHECKS.map((c) => canI(kube, { ...c, namespace: project })));
  return {
    open: await canI(kube, { verb: 'list', ...groupResource('Ingress'), namespace: project }),
    permissions: Object.fromEntries(PROJECT_CHECKS.map((c, i) => [permissionKey(c), verdicts[i]!])),
  };
}

beforeAll(async () => {
  cluster = await startConsoleCluster();
  cluster.kubectl(['create', 'rolebinding', 'olga-operator', '-n', 'demo', '--clusterrole=portico:project-operator', '--user=olga']);
  cluster.kubectl(['create', 'rolebinding', 'vic-viewer', '-n', 'demo', '--clusterrole=portico:project-viewer', '--user=vic']);
  // A project role in a system namespace: still never offered to a non-admin as a project.
  cluster.kubectl(['create', 'rolebinding', 'olga-viewer', '-n', 'kube-system', '--clusterrole=portico:project-viewer', '--user=olga']);
}, 120_000);

afterAll(async () => {
  await (await import('./audit')).flushAudit();
  await cluster?.stop();
});

describe('a project navigation asks the cluster little, and answers as access reviews would', () => {
  it.each([
    ['admin', ['portico:admins']],
    ['olga', []],
    ['vic', []],
    ['stranger', []],
  ] as const)('%s: the rules-based answers equal access reviews, for one rules review', async (user, groups) => {
    const { canOpenProject, projectPermissions, accessReviewsAsked, forgetAccess } = await access();
    await as(user, [...groups]);
    const expected = await truth('demo');
    forgetAccess();
    const before = { ...accessReviewsAsked };
    const [open, permissions] = await Promise.all([canOpenProject('demo'), projectPermissions('demo')]);
    expect(open).toBe(expected.open);
    expect(permissions).toEqual(expected.permissions);
    expect(Object.keys(permissions).length).toBeGreaterThan(10); // it was one access review per key
    expect(accessReviewsAsked.rules - before.rules).toBe(1);
    expect(accessReviewsAsked.access - before.access).toBe(0);
    // The next page of the same navigation reuses them.
    await projectPermissions('demo');
    expect(accessReviewsAsked.rules - before.rules).toBe(1);
  });

  it('never answers one user from another user’s rules', async () => {
    const { projectPermissions, forgetAccess } = await access();
    forgetAccess();
    await as('olga');
    expect((await projectPermissions('demo'))['create:ingresses.networking.k8s.io']).toBe(true);
    await as('vic');
    expect((await projectPermissions('demo'))['create:ingresses.networking.k8s.io']).toBe(false);
    await as('stranger');
    expect((await projectPermissions('demo'))['create:ingresses.networking.k8s.io']).toBe(false);
    // Same name, other groups: other answers.
    await as('olga', ['portico:admins']);
    expect((await projectPermissions('demo'))['delete:services']).toBe(true);
  });

  it('a member added through the console can open the project at once (remembered answers are dropped)', async () => {
    const { canOpenProject } = await access();
    const { bindMemberAction, removeMemberAction } = await import('./members');
    await as('newbie');
    expect(await canOpenProject('demo')).toBe(false);
    await as('admin', ['portico:admins']);
    const bound = await bindMemberAction('demo', 'newbie', 'portico:project-viewer');
    expect(bound).toMatchObject({ ok: true });
    await as('newbie');
    expect(await canOpenProject('demo')).toBe(true);
    await as('admin', ['portico:admins']);
    expect(await removeMemberAction('demo', (bound as { value: { binding: string } }).value.binding)).toMatchObject({ ok: true });
    await as('newbie');
    expect(await canOpenProject('demo')).toBe(false);
  });
});

describe('the project switcher', () => {
  it('shows platform admins the system namespaces apart, and never to others', async () => {
    const { projectChoices, listProjects } = await import('../queries/projects');
    await as('admin', ['portico:admins']);
    const admin = await projectChoices();
    expect(admin.projects).toContain('demo');
    expect(admin.system).toEqual(expect.arrayContaining(['kube-system', 'portico-system']));
    expect(admin.projects.filter((p) => admin.system.includes(p))).toEqual([]);
    await as('olga');
    expect(await projectChoices()).toEqual({ projects: ['demo'], system: [] });
    expect(await listProjects()).toEqual(['demo']); // bound in kube-system too, but it is no project of hers
  });
});
