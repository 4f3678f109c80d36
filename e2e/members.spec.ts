/**
 * The project admin of demo (persona storage state) manages the project's members on the
 * Members page: adds a user as operator, changes the role, removes them; each step is checked
 * in the cluster's RoleBindings. The project admin reaches no platform admin page.
 */
import { expect as baseExpect, test, type Page, type TestInfo } from '@playwright/test';
import { createUser } from './support/auth';
import { kubectl, notFound, uniq } from './support/cluster';
import { runAs } from './support/personas';

runAs('project-admin');
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

const roleInCluster = (binding: string) => kubectl(['get', 'rolebinding', binding, '-n', 'demo', '-o', 'jsonpath={.roleRef.name} {.subjects[*].name}']);

test('the project admin adds a user as operator, changes the role and removes them', async ({ page }, info) => {
  const user = `member-${uniq()}`;
  const binding = `portico-member-${user}`;
  await createUser(user, 'member-password-1');

  await page.goto('/projects/demo/members');
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible();
  const add = page.getByRole('form', { name: 'Add member' });
  await add.getByLabel('Username').fill(user);
  await add.getByRole('combobox', { name: 'Role', exact: true }).selectOption({ label: 'Operator' });
  await add.getByRole('button', { name: 'Add member' }).click();
  const members = page.getByRole('table', { name: 'Members' });
  const row = members.getByRole('row').filter({ hasText: user });
  const role = row.getByRole('combobox', { name: `Role of ${user}` });
  await expect(role).toHaveValue('portico:project-operator');
  expect(roleInCluster(binding)).toBe(`portico:project-operator ${user}`);
  await shot(page, info, 'members-added');

  await role.selectOption({ label: 'Viewer' });
  await expect.poll(() => roleInCluster(binding)).toBe(`portico:project-viewer ${user}`);
  await expect(row.getByRole('combobox', { name: `Role of ${user}` })).toHaveValue('portico:project-viewer');

  await row.getByRole('button', { name: `Remove ${user}` }).click();
  await expect(members.getByRole('row').filter({ hasText: user })).toHaveCount(0);
  await expect.poll(() => notFound(['get', 'rolebinding', binding, '-n', 'demo'])).toBe(true);
  // The project admin is still there (a member of their own project).
  await expect(members.getByRole('row').filter({ hasText: 'e2e-project-admin' })).toBeVisible();
});

test('the project admin reaches no platform admin page', async ({ page }, info) => {
  expect((await page.goto('/users'))?.status()).toBe(404);
  expect((await page.request.get('/api/admin/users')).status()).toBe(403);
  await page.goto('/projects');
  await expect(page.getByRole('table', { name: 'Projects' }).getByRole('link', { name: 'demo', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create project' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.getByText('kube-system')).toHaveCount(0);
  await shot(page, info, 'projects-as-project-admin');
});
