/**
 * Security headers and the sign-in redirect, as a project operator (not the admin): every
 * console response carries a CSP with a fresh nonce, frame-ancestors 'none', nosniff and a
 * Referrer-Policy; the routes page and the Monaco YAML editor work under that CSP without a
 * single violation; `/login?next=/%09/evil.example` never leaves the console's origin.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page, type Response } from '@playwright/test';
import { bindUser, createUser, signIn } from './support/auth';
import { uniq, waitForDemo } from './support/cluster';
import { runAs } from './support/personas';

// Headers are checked on an operator's pages (the default request fixture too).
runAs('operator');

test.describe.configure({ timeout: 240_000 });
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const PASSWORD = 'operator-password';
let user = '';

test.beforeAll(async () => {
  await waitForDemo();
  user = `csp-op-${uniq()}`;
  await createUser(user, PASSWORD);
  bindUser('demo', user, 'portico:project-operator');
});

interface Watched {
  page: Page;
  /** CSP violations (securitypolicyviolation events) and console messages about CSP. */
  violations: string[];
}

/** A fresh context (no admin session) that records every CSP violation, signed in as the operator. */
async function asOperator(browser: Browser): Promise<Watched> {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await ctx.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate|create|connect|frame)/i.test(m.text())) violations.push(m.text());
  });
  await signIn(page, user, PASSWORD);
  return { page, violations };
}

async function pageViolations(w: Watched): Promise<string[]> {
  const inPage = await w.page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
  return [...w.violations, ...inPage];
}

function expectSecurityHeaders(r: Response | null): string {
  expect(r, 'a response').toBeTruthy();
  const h = r!.headers();
  const csp = h['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  return /'nonce-([^']+)'/.exec(csp)![1];
}

test('every console response carries the security headers, with a new nonce each time', async ({ browser, request }) => {
  const w = await asOperator(browser);
  const first = expectSecurityHeaders(await w.page.goto('/projects/demo/routes'));
  const second = expectSecurityHeaders(await w.page.reload());
  expect(second).not.toBe(first);
  // the nonce in the header is the one on the page's scripts
  expect(await w.page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  // signed out: the sign-in page, the redirect to it and the API's 401 carry them too
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expectSecurityHeaders(await (await anon.newPage()).goto('/login'));
  const redirect = await request.fetch('/projects/demo/routes', { maxRedirects: 0, headers: { cookie: '' } });
  expect([302, 303, 307, 308]).toContain(redirect.status());
  expect(redirect.headers()['x-content-type-options']).toBe('nosniff');
  expect(redirect.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  const api = await anon.request.get('/api/projects/demo/services');
  expect(api.status()).toBe(401);
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // static assets: nosniff
  const asset = await w.page.evaluate(() => (document.querySelector('script[src^="/_next/static/"]') as HTMLScriptElement | null)?.getAttribute('src'));
  expect(asset).toBeTruthy();
  const js = await w.page.request.get(asset!);
  expect(js.headers()['x-content-type-options']).toBe('nosniff');
  expect(await pageViolations(w)).toEqual([]);
  await anon.close();
  await w.page.context().close();
});

test('the routes page and the Monaco YAML editor run under the CSP without violations', async ({ browser }) => {
  const w = await asOperator(browser);
  const { page } = w;
  await page.goto('/projects/demo/routes');
  await expect(page.getByRole('link', { name: 'echo', exact: true })).toBeVisible({ timeout: 60_000 });
  await page.goto('/projects/demo/routes/new');
  await expect(page.getByTestId('route-wizard')).toHaveAttribute('data-ready', 'true', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  // the YAML worker runs (markers come from it) and the schema is applied
  await page.evaluate((t) => navigator.clipboard.writeText(t), 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: [unclosed\n');
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.locator('.monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Create is disabled: Invalid YAML/)).toBeVisible();
  expect(await pageViolations(w)).toEqual([]);
  await page.context().close();
});

test('/login?next=/%09/evil.example stays on the console, signed in or signing in', async ({ browser, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  // signing in with that next
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  const offsite: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== origin) offsite.push(r.url());
  });
  await page.goto('/login?next=/%09/evil.example');
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${origin}/projects`, { timeout: 30_000 });
  // already signed in
  for (const next of ['/%09/evil.example', '/%0a/evil.example', '//evil.example', '/%5Cevil.example', '/%2F%2Fevil.example']) {
    await page.goto(`/login?next=${next}`);
    await expect(page).toHaveURL(`${origin}/projects`);
  }
  expect(offsite).toEqual([]);
  await ctx.close();
});

test('sign-in attempts are keyed on the connection\'s address, not on a client-sent X-Forwarded-For', async ({ browser }) => {
  const dataDir = process.env.PORTICO_E2E_DATA_DIR;
  test.skip(!dataDir || !!process.env.E2E_BASE_URL, 'reads the audit log of the console this run started');
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.9' } });
  const page = await ctx.newPage();
  const ghost = `ghost-${uniq()}`;
  await page.goto('/login');
  await page.getByLabel('Username').fill(ghost);
  await page.getByLabel('Password').fill('not-a-password');
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expect(page.locator('form[aria-label="Sign in"] [role="alert"]')).toHaveText('Invalid username or password.');
  // The console stamps each request with its TCP peer (next start): the audit line names it.
  await expect.poll(() => readFileSync(path.join(dataDir!, 'audit.log'), 'utf8').includes(`"user":"${ghost}"`)).toBe(true);
  const rec = JSON.parse(readFileSync(path.join(dataDir!, 'audit.log'), 'utf8').split('\n').find((l) => l.includes(`"user":"${ghost}"`))!);
  expect(rec).toMatchObject({ action: 'login', result: 'failure', message: '127.0.0.1' });
  await ctx.close();
});
