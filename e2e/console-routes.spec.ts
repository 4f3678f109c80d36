/**
 * Routes pages as a user sees them: the list follows kubectl live (two tabs agree), delete
 * names what goes away, and a conflicting YAML edit is shown and resolved.
 */
import { expect, test, type Page } from '@playwright/test';
import { ingressYaml, kubectl, kubectlJson, notFound, uniq, waitForDemo } from './support/cluster';
import { replaceInEditor } from './support/monaco';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

test.beforeAll(async () => {
  await waitForDemo();
});

function routeRow(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('the routes list updates live when a route is created with kubectl, in two tabs', async ({ page, context }) => {
  const name = `live-${uniq()}`;
  await page.goto('/projects/demo/routes');
  const other = await context.newPage();
  await other.goto('/projects/demo/routes');
  await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  await expect(other.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  await expect(routeRow(page, name)).toHaveCount(0);

  kubectl(['apply', '-f', '-'], ingressYaml(name, `${name}.example.test`, { alias: 'Live alias' }));

  // No reload: the change arrives over the watch stream.
  await expect(routeRow(page, name)).toBeVisible({ timeout: 5_000 });
  await expect(routeRow(other, name)).toBeVisible({ timeout: 5_000 });
  await expect(routeRow(page, name)).toContainText('Live alias');
  await expect(routeRow(page, name)).toContainText(`${name}.example.test`);

  // Search is done by the server and narrows the list.
  await page.getByLabel('Search routes').fill(name);
  await expect(page.getByTestId('routes-count')).toContainText('1 of');

  kubectl(['delete', 'ingress', name, '-n', 'demo']);
  await expect(routeRow(other, name)).toHaveCount(0, { timeout: 5_000 });
  await other.close();
});

test('delete asks for confirmation naming the route and its paths', async ({ page }) => {
  const name = `del-${uniq()}`;
  kubectl(['apply', '-f', '-'], ingressYaml(name, `${name}.example.test`));
  await page.goto(`/projects/demo/routes/${name}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Delete route ${name}?`);
  await expect(dialog.getByRole('list', { name: 'Traffic that stops' })).toContainText(`${name}.example.test/ → echo:80`);
  // Cancel keeps it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(notFound(['get', 'ingress', name, '-n', 'demo'])).toBe(false);

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete route' }).click();
  await expect(page).toHaveURL(/\/projects\/demo\/routes$/, { timeout: 30_000 });
  await expect.poll(() => notFound(['get', 'ingress', name, '-n', 'demo'])).toBe(true);
});

test('a conflicting YAML edit is reported and resolved by reloading with my edits kept', async ({ page }) => {
  const name = `conflict-${uniq()}`;
  // create, not apply: no last-applied annotation repeating the alias in the YAML.
  kubectl(['create', '-f', '-'], ingressYaml(name, `${name}.example.test`, { alias: 'First alias' }));
  await page.goto(`/projects/demo/routes/${name}`);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByRole('button', { name: 'Edit route' }).click();

  await replaceInEditor(page, 'First alias', 'Mine alias');

  // Meanwhile someone else changes the route.
  kubectl(['annotate', 'ingress', name, '-n', 'demo', 'team=theirs', '--overwrite']);

  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByTestId('diff-editor')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Someone else changed this route' })).toBeVisible();

  await page.getByRole('button', { name: 'Reload and keep my edits' }).click();
  await expect(page.getByTestId('diff-editor')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(`Route ${name} updated`)).toBeVisible();

  const ing = kubectlJson(['get', 'ingress', name, '-n', 'demo']);
  expect(ing.metadata.annotations['portico.dev/alias']).toBe('Mine alias');
  expect(ing.metadata.annotations.team).toBe('theirs');
  kubectl(['delete', 'ingress', name, '-n', 'demo']);
});

test('a status-only change by the cluster while editing is no conflict: the edit applies on top', async ({ page }) => {
  const name = `status-${uniq()}`;
  // Of another class, so that the gateway never writes its status: the patch below is the only other write.
  kubectl(['create', '-f', '-'], ingressYaml(name, `${name}.example.test`, { alias: 'First alias', className: 'not-portico' }));
  await page.goto(`/projects/demo/routes/${name}`);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByRole('button', { name: 'Edit route' }).click();
  await replaceInEditor(page, 'First alias', 'Second alias');

  // Only the status moves (as the gateway does when it publishes an address).
  kubectl(['patch', 'ingress', name, '-n', 'demo', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"hostname":"status-only.example.test"}]}}}']);
  await expect(page.getByRole('status').filter({ hasText: 'updated this route' })).toBeVisible({ timeout: 15_000 });

  await page.getByRole('button', { name: 'Review changes' }).click();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(`Route ${name} updated`)).toBeVisible();
  expect(kubectlJson(['get', 'ingress', name, '-n', 'demo']).metadata.annotations['portico.dev/alias']).toBe('Second alias');
  kubectl(['delete', 'ingress', name, '-n', 'demo']);
});
