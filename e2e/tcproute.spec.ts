/**
 * TCPRoutes in the console: the list updates live when one is created with kubectl, and a
 * TCPRoute is edited in YAML on its detail page (diff before apply).
 */
import { expect as baseExpect, test } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { replaceInEditor } from './support/monaco';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000 });

const tcpRoute = (name: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata:
  name: ${name}
  namespace: demo
  labels:
    tier: db
spec:
  parentRefs:
    - name: e2e-tcp-gw
      sectionName: pg
  rules:
    - backendRefs:
        - name: echo
          port: 80
`;

test.beforeAll(async () => {
  await waitForDemo();
  // A TCP listener on 25432 (served on 25432 by the contract).
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'e2e-tcp-gw', namespace: 'demo' },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'pg', port: 25432, protocol: 'TCP' }] },
  }));
});

test.afterAll(() => {
  kubectl(['delete', 'gateway', 'e2e-tcp-gw', '-n', 'demo', '--ignore-not-found']);
});

test('the TCPRoutes list shows a route created with kubectl without reload', async ({ page }, info) => {
  const name = `tcp-live-${uniq()}`;
  await page.goto('/projects/demo/tcproutes');
  await expect(page.getByRole('heading', { name: 'TCPRoutes' })).toBeVisible();
  await expect(page.getByRole('status', { name: /Live updates: Live/ })).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: info.outputPath('tcproutes-list-before.png'), fullPage: true });
  kubectl(['create', '-f', '-'], tcpRoute(name));
  await expect(page.getByRole('link', { name })).toBeVisible();
  await page.screenshot({ path: info.outputPath('tcproutes-list-after.png'), fullPage: true });
  kubectl(['delete', 'tcproute', name, '-n', 'demo']);
  await expect(page.getByRole('link', { name })).toHaveCount(0);
});

test('a TCPRoute is edited in YAML on its detail page', async ({ page }, info) => {
  const name = `tcp-edit-${uniq()}`;
  kubectl(['create', '-f', '-'], tcpRoute(name));
  // Let the gateway write its status first: that write alone would make this edit a conflict.
  await expect.poll(() => kubectlJson(['get', 'tcproute', name, '-n', 'demo']).status?.parents?.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  await page.goto(`/projects/demo/tcproutes/${name}`);
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.screenshot({ path: info.outputPath('tcproute-detail.png'), fullPage: true });
  await page.getByRole('tab', { name: 'YAML' }).click();
  await page.getByRole('button', { name: 'Edit tcproute' }).click();

  await replaceInEditor(page, 'tier: db', 'tier: cache');

  await page.getByRole('button', { name: 'Review changes' }).click();
  await expect(page.getByTestId('diff-editor')).toBeVisible();
  await page.screenshot({ path: info.outputPath('tcproute-diff.png'), fullPage: true });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(`TCPRoute ${name} updated`)).toBeVisible();
  await expect.poll(() => kubectlJson(['get', 'tcproute', name, '-n', 'demo']).metadata.labels.tier).toBe('cache');
  kubectl(['delete', 'tcproute', name, '-n', 'demo']);
});

test('a TCPRoute written in YAML is refused with the reason until it is valid', async ({ page }, info) => {
  await page.goto('/projects/demo/tcproutes/new');
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  // The blank template has no name yet: Create says why it is disabled.
  await expect(page.getByText(/Create is disabled: .*metadata\.name/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create', exact: true })).toBeDisabled();
  await page.screenshot({ path: info.outputPath('tcproute-new-error.png'), fullPage: true });
});
