/**
 * The admin Gateways page, as the platform admin: reached from the platform header, it lists
 * the seeded shared Gateway with its listeners' status; a Gateway created there with an HTTPS
 * listener (certificate chosen from the namespace's TLS Secrets) is stored as the form says and
 * shows the gateway controller's verdict per listener; it is deleted after a confirmation that
 * repeats its name.
 */
import { expect as baseExpect, test } from '@playwright/test';
import { selfSignedCert } from '../devcluster/server/certs';
import { runAs, storageStateOf } from './support/personas';
import { kubectl, kubectlJson, notFound, uniq, waitForDemo } from './support/cluster';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000 });
runAs('admin');

const id = uniq();
const GATEWAY = `e2e-gw-${id}`;
const SECRET = `e2e-gw-tls-${id}`;
const HOST = `*.gw-${id}.example.test`;

test.beforeAll(async () => {
  await waitForDemo();
  const { cert, key } = selfSignedCert(`gw-${id}.example.test`, [HOST]);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: SECRET, namespace: 'demo' }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(cert), 'tls.key': b64(key) } }));
});

test.afterAll(() => {
  kubectl(['delete', 'gateway', GATEWAY, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'secret', SECRET, '-n', 'demo', '--ignore-not-found']);
});

test('an admin creates a Gateway with an HTTPS listener, sees its listener status, and deletes it', async ({ page }, info) => {
  await page.goto('/projects');
  await page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: 'Gateways' }).click();
  await expect(page.getByRole('heading', { name: 'Gateways', exact: true })).toBeVisible();
  // The seeded shared Gateway, with its listeners' verdicts.
  const shared = page.getByRole('list', { name: 'Listeners of portico-system/portico' });
  await expect(shared.getByRole('listitem', { name: 'Listener http', exact: true }).getByText('Programmed', { exact: true })).toBeVisible();
  await page.screenshot({ path: info.outputPath('gateways-list.png'), fullPage: true });

  await page.getByRole('link', { name: 'Create Gateway' }).click();
  await expect(page.getByRole('heading', { name: 'Create Gateway' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'New Gateway' })).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByRole('combobox', { name: 'Namespace', exact: true }).click();
  await page.getByRole('option', { name: /^demo$/ }).click();
  await page.getByLabel('Name', { exact: true }).fill(GATEWAY);
  // Replace the starting HTTP listener by an HTTPS one on the test's own hosts.
  await page.getByRole('button', { name: 'Remove listener 1' }).click();
  await page.getByRole('button', { name: 'HTTPS listener' }).click();
  await expect(page.getByRole('combobox', { name: 'Listener 1 TLS mode', exact: true })).toContainText('Terminate');
  await page.getByLabel('Listener 1 hostname', { exact: true }).fill(HOST);
  // No certificate yet: the form says so on the field.
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(page.getByText('Required value: choose the certificate Secret the listener serves')).toBeVisible();
  await page.getByRole('button', { name: 'Add certificate' }).click();
  await page.getByRole('combobox', { name: 'Listener 1 certificate 1', exact: true }).click();
  await page.getByRole('option', { name: SECRET }).click();
  await page.getByRole('combobox', { name: 'Listener 1 routes from', exact: true }).click();
  await page.getByRole('option', { name: 'All namespaces' }).click();
  await page.getByRole('checkbox', { name: 'GRPCRoute' }).check();
  await page.getByRole('checkbox', { name: 'HTTPRoute' }).check();
  await page.screenshot({ path: info.outputPath('gateway-new.png'), fullPage: true });
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL('**/gateways', { timeout: 60_000 });

  // Stored as the form said (the API adds its defaults, e.g. tls.mode Terminate).
  const stored = kubectlJson(['get', 'gateway', GATEWAY, '-n', 'demo']);
  expect(stored.spec).toMatchObject({
    gatewayClassName: 'portico',
    listeners: [
      {
        name: 'https',
        protocol: 'HTTPS',
        port: 443,
        hostname: HOST,
        tls: { certificateRefs: [{ name: SECRET }] },
        allowedRoutes: {
          namespaces: { from: 'All' },
          kinds: [
            { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' },
            { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' },
          ],
        },
      },
    ],
  });

  // The controller's verdict per listener arrives on the list.
  const listener = page.getByRole('list', { name: `Listeners of demo/${GATEWAY}` }).getByRole('listitem', { name: 'Listener https', exact: true });
  for (const c of ['Accepted', 'Programmed', 'ResolvedRefs']) await expect(listener.getByText(c, { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(listener).toContainText('0 routes');
  await page.screenshot({ path: info.outputPath('gateways-list-new.png'), fullPage: true });

  // Its page: the same status beside the listener, edited with the form.
  await page.getByRole('link', { name: `demo/${GATEWAY}`, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Gateway demo/${GATEWAY}` })).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Listener https', exact: true }).getByText('Programmed', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Listener 1 hostname', { exact: true })).toHaveValue(HOST);
  await page.screenshot({ path: info.outputPath('gateway-edit.png'), fullPage: true });

  // Delete: the confirmation asks for the name.
  await page.goto('/gateways');
  await page.getByRole('button', { name: `Delete gateway demo/${GATEWAY}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: `Delete ${GATEWAY}` })).toBeDisabled();
  await dialog.getByLabel(`Type ${GATEWAY} to confirm`).fill(GATEWAY);
  await dialog.getByRole('button', { name: `Delete ${GATEWAY}` }).click();
  await expect(page.getByText(`Gateway demo/${GATEWAY} deleted`)).toBeVisible();
  await expect.poll(() => notFound(['get', 'gateway', GATEWAY, '-n', 'demo'])).toBe(true);
});

test('the Gateways page does not exist for a project operator', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: storageStateOf('operator') });
  const page = await ctx.newPage();
  const res = await page.goto('/gateways');
  expect(res?.status()).toBe(404);
  const api = await page.request.get('/api/admin/gateways');
  expect(api.status()).toBe(403);
  await page.goto('/projects');
  await expect(page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: 'Projects' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Platform' }).getByRole('link', { name: 'Gateways' })).toHaveCount(0);
  await ctx.close();
});
