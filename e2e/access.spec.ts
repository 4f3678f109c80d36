/**
 * The Access tab (seed 002) and the wizard's nip.io host, as a project operator: the demo
 * Ingress's table shows the address the gateway publishes with the gateway's HTTP port (the
 * address this run's gateway answers on); a generated `<route>.demo.<address>.nip.io` host ends
 * up on the created Ingress, answers through the gateway (nip.io itself is not reachable here:
 * the request carries that Host header), and the Access tab lists it with a curl line that
 * needs no --resolve.
 */
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { bindUser, createUser, signIn } from './support/auth';
import { kubectlJson, uniq, waitForDemo } from './support/cluster';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });

const GATEWAY_PORT = process.env.GATEWAY_HTTP_PORT ?? '19080';
// What the gateway publishes on Ingress status by default: its bind address.
const ADDRESS = '127.0.0.1';
const PASSWORD = 'operator-password';
let user = '';

test.beforeAll(async () => {
  await waitForDemo();
  user = `access-op-${uniq()}`;
  await createUser(user, PASSWORD);
  bindUser('demo', user, 'portico:project-operator');
});

async function asOperator(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await signIn(page, user, PASSWORD);
  return page;
}

async function openAccess(page: Page, route: string) {
  await page.goto(`/projects/demo/routes/${route}`);
  await page.getByRole('tab', { name: 'Access' }).click();
  return page.getByRole('table', { name: 'Access' });
}

test('the demo Ingress: Address:Port is the address the gateway answers on', async ({ browser, request }) => {
  const page = await asOperator(browser);
  const table = await openAccess(page, 'echo');
  await expect(table.getByRole('row')).toHaveCount(2, { timeout: 30_000 });
  const row = table.getByRole('row').nth(1);
  await expect(row).toContainText('/echo');
  await expect(row).toContainText('Direct');
  await expect(row.getByTestId('access-address-port')).toHaveText(`${ADDRESS}:${GATEWAY_PORT}`);
  // The curl line uses the same address, and that address answers from echo.
  await expect(page.getByLabel('curl command 1', { exact: true })).toHaveText(`curl -s http://${ADDRESS}:${GATEWAY_PORT}/echo`);
  const res = await request.get(`http://${ADDRESS}:${GATEWAY_PORT}/echo`);
  expect(res.status()).toBe(200);
  expect((await res.json()).pod).toMatch(/^echo-/);
  // "Try it" goes through the same gateway listener and says which pod answered.
  await page.getByRole('button', { name: 'Try it' }).click();
  const result = page.getByRole('region', { name: 'Try it result' });
  await expect(result).toContainText('HTTP 200');
  await expect(result).toContainText(`http://${ADDRESS}:${GATEWAY_PORT}/echo`);
  await expect(result.getByTestId('try-it-sent-to')).toHaveText(`via ${ADDRESS}:${GATEWAY_PORT}`);
  await expect(result.getByTestId('try-it-pod')).toHaveText(/^echo-/);
  await page.screenshot({ path: 'test-results/access-tab-echo.png', fullPage: true });
  await page.context().close();
});

test('the wizard generates a nip.io host; the Ingress has it, it answers, the Access tab shows it', async ({ browser, request }) => {
  const page = await asOperator(browser);
  const name = `nip-${uniq()}`;
  const host = `${name}.demo.${ADDRESS}.nip.io`;
  await page.goto('/projects/demo/routes/new');
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await expect(page.getByText(`✓ ${name} is available`)).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
  await page.getByRole('button', { name: 'Generate nip.io host for rule 1' }).click();
  await expect(page.getByLabel('Rule 1 host')).toHaveValue(host);
  await expect(async () => {
    await page.getByRole('combobox', { name: 'Rule 1 path 1 service' }).click();
    await page.getByRole('option', { name: /^echo/ }).click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Annotations' })).toBeVisible();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/routes/${name}`);

  const ing = kubectlJson<{ spec: { rules: { host?: string }[] } }>(['get', 'ingress', name, '-n', 'demo']);
  expect(ing.spec.rules.map((r) => r.host)).toEqual([host]);

  // "See it answer": the request a nip.io lookup would send, to the gateway with that Host.
  let status = 0;
  let body: { pod?: string; host?: string } = {};
  for (let i = 0; i < 40 && status !== 200; i++) {
    const res = await request.get(`http://${ADDRESS}:${GATEWAY_PORT}/`, { headers: { host }, failOnStatusCode: false });
    status = res.status();
    if (status === 200) body = await res.json();
    else await new Promise((r) => setTimeout(r, 250));
  }
  expect(status).toBe(200);
  expect(body.pod).toMatch(/^echo-/);

  const table = await openAccess(page, name);
  const row = table.getByRole('row').nth(1);
  await expect(row).toContainText(host);
  await expect(row.getByTestId('access-address-port')).toHaveText(`${ADDRESS}:${GATEWAY_PORT}`);
  await expect(page.getByLabel(`nip.io host ${host}`, { exact: true })).toHaveText(host);
  // A nip.io name resolves to the address by itself: no --resolve, and no hosts-file line needed.
  await expect(page.getByLabel('curl command 1', { exact: true })).toHaveText(`curl -s http://${host}:${GATEWAY_PORT}/`);
  await expect(page.getByLabel('hosts file line', { exact: true })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/access-tab-nip.png', fullPage: true });
  await page.context().close();
});
