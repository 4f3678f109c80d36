/**
 * Sign-in and access control in Chromium, against the dev cluster's RBAC: viewers, operators
 * and admins see and do exactly what their bindings allow, by UI and by URL; attacks are inert.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, bindUser, createUser, signIn } from './support/auth';
import { kubectl, uniq, waitForDemo } from './support/cluster';
import { runAs, storageStateOf } from './support/personas';

// The tests on the default page assert what an admin sees and does (the gateway access-method
// switch, binding members); the others make their own users.
runAs('admin');

test.describe.configure({ timeout: 180_000 });

/** The sign-in form's own error (Next's route announcer is an alert too). */
const loginError = (page: Page) => page.locator('form[aria-label="Sign in"] [role="alert"]');

/** Submits the sign-in form and waits for the server's answer. */
async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  // React resets the form once the action's transition ends; filling before that races the reset.
  await expect(page.getByLabel('Password')).toHaveValue('');
}

test.beforeAll(async () => {
  await waitForDemo();
});

/** A fresh browser context (no admin session) signed in as the given user. */
async function as(browser: Browser, username: string, password: string): Promise<Page> {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await signIn(page, username, password);
  return page;
}

test('sign-in refuses wrong and unknown credentials alike, and signs out', async ({ browser }) => {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto('/projects/demo/routes');
  await expect(page).toHaveURL(/\/login\?next=/);
  for (const [u, p] of [['admin', 'not-the-password'], [`ghost-${uniq()}`, 'whatever-pass']]) {
    await submitLogin(page, u, p);
    await expect(loginError(page)).toHaveText('Invalid username or password.');
  }
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/projects\/demo\/routes/);
  const cookie = (await ctx.cookies()).find((c) => c.name === 'portico_session')!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Lax');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/projects/demo/routes');
  await expect(page).toHaveURL(/\/login/);
  await ctx.close();
});

test('a tampered session cookie is refused', async ({ browser, baseURL }) => {
  const page = await as(browser, 'admin', ADMIN_PASSWORD);
  const ctx = page.context();
  const cookie = (await ctx.cookies()).find((c) => c.name === 'portico_session')!;
  const [, sig] = cookie.value.split('.');
  const forged = Buffer.from(JSON.stringify({ u: 'admin', g: ['system:masters'], iat: 0, exp: 9e9 })).toString('base64url');
  await ctx.addCookies([{ name: 'portico_session', value: `${forged}.${sig}`, url: baseURL! }]);
  await page.goto('/projects/demo/routes');
  await expect(page).toHaveURL(/\/login/);
  await ctx.close();
});

test('password guessing is slowed with a clear message', async ({ browser }) => {
  const user = `guess-${uniq()}`;
  await createUser(user, 'the-right-password');
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto('/login');
  for (let i = 0; i < 5; i++) {
    await submitLogin(page, user, `wrong-${i}`);
    await expect(loginError(page)).toHaveText('Invalid username or password.');
  }
  await submitLogin(page, user, 'wrong-again');
  await expect(loginError(page)).toContainText('Too many failed sign-in attempts. Try again in');
  // Even the right password waits now.
  await submitLogin(page, user, 'the-right-password');
  await expect(loginError(page)).toContainText('Too many failed sign-in attempts');
  await expect(page).toHaveURL(/\/login/);
  await ctx.close();
});

