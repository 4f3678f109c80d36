/**
 * Editing existing routes with their forms, as the project operator (issue 16 points 2 and 8):
 * the route wizard opens on an Ingress made with kubectl, every step shows it, a Form -> YAML
 * -> Form round trip loses nothing, and Save keeps what the form does not show (an unknown
 * annotation, a path's pathType Exact) while the edits land and the gateway serves them; a
 * change by someone else meanwhile is a 409 that "Reload and keep my edits" resolves; an
 * HTTPRoute's labels are edited with its form; the route and Service pages show seed 004's
 * WebSocket and ExternalName diagnostics.
 */
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;
const made: [kind: string, name: string][] = [];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

test.beforeAll(async () => {
  await waitForDemo();
});

test.afterAll(() => {
  for (const [kind, name] of made) kubectl(['delete', kind, name, '-n', 'demo', '--ignore-not-found']);
});

function apply(obj: Record<string, unknown>): void {
  kubectl(['apply', '-f', '-'], JSON.stringify(obj));
  const meta = obj.metadata as { name: string };
  made.push([String(obj.kind).toLowerCase(), meta.name]);
}

/** An Ingress as kubectl users write it: a pathType Exact path and an annotation the wizard has no field for... */
function existingIngress(name: string, host: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'demo', annotations: { 'example.com/owner': 'payments-team' } },
    spec: {
      ingressClassName: 'portico',
      rules: [{ host, http: { paths: [{ path: '/exact', pathType: 'Exact', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }],
    },
  };
}

async function answers(request: APIRequestContext, host: string, path: string): Promise<Record<string, unknown>> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const res = await request.get(`${GATEWAY_HTTP}${path}`, { headers: { host }, failOnStatusCode: false });
    if (res.status() === 200) return res.json();
    last = `${res.status()} ${await res.text()}`;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the gateway never served ${host}${path}: last answer ${last}`);
}

async function openEdit(page: Page, name: string) {
  await page.goto(`/projects/demo/routes/${name}`);
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.waitForURL(`**/projects/demo/routes/${name}/edit`);
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Step 1 of 4: Basic info' })).toBeVisible();
}

async function pickService(page: Page, label: string, service: string) {
  await expect(async () => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: new RegExp(`^${service}`) }).click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

test('the wizard edits an existing Ingress: the edit lands, pathType Exact and an unknown annotation survive', async ({ page, request }, info) => {
  const name = `edit-${uniq()}`;
  const host = `${name}.example.test`;
  apply(existingIngress(name, host));
  const before = kubectlJson(['get', 'ingress', name, '-n', 'demo']);

  await openEdit(page, name);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('readonly', '');
  await page.getByLabel('Description').fill('edited with the wizard');
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  // Step 2 shows the route as it is, then gets a second path.
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
  await expect(page.getByLabel('Rule 1 host')).toHaveValue(host);
  await expect(page.getByLabel('Rule 1 path 1 path')).toHaveValue('/exact');
  await expect(page.getByRole('combobox', { name: 'Rule 1 path 1 type' })).toContainText('Exact');
  await page.getByRole('button', { name: 'Add path to rule 1' }).click();
  await page.getByLabel('Rule 1 path 2 path').fill('/added');
  await pickService(page, 'Rule 1 path 2 service', 'echo');
  await expect(page.getByRole('combobox', { name: 'Rule 1 path 2 port' })).toContainText('80');

  // Form -> YAML -> Form keeps the edits and the hidden fields.
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByText('example.com/owner').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Rule 1 path 2 path')).toHaveValue('/added');
  await expect(page.getByRole('combobox', { name: 'Rule 1 path 1 type' })).toContainText('Exact');

  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Step 3 of 4: Annotations' })).toBeVisible();
  // The unknown annotation is listed (and kept); the hidden bookkeeping one is not.
  await expect(page.getByRole('group', { name: 'Annotation 1' }).getByRole('combobox')).toContainText('example.com/owner');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Labels' })).toBeVisible();
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Label 1 key').fill('team');
  await page.getByLabel('Label 1 value').fill('payments');
  await page.screenshot({ path: info.outputPath('route-edit-wizard-labels.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.waitForURL(`**/projects/demo/routes/${name}`);

  const after = kubectlJson(['get', 'ingress', name, '-n', 'demo']);
  expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before.metadata.resourceVersion));
  expect(after.metadata.annotations).toMatchObject({ 'example.com/owner': 'payments-team', 'portico.dev/description': 'edited with the wizard' });
  expect(after.metadata.labels).toEqual({ team: 'payments' });
  expect(after.spec.rules[0].http.paths).toEqual([
    { path: '/exact', pathType: 'Exact', backend: { service: { name: 'echo', port: { number: 80 } } } },
    { path: '/added', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } },
  ]);
  // The gateway serves both: the kept Exact path, and the added one.
  expect(await answers(request, host, '/added/x')).toMatchObject({ path: '/added/x', namespace: 'demo' });
  expect(await answers(request, host, '/exact')).toMatchObject({ path: '/exact' });
  const exactChild = await request.get(`${GATEWAY_HTTP}/exact/child`, { headers: { host }, failOnStatusCode: false });
  expect(exactChild.status()).toBe(404); // Exact stayed Exact
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.screenshot({ path: info.outputPath('route-edit-saved.png'), fullPage: true });
});

test('a change by someone else while the wizard is open: 409, then "Reload and keep my edits" saves both', async ({ page }, info) => {
  const name = `conflict-${uniq()}`;
  apply(existingIngress(name, `${name}.example.test`));
  await openEdit(page, name);
  await page.getByLabel('Alias').fill('Mine');
  // Someone else changes the route meanwhile (a field this edit did not touch).
  kubectl(['annotate', 'ingress', name, '-n', 'demo', 'example.com/reviewed=yes']);
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  const alert = page.getByRole('alert').filter({ hasText: 'Someone else changed this route while you were editing.' });
  await expect(alert).toBeVisible();
  await page.screenshot({ path: info.outputPath('route-edit-conflict.png'), fullPage: true });
  expect(kubectlJson(['get', 'ingress', name, '-n', 'demo']).metadata.annotations['portico.dev/alias']).toBeUndefined();

  await alert.getByRole('button', { name: 'Reload and keep my edits' }).click();
  await expect(alert).toBeHidden();
  await expect(page.getByLabel('Alias')).toHaveValue('Mine');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.waitForURL(`**/projects/demo/routes/${name}`);
  const { [LAST_APPLIED]: lastApplied, ...annotations } = kubectlJson(['get', 'ingress', name, '-n', 'demo']).metadata.annotations;
  expect(annotations).toEqual({ 'example.com/owner': 'payments-team', 'example.com/reviewed': 'yes', 'portico.dev/alias': 'Mine' });
  expect(lastApplied).toContain('"example.com/owner":"payments-team"'); // kubectl's bookkeeping, never shown, kept
});

test('the edit wizard generates a nip.io host for an existing route; the gateway answers at it and the Access tab shows it', async ({ page, request }, info) => {
  const name = `nipedit-${uniq()}`;
  // The gateway publishes its bind address, 127.0.0.1, on Ingress status by default.
  const nip = `${name}.demo.127.0.0.1.nip.io`;
  apply(existingIngress(name, `${name}.example.test`));
  await openEdit(page, name);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
  await page.getByRole('button', { name: 'Generate nip.io host for rule 1' }).click();
  await expect(page.getByLabel('Rule 1 host')).toHaveValue(nip);
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.waitForURL(`**/projects/demo/routes/${name}`);

  const ing = kubectlJson(['get', 'ingress', name, '-n', 'demo']);
  expect(ing.spec.rules[0].host).toBe(nip);
  expect(ing.spec.rules[0].http.paths[0].pathType).toBe('Exact');
  // What a nip.io lookup leads to: the gateway, with that Host header.
  expect(await answers(request, nip, '/exact')).toMatchObject({ path: '/exact', namespace: 'demo', pod: expect.stringMatching(/^echo-/) });

  await page.getByRole('tab', { name: 'Access' }).click();
  const row = page.getByRole('table', { name: 'Access' }).getByRole('row').nth(1);
  await expect(row).toContainText(nip);
  await expect(page.getByLabel(`nip.io host ${nip}`, { exact: true })).toHaveText(nip);
  await page.screenshot({ path: info.outputPath('route-edit-nip-access.png'), fullPage: true });
});

test("an HTTPRoute's labels are edited with its form; its annotation and rules are kept", async ({ page, request }, info) => {
  const name = `hr-${uniq()}`;
  const path = `/${name}`;
  apply({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: 'demo', labels: { app: 'echo' }, annotations: { 'example.com/owner': 'web-team' } },
    spec: {
      parentRefs: [{ name: 'portico', namespace: 'portico-system', sectionName: 'http' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: path } }], backendRefs: [{ name: 'echo', port: 80 }] }],
    },
  });
  await page.goto(`/projects/demo/httproutes/${name}`);
  await page.getByRole('tab', { name: 'Edit' }).click();
  await expect(page.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(page.getByLabel('Label 1 key')).toHaveValue('app');
  await expect(page.getByLabel('Annotation 1 key')).toHaveValue('example.com/owner');
  await page.getByLabel('Label 1 value').fill('echo-v2');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Label 2 key').fill('tier');
  await page.getByLabel('Label 2 value').fill('edge');
  await page.getByLabel('Alias').fill('Echo over HTTPRoute');
  await page.getByLabel('Label 2 key').scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('httproute-edit-labels.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText(`HTTPRoute ${name} saved`)).toBeVisible();

  const route = kubectlJson(['get', 'httproute', name, '-n', 'demo']);
  expect(route.metadata.labels).toEqual({ app: 'echo-v2', tier: 'edge' });
  const { [LAST_APPLIED]: lastApplied, ...annotations } = route.metadata.annotations;
  expect(annotations).toEqual({ 'example.com/owner': 'web-team', 'portico.dev/alias': 'Echo over HTTPRoute' });
  expect(lastApplied).toContain('"example.com/owner":"web-team"');
  expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: path } }]);
  // Still served through the shared Gateway.
  let status = 0;
  for (let i = 0; i < 60 && status !== 200; i++) {
    status = (await request.get(`${GATEWAY_HTTP}${path}`, { failOnStatusCode: false })).status();
    if (status !== 200) await new Promise((r) => setTimeout(r, 250));
  }
  expect(status).toBe(200);
});

test("seed 004's table where it shows: a WebSocket route's read timeout, an ExternalName that does not resolve", async ({ page }, info) => {
  const svc = `ws-${uniq()}`;
  apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: svc, namespace: 'demo' }, spec: { selector: { app: 'echo' }, ports: [{ name: 'ws', port: 80, targetPort: 8080, appProtocol: 'kubernetes.io/ws' }] } });
  apply({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: svc, namespace: 'demo' },
    spec: { ingressClassName: 'portico', rules: [{ host: `${svc}.example.test`, http: { paths: [{ path: '/ws', pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } }] } }] },
  });
  await page.goto(`/projects/demo/routes/${svc}`);
  await expect(page.getByRole('alert').filter({ hasText: `WebSocket backend ${svc}:ws (appProtocol kubernetes.io/ws)` })).toContainText('nginx.ingress.kubernetes.io/proxy-read-timeout: "3600"');
  await page.screenshot({ path: info.outputPath('route-websocket-diagnostic.png'), fullPage: true });

  const ext = `ext-${uniq()}`;
  apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: ext, namespace: 'demo' }, spec: { type: 'ExternalName', externalName: 'db.example.invalid' } });
  await page.goto(`/projects/demo/services/${ext}`);
  await expect(page.getByRole('alert', { name: 'Diagnostics' })).toContainText('ExternalName db.example.invalid does not resolve (ENOTFOUND)');
  await page.screenshot({ path: info.outputPath('service-externalname-diagnostic.png'), fullPage: true });
});
