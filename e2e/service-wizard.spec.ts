/**
 * The Service wizard, as a project operator: a NodePort Service with ClientIP session affinity
 * created step by step (live pod count and near misses on the way, a Form -> YAML -> Form switch
 * that keeps every field), another written in YAML mode, and an existing Service edited with
 * the wizard (a field the form does not show survives; a concurrent change is a 409 that
 * "Reload and keep my edits" resolves). What was stored is read back with kubectl.
 */
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

runAs('operator');

// Steps wait for server actions and (in dev) on-demand compiles: generous on a loaded 2-core machine.
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 240_000 });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** A node port in a part of the range the other specs do not ask for by number (the dev cluster allocates at random). */
const nodePort = () => 32000 + Math.floor(Math.random() * 700);

async function openWizard(page: Page, url = '/projects/demo/services/new') {
  await page.goto(url);
  await expect(page.getByTestId('service-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
}

const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true }).click();
const heading = (page: Page, n: number, title: string) => expect(page.getByRole('heading', { name: `Step ${n} of 5: ${title}` })).toBeVisible();

async function pasteIntoEditor(page: Page, text: string) {
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

test.beforeAll(async () => {
  await waitForDemo();
});

test('creates a NodePort service with session affinity through the wizard', async ({ page }) => {
  const name = `np-${uniq()}`;
  const port = nodePort();
  await openWizard(page);
  await heading(page, 1, 'Basic info');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Alias').fill('Echo on a node port');
  await page.getByLabel('Description').fill('Made by the wizard spec');
  await shot(page, 'service-wizard-1-basic');
  await next(page);

  await heading(page, 2, 'Type and ports');
  await page.getByRole('radio', { name: /^NodePort/ }).check();
  await page.getByLabel('Port 1 target port').fill('8080');
  await page.getByLabel('Port 1 app protocol').fill('http');
  // A node port outside the range is refused on the field, naming the range.
  await page.getByLabel('Port 1 node port').fill('8080');
  await next(page);
  await expect(page.getByRole('alert').filter({ hasText: 'The range of valid ports is 30000-32767' })).toBeVisible();
  await expect(page.getByLabel('Port 1 node port')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Port 1 node port').fill(String(port));
  await shot(page, 'service-wizard-2-ports');
  await next(page);

  await heading(page, 3, 'Selector');
  // A near miss first: no pod matches, the echo pods are named with the label that differs.
  await page.getByLabel('Selector 1 value').fill('echoo');
  const preview = page.getByRole('complementary', { name: 'Selected pods' });
  await expect(preview).toContainText('No pod matches');
  await expect(preview.getByRole('list', { name: 'Near misses' })).toContainText('app=echo (selector wants echoo)');
  await page.getByLabel('Selector 1 value').fill('echo');
  await expect(page.getByTestId('selector-count')).toHaveText(/^2 pods match \(2 ready\)$/);
  await expect(preview.getByRole('list', { name: 'Matching pods' })).toContainText('echo-');
  await shot(page, 'service-wizard-3-selector');
  await next(page);

  await heading(page, 4, 'Advanced');
  await page.getByRole('checkbox', { name: /Session affinity/ }).check();
  await page.getByLabel('Affinity timeout (seconds)').fill('90000');
  await next(page);
  await expect(page.getByRole('alert').filter({ hasText: 'must be greater than 0 and less than 86400' })).toBeVisible();
  await page.getByLabel('Affinity timeout (seconds)').fill('600');
  await page.getByLabel('External traffic policy').selectOption('Local');
  await page.getByRole('button', { name: 'Add annotation' }).click();
  await page.getByLabel('Annotation 1 key').fill('example.com/owner');
  await page.getByLabel('Annotation 1 value').fill('team-a');
  await shot(page, 'service-wizard-4-advanced');

  // Form -> YAML -> Form keeps every field.
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  const yaml = page.locator('.monaco-editor .view-lines');
  await expect(yaml).toContainText(`nodePort: ${port}`);
  await expect(yaml).toContainText('timeoutSeconds: 600');
  await shot(page, 'service-wizard-yaml');
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByLabel('Affinity timeout (seconds)')).toHaveValue('600');
  await next(page);

  await heading(page, 5, 'Labels');
  await page.getByRole('button', { name: 'Add label' }).click();
  await page.getByLabel('Label 1 key').fill('tier');
  await page.getByLabel('Label 1 value').fill('web');
  await shot(page, 'service-wizard-5-labels');
  await page.getByRole('button', { name: 'Create service' }).click();

  await page.waitForURL(`**/projects/demo/services/${name}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText(`80→${port}/TCP`)).toBeVisible();
  await expect(page.getByText('ClientIP, 600 s')).toBeVisible();
  await shot(page, 'service-detail-nodeport');

  const svc = kubectlJson(['get', 'service', name, '-n', 'demo']);
  expect(svc.metadata.annotations).toMatchObject({ 'portico.dev/alias': 'Echo on a node port', 'portico.dev/description': 'Made by the wizard spec', 'example.com/owner': 'team-a' });
  expect(svc.metadata.labels).toEqual({ tier: 'web' });
  expect(svc.spec).toMatchObject({
    type: 'NodePort',
    selector: { app: 'echo' },
    sessionAffinity: 'ClientIP',
    sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
    externalTrafficPolicy: 'Local',
  });
  expect(svc.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: 80, targetPort: 8080, nodePort: port, appProtocol: 'http', protocol: 'TCP' })]);
  kubectl(['delete', 'service', name, '-n', 'demo']);
});

test('creates a NodePort service with session affinity in YAML mode', async ({ page }) => {
  const name = `np-yaml-${uniq()}`;
  const port = nodePort();
  const manifest = (np: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels:
    tier: yaml
spec:
  type: NodePort
  selector:
    app: echo
  ports:
    - name: http
      port: 80
      targetPort: 8080
      nodePort: ${np}
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 900
`;
  await openWizard(page);
  await page.getByRole('tab', { name: 'YAML' }).click();
  // Out of range: Create is disabled with the field and the rule.
  await pasteIntoEditor(page, manifest(80));
  await expect(page.getByRole('status').filter({ hasText: 'Create is disabled' })).toContainText('spec.ports[0].nodePort');
  await expect(page.getByRole('button', { name: 'Create service' })).toBeDisabled();
  await pasteIntoEditor(page, manifest(port));
  await expect(page.getByRole('button', { name: 'Create service' })).toBeEnabled();
  await shot(page, 'service-wizard-yaml-mode');
  await page.getByRole('button', { name: 'Create service' }).click();

  await page.waitForURL(`**/projects/demo/services/${name}`);
  const svc = kubectlJson(['get', 'service', name, '-n', 'demo']);
  expect(svc.metadata.labels).toEqual({ tier: 'yaml' });
  expect(svc.spec).toMatchObject({ type: 'NodePort', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 900 } } });
  expect(svc.spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080, nodePort: port });
  kubectl(['delete', 'service', name, '-n', 'demo']);
});

