/**
 * Gateway API v1.6 in the console, as the project operator:
 * - the HTTPRoute form offers what the shared Gateway's class lists in supportedFeatures (the
 *   gateway writes it): rule name, retry, the CORS filter, the mirrored share, cookie session
 *   persistence. A bad origin is refused on its field with the CRD's
 *   rule; the route made with the form answers a CORS preflight through the gateway.
 * - the Service page shows and creates a BackendTLSPolicy for the Service.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
const GATEWAY_HTTP = `http://127.0.0.1:${process.env.GATEWAY_HTTP_PORT ?? '19080'}`;

const id = uniq();
const ROUTE = `v16-${id}`;
const POLICY = `echo-tls-${id}`;

test.beforeAll(async () => {
  await waitForDemo();
});

test.afterAll(() => {
  kubectl(['delete', 'httproute', ROUTE, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'backendtlspolicies.gateway.networking.k8s.io', POLICY, '-n', 'demo', '--ignore-not-found']);
});

async function pick(page: Page, label: string, option: string | RegExp) {
  await expect(async () => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

test('the HTTPRoute form offers the supported v1.6 fields, checks them, and the CORS route answers a preflight through the gateway', async ({ page }, info) => {
  const path = `/v16-${id}`;
  await page.goto('/projects/demo/httproutes/new');
  await expect(page.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByLabel('Name', { exact: true }).fill(ROUTE);
  await pick(page, 'Gateway 1', /portico-system\/portico\b/);
  await pick(page, 'Gateway 1 listener', /^http\b/);
  await page.getByLabel('Rule 1 match 1 path', { exact: true }).fill(path);
  await pick(page, 'Rule 1 backend 1 service', /^echo\b/);

  // offered: the Gateway's class lists HTTPRouteNamedRouteRule, HTTPRouteRetry, HTTPRouteCORS,
  // HTTPRouteSessionPersistenceCookie
  await page.getByLabel('Rule 1 name', { exact: true }).fill('api');
  await page.getByLabel('Rule 1 retry failed requests').check();
  await page.getByLabel('Rule 1 retry on status codes', { exact: true }).fill('503');
  await page.getByLabel('Rule 1 retry attempts', { exact: true }).fill('2');
  await page.getByLabel('Rule 1 keep each session on one endpoint').check();
  await page.getByLabel('Rule 1 session cookie or header name', { exact: true }).fill('shop-session');

  await page.getByRole('button', { name: 'Add filter to rule 1' }).click();
  await pick(page, 'Rule 1 filter 1 type', 'CORS');
  await page.getByLabel('Rule 1 filter 1 allowed origins', { exact: true }).fill('ftp://app.example.com');
  await page.getByLabel('Rule 1 filter 1 allowed methods', { exact: true }).fill('GET, PUT');
  await page.getByLabel('Rule 1 filter 1 max age (seconds)', { exact: true }).fill('600');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  // the CRD's origin pattern, on the field
  const origins = page.getByLabel('Rule 1 filter 1 allowed origins', { exact: true });
  await expect(origins).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Invalid value: "ftp:\/\/app.example.com": should match/)).toBeVisible();
  await origins.fill('https://app.example.com');
  await page.screenshot({ path: info.outputPath('httproute-v16-form.png'), fullPage: true });
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(`**/projects/demo/httproutes/${ROUTE}`, { timeout: 60_000 });

  const route = kubectlJson(['get', 'httproute', ROUTE, '-n', 'demo']);
  expect(route.spec.rules[0]).toMatchObject({
    name: 'api',
    retry: { codes: [503], attempts: 2 },
    filters: [{ type: 'CORS', cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'PUT'], maxAge: 600 } }],
    sessionPersistence: { sessionName: 'shop-session' },
  });

  // through the gateway: the preflight is answered by the CORS filter
  let last = '';
  await expect(async () => {
    const res = await page.request.fetch(`${GATEWAY_HTTP}${path}`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PUT' }, failOnStatusCode: false });
    last = `${res.status()} ${JSON.stringify(res.headers())}`;
    expect(res.status(), last).toBe(204);
    expect(res.headers()['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers()['access-control-max-age']).toBe('600');
  }).toPass({ timeout: 30_000 });
});

test('the Service page shows and creates a BackendTLSPolicy for the Service', async ({ page }, info) => {
  await page.goto('/projects/demo/services/echo');
  const panel = page.getByLabel('Backend TLS policies');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await panel.getByRole('button', { name: 'Add BackendTLSPolicy' }).click();
  await panel.getByLabel('Policy name', { exact: true }).fill(POLICY);
  await panel.getByLabel('Backend hostname', { exact: true }).fill('echo.internal.example');
  await panel.getByRole('button', { name: 'Add subject alternative name' }).click();
  await panel.getByLabel('Subject alternative name 1', { exact: true }).fill('spiffe://cluster/ns/demo/sa/echo');
  await page.screenshot({ path: info.outputPath('backend-tls-form.png'), fullPage: true });
  await panel.getByRole('button', { name: 'Create policy' }).click();
  await expect(panel.getByRole('group', { name: `BackendTLSPolicy ${POLICY}` })).toContainText('hostname echo.internal.example, CA System');
  const policy = kubectlJson(['get', 'backendtlspolicies.gateway.networking.k8s.io', POLICY, '-n', 'demo']);
  expect(policy.spec).toMatchObject({
    targetRefs: [{ group: '', kind: 'Service', name: 'echo' }],
    validation: { wellKnownCACertificates: 'System', hostname: 'echo.internal.example', subjectAltNames: [{ type: 'URI', uri: 'spiffe://cluster/ns/demo/sa/echo' }] },
  });
  await page.screenshot({ path: info.outputPath('backend-tls-panel.png'), fullPage: true });
});
