/** Services: created with the wizard (with field errors shown where they belong) and diagnosed. */
import { expect, test } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

// Routes, services, HTTPRoutes, TCPRoutes and topology are the project operator's.
runAs('operator');

test.beforeAll(async () => {
  await waitForDemo();
});

test('a service created with the wizard', async ({ page }) => {
  const name = `svc-${uniq()}`;
  await page.goto('/projects/demo/services');
  await page.getByRole('link', { name: 'Create service' }).first().click();
  await expect(page.getByRole('heading', { name: 'Create service' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByTestId('service-wizard')).toHaveAttribute('data-ready', 'true', {
    timeout: 60_000,
  });
  const next = () => page.getByRole('button', { name: 'Next', exact: true }).click();

  // Invalid input is refused with a message on the field.
  await page.getByLabel('Name', { exact: true }).fill('Bad_Name');
  await next();
  await expect(page.getByText('Invalid value: "Bad_Name"').first()).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill(name);
  await next();
  await page.getByRole('radio', { name: /^NodePort/ }).check();
  await page.getByLabel('Port 1 name').fill('http');
  await page.getByLabel('Port 1 port').fill('80');
  await page.getByLabel('Port 1 target port').fill('8080');
  await page.getByRole('button', { name: 'Add port' }).click();
  await page.getByLabel('Port 2 name').fill('metrics');
  await page.getByLabel('Port 2 port').fill('9090');
  await page.getByLabel('Port 2 target port').fill('9090');
  await page.getByLabel('Port 2 app protocol').fill('http');
  await next();
  await page.getByLabel('Selector 1 key').fill('app');
  await page.getByLabel('Selector 1 value').fill('echo');
  await next();
  await next();
  await page.getByRole('button', { name: 'Create service' }).click();

  await expect(page).toHaveURL(new RegExp(`/projects/demo/services/${name}$`), { timeout: 30_000 });
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Service ports' })).toContainText('metrics');

  const svc = kubectlJson(['get', 'service', name, '-n', 'demo']);
  expect(svc.spec.type).toBe('NodePort');
  expect(svc.spec.selector).toEqual({ app: 'echo' });
  expect(
    svc.spec.ports.map((p: { name: string; port: number; targetPort: number }) => [
      p.name,
      p.port,
      p.targetPort,
    ]),
  ).toEqual([
    ['http', 80, 8080],
    ['metrics', 9090, 9090],
  ]);
  expect(svc.spec.ports[1].appProtocol).toBe('http');

  // It shows up in the list.
  await page.getByRole('link', { name: 'Services', exact: true }).first().click();
  await expect(page.getByRole('table', { name: 'Services' })).toContainText(name, {
    timeout: 30_000,
  });
  kubectl(['delete', 'service', name, '-n', 'demo']);
});

test('a service whose selector matches no pod explains why it has no endpoints', async ({
  page,
}) => {
  const name = `lonely-${uniq()}`;
  kubectl(['create', 'service', 'clusterip', name, '-n', 'demo', '--tcp=80:8080']);
  // kubectl create service selects app=<name>; point it at a near miss of the echo pods.
  kubectl([
    'patch',
    'service',
    name,
    '-n',
    'demo',
    '--type=merge',
    '-p',
    '{"spec":{"selector":{"app":"echoo"}}}',
  ]);
  await page.goto(`/projects/demo/services/${name}`);
  await expect(page.getByRole('alert', { name: 'Diagnostics' })).toContainText(
    'No pod matches the selector app=echoo',
  );
  kubectl(['delete', 'service', name, '-n', 'demo']);
});
