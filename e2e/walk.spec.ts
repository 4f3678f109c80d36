/**
 * The whole path, as the people who take it. The platform admin (admin storage state) creates a
 * user and a project in the browser and adds the user as operator on the project's Members
 * page. The user signs in in a browser of their own, creates an Ingress with the wizard and an
 * HTTPRoute on the shared Gateway portico-system/portico with the form; both answer 200 through
 * the gateway from the project's echo pods; the route's Access tab shows the address and port
 * that answered. The project's backend (echo Deployment + Service) is setup, made with kubectl.
 */
import { expect as baseExpect, test, type APIRequestContext, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { kubectl, uniq } from './support/cluster';
import { runAs } from './support/personas';

runAs('admin');
const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 300_000 });

const GATEWAY_ADDRESS = '127.0.0.1';
const GATEWAY_PORT = process.env.GATEWAY_HTTP_PORT ?? '19080';
const GATEWAY_HTTP = `http://${GATEWAY_ADDRESS}:${GATEWAY_PORT}`;

/** The project's backend, as the dev cluster runs it: an echo image behind Service echo:80. */
function echoBackend(namespace: string): string {
  const app = { app: 'echo' };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'echo', namespace, labels: app },
        spec: { replicas: 1, selector: { matchLabels: app }, template: { metadata: { labels: app }, spec: { containers: [{ name: 'echo', image: 'portico/echo:1', ports: [{ name: 'http', containerPort: 8080 }] }] } } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace, labels: app }, spec: { selector: app, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    ],
  });
}