test('a name already taken is reported on the name field, back at step 1, and stays through a Tab', async ({ page }) => {
  await openWizard(page);
  await page.getByLabel('Name', { exact: true }).fill('echo');
  await next(page);
  await heading(page, 2, 'Type and ports');
  await next(page);
  await page.getByLabel('Selector 1 value').fill('echo');
  await next(page);
  await next(page);
  await heading(page, 5, 'Labels');
  await page.getByRole('button', { name: 'Create service' }).click();
  await heading(page, 1, 'Basic info');
  const taken = page.getByRole('alert').filter({ hasText: 'a service named echo already exists in demo' }).first();
  const nameField = page.getByLabel('Name', { exact: true });
  await expect(taken).toBeVisible();
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(nameField).not.toBeFocused();
  // Tabbing through the name field (its blur re-validates it) does not clear the server's error.
  await page.keyboard.press('Tab');
  await expect(nameField).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(nameField).not.toBeFocused();
  await expect(taken).toBeVisible();
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  // Next is refused while the name is unchanged; a new name clears the error.
  await next(page);
  await heading(page, 1, 'Basic info');
  await expect(taken).toBeVisible();
  await nameField.fill(`echo-${uniq()}`);
  await expect(nameField).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('a service named echo already exists in demo')).toHaveCount(0);
  // The seeded Service is untouched.
  expect(kubectlJson(['get', 'service', 'echo', '-n', 'demo']).spec.ports[0].targetPort).toBe('http');
});

