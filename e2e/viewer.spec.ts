/**
 * A project viewer of demo (persona storage state): routes, services and the topology are shown
 * read-only (no Create, Edit or Delete anywhere), and a write sent straight to the server, the
 * service form's server action replayed with the viewer's session, is refused by the cluster
 * with 403 and creates nothing.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { notFound, uniq } from './support/cluster';
import { runAs } from './support/personas';

runAs('viewer');
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 120_000 });

/** Nothing on the page offers a write. */
async function expectNoWrites(page: Page) {
  for (const role of ['button', 'link'] as const) {
    await expect(page.getByRole(role, { name: /^(Create|Edit|Delete)\b/ })).toHaveCount(0);
  }
}

test('routes and their detail are read-only for a viewer', async ({ page }) => {
  await page.goto('/projects/demo/routes');
  await expect(page.getByRole('link', { name: 'echo', exact: true })).toBeVisible();
  await expectNoWrites(page);
  await page.goto('/projects/demo/routes/echo');
  await expect(page.getByRole('heading', { name: 'echo', level: 1 })).toBeVisible();
  await expectNoWrites(page);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 60_000 });
  await expectNoWrites(page);
});

test('the route create and edit addresses, typed by a viewer, say the role does not allow it', async ({ page }) => {
  for (const [url, text] of [
    ['/projects/demo/routes/new', 'You cannot create routes in this project.'],
    ['/projects/demo/routes/echo/edit', 'You cannot edit routes in this project.'],
  ] as const) {
    await page.goto(url);
    await expect(page.getByRole('alert').filter({ hasText: text })).toBeVisible();
    await expect(page.getByRole('button', { name: /^(Create|Save)\b/ })).toHaveCount(0);
  }
});

test('services and their detail are read-only for a viewer', async ({ page }) => {
  await page.goto('/projects/demo/services');
  await expect(page.getByRole('link', { name: 'echo', exact: true })).toBeVisible();
  await expectNoWrites(page);
  await page.goto('/projects/demo/services/echo');
  await expect(page.getByRole('heading', { name: 'echo', level: 1 })).toBeVisible();
  await expectNoWrites(page);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 60_000 });
  await expectNoWrites(page);
});

test('the topology is shown to a viewer, with no writes in its panels', async ({ page }) => {
  await page.goto('/projects/demo/topology');
  const graph = page.getByRole('region', { name: 'Topology graph' });
  await expect(graph.locator('[data-id="gateway:portico"]')).toBeVisible({ timeout: 30_000 });
  await expect(graph.locator('[aria-label^="Service echo healthy"]')).toBeVisible();
  await expectNoWrites(page);
  await graph.locator('[aria-label^="Service echo healthy"]').click();
  await expect(page.getByRole('complementary', { name: 'Details: Service echo' })).toBeVisible();
  await expectNoWrites(page);
});

test("a viewer's direct POST of the create-service server action is refused with 403", async ({ page, baseURL }) => {
  // The form by URL (no link leads there): its submit gives us a real server action request.
  const first = `viewer-svc-${uniq()}`;
  await page.goto('/projects/demo/services/new');
  await expect(page.getByTestId('service-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByLabel('Name', { exact: true }).fill(first);
  // Through the wizard's steps (defaults: port 80 -> 8080) to the selector, then on to Create.
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByLabel('Selector 1 key').fill('app');
  await page.getByLabel('Selector 1 value').fill('echo');
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Next', exact: true }).click();
  const [sent] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action'] && (r.postData() ?? '').includes(first)),
    page.getByRole('button', { name: 'Create service' }).click(),
  ]);
  await expect(page.getByText(/forbidden/i).first()).toBeVisible();

  // The same action, posted directly with the viewer's session for another name.
  const second = `viewer-svc-${uniq()}`;
  const res = await page.request.post(sent.url(), {
    headers: { 'Next-Action': sent.headers()['next-action']!, 'Content-Type': sent.headers()['content-type'] ?? 'text/plain;charset=UTF-8', Accept: 'text/x-component', Origin: baseURL! },
    data: sent.postData()!.replaceAll(first, second),
  });
  const body = await res.text();
  expect(body).toContain('"ok":false');
  expect(body).toContain('"status":403');
  expect(body).toMatch(/forbidden: User \\?"e2e-viewer\\?"/);
  expect(notFound(['get', 'service', first, '-n', 'demo'])).toBe(true);
  expect(notFound(['get', 'service', second, '-n', 'demo'])).toBe(true);
});
