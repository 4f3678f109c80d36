/**
 * A project navigation on the production console: the server render of a project page
 * (/projects/demo/routes: the project layout's access checks, the switcher's project list, the
 * page), timed, and the access reviews it asks the cluster, counted in the dev cluster's request
 * log (counting-devcluster.ts). As the platform admin and as a project operator of demo, each
 * "cold" (after a pause longer than any remembered answer) and "warm" (back to back).
 *
 *   NEXT_DIST_DIR=.next-t flock /tmp/portico-build.lock npx next build
 *   NEXT_DIST_DIR=.next-t npx tsx bench/console/navigation.ts
 *   BENCH_CONSOLE_PORT=26500 BENCH_DEVCLUSTER_PORT=26543 BENCH_WARM=10 BENCH_COLD=3
 *
 * Figures are printed; nothing is asserted on time.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { hashPassword } from '../../server/auth/passwords';
import { startProduct } from './product';

const env = process.env;
const WARM = Number(env.BENCH_WARM ?? 10);
const COLD = Number(env.BENCH_COLD ?? 3);
/** Longer than the console remembers access answers (server/auth/access.ts RULES_TTL_MS; 30 s for the cache's reads is not waited out). */
const PAUSE_MS = 6_000;
const OPERATOR = { username: 'bench-operator', password: 'bench-operator-password' };

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const log = path.join(tmpdir(), `portico-bench-requests-${process.pid}.log`);
writeFileSync(log, '');
const lines = () => readFileSync(log, 'utf8').split('\n').filter(Boolean);

async function signIn(browser: Browser, baseURL: string, username: string, password: string): Promise<string> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${baseURL}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  const c = (await ctx.cookies()).find((k) => k.name === 'portico_session');
  await ctx.close();
  if (!c) throw new Error(`${username}: no session cookie after sign-in`);
  return `${c.name}=${c.value}`;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const product = await startProduct({
  consolePort: Number(env.BENCH_CONSOLE_PORT ?? 26500),
  devclusterPort: Number(env.BENCH_DEVCLUSTER_PORT ?? 26543),
  devclusterEntry: 'bench/console/counting-devcluster.ts',
  devclusterEnv: { BENCH_REQUEST_LOG: log },
  browser,
});
try {
  const { baseURL, kubectl } = product;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  kubectl(['apply', '-f', '-'], JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'portico.dev/account',
    metadata: { name: `portico-user-${OPERATOR.username}`, namespace: 'portico-system', labels: { 'portico.dev/account': 'true' } },
    data: { username: b64(OPERATOR.username), 'password-hash': b64(await hashPassword(OPERATOR.password)), groups: b64('') },
  }));
  kubectl(['create', 'rolebinding', 'bench-operator', '-n', 'demo', '--clusterrole=portico:project-operator', `--user=${OPERATOR.username}`]);
  const people = { admin: product.cookie, operator: await signIn(browser, baseURL, OPERATOR.username, OPERATOR.password) };
  const page = `${baseURL}/projects/demo/routes`;

  async function navigate(cookie: string): Promise<{ ms: number; access: number; rules: number; requests: number }> {
    const before = lines().length;
    const t0 = performance.now();
    const r = await fetch(page, { headers: { cookie } });
    const html = await r.text();
    const ms = performance.now() - t0;
    if (!r.ok || !html.includes('Routes')) throw new Error(`${page}: HTTP ${r.status}`);
    await new Promise((res) => setTimeout(res, 100)); // let the log catch up
    const made = lines().slice(before);
    return { ms, access: made.filter((l) => l.endsWith('/selfsubjectaccessreviews')).length, rules: made.filter((l) => l.endsWith('/selfsubjectrulesreviews')).length, requests: made.length };
  }

  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${kubectl(['get', 'ns', '-o', 'name']).trim().split('\n').length} namespaces`);
  for (const [who, cookie] of Object.entries(people)) {
    await navigate(cookie); // the informers and the session state are filled once
    const cold: Awaited<ReturnType<typeof navigate>>[] = [];
    for (let i = 0; i < COLD; i++) {
      await new Promise((res) => setTimeout(res, PAUSE_MS));
      cold.push(await navigate(cookie));
    }
    const warm: Awaited<ReturnType<typeof navigate>>[] = [];
    for (let i = 0; i < WARM; i++) warm.push(await navigate(cookie));
    for (const [name, runs] of [['cold', cold], ['warm', warm]] as const) {
      const m = (k: 'ms' | 'access' | 'rules' | 'requests') => median(runs.map((r) => r[k]));
      console.log(
        `${who.padEnd(8)} ${name}: page ${m('ms').toFixed(0)} ms median (max ${Math.max(...runs.map((r) => r.ms)).toFixed(0)}); ` +
          `per navigation: ${m('access')} SelfSubjectAccessReviews, ${m('rules')} SelfSubjectRulesReviews, ${m('requests')} cluster requests (medians of ${runs.length})`,
      );
    }
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  await product.stop();
  rmSync(log, { force: true });
}
