/**
 * HTTPRoutes in the console, as a user drives them in Chromium: create one with the form
 * (path /canary to two echo backends split 80/20 with the slider, by keyboard) and reach it
 * through the gateway; form -> YAML -> form keeps an unknown field; an invalid hostname is
 * refused on its field; a conflicting YAML edit is shown and resolved.
 */
import { expect as baseExpect, test, type Page, type TestInfo } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { replaceInEditor } from './support/monaco';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

const expect = baseExpect.configure({ timeout: 20_000 });
const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;
test.describe.configure({ timeout: 240_000 });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const GATEWAY = 'e2e-httproute-gw';
const CANARY = 'canary-e2e';

test.beforeAll(async () => {
  await waitForDemo();
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY, namespace: 'demo' },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
  }));
  // A second Service over the echo pods: the canary backend (removed after these tests; its
// name does not start with "echo" so other specs' "echo" pickers stay unambiguous).
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: CANARY, namespace: 'demo' },
    spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  }));
});

test.afterAll(() => {
  kubectl(['delete', 'service', CANARY, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'gateway', GATEWAY, '-n', 'demo', '--ignore-not-found']);
});

async function shot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

async function openForm(page: Page) {
  await page.goto('/projects/demo/httproutes/new');
  await expect(page.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

async function pick(page: Page, label: string, option: string | RegExp) {
  // A picker can move while a message appears above it: retry the open.
  await expect(async () => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

async function pasteIntoEditor(page: Page, text: string) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

async function editorText(page: Page): Promise<string> {
  return (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

const routeYaml = (name: string, host: string, extra = '') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
spec:
${extra}  parentRefs:
    - name: ${GATEWAY}
  hostnames:
    - ${host}
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: echo
          port: 80
`;

test('creates an HTTPRoute with the form, splits 80/20 with the slider, and reaches it through the gateway', async ({ page, request }, info) => {
  const name = `canary-${uniq()}`;
  const host = `${name}.example.test`;
  await openForm(page);
  await shot(page, info, 'httproute-new-empty');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await pick(page, 'Gateway 1', `demo/${GATEWAY}`);
  await pick(page, 'Gateway 1 listener', /^http/);
  await page.getByRole('button', { name: 'Add hostname' }).click();
  await page.getByLabel('Hostname 1', { exact: true }).fill(host);
  await page.getByLabel('Rule 1 match 1 path', { exact: true }).fill('/canary');
  await pick(page, 'Rule 1 backend 1 service', /^echo\b/);
  await page.getByRole('button', { name: 'Add backend to rule 1' }).click();
  await pick(page, 'Rule 1 backend 2 service', new RegExp(`^${CANARY}`));
  await expect(page.getByRole('combobox', { name: 'Rule 1 backend 2 port' })).toContainText('80');

  // The split, by keyboard: Home = 0%, each Page Up = +10%.
  const thumb = page.getByRole('slider', { name: `Split between echo:80 and ${CANARY}:80` });
  await thumb.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 8; i++) await page.keyboard.press('PageUp');
  await expect(thumb).toHaveAttribute('aria-valuenow', '80');
  await expect(page.getByLabel('Rule 1 backend 1 weight')).toHaveValue('80');
  await expect(page.getByLabel('Rule 1 backend 2 weight')).toHaveValue('20');
  await shot(page, info, 'httproute-new-full');

  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/httproutes/${name}`, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name })).toBeVisible();

  const route = kubectlJson(['get', 'httproute', name, '-n', 'demo']);
  expect(route.spec.parentRefs).toMatchObject([{ name: GATEWAY, sectionName: 'http' }]);
  expect(route.spec.rules[0].backendRefs.map((b: { name: string; weight: number }) => `${b.name}=${b.weight}`)).toEqual(['echo=80', `${CANARY}=20`]);

  let body: Record<string, unknown> | undefined;
  let last = '';
  for (let i = 0; i < 60 && !body; i++) {
    const res = await request.get(`${GATEWAY_HTTP}/canary/x`, { headers: { host }, failOnStatusCode: false });
    if (res.status() === 200) body = await res.json();
    else {
      last = `${res.status()} ${await res.text()}`;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  expect(body, `gateway never served ${host}/canary: ${last}`).toMatchObject({ path: '/canary/x', namespace: 'demo' });
  expect(String(body?.pod)).toMatch(/^echo-/);
  // The gateway's verdict (route status) reaches the open page through the live watch, without reload.
  await expect.poll(() => kubectlJson(['get', 'httproute', name, '-n', 'demo']).status?.parents?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByLabel('Status', { exact: true })).toContainText('Accepted: yes');
  await shot(page, info, 'httproute-detail');

  await page.goto('/projects/demo/httproutes');
  await expect(page.getByRole('link', { name })).toBeVisible();
  await shot(page, info, 'httproute-list');
  kubectl(['delete', 'httproute', name, '-n', 'demo']);
});

test('form -> YAML -> form keeps a field the form does not show', async ({ page }) => {
  const name = `keep-${uniq()}`;
  await openForm(page);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  await pasteIntoEditor(page, routeYaml(name, `${name}.example.test`, '  foo: keep-me\n'));
  await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeEnabled();

  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Hostname 1', { exact: true })).toHaveValue(`${name}.example.test`);
  await page.getByLabel('Hostname 1', { exact: true }).fill(`edited-${name}.example.test`);

  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect.poll(() => editorText(page)).toContain('foo: keep-me');
  expect(await editorText(page)).toContain(`edited-${name}.example.test`);
  await page.getByRole('tab', { name: 'JSON' }).click();
  await expect.poll(() => editorText(page)).toContain('"foo": "keep-me"');
});

test('an invalid hostname is refused with a message on the field', async ({ page }, info) => {
  await openForm(page);
  await page.getByLabel('Name', { exact: true }).fill(`bad-${uniq()}`);
  await page.getByRole('button', { name: 'Add hostname' }).click();
  await page.getByLabel('Hostname 1', { exact: true }).fill('Bad_Host.example');
  await pick(page, 'Rule 1 backend 1 service', /^echo\b/);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const field = page.getByLabel('Hostname 1', { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Invalid value: "Bad_Host.example": should match/)).toBeVisible();
  await expect(page).toHaveURL(/\/httproutes\/new$/);
  await shot(page, info, 'httproute-new-error');
  // Fixing it clears the message.
  await field.fill('good.example.test');
  await expect(page.getByText(/Invalid value: "Bad_Host.example"/)).toHaveCount(0);
});

test('a conflicting YAML edit of an HTTPRoute is shown and resolved with my edits kept', async ({ page }) => {
  const name = `conflict-${uniq()}`;
  kubectl(['create', '-n', 'demo', '-f', '-'], routeYaml(name, `first-${name}.example.test`));
  // Let the gateway write its status first, so the only other writer is the one below.
  await expect.poll(() => kubectlJson(['get', 'httproute', name, '-n', 'demo']).status?.parents?.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  await page.goto(`/projects/demo/httproutes/${name}`);
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByRole('button', { name: 'Edit httproute' }).click();
  await replaceInEditor(page, `first-${name}`, `mine-${name}`);

  kubectl(['label', 'httproute', name, '-n', 'demo', 'team=theirs']);

  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByTestId('diff-editor')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Someone else changed this httproute' })).toBeVisible();

  await page.getByRole('button', { name: 'Reload and keep my edits' }).click();
  await expect(page.getByTestId('diff-editor')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(`HTTPRoute ${name} updated`)).toBeVisible();

  const route = kubectlJson(['get', 'httproute', name, '-n', 'demo']);
  expect(route.spec.hostnames).toEqual([`mine-${name}.example.test`]);
  expect(route.metadata.labels.team).toBe('theirs');

  // Delete names the route and what it serves.
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`Delete HTTPRoute ${name}?`);
  await expect(dialog).toContainText(`mine-${name}.example.test`);
  await dialog.getByRole('button', { name: 'Delete HTTPRoute' }).click();
  await expect(page).toHaveURL(/\/projects\/demo\/httproutes$/, { timeout: 30_000 });
});

test('the Edit tab of an HTTPRoute saves form changes and keeps what the form does not show', async ({ page }) => {
  const name = `edit-${uniq()}`;
  kubectl(['create', '-n', 'demo', '-f', '-'], routeYaml(name, `${name}.example.test`, '  foo: keep-me\n'));
  await expect.poll(() => kubectlJson(['get', 'httproute', name, '-n', 'demo']).status?.parents?.length ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.goto(`/projects/demo/httproutes/${name}`);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await expect(page.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await page.getByRole('button', { name: 'Add filter to rule 1' }).click();
  await page.getByRole('button', { name: 'Set a header' }).click();
  await page.getByLabel('Rule 1 filter 1 set header 1 name').fill('X-From-Form');
  await page.getByLabel('Rule 1 filter 1 set header 1 value').fill('yes');
  await page.getByLabel('Rule 1 request timeout').fill('15s');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(`HTTPRoute ${name} saved`)).toBeVisible();

  const route = kubectlJson(['get', 'httproute', name, '-n', 'demo']);
  expect(route.spec.foo).toBe('keep-me');
  expect(route.spec.rules[0].filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-From-Form', value: 'yes' }] } }]);
  expect(route.spec.rules[0].timeouts).toEqual({ request: '15s' });
  kubectl(['delete', 'httproute', name, '-n', 'demo']);
});
