/**
 * GRPCRoutes and TLSRoutes in the console, as a project operator: each is created in YAML from
 * its list's Create button, shows up in its list with the gateway's status, and opens on a
 * detail page with the status conditions per parent Gateway.
 */
import { expect as baseExpect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { bindUser, createUser, signIn } from './support/auth';
import { kubectl, kubectlJson, uniq, waitForDemo } from './support/cluster';

const expect = baseExpect.configure({ timeout: 20_000 });
test.describe.configure({ timeout: 180_000 });

const GATEWAY = 'e2e-grpc-tls-gw';
const OPERATOR = `op-${uniq()}`;
const PASSWORD = 'operator-password';

test.beforeAll(async () => {
  await waitForDemo();
  // An HTTP listener for gRPC (h2c) and a TLS passthrough listener (served on 25443 by the contract).
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY, namespace: 'demo' },
    spec: {
      gatewayClassName: 'portico',
      listeners: [
        { name: 'grpc', port: 80, protocol: 'HTTP' },
        { name: 'tls', port: 25443, protocol: 'TLS', tls: { mode: 'Passthrough' } },
      ],
    },
  }));
  await createUser(OPERATOR, PASSWORD);
  bindUser('demo', OPERATOR, 'portico:project-operator');
});

test.afterAll(() => {
  kubectl(['delete', 'gateway', GATEWAY, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'rolebinding', `${OPERATOR}-project-operator`, '-n', 'demo', '--ignore-not-found']);
  kubectl(['delete', 'secret', `portico-user-${OPERATOR}`, '-n', 'portico-system', '--ignore-not-found']);
});

async function asOperator(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await ctx.newPage();
  await signIn(page, OPERATOR, PASSWORD);
  return page;
}

/** Replaces the editor's text the way a user pastes a manifest. */
async function pasteIntoEditor(page: Page, text: string) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}

const grpcRoute = (name: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: ${name}
spec:
  parentRefs:
    - name: ${GATEWAY}
      sectionName: grpc
  hostnames:
    - ${name}.grpc.example.test
  rules:
    - matches:
        - method:
            service: helloworld.Greeter
            method: SayHello
      backendRefs:
        - name: echo
          port: 80
`;

const tlsRoute = (name: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: ${name}
spec:
  parentRefs:
    - name: ${GATEWAY}
      sectionName: tls
  hostnames:
    - ${name}.tls.example.test
  rules:
    - backendRefs:
        - name: echo
          port: 80
`;

const KINDS = [
  { kind: 'GRPCRoute', resource: 'grpcroutes', title: 'GRPCRoutes', manifest: grpcRoute, rule: 'helloworld.Greeter/SayHello' },
  { kind: 'TLSRoute', resource: 'tlsroutes', title: 'TLSRoutes', manifest: tlsRoute, rule: 'echo:80' },
] as const;

for (const k of KINDS) {
  test(`an operator creates a ${k.kind} in YAML, sees it accepted in the list and opens it`, async ({ browser }, info: TestInfo) => {
    const name = `${k.resource.slice(0, 4)}-${uniq()}`;
    const page = await asOperator(browser);
    await page.goto('/projects/demo/routes');
    await page.getByRole('navigation', { name: 'Network & Services' }).getByRole('link', { name: k.title }).click();
    await expect(page.getByRole('heading', { name: k.title })).toBeVisible();
    await expect(page.getByRole('status', { name: /Live updates: Live/ })).toBeVisible({ timeout: 30_000 });

    await page.getByRole('link', { name: `Create ${k.kind}` }).click();
    await expect(page.getByRole('heading', { name: `Create ${k.kind}` })).toBeVisible();
    await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
    await pasteIntoEditor(page, k.manifest(name));
    const create = page.getByRole('button', { name: 'Create', exact: true });
    await expect(create).toBeEnabled();
    await page.screenshot({ path: info.outputPath(`${k.resource}-new.png`), fullPage: true });
    await create.click();
    await expect(page.getByText(`${k.kind} ${name} created`)).toBeVisible();

    // The API stored it as written, in the project.
    const stored = kubectlJson(['get', k.resource, name, '-n', 'demo']);
    expect(stored.spec.parentRefs).toMatchObject([{ name: GATEWAY }]);
    expect(stored.spec.hostnames).toEqual([`${name}.${k.resource === 'grpcroutes' ? 'grpc' : 'tls'}.example.test`]);

    // Detail: the gateway's verdict per parent arrives through the live stream.
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
    const statusCard = page.getByLabel('Status', { exact: true });
    await expect(statusCard.getByText(GATEWAY)).toBeVisible();
    await expect(statusCard.getByText('Accepted: yes')).toBeVisible();
    await expect(page.getByLabel('Rules', { exact: true })).toContainText(k.rule);
    await page.screenshot({ path: info.outputPath(`${k.resource}-detail.png`), fullPage: true });

    // List: the row with its status.
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: k.title }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await expect(row).toContainText(`${name}.${k.resource === 'grpcroutes' ? 'grpc' : 'tls'}.example.test`);
    await expect(row).toContainText('Accepted');
    await page.screenshot({ path: info.outputPath(`${k.resource}-list.png`), fullPage: true });

    // Back to the detail from the list; the YAML tab shows the stored object.
    await row.getByRole('link', { name, exact: true }).click();
    await page.getByRole('tab', { name: 'YAML' }).click();
    await expect(page.locator('.monaco-editor .view-lines').first()).toContainText(`kind: ${k.kind}`);

    kubectl(['delete', k.resource, name, '-n', 'demo']);
    await page.context().close();
  });
}
