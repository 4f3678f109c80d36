/**
 * Routes list with 5,000 Ingresses on the production console: server response time of the
 * list (first request, which fills the informer cache, and warm), search, the server-rendered
 * page; in Chromium, time until rows show, until the table is hydrated (interactive) and until
 * all rows are loaded; the JavaScript shipped for the page (Monaco must not be in it).
 *
 *   NEXT_DIST_DIR=.next-t flock /tmp/portico-build.lock npx next build
 *   NEXT_DIST_DIR=.next-t npx tsx bench/console/routes-list.ts
 *   BENCH_CACHE=off ...      # the console reads the API directly (no informer cache)
 *   BENCH_CONSOLE_PORT=26300 BENCH_DEVCLUSTER_PORT=26343 BENCH_ROUTES=5000
 *   BENCH_RUNS=7             # browser runs (medians; default 3)
 *   BENCH_SCRIPTS=1          # list the page's scripts by size
 *
 * Figures are printed; nothing is asserted on time.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startProduct } from './product';
import { apiVersionOf } from '../../lib/k8s/kinds';

const env = process.env;
const COUNT = Number(env.BENCH_ROUTES ?? 5000);
const NS = 'bench';
const cacheOff = env.BENCH_CACHE === 'off';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

function fixture(n: number) {
  const items: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
  ];
  for (let i = 0; i < n; i++) {
    const name = `route-${String(i).padStart(5, '0')}`;
    items.push({
      apiVersion: apiVersionOf('Ingress'),
      kind: 'Ingress',
      metadata: { name, namespace: NS, annotations: { 'portico.dev/alias': `Route ${i}` } },
      spec: { ingressClassName: 'portico', rules: [{ host: `${name}.bench.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    });
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const product = await startProduct({
  consolePort: Number(env.BENCH_CONSOLE_PORT ?? 26300),
  devclusterPort: Number(env.BENCH_DEVCLUSTER_PORT ?? 26343),
  consoleEnv: cacheOff ? { PORTICO_CACHE: 'off' } : {},
  browser,
});
try {
  const { baseURL, kubectl, cookie } = product;
  const file = path.join(tmpdir(), `portico-bench-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(fixture(COUNT)));
  let t0 = Date.now();
  kubectl(['create', '-f', file, '-o', 'name']);
  rmSync(file);
  console.log(`fixture: ${COUNT} ingresses created in ${((Date.now() - t0) / 1000).toFixed(1)}s; load average ${loadavg()[0].toFixed(1)}; cache ${cacheOff ? 'OFF' : 'on'}`);

  // encoding: what to accept (a browser asks for gzip; "identity" leaves compression out).
  const get = async (url: string, encoding = 'gzip', retry = true): Promise<{ ms: number; bytes: number }> => {
    const t = performance.now();
    try {
      const r = await fetch(url, { headers: { cookie, 'accept-encoding': encoding } });
      const body = await r.arrayBuffer();
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return { ms: performance.now() - t, bytes: body.byteLength };
    } catch (err) {
      // A kept-alive socket the server closed while the fixture was created: once more, fresh.
      if (retry && String((err as { cause?: { code?: string } }).cause?.code).startsWith('UND_ERR')) return get(url, encoding, false);
      throw err;
    }
  };
  const timeGet = async (url: string, n: number, encoding?: string) => {
    const xs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const r = await get(url, encoding);
      xs.push(r.ms);
      bytes = r.bytes;
    }
    return { median: median(xs), p95: p95(xs), bytes };
  };

  // 1. Server.
  const api = `${baseURL}/api/projects/${NS}/routes`;
  const first = await get(api);
  const warm = await timeGet(api, 10);
  const identity = await timeGet(api, 10, 'identity');
  const search = await timeGet(`${api}?q=route-0424`, 10);
  const ssr = await timeGet(`${baseURL}/projects/${NS}/routes`, 5);
  console.log(`server: list API first request ${first.ms.toFixed(0)} ms (${cacheOff ? 'direct' : 'fills the cache'})`);
  console.log(`server: list API warm (${COUNT} rows, ${(warm.bytes / 1024).toFixed(0)} KiB) median ${warm.median.toFixed(0)} ms, p95 ${warm.p95.toFixed(0)} ms`);
  console.log(`server: list API warm, uncompressed (${(identity.bytes / 1024).toFixed(0)} KiB) median ${identity.median.toFixed(0)} ms, p95 ${identity.p95.toFixed(0)} ms`);
  console.log(`server: search API median ${search.median.toFixed(0)} ms, p95 ${search.p95.toFixed(0)} ms`);
  console.log(`server: routes page HTML (${(ssr.bytes / 1024).toFixed(0)} KiB) median ${ssr.median.toFixed(0)} ms, p95 ${ssr.p95.toFixed(0)} ms`);
  // Live: a route created with kubectl is in the list API answer (informer watch).
  t0 = Date.now();
  kubectl(['create', 'ingress', 'zz-live', '-n', NS, '--rule=zz-live.bench.test/=web:80']);
  const created = Date.now();
  let seenAfter = -1;
  while (Date.now() - created < 10_000) {
    const r = await fetch(`${api}?q=zz-live`, { headers: { cookie } }).then((x) => x.json());
    if (r.matched === 1) {
      seenAfter = Date.now() - created;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  console.log(`server: route created with kubectl listed ${seenAfter} ms after kubectl returned`);

  // 2. Browser.
  const [name, value] = cookie.split('=');
  const runs: { rows: number; hydrated: number; all: number; search: number; ttfb: number; htmlDone: number; dcl: number; fcp: number; rowsInDom: number; script: number; task: number }[] = [];
  let js: { url: string; bytes: number; monaco: boolean }[] = [];
  const RUNS = Number(env.BENCH_RUNS ?? 3);
  for (let i = 0; i < RUNS; i++) {
    // bypassCSP: the console's CSP forbids eval, which Playwright's string predicates use.
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
    // When the first row is in the document (the browser paints it next, unless its main thread
    // is busy): Playwright's own checks wait for a free main thread, so they see it later.
    await ctx.addInitScript(
      `(() => { const seen = () => { if (document.querySelector('a[href$="/routes/route-00000"]')) { window.__rowsAt = performance.now(); mo.disconnect(); } }; const mo = new MutationObserver(seen); mo.observe(document, { childList: true, subtree: true }); })()`,
    );
    await ctx.addCookies([{ name: name!, value: value!, url: baseURL }]);
    const page = await ctx.newPage();
    const scripts: Promise<{ url: string; bytes: number; monaco: boolean }>[] = [];
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') {
        scripts.push(
          res
            .body()
            .then((b) => ({ url: res.url(), bytes: b.byteLength, monaco: /monaco-editor|monaco\.contribution|vs\/editor\/editor/.test(b.toString('latin1')) }))
            .catch(() => ({ url: res.url(), bytes: 0, monaco: false })),
        );
      }
    });
    // Where the time goes: the main thread's script and task time until interactive (Chromium's counters).
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const start = Date.now();
    await page.goto(`${baseURL}/projects/${NS}/routes`, { waitUntil: 'commit' });
    await page.getByRole('link', { name: 'route-00000', exact: true }).waitFor({ state: 'visible', timeout: 60_000 });
    const rows = Date.now() - start;
    // Hydrated: React has attached its handlers to the search box (typing now filters).
    await page.waitForFunction(
      `(() => { const el = document.querySelector('input[aria-label="Search routes"]'); return !!el && Object.keys(el).some((k) => k.startsWith('__reactProps')); })()`,
      undefined,
      { timeout: 60_000, polling: 10 },
    );
    const hydrated = Date.now() - start;
    const metrics = Object.fromEntries(((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).map((m) => [m.name, m.value]));
    const nav = (await page.evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; const p = performance.getEntriesByName('first-contentful-paint')[0]; return { ttfb: n.responseStart, htmlDone: n.responseEnd, dcl: n.domContentLoadedEventEnd, fcp: p ? p.startTime : -1, rowsInDom: window.__rowsAt ?? -1 }; })()`)) as { ttfb: number; htmlDone: number; dcl: number; fcp: number; rowsInDom: number };
    await page.locator(`[role="table"][aria-rowcount="${COUNT + 2}"]`).waitFor({ timeout: 60_000 });
    const all = Date.now() - start;
    await page.getByLabel('Search routes').fill('route-04242');
    await page.getByTestId('routes-count').filter({ hasText: `1 of ${COUNT + 1}` }).waitFor({ timeout: 60_000 });
    const search = Date.now() - start;
    runs.push({ rows, hydrated, all, search, ...nav, script: (metrics.ScriptDuration ?? 0) * 1000, task: (metrics.TaskDuration ?? 0) * 1000 });
    js = await Promise.all(scripts);
    await ctx.close();
  }
  const med = (k: keyof (typeof runs)[number]) => median(runs.map((r) => r[k]));
  const f = (k: keyof (typeof runs)[number]) => med(k).toFixed(0);
  console.log(`browser: navigation -> HTML first byte ${f('ttfb')} ms, HTML complete ${f('htmlDone')} ms, first row in the document ${f('rowsInDom')} ms, first paint ${f('fcp')} ms, DOMContentLoaded ${f('dcl')} ms (medians)`);
  console.log(`browser: main thread until interactive: script ${f('script')} ms, all tasks ${f('task')} ms (medians)`);
  console.log(`browser: navigation -> first rows visible: median ${med('rows')} ms`);
  console.log(`browser: navigation -> table hydrated (interactive): median ${med('hydrated')} ms`);
  console.log(`browser: navigation -> all ${COUNT + 1} rows loaded: median ${med('all')} ms`);
  console.log(`browser: navigation -> search typed and answered: median ${med('search')} ms over ${runs.length} runs`);
  console.log(`browser: per run (rows visible / interactive ms): ${runs.map((r) => `${r.rows}/${r.hydrated}`).join(', ')}`);
  const total = js.reduce((a, s) => a + s.bytes, 0);
  console.log(`browser: JavaScript for the routes list page: ${js.length} scripts, ${(total / 1024).toFixed(0)} KiB uncompressed; Monaco present: ${js.some((s) => s.monaco) ? 'YES' : 'no'}`);
  if (env.BENCH_SCRIPTS) for (const s of [...js].sort((a, b) => b.bytes - a.bytes)) console.log(`  ${(s.bytes / 1024).toFixed(0).padStart(5)} KiB ${new URL(s.url).pathname}`);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  await product.stop();
}
