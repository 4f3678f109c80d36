/**
 * For console benchmarks: the dev cluster and the production console (`next start` on the
 * build in NEXT_DIST_DIR, default .next) on the given ports with a fresh DATA_DIR, the admin
 * signed in, and the cache's read rights granted to the console's ServiceAccount.
 * No gateway: these benchmarks read the cluster only. Built with `next build` beforehand
 * (this never builds).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { cacheRbacYaml } from '../../lib/console/cache-rbac';

export const ADMIN_PASSWORD = 'bench-admin-password';

export interface Product {
  baseURL: string;
  kubeconfig: string;
  kubectl(args: string[], input?: string): string;
  /** The admin's session cookie, for plain fetches ("name=value"). */
  cookie: string;
  stop(): Promise<void>;
}

async function waitFor(what: string, fn: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await Promise.resolve(fn()).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} not ready within ${timeoutMs / 1000}s`);
}


export async function startProduct(opts: {
  consolePort: number;
  devclusterPort: number;
  distDir?: string;
  /** Extra environment for the console (e.g. PORTICO_CACHE=off, PORTICO_BENCH_SYNTHETIC=1). */
  consoleEnv?: Record<string, string>;
  grantCacheRbac?: boolean;
  /** The dev cluster's entry script (default devcluster/main.ts; counting-devcluster.ts logs requests). */
  devclusterEntry?: string;
  /** Extra environment for the dev cluster. */
  devclusterEnv?: Record<string, string>;
  browser: Browser;
}): Promise<Product> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  const base = { ...process.env, DATA_DIR: dataDir, KUBECONFIG: '', DEVCLUSTER_PORT: String(opts.devclusterPort), BIND_ADDRESS: '127.0.0.1' };
  const children: ChildProcess[] = [];
  const start = (cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
    // BENCH_VERBOSE=1 shows the processes' own output (debugging a run).
    const c = spawn(cmd, args, { env, stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'], detached: true });
    children.push(c);
    return c;
  };
  const stop = async () => {
    for (const c of children.reverse()) {
      try {
        process.kill(-c.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await new Promise((r) => setTimeout(r, 2000));
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    start(process.execPath, ['--import', 'tsx', opts.devclusterEntry ?? 'devcluster/main.ts'], { ...base, ...opts.devclusterEnv });
    await waitFor('dev cluster', () => existsSync(path.join(dataDir, 'serviceaccounts', 'portico-console.kubeconfig')), 60_000);
    const kubectl = (args: string[], input?: string) =>
      execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { input, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600_000 });
    await waitFor('dev cluster API', () => kubectl(['get', 'ns', 'demo', '-o', 'name']).includes('demo'), 60_000);
    if (opts.grantCacheRbac !== false) kubectl(['apply', '-f', '-'], cacheRbacYaml()); // what the informer cache needs (not in the dev cluster's bootstrap RBAC yet)
    start(path.resolve('node_modules/.bin/next'), ['start', '-H', '127.0.0.1', '-p', String(opts.consolePort)], {
      ...base,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: opts.distDir ?? process.env.NEXT_DIST_DIR ?? '.next',
      PORTICO_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...opts.consoleEnv,
    });
    const baseURL = `http://127.0.0.1:${opts.consolePort}`;
    await waitFor('console', async () => (await fetch(`${baseURL}/login`)).ok, 120_000);
    // Sign in through the page, as a user does; keep the cookie for plain fetches.
    const ctx = await opts.browser.newContext();
    const page = await ctx.newPage();
    let cookie = '';
    await waitFor(
      'admin sign-in',
      async () => {
        await page.goto(`${baseURL}/login`);
        await page.getByLabel('Username').fill('admin');
        await page.getByLabel('Password').fill(ADMIN_PASSWORD);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 });
        const c = (await ctx.cookies()).find((k) => k.name === 'portico_session');
        cookie = c ? `${c.name}=${c.value}` : '';
        return !!cookie;
      },
      60_000,
    );
    await ctx.close();
    return { baseURL, kubeconfig, kubectl, cookie, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
