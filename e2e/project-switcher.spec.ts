/**
 * The project switcher: a platform admin finds the system namespaces in a "System" group of
 * their own, apart from the projects; a project member (operator of demo) never sees them.
 */
import { expect as baseExpect, test, type Page, type TestInfo } from '@playwright/test';
import { runAs } from './support/personas';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 90_000 });

async function openSwitcher(page: Page) {
  await page.goto('/projects/demo/routes');
  await page.getByRole('button', { name: 'Project: demo. Switch project' }).click();
  // cmdk names its input after the list's label.
  await expect(page.getByRole('combobox', { name: 'Projects' })).toBeVisible();
}

async function shot(page: Page, info: TestInfo, name: string) {
  await info.attach(name, { body: await page.screenshot(), contentType: 'image/png' });
  await page.screenshot({ path: info.outputPath(`${name}.png`) });
}

test.describe('as the platform admin', () => {
  runAs('admin');
  test('system namespaces are listed apart, in a System group', async ({ page }, info) => {
    await openSwitcher(page);
    const projects = page.getByRole('group', { name: 'Projects' });
    const system = page.getByRole('group', { name: 'System' });
    await expect(projects.getByRole('option', { name: 'demo' })).toBeVisible();
    await expect(system.getByRole('option', { name: 'kube-system' })).toBeVisible();
    await expect(system.getByRole('option', { name: 'portico-system' })).toBeVisible();
    await expect(projects.getByRole('option', { name: /^kube-|^portico-system$/ })).toHaveCount(0);
    await shot(page, info, 'switcher-admin');
    // Still one searchable list: typing finds a system namespace too.
    await page.getByRole('combobox', { name: 'Projects' }).fill('kube-sys');
    await expect(page.getByRole('option')).toHaveText(['kube-system']);
  });
});

test.describe('as a project operator', () => {
  runAs('operator');
  test('no system namespace is offered', async ({ page }, info) => {
    await openSwitcher(page);
    await expect(page.getByRole('option', { name: 'demo' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'System' })).toHaveCount(0);
    await expect(page.getByRole('option', { name: /^kube-|^portico-system$/ })).toHaveCount(0);
    await shot(page, info, 'switcher-operator');
  });
});
