/**
 * The route wizard's name field as the project operator meets it: it takes focus when the
 * wizard opens, not on a return to step 1; and a server error on the name (the route was
 * created by someone else after step 1's check) sends the user back to step 1 and stays shown.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { runAs } from './support/personas';
import { ingressYaml, kubectl, notFound, uniq } from './support/cluster';

runAs('operator');
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000 });

const heading = (page: Page, n: number, title: string) =>
  expect(page.getByRole('heading', { name: `Step ${n} of 4: ${title}` })).toBeVisible();

async function openWizard(page: Page) {
  await page.goto('/projects/demo/routes/new');
  await heading(page, 1, 'Basic info');
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', {
    timeout: 60_000,
  });
}

test('the name field has focus on open, not after Back to step 1', async ({ page }) => {
  await openWizard(page);
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  await name.fill(`focus-${uniq()}`);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await heading(page, 2, 'Rules');
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await heading(page, 1, 'Basic info');
  await expect(page.locator('#wizard-step-heading')).toBeFocused();
  await expect(name).not.toBeFocused();
});

test('a name taken after step 1 is reported on the name field at step 1, and stays', async ({
  page,
}) => {
  const routeName = `race-${uniq()}`;
  await openWizard(page);
  await page.getByLabel('Name', { exact: true }).fill(routeName);
  await expect(page.getByText(`✓ ${routeName} is available`)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await heading(page, 2, 'Rules');
  await page.getByLabel('Rule 1 host').fill(`${routeName}.example.test`);
  await expect(async () => {
    await page.getByRole('combobox', { name: 'Rule 1 path 1 service' }).click();
    await page.getByRole('option', { name: /^echo/ }).click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await heading(page, 3, 'Annotations');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await heading(page, 4, 'Labels');
  // Someone else creates a route with this name meanwhile.
  kubectl(['apply', '-f', '-'], ingressYaml(routeName, 'other.example.test'));
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  await heading(page, 1, 'Basic info');
  const message = `a route named ${routeName} already exists in demo`;
  const nameField = page.getByLabel('Name', { exact: true });
  await expect(page.getByRole('alert').filter({ hasText: message }).first()).toBeVisible();
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(nameField).not.toBeFocused();
  // Focus moving around (Tab away and back) does not clear it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('alert').filter({ hasText: message }).first()).toBeVisible();
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  // The other route is untouched.
  expect(
    kubectl(['get', 'ingress', routeName, '-n', 'demo', '-o', 'jsonpath={.spec.rules[0].host}']),
  ).toBe('other.example.test');
  kubectl(['delete', 'ingress', routeName, '-n', 'demo']);
  expect(notFound(['get', 'ingress', routeName, '-n', 'demo'])).toBe(true);
});
