/**
 * The admin Gateway editor's Form / YAML / JSON switch and its 409, as the platform admin: a
 * hostname changed in YAML shows in the form and is saved, a field the form does not show
 * (a label) survives; when someone else changes the Gateway meanwhile, "Reload and keep my
 * edits" replays the admin's edit on the stored version and both changes are kept.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { runAs } from './support/personas';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { replaceInEditor } from './support/monaco';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000, mode: 'serial' });
runAs('admin');

const id = uniq();
const GATEWAY = `e2e-gwm-${id}`;
const host = (x: string) => `${x}.gwm-${id}.example.test`;

test.beforeAll(async () => {
  await waitForDemo();
  // create, not apply: no last-applied annotation repeating the hostname in the YAML.
  kubectl(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: GATEWAY, namespace: 'demo', labels: { team: 'e2e' } },
      spec: {
        gatewayClassName: 'portico',
        listeners: [{ name: 'http', protocol: 'HTTP', port: 80, hostname: host('a') }],
      },
    }),
  );
});
test.afterAll(() => {
  kubectl(['delete', 'gateway', GATEWAY, '-n', 'demo', '--ignore-not-found']);
});

async function openEditor(page: Page) {
  await page.goto(`/gateways/demo/${GATEWAY}`);
  await expect(page.getByTestId('gateway-editor')).toHaveAttribute('data-ready', 'true', {
    timeout: 60_000,
  });
  await expect(page.getByLabel('Listener 1 hostname', { exact: true })).toHaveValue(host('a'));
}

test('form -> YAML -> form without losing a field; an edit made in YAML is saved', async ({
  page,
}, info) => {
  await openEditor(page);
  await page.getByRole('tab', { name: 'YAML' }).click();
  const yaml = page.locator('.monaco-editor .view-lines').first();
  await expect(yaml).toContainText('kind: Gateway', { timeout: 60_000 });
  await expect(yaml).toContainText('team: e2e');
  await replaceInEditor(page, host('a'), host('b'));
  await page.screenshot({ path: info.outputPath('gateway-yaml.png'), fullPage: true });
  await page.getByRole('tab', { name: 'JSON' }).click();
  await expect(page.locator('.monaco-editor .view-lines').first()).toContainText(
    `"hostname": "${host('b')}"`,
    { timeout: 60_000 },
  );
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Listener 1 hostname', { exact: true })).toHaveValue(host('b'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(`Gateway demo/${GATEWAY} saved`)).toBeVisible();
  const stored = kubectlJson(['get', 'gateway', GATEWAY, '-n', 'demo']);
  expect(stored.spec.listeners[0].hostname).toBe(host('b'));
  expect(stored.metadata.labels).toMatchObject({ team: 'e2e' });
});

test('a 409 offers "Reload and keep my edits": the edit is replayed on the stored Gateway', async ({
  page,
}, info) => {
  await openEditor(page).catch(async () => {
    // the first test may have left hostname b
    await expect(page.getByLabel('Listener 1 hostname', { exact: true })).toHaveValue(host('b'));
  });
  await page.getByLabel('Listener 1 hostname', { exact: true }).fill(host('c'));
  // Someone else changes the Gateway meanwhile.
  kubectl(['label', 'gateway', GATEWAY, '-n', 'demo', 'other=changed', '--overwrite']);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'Someone else changed this Gateway while you were editing.' });
  await expect(alert).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await page.screenshot({ path: info.outputPath('gateway-conflict.png'), fullPage: true });
  await alert.getByRole('button', { name: 'Reload and keep my edits' }).click();
  // The admin's edit is still in the form, on top of the stored version.
  await expect(page.getByLabel('Listener 1 hostname', { exact: true })).toHaveValue(host('c'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(`Gateway demo/${GATEWAY} saved`)).toBeVisible();
  const stored = kubectlJson(['get', 'gateway', GATEWAY, '-n', 'demo']);
  expect(stored.spec.listeners[0].hostname).toBe(host('c'));
  expect(stored.metadata.labels).toMatchObject({ team: 'e2e', other: 'changed' });
});
