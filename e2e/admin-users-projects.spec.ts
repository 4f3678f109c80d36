/**
 * The platform admin's pages, in the browser, as the platform admin (admin storage state):
 * create a user with a generated password (read from the one-time dialog), create a project
 * naming that user as its admin; that user then signs in and sees exactly that project (no
 * system namespaces, no Users page). E2E_SCREENSHOT_DIR: also save a screenshot of each page.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { kubectl, uniq } from './support/cluster';
import { runAs } from './support/personas';

// Users and projects are the platform admin's.
runAs('admin');

const shot = async (page: Page, name: string) => {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, `${name}.png`) });
};

test('an admin creates a user and a project for them; the user signs in and sees only that project', async ({ page, browser }) => {
  const user = `pat-${uniq()}`;
  const project = `shop-${uniq()}`;

  // Users page: create with a generated password, shown once.
  await page.goto('/users');
  await expect(page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: 'Users' })).toBeVisible();
  await page.getByRole('button', { name: 'Create user' }).click();
  const create = page.getByRole('dialog', { name: 'Create user' });
  await create.getByLabel('Username').fill('Not A Name');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByRole('alert')).toContainText('lowercase letters');
  await create.getByLabel('Username').fill(user);
  await create.getByLabel('Initial password').fill('short');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create.getByRole('alert')).toContainText('at least 12 characters');
  await create.getByLabel('Initial password').fill('');
  await create.getByRole('button', { name: 'Create' }).click();
  const reveal = page.getByRole('dialog', { name: `Password of ${user}` });
  const password = (await reveal.getByTestId('new-password').textContent())?.trim() ?? '';
  expect(password.length).toBeGreaterThanOrEqual(12);
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toHaveCount(0);
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row').filter({ hasText: user })).toContainText('active');
  await shot(page, 'users');

  // Projects page: create, naming the user as project admin.
  await page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: 'Projects' }).click();
  await expect(page.getByRole('heading', { name: 'System namespaces' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'System namespaces' })).toContainText('kube-system');
  await page.getByRole('button', { name: 'Create project' }).click();
  const form = page.getByRole('dialog', { name: 'Create project' });
  await form.getByLabel('Name', { exact: true }).fill(project);
  await form.getByLabel('Display name').fill('The Shop');
  await form.getByLabel('Description').fill('Where things are sold');
  await form.getByLabel('Project admin').fill(user);
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form).toHaveCount(0);
  const projects = page.getByRole('table', { name: 'Projects' });
  await expect(projects.getByRole('row').filter({ hasText: project })).toContainText('The Shop');
  await shot(page, 'projects');
  expect(kubectl(['get', 'rolebinding', '-n', project, '-o', 'jsonpath={.items[*].subjects[*].name} {.items[*].roleRef.name}'])).toBe(`${user} portico:project-admin`);

  // The new user, in a browser of their own.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const theirs = await ctx.newPage();
  await signIn(theirs, user, password);
  await theirs.goto('/projects');
  await expect(theirs.getByRole('table', { name: 'Projects' }).getByRole('link')).toHaveText([project]);
  await expect(theirs.getByText('System namespaces')).toHaveCount(0);
  await expect(theirs.getByText('kube-system')).toHaveCount(0);
  await expect(theirs.getByRole('button', { name: 'Create project' })).toHaveCount(0);
  await expect(theirs.getByRole('link', { name: 'Users' })).toHaveCount(0);
  expect((await theirs.request.get('/api/admin/users')).status()).toBe(403);
  expect((await theirs.goto('/users'))?.status()).toBe(404);
  await theirs.goto(`/projects/${project}/members`);
  await expect(theirs.getByRole('button', { name: 'Add member' })).toBeVisible();

  // The admin deletes the project: the confirmation names what goes, and wants the name typed.
  await page.getByRole('button', { name: `Delete project ${project}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete project ${project}?` });
  await expect(confirm.getByTestId('project-contents')).toContainText('0 Ingresses');
  const del = confirm.getByRole('button', { name: `Delete ${project}` });
  await expect(del).toBeDisabled();
  await confirm.getByLabel(`Type ${project} to confirm`).fill(project);
  await del.click();
  await expect(confirm).toHaveCount(0);
  await expect(projects.getByRole('link', { name: project, exact: true })).toHaveCount(0);
  expect(kubectl(['get', 'namespace', project, '--ignore-not-found', '-o', 'jsonpath={.status.phase}'])).toMatch(/^(Terminating)?$/);

  // Disabling the user ends their session at once.
  await page.goto('/users');
  await page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: user }).getByRole('button', { name: `Disable ${user}` }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: user })).toContainText('disabled');
  await theirs.goto('/projects');
  await expect(theirs).toHaveURL(/\/login/);
  await ctx.close();
});
