/**
 * Topology benchmark in Chromium on the production console: layout time and frames while
 * panning at 1,000 nodes (200 routes, 200 services, 600 pods), with the column layout and
 * with ELK layered (web worker) forced, rendering only visible or all elements; plus a
 * graph beyond 1,000 nodes (pods grouped per service).
 * The console runs with PORTICO_BENCH_SYNTHETIC=1 so ?synthetic=routes,services,pods draws
 * a generated graph (no cluster reads); production builds refuse it without that flag.
 *
 *   NEXT_DIST_DIR=.next-t flock /tmp/portico-build.lock npx next build
 *   NEXT_DIST_DIR=.next-t npx tsx bench/topology/bench.ts
 *   BENCH_BASE_URL=http://127.0.0.1:19000 BENCH_COOKIE='portico_session=…' npx tsx bench/topology/bench.ts   # a running console
 */
import { loadavg } from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { startProduct } from '../console/product';

const env = process.env;
const CASES: { size: [number, number, number]; layout?: 'elk' | 'columns'; render?: 'all' | 'visible' }[] = [
  { size: [200, 200, 600] },
  { size: [200, 200, 600], render: 'all' },
  { size: [200, 200, 600], layout: 'elk' },
  { size: [60, 60, 180] },
  { size: [500, 500, 3000] },
];

async function measure(page: Page, base: string, c: (typeof CASES)[number]) {
  const qs = new URLSearchParams({ synthetic: c.size.join(',') });
  if (c.layout) qs.set('layout', c.layout);
  if (c.render) qs.set('render', c.render);
  const t0 = Date.now();
  await page.goto(`${base}/projects/bench/topology?${qs}`, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  await page.getByTestId('layout-info').filter({ hasText: /layout (elk|columns)/ }).waitFor({ timeout: 180_000 });
  await page.waitForFunction('window.__topologyLayout && window.__topologyLayout.engine', undefined, { timeout: 180_000 });
  const loadMs = Date.now() - t0;
  const layout = (await page.evaluate('window.__topologyLayout')) as { engine: string; elkMs: number; totalMs: number; nodes: number; error?: string };
  const summary = await page.getByLabel('Graph summary').textContent();
  await page.waitForTimeout(500);
  const rendered = await page.locator('.react-flow__node').count();
  // Pan: drag the pane for up to ~8 s while counting animation frames.
  const box = (await page.locator('.react-flow__pane').boundingBox())!;
  // A string, not a function: tsx's name helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const started = Date.now();
  for (let round = 0; round < 6 && Date.now() - started < 8000; round++) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + (round % 2 ? 300 : -300), cy + (round % 3 ? 200 : -200), { steps: 30 });
    await page.mouse.up();
  }
  const frames = (await page.evaluate('(() => { window.__stop = true; return window.__frames; })()')) as number[];
  const gaps = sorted(frames.slice(1).map((t, i) => t - frames[i]!));
  const secs = (frames[frames.length - 1]! - frames[0]!) / 1000;
  const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] ?? NaN;
  return { layout, loadMs, rendered, summary, panFps: frames.length / secs, p50: pct(0.5), p95: pct(0.95), max: gaps[gaps.length - 1] ?? NaN, long: gaps.filter((g) => g > 50).length };
}

function sorted(xs: number[]) {
  return [...xs].sort((a, b) => a - b);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
let stop = async () => {};
try {
  let base = env.BENCH_BASE_URL;
  let cookie = env.BENCH_COOKIE ?? '';
  if (!base) {
    const product = await startProduct({
      consolePort: Number(env.BENCH_CONSOLE_PORT ?? 26301),
      devclusterPort: Number(env.BENCH_DEVCLUSTER_PORT ?? 26344),
      consoleEnv: { PORTICO_BENCH_SYNTHETIC: '1' },
      grantCacheRbac: false,
      browser,
    });
    stop = product.stop;
    base = product.baseURL;
    cookie = product.cookie;
  }
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 900 } });
  if (cookie) await ctx.addCookies([{ name: cookie.split('=')[0]!, value: cookie.slice(cookie.indexOf('=') + 1), url: base }]);
  const page = await ctx.newPage();
  console.log(`topology bench against ${base} (load average ${loadavg()[0].toFixed(1)})`);
  for (const c of CASES) {
    const r = await measure(page, base, c);
    const l = r.layout;
    console.log(
      `${c.size.join('/').padEnd(13)} ${(c.layout ? `layout=${c.layout}` : '').padEnd(13)} ${(c.render ? `render=${c.render}` : '').padEnd(14)}` +
        ` nodes=${String(l.nodes).padEnd(5)} engine=${l.engine.padEnd(7)} layout ${Math.round(l.totalMs)} ms (engine ${Math.round(l.elkMs)} ms)${l.error ? ` ERROR ${l.error}` : ''}` +
        `  page ready ${r.loadMs} ms  DOM nodes ${r.rendered}` +
        `  panning ${r.panFps.toFixed(1)} fps, frame p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms max ${r.max.toFixed(0)} ms, frames > 50 ms: ${r.long}` +
        `  [${r.summary?.trim()}]`,
    );
  }
  console.log(`load average after: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  await stop();
}
