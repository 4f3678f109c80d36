/**
 * Routes list with 5,000 Ingresses: server response time, time until the table is
 * interactive in Chromium, and the JavaScript shipped for the page (Monaco must not be in it).
 *
 *   npx tsx bench/console/routes-list.ts                 # starts the product on bench ports
 *   BENCH_BASE_URL=http://127.0.0.1:3000 BENCH_KUBECONFIG=.data/kubeconfig npx tsx bench/console/routes-list.ts
 *
 * Starting the product uses `scripts/start.ts` (production console: `next build` must be
 * current, or it builds once). Figures are printed; nothing is asserted on time.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const COUNT = Number(process.env.BENCH_ROUTES ?? 5000);
const NS = 'bench';
const env = process.env;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not up within ${timeoutMs / 1000}s`);
}

async function main() {
  let baseURL = env.BENCH_BASE_URL;
  let kubeconfig = env.BENCH_KUBECONFIG;
  let stop = async () => {};
  if (!baseURL) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
    const ports = { PORT: '19300', DEVCLUSTER_PORT: '19343', GATEWAY_HTTP_PORT: '19380', GATEWAY_HTTPS_PORT: '19344', GATEWAY_ADMIN_PORT: '19390' };
    const child = spawn('npx', ['tsx', 'scripts/start.ts'], { env: { ...env, ...ports, DATA_DIR: dataDir, KUBECONFIG: '' }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    stop = async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 3000));
      rmSync(dataDir, { recursive: true, force: true });
    };
    baseURL = `http://127.0.0.1:${ports.PORT}`;
    kubeconfig = path.join(dataDir, 'kubeconfig');
    await waitFor(`${baseURL}/projects`, 600_000);
  }
  const kubectl = (args: string[], input?: string) =>
    execFileSync('kubectl', ['--kubeconfig', kubeconfig!, ...args], { input, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600_000 });

  try {
    // Fixture: namespace, a service, COUNT ingresses (skipped when already there).
    const have = Number(kubectl(['get', 'ingress', '-n', NS, '--no-headers', '-o', 'name']).split('\n').filter(Boolean).length || 0) ;
    if (have < COUNT) {
      kubectl(['apply', '-f', '-'], `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: ${NS}\nspec:\n  selector: {app: web}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n`);
      const items = [];
      for (let i = have; i < COUNT; i++) {
        const n = `route-${String(i).padStart(5, '0')}`;
        items.push({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'Ingress',
          metadata: { name: n, namespace: NS, annotations: { 'portico.dev/alias': `Route ${i}` } },
          spec: { ingressClassName: 'portico', rules: [{ host: `${n}.bench.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
        });
      }
      const file = path.join(tmpdir(), `portico-bench-${process.pid}.json`);
      writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
      const t0 = Date.now();
      kubectl(['create', '-f', file, '-o', 'name']);
      rmSync(file);
      console.log(`created ${items.length} ingresses in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    }
  } catch (err) {
    console.error(String(err).slice(0, 500));
  }

  // 1. Server: the list API (all rows, search) and the server-rendered page.
  const timeGet = async (url: string, n: number) => {
    const xs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await fetch(url);
      const body = await r.arrayBuffer();
      bytes = body.byteLength;
      xs.push(performance.now() - t);
    }
    return { median: median(xs), p95: p95(xs), bytes };
  };
  await fetch(`${baseURL}/api/projects/${NS}/routes`); // warm
  const api = await timeGet(`${baseURL}/api/projects/${NS}/routes`, 10);
  const search = await timeGet(`${baseURL}/api/projects/${NS}/routes?q=route-0424`, 10);
  const ssr = await timeGet(`${baseURL}/projects/${NS}/routes`, 5);
  console.log(`server: list API (${COUNT} rows, ${(api.bytes / 1024).toFixed(0)} KiB) median ${api.median.toFixed(0)} ms, p95 ${api.p95.toFixed(0)} ms`);
  console.log(`server: search API median ${search.median.toFixed(0)} ms, p95 ${search.p95.toFixed(0)} ms`);
  console.log(`server: routes page HTML (${(ssr.bytes / 1024).toFixed(0)} KiB) median ${ssr.median.toFixed(0)} ms, p95 ${ssr.p95.toFixed(0)} ms`);

  // 2. Browser: time until the table is interactive, and the JS it loaded.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const runs: { rows: number; search: number }[] = [];
    let js: { url: string; bytes: number; monaco: boolean }[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await ctx.newPage();
      const scripts: Promise<{ url: string; bytes: number; monaco: boolean }>[] = [];
      page.on('response', (res) => {
        if (res.request().resourceType() === 'script') {
          scripts.push(res.body().then((b) => ({ url: res.url(), bytes: b.byteLength, monaco: /monaco-editor|monaco\.contribution|vs\/editor\/editor/.test(b.toString('latin1')) })).catch(() => ({ url: res.url(), bytes: 0, monaco: false })));
        }
      });
      const t0 = Date.now();
      await page.goto(`${baseURL}/projects/${NS}/routes`, { waitUntil: 'commit' });
      await page.getByRole('link', { name: 'route-00000', exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
      const rowsVisible = Date.now() - t0;
      // Interactive = hydrated: typing in search gets a filtered answer from the server.
      await page.getByLabel('Search routes').fill('route-04242');
      await page.getByRole('link', { name: 'route-04242', exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
      await page.getByTestId('routes-count').filter({ hasText: `1 of ${COUNT}` }).waitFor({ timeout: 60_000 });
      const searchDone = Date.now() - t0;
      runs.push({ rows: rowsVisible, search: searchDone });
      js = await Promise.all(scripts);
      await ctx.close();
    }
    console.log(`browser: navigation -> first rows visible: median ${median(runs.map((r) => r.rows))} ms`);
    console.log(`browser: navigation -> search answered (hydrated, interactive): median ${median(runs.map((r) => r.search))} ms over ${runs.length} runs`);
    const total = js.reduce((a, s) => a + s.bytes, 0);
    console.log(`browser: JavaScript for the routes list page: ${js.length} scripts, ${(total / 1024).toFixed(0)} KiB uncompressed; Monaco present: ${js.some((s) => s.monaco) ? 'YES' : 'no'}`);
  } finally {
    await browser.close();
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