/** Polls the gateway (routes apply within seconds) until it answers 200; returns the echo's JSON. */
async function throughGateway(request: APIRequestContext, path: string, host?: string): Promise<Record<string, unknown>> {
  let last = '';
  for (let i = 0; i < 120; i++) {
    const res = await request.get(`${GATEWAY_HTTP}${path}`, { headers: host ? { host } : {}, failOnStatusCode: false });
    if (res.status() === 200) return res.json();
    last = `${res.status()} ${await res.text()}`;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gateway never served ${host ?? ''}${path}: last answer ${last}`);
}

async function pick(page: Page, label: string, option: RegExp) {
  // A picker can move while a message appears above it: retry the open.
  await expect(async () => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('option', { name: option }).first().click({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
}

test('admin makes a user and a project; the user, as operator, serves an Ingress and an HTTPRoute through the shared gateway', async ({ page, browser }) => {
  const user = `walker-${uniq()}`;
  const project = `walk-${uniq()}`;

  // The admin: a user with a generated password, shown once.
  await page.goto('/users');
  await page.getByRole('button', { name: 'Create user' }).click();
  const create = page.getByRole('dialog', { name: 'Create user' });
  await create.getByLabel('Username').fill(user);
  await create.getByRole('button', { name: 'Create' }).click();
  const reveal = page.getByRole('dialog', { name: `Password of ${user}` });
  const password = (await reveal.getByTestId('new-password').textContent())?.trim() ?? '';
  expect(password.length).toBeGreaterThanOrEqual(12);
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: user })).toContainText('active');

  // A project, with the admin as its project admin; then the user joins it as operator.
  await page.goto('/projects');
  await page.getByRole('button', { name: 'Create project' }).click();
  const form = page.getByRole('dialog', { name: 'Create project' });
  await form.getByLabel('Name', { exact: true }).fill(project);
  await form.getByLabel('Display name').fill('The walk');
  await form.getByLabel('Project admin').fill('admin');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Projects' }).getByRole('row').filter({ hasText: project })).toContainText('The walk');
  await page.goto(`/projects/${project}/members`);
  await page.getByLabel('Username').fill(user);
  await page.getByRole('form', { name: 'Add member' }).getByRole('combobox', { name: 'Role', exact: true }).selectOption('portico:project-operator');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: user })).toBeVisible();
  expect(kubectl(['get', 'rolebinding', '-n', project, '-o', `jsonpath={.items[?(@.subjects[0].name=="${user}")].roleRef.name}`])).toBe('portico:project-operator');

  // Setup: the project's backend.
  kubectl(['apply', '-f', '-'], echoBackend(project));

  // The user, in a browser of their own.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const theirs = await ctx.newPage();
  await signIn(theirs, user, password);
  await theirs.goto('/projects');
  await expect(theirs.getByRole('table', { name: 'Projects' }).getByRole('link')).toHaveText([project]);

  // An Ingress with the wizard.
  const name = `walk-${uniq()}`;
  const host = `${name}.example.test`;
  await theirs.goto(`/projects/${project}/routes/new`);
  await expect(theirs.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await theirs.getByLabel('Name', { exact: true }).fill(name);
  await expect(theirs.getByText(`✓ ${name} is available`)).toBeVisible({ timeout: 30_000 });
  await theirs.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(theirs.getByRole('heading', { name: 'Step 2 of 4: Rules' })).toBeVisible();
  await theirs.getByLabel('Rule 1 host').fill(host);
  await pick(theirs, 'Rule 1 path 1 service', /^echo/);
  await expect(theirs.getByRole('combobox', { name: 'Rule 1 path 1 port' })).toContainText('80');
  await theirs.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(theirs.getByRole('heading', { name: 'Step 3 of 4: Annotations' })).toBeVisible();
  await theirs.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(theirs.getByRole('heading', { name: 'Step 4 of 4: Labels' })).toBeVisible();
  await theirs.getByRole('button', { name: 'Create', exact: true }).click();
  await theirs.waitForURL(`**/projects/${project}/routes/${name}`, { timeout: 60_000 });

  // An HTTPRoute on the shared Gateway with the form.
  const routeName = `walk-http-${uniq()}`;
  const routePath = `/${routeName}`;
  await theirs.goto(`/projects/${project}/httproutes/new`);
  await expect(theirs.getByTestId('httproute-editor')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await theirs.getByLabel('Name', { exact: true }).fill(routeName);
  await pick(theirs, 'Gateway 1', /portico-system\/portico\b/);
  await pick(theirs, 'Gateway 1 listener', /^http\b/);
  await theirs.getByLabel('Rule 1 match 1 path', { exact: true }).fill(routePath);
  await pick(theirs, 'Rule 1 backend 1 service', /^echo\b/);
  await theirs.getByRole('button', { name: 'Create', exact: true }).click();
  await theirs.waitForURL(`**/projects/${project}/httproutes/${routeName}`, { timeout: 60_000 });

  // Both answer through the gateway, from this project's echo pod.
  const viaIngress = await throughGateway(theirs.request, '/hello?from=walk', host);
  expect(viaIngress).toMatchObject({ path: '/hello?from=walk', namespace: project });
  expect(String(viaIngress.pod)).toMatch(/^echo-/);
  const viaHttpRoute = await throughGateway(theirs.request, `${routePath}/x`);
  expect(viaHttpRoute).toMatchObject({ path: `${routePath}/x`, namespace: project });
  expect(String(viaHttpRoute.pod)).toMatch(/^echo-/);

  // The Access tab names the address and port that answered.
  await theirs.goto(`/projects/${project}/routes/${name}`);
  await theirs.getByRole('tab', { name: 'Access' }).click();
  // the Access table (KubeSphere's: Hostname | Paths | Access method | Address:Port | Node IP)
  const row = theirs.getByRole('table', { name: 'Access' }).getByRole('row').filter({ hasText: host }).first();
  await expect(row.getByTestId('access-address-port')).toHaveText(`${GATEWAY_ADDRESS}:${GATEWAY_PORT}`);
  await expect(theirs.getByLabel('hosts file line', { exact: true })).toHaveText(`${GATEWAY_ADDRESS} ${host}`);
  await expect(theirs.getByLabel('curl command 1', { exact: true })).toHaveText(`curl -s --resolve ${host}:${GATEWAY_PORT}:${GATEWAY_ADDRESS} http://${host}:${GATEWAY_PORT}/`);
  await ctx.close();

  kubectl(['delete', 'namespace', project, '--wait=false']);
  kubectl(['delete', 'secret', `portico-user-${user}`, '-n', 'portico-system', '--ignore-not-found']);
});