test('a viewer cannot create a route: the UI hides it, the wizard address says so, and the server refuses with 403', async ({ browser }) => {
  const user = `viewer-${uniq()}`;
  await createUser(user, 'viewer-password');
  bindUser('demo', user, 'portico:project-viewer');
  const page = await as(browser, user, 'viewer-password');
  await page.goto('/projects/demo/routes');
  await expect(page.getByRole('link', { name: 'echo', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create route' })).toHaveCount(0);
  // Straight to the wizard by URL: the page asks the cluster first and says no.
  await page.goto('/projects/demo/routes/new');
  await expect(page.getByRole('alert').filter({ hasText: 'You cannot create routes in this project.' })).toBeVisible();
  await expect(page.getByTestId('route-wizard')).toHaveCount(0);

  // The server does not rely on that: the create action, captured from an operator's wizard
  // (stopped before it reaches the server), replayed with the viewer's session, is refused.
  const op = await browser.newContext({ storageState: storageStateOf('operator') });
  const opPage = await op.newPage();
  await opPage.goto('/projects/demo/routes/new?mode=yaml');
  await expect(opPage.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await expect(opPage.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  const name = `nope-${uniq()}`;
  await opPage.evaluate(
    (t) => navigator.clipboard.writeText(t),
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\nspec:\n  ingressClassName: portico\n  rules:\n    - host: ${name}.example.test\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: echo\n                port:\n                  number: 80\n`,
  );
  await opPage.locator('.monaco-editor .view-lines').click();
  await opPage.keyboard.press('ControlOrMeta+A');
  await opPage.keyboard.press('ControlOrMeta+V');
  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  await opPage.route(
    (url) => url.pathname.startsWith('/projects/demo/routes/new'),
    async (route) => {
      const r = route.request();
      if (r.method() === 'POST' && r.headers()['next-action'] && (r.postData() ?? '').includes(name)) {
        captured = { url: r.url(), headers: r.headers(), body: r.postData() ?? '' };
        return route.abort();
      }
      return route.continue();
    },
  );
  await opPage.getByRole('button', { name: 'Create', exact: true }).click();
  await expect.poll(() => captured !== undefined, { timeout: 20_000 }).toBe(true);
  await op.close();
  const res = await page.request.post(captured!.url, {
    headers: { 'Next-Action': captured!.headers['next-action']!, 'Content-Type': captured!.headers['content-type'] ?? 'text/plain;charset=UTF-8', Accept: 'text/x-component', Origin: new URL(captured!.url).origin },
    data: captured!.body,
  });
  const body = await res.text();
  expect(body).toContain('"ok":false');
  expect(body).toMatch(/forbidden: User \\?"viewer-/);
  expect(() => kubectl(['get', 'ingress', name, '-n', 'demo'])).toThrow();
  await page.context().close();
});

test('the gateway access-method switch is shown only to users who may change it', async ({ browser, page }) => {
  kubectl(['apply', '-f', '-'], `apiVersion: v1
kind: Service
metadata:
  name: portico-gateway
  namespace: portico-system
spec:
  type: NodePort
  selector:
    app: portico-gateway
  ports:
    - name: http
      port: 80
      targetPort: 8080
`);
  // The admin (saved session) sees the switch.
  await page.goto('/projects/demo/gateway');
  await expect(page.getByRole('radiogroup', { name: 'Gateway access method' })).toBeVisible({ timeout: 30_000 });
  // A project viewer does not; the cluster would refuse the patch anyway.
  const user = `gwviewer-${uniq()}`;
  await createUser(user, 'viewer-password');
  bindUser('demo', user, 'portico:project-viewer');
  const viewer = await as(browser, user, 'viewer-password');
  await viewer.goto('/projects/demo/gateway');
  // The viewer may not even read portico-system, so the card says what it can; never the switch.
  await expect(viewer.getByLabel('Access method')).toBeVisible({ timeout: 30_000 });
  await expect(viewer.getByRole('table', { name: 'Gateway addresses' })).toBeVisible();
  await expect(viewer.getByRole('radiogroup', { name: 'Gateway access method' })).toHaveCount(0);
  await viewer.context().close();
  kubectl(['delete', 'service', 'portico-gateway', '-n', 'portico-system']);
});

test('an operator of project A cannot list or open project B, by URL either', async ({ browser }) => {
  const user = `op-${uniq()}`;
  const other = `secret-${uniq()}`;
  kubectl(['create', 'namespace', other]);
  kubectl(['create', 'service', 'clusterip', 'hidden', '--tcp=80:80', '-n', other]);
  await createUser(user, 'operator-password');
  bindUser('demo', user, 'portico:project-operator');
  const page = await as(browser, user, 'operator-password');
  await page.goto('/projects');
  const list = page.getByRole('table', { name: 'Projects' });
  await expect(list.getByRole('link')).toHaveText(['demo']);
  await page.goto(`/projects/${other}/routes`);
  await expect(page.getByText('No access to this project')).toBeVisible();
  await page.goto(`/projects/${other}/services/hidden`);
  await expect(page.getByText('No access to this project')).toBeVisible();
  await expect(page.getByText('hidden', { exact: true })).toHaveCount(0);
  const api = await page.request.get(`/api/projects/${other}/services`);
  expect(api.status()).toBe(403);
  await page.context().close();
});

test('an admin binds a user on the Members page and that user sees the project next', async ({ page, browser }) => {
  const user = `new-${uniq()}`;
  const project = `team-${uniq()}`;
  kubectl(['create', 'namespace', project]);
  await createUser(user, 'newcomer-password');
  const newcomer = await as(browser, user, 'newcomer-password');
  await newcomer.goto('/projects');
  await expect(newcomer.getByText('No projects yet')).toBeVisible();

  await page.goto(`/projects/${project}/members`);
  await page.getByLabel('Username').fill(user);
  await page.getByRole('form', { name: 'Add member' }).getByRole('combobox', { name: 'Role', exact: true }).selectOption('portico:project-operator');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('table', { name: 'Members' }).getByRole('cell', { name: user, exact: true })).toBeVisible();

  await newcomer.goto('/projects');
  await expect(newcomer.getByRole('table', { name: 'Projects' }).getByRole('link')).toHaveText([project]);
  await newcomer.goto(`/projects/${project}/routes`);
  await expect(newcomer.getByRole('link', { name: 'Create route' }).first()).toBeVisible();
  // An operator does not manage members.
  await newcomer.goto(`/projects/${project}/members`);
  await expect(newcomer.getByRole('button', { name: 'Add member' })).toHaveCount(0);
  await newcomer.context().close();
});

// What any project member could try: an operator's session.
test.describe('as the operator', () => {
  runAs('operator');

  test('XSS payloads in names, labels, annotations and YAML are shown inert', async ({ page }) => {
    const name = `xss-${uniq()}`;
    const payload = `<img src=x onerror="window.__xss=1">`;
    const ing = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name,
        namespace: 'demo',
        labels: { team: 'a' },
        annotations: { 'portico.dev/alias': payload, 'portico.dev/description': `<script>window.__xss=2</script>`, 'example.com/note': `"><svg onload=window.__xss=3>` },
      },
      spec: { ingressClassName: 'portico', rules: [{ host: `${name}.example.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
    };
    kubectl(['apply', '-f', '-'], JSON.stringify(ing));
    await page.goto('/projects/demo/routes');
    await expect(page.getByText(payload).first()).toBeVisible();
    await page.goto(`/projects/demo/routes/${name}`);
    await expect(page.getByText(payload).first()).toBeVisible();
    for (const tab of ['Annotations', 'YAML']) {
      const t = page.getByRole('tab', { name: tab });
      if (await t.count()) await t.click();
    }
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    // A name is refused by the API before it could be stored anywhere.
    expect(() => kubectl(['create', 'service', 'clusterip', '<b>x</b>', '--tcp=80:80', '-n', 'demo'])).toThrow();
  });

  test('server actions and mutations refuse cross-site requests', async ({ page }) => {
    await page.goto('/projects/demo/routes');
    const attempts: Array<Record<string, string>> = [{ Origin: 'http://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }];
    for (const headers of attempts) {
      const r = await page.request.post('/projects/demo/routes/new', { headers: { ...headers, 'Next-Action': '0'.repeat(40), 'Content-Type': 'text/plain' }, data: '[]' });
      expect(r.status()).toBe(403);
    }
    const login = await page.request.post('/login', { headers: { Origin: 'http://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' }, data: 'username=admin&password=x' });
    expect(login.status()).toBe(403);
  });
});
