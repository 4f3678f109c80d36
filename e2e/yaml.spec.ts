/**
 * The YAML/JSON edit mode of the route wizard (Monaco, bundled locally): a route written in
 * YAML is created and served; form -> YAML -> form keeps fields the form does not show;
 * invalid YAML shows markers and disables Create with the reason.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

const expect = baseExpect.configure({ timeout: 20_000 });
const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;
// Each test waits on real server actions, the gateway and (in dev) on-demand compiles.
test.describe.configure({ timeout: 240_000 });
const uniq = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

async function openYamlMode(page: Page) {
  await page.goto('/projects/demo/routes/new');
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
}

/** Replaces the editor's text the way a user pastes a manifest. */
async function pasteIntoEditor(page: Page, text: string) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

/** The editor's visible text (short manifests fit on screen). */
async function editorText(page: Page): Promise<string> {
  const t = await page.locator('.monaco-editor .view-lines').innerText();
  return t.replace(/\u00a0/g, ' ');
}

function routeYaml(name: string, host: string, extra = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  annotations:
    portico.dev/alias: Written in YAML
    example.com/owner: team-a
spec:
  ingressClassName: portico
${extra}  rules:
    - host: ${host}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: echo
                port:
                  number: 80
`;
}

test('a route written in YAML mode is created and served through the gateway', async ({ page, request }) => {
  const name = `yaml-${uniq()}`;
  const host = `${name}.example.test`;
  await openYamlMode(page);
  await pasteIntoEditor(page, routeYaml(name, host));
  const create = page.getByRole('button', { name: 'Create', exact: true });
  await expect(create).toBeEnabled();
  await create.click();
  await page.waitForURL(`**/projects/demo/routes/${name}`);

  let body: Record<string, unknown> | undefined;
  for (let i = 0; i < 40 && !body; i++) {
    const res = await request.get(`${GATEWAY_HTTP}/from-yaml`, { headers: { host }, failOnStatusCode: false });
    if (res.status() === 200) body = await res.json();
    else await new Promise((r) => setTimeout(r, 250));
  }
  expect(body).toMatchObject({ path: '/from-yaml', namespace: 'demo' });
  expect(String(body?.pod)).toMatch(/^echo-/);
});

test('form -> YAML -> form keeps a field the form does not show', async ({ page }) => {
  const name = `keep-${uniq()}`;
  await openYamlMode(page);
  await pasteIntoEditor(page, routeYaml(name, `${name}.example.test`, '  foo: keep-me\n'));
  await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeEnabled();

  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Alias')).toHaveValue('Written in YAML');
  await page.getByLabel('Alias').fill('Edited in the form');

  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('foo: keep-me');
  const text = await editorText(page);
  expect(text).toContain('portico.dev/alias: Edited in the form');
  expect(text).toContain('example.com/owner: team-a');

  await page.getByRole('tab', { name: 'JSON' }).click();
  await expect.poll(() => editorText(page)).toContain('"foo": "keep-me"');
});

test('invalid YAML shows markers and disables Create with the reason', async ({ page }) => {
  await openYamlMode(page);
  await pasteIntoEditor(page, 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: [unclosed\n');
  const create = page.getByRole('button', { name: 'Create', exact: true });
  await expect(create).toBeDisabled();
  await expect(page.getByText(/Create is disabled: Invalid YAML/)).toBeVisible();
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible();
  // Leaving YAML with errors is refused: the form is never overwritten by broken text.
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByText(/Fix the YAML first/)).toBeVisible();
  await expect(page.getByRole('tab', { name: 'YAML' })).toHaveAttribute('aria-selected', 'true');

  // Valid YAML that breaks a Kubernetes rule: markers from validateObject, Create still disabled.
  await pasteIntoEditor(page, routeYaml('Bad_Name', 'ok.example.test'));
  await expect(page.getByText(/Create is disabled: .*metadata\.name/)).toBeVisible();
  await expect(create).toBeDisabled();
});

test('the YAML editor completes Ingress fields from the schema', async ({ page }) => {
  await openYamlMode(page);
  // The blank route ends inside spec: ask for completion on a new line there.
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('  ');
  await expect(async () => {
    await page.keyboard.press('Control+Space');
    await expect(page.locator('.monaco-editor .suggest-widget')).toContainText('defaultBackend', { timeout: 3000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.locator('.monaco-editor .suggest-widget')).toContainText('tls');
});