test('edits an existing service with the wizard: unshown fields survive, a concurrent change is merged', async ({ page }) => {
  const name = `edit-${uniq()}`;
  kubectl(['create', 'service', 'clusterip', name, '-n', 'demo', '--tcp=80:8080']);
  kubectl(['patch', 'service', name, '-n', 'demo', '--type=merge', '-p', '{"spec":{"selector":{"app":"echo"},"publishNotReadyAddresses":true}}']);
  kubectl(['annotate', 'service', name, '-n', 'demo', 'example.com/added-by=kubectl']);

  await openWizard(page, `/projects/demo/services/${name}/edit`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await next(page);
  await heading(page, 2, 'Type and ports');
  await expect(page.getByLabel('Port 1 target port')).toHaveValue('8080');
  await next(page);
  await heading(page, 3, 'Selector');
  await expect(page.getByTestId('selector-count')).toHaveText(/^2 pods match/);
  await next(page);
  await heading(page, 4, 'Advanced');
  await expect(page.getByLabel('Annotation 1 key')).toHaveValue('example.com/added-by');
  await page.getByRole('checkbox', { name: /Session affinity/ }).check();
  await page.getByLabel('Affinity timeout (seconds)').fill('300');
  await shot(page, 'service-wizard-edit');

  // Someone else changes the service meanwhile: saving is a 409, shown with a way out.
  kubectl(['label', 'service', name, '-n', 'demo', 'changed-by=kubectl']);
  await page.getByRole('button', { name: 'Save service' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Someone else changed this service' })).toBeVisible();
  await shot(page, 'service-wizard-conflict');
  await page.getByRole('button', { name: 'Reload and keep my edits' }).click();
  await expect(page.getByLabel('Affinity timeout (seconds)')).toHaveValue('300');
  await page.getByRole('button', { name: 'Save service' }).click();

  await page.waitForURL(`**/projects/demo/services/${name}`);
  const svc = kubectlJson(['get', 'service', name, '-n', 'demo']);
  expect(svc.metadata.annotations['example.com/added-by']).toBe('kubectl');
  expect(svc.metadata.labels['changed-by']).toBe('kubectl');
  expect(svc.spec.publishNotReadyAddresses).toBe(true);
  expect(svc.spec).toMatchObject({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 300 } }, selector: { app: 'echo' } });
  kubectl(['delete', 'service', name, '-n', 'demo']);
});

test('a LoadBalancer service shows its address and node ports', async ({ page }) => {
  const name = `lb-${uniq()}`;
  kubectl(['create', 'service', 'loadbalancer', name, '-n', 'demo', '--tcp=80:8080']);
  // No cloud here: publish an address the way a load balancer controller would.
  kubectl(['patch', 'service', name, '-n', 'demo', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"127.0.0.42"}]}}}']);
  const svc = kubectlJson(['get', 'service', name, '-n', 'demo']);
  await page.goto(`/projects/demo/services/${name}`);
  await expect(page.getByText('Load balancer address')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('127.0.0.42')).toBeVisible();
  await expect(page.getByText(`80→${svc.spec.ports[0].nodePort}/TCP`)).toBeVisible();
  await shot(page, 'service-detail-loadbalancer');
  kubectl(['delete', 'service', name, '-n', 'demo']);
});
