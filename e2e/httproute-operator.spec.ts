/**
 * An HTTPRoute on the shared Gateway, as a project operator (not the admin): the form offers
 * the seeded Gateway portico-system/portico (read by the console with its own identity, since
 * the operator may not list portico-system's Gateways) and not a portico-system Gateway whose
 * listeners admit only their own namespace; the route made with the form answers through the
 * gateway from an echo pod of the demo project.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { bindUser, createUser, signIn } from './support/auth';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';

const expect = baseExpect.configure({ timeout: 20_000 });
const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;
test.describe.configure({ timeout: 240_000 });

const PASSWORD = 'operator-password';
const PRIVATE_GATEWAY = 'e2e-system-only-gw';
let user = '';

test.beforeAll(async () => {
  await waitForDemo();
  user = `route-op-${uniq()}`;
  await createUser(user, PASSWORD);
  bindUser('demo', user, 'portico:project-operator');
  // A portico-system Gateway whose listener admits only portico-system's routes (from: Same).
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: PRIVATE_GATEWAY, namespace: 'portico-system' },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'internal', port: 8123, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }] },
  }));
});

test.afterAll(() => {
  kubectl(['delete', 'gateway', PRIVATE_GATEWAY, '-n', 'portico-system', '--ignore-not-found']);
  kubectl(['delete', 'rolebinding', `${user}-project-operator`, '-n', 'demo', '--ignore-not-found']);
});

async function pick(page: Page, label: string, option: string | RegExp) {
  // A picker can move while a message appears above it: retry the open.
  await expect(async () => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

test('a project operator creates an HTTPRoute on the seeded Gateway with the form and gets 200 through the gateway', async ({ browser }, info) => {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await signIn(page, user, PASSWORD);
  const name = `op-${uniq()}`;
  const path = `/${name}`;

  await page.goto('/projects/demo/httproutes/new');
  await expect(page.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByLabel('Name', { exact: true }).fill(name);

  // The Gateway choices: the shared Gateway is there, the Same-namespace one of portico-system is not.
  await page.getByRole('combobox', { name: 'Gateway 1', exact: true }).click();
  await expect(page.getByRole('option', { name: /portico-system\/portico\b/ }).first()).toBeVisible();
  await expect(page.getByRole('option', { name: new RegExp(PRIVATE_GATEWAY) })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await pick(page, 'Gateway 1', /portico-system\/portico\b/);
  await pick(page, 'Gateway 1 listener', /^http\b/);
  await page.getByLabel('Rule 1 match 1 path', { exact: true }).fill(path);
  await pick(page, 'Rule 1 backend 1 service', /^echo\b/);
  await page.screenshot({ path: info.outputPath('httproute-operator-form.png'), fullPage: true });

  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/httproutes/${name}`, { timeout: 60_000 });

  const route = kubectlJson(['get', 'httproute', name, '-n', 'demo']);
  expect(route.spec.parentRefs).toMatchObject([{ name: 'portico', namespace: 'portico-system', sectionName: 'http' }]);

  let body: Record<string, unknown> | undefined;
  let last = '';
  for (let i = 0; i < 80 && !body; i++) {
    const res = await page.request.get(`${GATEWAY_HTTP}${path}/x`, { failOnStatusCode: false });
    if (res.status() === 200) body = await res.json();
    else {
      last = `${res.status()} ${await res.text()}`;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  expect(body, `gateway never served ${path}: ${last}`).toMatchObject({ path: `${path}/x`, namespace: 'demo' });
  expect(String(body?.pod)).toMatch(/^echo-/);
  await ctx.close();
  kubectl(['delete', 'httproute', name, '-n', 'demo', '--ignore-not-found']);
});
