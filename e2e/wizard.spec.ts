/**
 * The route creation wizard, as a new user drives it in Chromium: create a route to the demo
 * echo service and reach it through the gateway; invalid host and https without a secret
 * refused at step 2; the whole wizard completed with the keyboard only.
 */
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

// Steps wait for server actions (name check, dry run): generous on a loaded 2-core machine.
const expect = baseExpect.configure({ timeout: 20_000 });

const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;
// Each test waits on real server actions, the gateway and (in dev) on-demand compiles.
test.describe.configure({ timeout: 240_000 });
const uniq = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function openWizard(page: Page) {
  await page.goto('/projects/demo/routes/new');
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Basic info' })).toBeVisible();
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

async function pickService(page: Page, label: string, service: string) {
  // The picker can move while a validation message appears above it: retry the open.
  await expect(async () => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: new RegExp(`^${service}`) }).click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

async function nextStep(page: Page) {
  await page.getByRole('button', { name: 'Next', exact: true }).click();
}

/** Polls the gateway (routes apply within a second or two) until the host answers 200. */
async function getThroughGateway(request: APIRequestContext, host: string, path: string) {
  let last = '';
  for (let i = 0; i < 40; i++) {
    const res = await request.get(`${GATEWAY_HTTP}${path}`, { headers: { host }, failOnStatusCode: false });
    if (res.status() === 200) return res.json();
    last = `${res.status()} ${await res.text()}`;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gateway never served ${host}${path}: last answer ${last}`);
}

test('creates a route with the wizard and reaches the echo service through the gateway', async ({ page, request }) => {
  const name = `wizard-${uniq()}`;
  const host = `${name}.example.test`;
  await openWizard(page);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Alias').fill('Wizard echo');
  await expect(page.getByText(`✓ ${name} is available`)).toBeVisible({ timeout: 30_000 });
  await nextStep(page);

  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
  await page.getByLabel('Rule 1 host').fill(host);
  await pickService(page, 'Rule 1 path 1 service', 'echo');
  // echo has one port: it is picked for us.
  await expect(page.getByRole('combobox', { name: 'Rule 1 path 1 port' })).toContainText('80');
  await nextStep(page);

  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Annotations' })).toBeVisible();
  await nextStep(page);
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Labels' })).toBeVisible();
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Label 1 key').fill('app');
  await page.getByLabel('Label 1 value').fill('echo');
  await page.getByRole('button', { name: 'Create', exact: true }).click();

  await page.waitForURL(`**/projects/demo/routes/${name}`);
  const body = await getThroughGateway(request, host, '/hello?from=wizard');
  expect(body).toMatchObject({ path: '/hello?from=wizard', method: 'GET', namespace: 'demo' });
  expect(body.host).toContain(host);
  expect(body.pod).toMatch(/^echo-/);
});

test('refuses an invalid host at step 2 with a message', async ({ page }) => {
  await openWizard(page);
  await page.getByLabel('Name', { exact: true }).fill(`bad-host-${uniq()}`);
  await nextStep(page);
  await page.getByLabel('Rule 1 host').fill('bad_host!.example');
  await pickService(page, 'Rule 1 path 1 service', 'echo');
  await nextStep(page);
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid value: "bad_host!.example"' })).toBeVisible();
  await expect(page.getByLabel('Rule 1 host')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
  // Fixing it lets the user go on.
  await page.getByLabel('Rule 1 host').fill('*.good.example');
  await nextStep(page);
  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Annotations' })).toBeVisible();
});

test('refuses https without a TLS secret', async ({ page }) => {
  await openWizard(page);
  await page.getByLabel('Name', { exact: true }).fill(`tls-${uniq()}`);
  await nextStep(page);
  await page.getByLabel('Rule 1 host').fill('secure.example.test');
  await page.getByRole('radio', { name: 'HTTPS' }).click();
  await pickService(page, 'Rule 1 path 1 service', 'echo');
  await nextStep(page);
  await expect(page.getByRole('alert').filter({ hasText: 'HTTPS needs a TLS secret' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
});

test('the wizard can be completed with the keyboard only', async ({ page, request }) => {
  const name = `keys-${uniq()}`;
  const host = `${name}.example.test`;
  await openWizard(page);
  // The name field has focus when the wizard opens.
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.keyboard.type(name);
  await expect(page.getByText(`✓ ${name} is available`)).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Enter'); // Enter in a field means Next

  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeFocused();
  const tabTo = async (label: RegExp) => {
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      // The accessible name of the focused control (enough of the algorithm for our controls).
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return '';
        const labelled = el.getAttribute('aria-labelledby');
        return (
          el.getAttribute('aria-label') ??
          (labelled ? document.getElementById(labelled.split(' ')[0])?.textContent : undefined) ??
          (el as HTMLInputElement).labels?.[0]?.textContent ??
          (el.tagName === 'BUTTON' ? el.textContent : '') ??
          ''
        ).trim();
      });
      if (label.test(focused)) return;
    }
    throw new Error(`could not Tab to ${label}`);
  };
  await tabTo(/Rule 1 host/);
  await page.keyboard.type(host);
  await tabTo(/Rule 1 path 1 service/);
  await page.keyboard.press('Enter'); // opens the service picker
  await expect(page.locator('[cmdk-input]')).toBeFocused();
  await page.keyboard.type('echo');
  await page.keyboard.press('Enter'); // picks it
  await expect(page.getByRole('combobox', { name: 'Rule 1 path 1 service' })).toContainText('echo');
  await tabTo(/^Next$/);
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Annotations' })).toBeFocused();
  await tabTo(/Add annotation/);
  await page.keyboard.press('Enter');
  await tabTo(/Annotation 1 key/);
  await page.keyboard.press('Enter');
  await expect(page.locator('[cmdk-input]')).toBeFocused();
  await page.keyboard.type('ssl-redirect');
  await expect(page.getByRole('option', { name: /^ssl-redirect/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'Annotation 1 key' })).toContainText('ssl-redirect');
  await tabTo(/Annotation 1 value/);
  await page.keyboard.type('false');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Labels' })).toBeFocused();
  await tabTo(/^Create$/);
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/projects/demo/routes/${name}`);
  const body = await getThroughGateway(request, host, '/keys');
  expect(body).toMatchObject({ path: '/keys', namespace: 'demo' });
});
