/**
 * The routes list served from the console's informer cache (the console's ServiceAccount is
 * granted the read rights the cache needs for this file only): it follows kubectl live, and
 * a user RBAC refuses gets 403 from the API even when the cache holds the project warm.
 */
import { expect, test, type Browser } from '@playwright/test';
import { cacheRbacYaml } from '../lib/console/cache-rbac';
import { bindUser, createUser, signIn } from './support/auth';
import { ingressYaml, kubectl, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

// The routes list is the operator's; the 403 test warms another project's informers as the admin.
runAs('operator');

const GRANT = 'e2e-console-cache';

test.beforeAll(async () => {
  await waitForDemo();
  kubectl(['apply', '-f', '-'], cacheRbacYaml(GRANT));
});

// E2E_KEEP_CACHE_GRANT=1 keeps the grant for the specs that run after this one (their flows then read through the cache).
test.afterAll(() => {
  if (!process.env.E2E_KEEP_CACHE_GRANT) kubectl(['delete', 'clusterrolebinding,clusterrole', GRANT, '--ignore-not-found']);
});

async function as(browser: Browser, username: string, password: string) {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await signIn(page, username, password);
  return page;
}

test('the routes list follows kubectl through the cache, search included', async ({ page }) => {
  const name = `cached-${uniq()}`;
  await page.goto('/projects/demo/routes');
  await expect(page.getByRole('status', { name: 'Live updates: Live' })).toBeVisible();
  kubectl(['apply', '-f', '-'], ingressYaml(name, `${name}.example.test`, { alias: 'Cached alias' }));
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(row).toContainText('Cached alias');
  await page.getByLabel('Search routes').fill(name);
  await expect(page.getByTestId('routes-count')).toContainText('1 of');
  // A fresh load (server-rendered from the cache) has it too.
  await page.goto(`/projects/demo/routes?q=${name}`);
  await expect(row).toBeVisible();
  kubectl(['delete', 'ingress', name, '-n', 'demo']);
  await expect(row).toHaveCount(0, { timeout: 5_000 });
});

test.describe('as the admin, who warms another project', () => {
  runAs('admin');
  test('a user without list on a project gets 403 from the cached API, with no names in it', async ({ page, browser }) => {
    const other = `cache-${uniq()}`;
    const user = `op-${uniq()}`;
    kubectl(['create', 'namespace', other]);
    kubectl(['apply', '-f', '-'], ingressYaml('hidden-route', 'hidden.example.test').replace('namespace: demo', `namespace: ${other}`));
    // The admin's request makes the project's informers warm.
    await expect.poll(async () => (await (await page.request.get(`/api/projects/${other}/routes`)).json()).total, { timeout: 10_000 }).toBe(1);
    await createUser(user, 'operator-password');
    bindUser('demo', user, 'portico:project-operator');
    const op = await as(browser, user, 'operator-password');
    const res = await op.request.get(`/api/projects/${other}/routes`);
    expect(res.status()).toBe(403);
    const body = await res.text();
    expect(body).toContain(`User \\"${user}\\" cannot list`);
    expect(body).not.toContain('hidden-route');
    // Their own project still works through the same cache.
    const own = await op.request.get('/api/projects/demo/routes');
    expect(own.status()).toBe(200);
    await op.context().close();
    kubectl(['delete', 'namespace', other, '--wait=false']);
  });
});
