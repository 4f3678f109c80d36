/**
 * Self-service TLS per project with a ListenerSet, as the project operator: the form offers the
 * seeded shared Gateway (it admits ListenerSets from every namespace), takes an HTTPS listener
 * on the project's own host with a certificate uploaded through the TLS secret dialog; the
 * HTTPRoute form's parent picker offers the ListenerSet, and a route created with it attaches to
 * the set's listener; the gateway then answers 200 over TLS for that SNI with exactly the
 * project's certificate, and the detail page shows the listener's status and attached route, a
 * YAML tab, and Delete (confirmed) removes the set and the gateway stops routing its host.
 */
import https from 'node:https';
import { X509Certificate } from 'node:crypto';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { selfSignedCert } from '../devcluster/server/certs';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
const HTTPS_PORT = Number(process.env.GATEWAY_HTTPS_PORT ?? '19444');

/** One HTTPS request to the gateway with `host` as SNI and Host: status, body and the certificate it served. */
function getOverTls(host: string, path: string): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port: HTTPS_PORT, servername: host, path, headers: { host }, rejectUnauthorized: false, timeout: 5000 }, (res) => {
      const fingerprint = (res.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256 ?? '';
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.slice(0, 65_536)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function pick(page: Page, label: string, option: string | RegExp) {
  // A picker can move while a message appears above it: retry the open.
  await expect(async () => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

const id = uniq();
const NAME = `ls-${id}`;
const HOST = `ls-${id}.demo.test`;
const SECRET = `ls-${id}-tls`;
const ROUTE = `ls-${id}-route`;

test.beforeAll(async () => {
  await waitForDemo();
});

const VIEWED = `ls-${id}-v`;

test.afterAll(() => {
  for (const [kind, name] of [['httproute', ROUTE], ['listenersets.gateway.networking.k8s.io', NAME], ['listenersets.gateway.networking.k8s.io', VIEWED], ['secret', SECRET]])
    kubectl(['delete', kind, name, '-n', 'demo', '--ignore-not-found']);
});

test('the operator attaches an HTTPS listener with its own certificate to the shared Gateway and gets 200 over TLS with it', async ({ page }, info) => {
  const { cert, key } = selfSignedCert(HOST, [HOST]);
  const expected = new X509Certificate(cert).fingerprint256;

  await page.goto('/projects/demo/listenersets');
  await expect(page.getByRole('link', { name: 'ListenerSets' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'Create ListenerSet' }).first().click();
  await page.waitForURL('**/projects/demo/listenersets/new');

  await page.getByLabel('Name', { exact: true }).fill(NAME);
  // the seeded shared Gateway is offered (and chosen) though the operator may not read portico-system
  await expect(page.getByRole('combobox', { name: 'Shared Gateway' })).toHaveText(/portico-system\/portico/);
  await page.getByLabel('Listener 1 hostname', { exact: true }).fill(HOST);
  await expect(page.getByLabel('Listener 1 port', { exact: true })).toHaveValue('443');
  await expect(page.getByRole('combobox', { name: 'Listener 1 protocol' })).toHaveText('HTTPS');

  // the certificate: a new TLS Secret of the project, through the route wizard's dialog
  await page.getByRole('button', { name: 'New TLS secret for listener 1' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Secret name').fill(SECRET);
  await dialog.getByLabel('Certificate', { exact: true }).fill(cert);
  await dialog.getByLabel('Private key', { exact: true }).fill(key);
  await dialog.getByRole('button', { name: 'Create secret' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Listener 1 certificate' })).toHaveText(SECRET);
  await page.screenshot({ path: info.outputPath('listenerset-form.png'), fullPage: true });

  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/listenersets/${NAME}`, { timeout: 60_000 });
  const stored = kubectlJson(['get', 'listenersets.gateway.networking.k8s.io', NAME, '-n', 'demo']);
  expect(stored.spec).toMatchObject({ parentRef: { name: 'portico', namespace: 'portico-system' }, listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, hostname: HOST, tls: { certificateRefs: [{ name: SECRET }] } }] });

  // An HTTPRoute attached to the ListenerSet's listener, with the HTTPRoute form's parent picker.
  await page.goto('/projects/demo/httproutes/new');
  await expect(page.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByLabel('Name', { exact: true }).fill(ROUTE);
  await pick(page, 'Gateway 1', new RegExp(`ListenerSet ${NAME}\\b`));
  await expect(page.getByRole('combobox', { name: 'Gateway 1', exact: true })).toHaveText(`ListenerSet ${NAME}`);
  await pick(page, 'Gateway 1 listener', /^https\b/);
  await page.getByRole('button', { name: 'Add hostname' }).click();
  await page.getByLabel('Hostname 1', { exact: true }).fill(HOST);
  await page.getByLabel('Rule 1 match 1 path', { exact: true }).fill('/');
  await pick(page, 'Rule 1 backend 1 service', /^echo\b/);
  await page.screenshot({ path: info.outputPath('httproute-on-listenerset-form.png'), fullPage: true });
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/httproutes/${ROUTE}`, { timeout: 60_000 });
  const route = kubectlJson(['get', 'httproute', ROUTE, '-n', 'demo']);
  expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: NAME, sectionName: 'https' }]);

  let last = '';
  let ok: { status: number; body: string; fingerprint: string } | undefined;
  for (let i = 0; i < 120 && !ok; i++) {
    const r = await getOverTls(HOST, '/ls-check').catch((e: Error) => ({ status: 0, body: e.message, fingerprint: '' }));
    if (r.status === 200 && r.fingerprint === expected) ok = r;
    else {
      last = `${r.status} ${r.fingerprint} ${r.body.slice(0, 200)}`;
      await new Promise((res) => setTimeout(res, 250));
    }
  }
  expect(ok, `the gateway never answered 200 with the project's certificate for ${HOST}: ${last}`).toBeDefined();
  expect(ok!.fingerprint).toBe(expected);
  expect(JSON.parse(ok!.body)).toMatchObject({ path: '/ls-check', namespace: 'demo' });

  // the detail page: status per listener, with the attached route
  await page.goto(`/projects/demo/listenersets/${NAME}`);
  await expect(async () => {
    await page.reload();
    const row = page.getByRole('row', { name: 'Listener https' });
    await expect(row).toContainText(HOST, { timeout: 2000 });
    await expect(row.getByText('Programmed')).toBeVisible({ timeout: 2000 });
    await expect(row.getByRole('cell').nth(5)).toHaveText('1', { timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: info.outputPath('listenerset-detail.png'), fullPage: true });

  // the YAML tab shows the stored object, with Edit for the operator
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.monaco-editor .view-lines')).toContainText('kind: ListenerSet');
  await expect(page.getByRole('button', { name: 'Edit listenerset' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('listenerset-yaml.png'), fullPage: true });

  // Delete: the confirmation names the listener that stops; the set is gone and the gateway stops routing its host
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText(`Delete ListenerSet ${NAME}?`);
  await expect(confirm.getByRole('list', { name: 'Listeners that stop' })).toContainText(`https HTTPS :443 ${HOST}`);
  await page.screenshot({ path: info.outputPath('listenerset-delete.png'), fullPage: true });
  await confirm.getByRole('button', { name: 'Delete ListenerSet' }).click();
  await page.waitForURL('**/projects/demo/listenersets', { timeout: 30_000 });
  expect(kubectl(['get', 'listenersets.gateway.networking.k8s.io', '-n', 'demo', '-o', 'name'])).not.toContain(NAME);
  // the route lost its parent: the host is no longer routed to the backend
  await expect.poll(async () => (await getOverTls(HOST, '/ls-check').catch(() => ({ status: 0, body: '', fingerprint: '' }))).status, { timeout: 20_000 }).not.toBe(200);
});

test.describe('as a viewer', () => {
  runAs('viewer');

  test('the detail page shows the listeners and the YAML, but no Delete, no Edit tab and no YAML editing', async ({ page }, info) => {
    kubectl(['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { name: VIEWED, namespace: 'demo' },
      spec: { parentRef: { name: 'portico', namespace: 'portico-system' }, listeners: [{ name: 'web', protocol: 'HTTP', port: 80, hostname: `${VIEWED}.demo.test` }] },
    }));
    await page.goto(`/projects/demo/listenersets/${VIEWED}`);
    await expect(page.getByRole('heading', { name: `ListenerSet ${VIEWED}` })).toBeVisible();
    await expect(page.getByRole('row', { name: 'Listener web' })).toContainText(`${VIEWED}.demo.test`);
    await expect(page.getByRole('tab', { name: 'YAML' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Edit' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await expect(page.locator('.monaco-editor .view-lines')).toContainText('kind: ListenerSet', { timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Edit listenerset' })).toHaveCount(0);
    await page.screenshot({ path: info.outputPath('listenerset-viewer.png'), fullPage: true });
    // the list offers no Create to a viewer
    await page.goto('/projects/demo/listenersets');
    await expect(page.getByRole('link', { name: VIEWED, exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create ListenerSet' })).toHaveCount(0);
    // and typing the address gets the notice, not a form whose Save would fail
    await page.goto('/projects/demo/listenersets/new');
    await expect(page.getByRole('alert').filter({ hasText: 'You cannot create ListenerSets in this project.' })).toBeVisible();
  });
});
