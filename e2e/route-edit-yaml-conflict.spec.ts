/**
 * Edits are never lost on a 409, as the project operator meets it (issue 16 point 2): an
 * Ingress is edited in the wizard's YAML mode (an annotation added there), then in the form;
 * meanwhile kubectl changes it; Save is a 409, "Reload and keep my edits" replays the edit on
 * the latest version, and the second Save stores kubectl's change, the YAML-only annotation
 * and the form edit. The wizard must diff from the version the edit began at: the YAML text
 * replaced the form's base, so diffing from that base dropped the annotation.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { stringify } from 'yaml';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
const made: string[] = [];

test.beforeAll(async () => {
  await waitForDemo();
});

test.afterAll(() => {
  for (const name of made) kubectl(['delete', 'ingress', name, '-n', 'demo', '--ignore-not-found']);
});

async function pasteIntoEditor(page: Page, text: string) {
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

test('YAML edit, then the form, a kubectl change meanwhile: 409, reload and keep my edits, save stores all three', async ({ page }, info) => {
  const name = `yamlconf-${uniq()}`;
  made.push(name);
  kubectl(
    ['create', '-f', '-'],
    JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: 'demo', annotations: { 'example.com/owner': 'payments-team' } },
      spec: {
        ingressClassName: 'portico',
        rules: [{ host: `${name}.example.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }],
      },
    }),
  );

  await page.goto(`/projects/demo/routes/${name}/edit`);
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Basic info' })).toBeVisible();

  // YAML mode: the stored object (at its resourceVersion) with an annotation added.
  await page.getByRole('tab', { name: 'YAML' }).click();
  const stored = kubectlJson(['get', 'ingress', name, '-n', 'demo']);
  delete stored.status;
  delete stored.metadata.managedFields;
  stored.metadata.annotations['example.com/yaml-only'] = 'added-in-yaml';
  await pasteIntoEditor(page, stringify(stored));
  await expect(page.locator('.monaco-editor .view-lines').first()).toContainText('added-in-yaml');
  await expect(page.getByText(/Save is disabled/)).toBeHidden();

  // Back to the form (the YAML becomes what the form writes onto) and a form edit.
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Basic info' })).toBeVisible();
  await page.getByLabel('Alias').fill('Edited in the form');

  // Someone else changes the route meanwhile.
  kubectl(['annotate', 'ingress', name, '-n', 'demo', 'example.com/reviewed=by-kubectl']);
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed this route while you were editing.' });
  await expect(alert).toBeVisible();
  expect(kubectlJson(['get', 'ingress', name, '-n', 'demo']).metadata.annotations).not.toHaveProperty('example.com/yaml-only');
  await page.screenshot({ path: info.outputPath('route-edit-yaml-conflict.png'), fullPage: true });

  await alert.getByRole('button', { name: 'Reload and keep my edits' }).click();
  await expect(alert).toBeHidden();
  await expect(page.getByLabel('Alias')).toHaveValue('Edited in the form');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.waitForURL(`**/projects/demo/routes/${name}`);

  const after = kubectlJson(['get', 'ingress', name, '-n', 'demo']);
  expect(after.metadata.annotations).toEqual({
    'example.com/owner': 'payments-team',
    'example.com/reviewed': 'by-kubectl',
    'example.com/yaml-only': 'added-in-yaml',
    'portico.dev/alias': 'Edited in the form',
  });
  expect(after.spec.rules[0].host).toBe(`${name}.example.test`);
});
