/**
 * Topology benchmark in Chromium: layout time and frames while panning at 1,000 nodes
 * (200 routes, 200 services, 600 pods), plus a smaller graph laid out by ELK.
 * Uses the running console (default the shared `next dev` on 127.0.0.1:19000) and its
 * ?synthetic=routes,services,pods mode (generated graph, no cluster reads).
 *   npx tsx bench/topology/bench.ts [baseURL]
 */
import { chromium, type Page } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:19000';
const SIZES = [
  [200, 200, 600],
  [60, 60, 180],
  [500, 500, 3000],
] as const;

async function measure(page: Page, size: readonly number[]) {
  const t0 = Date.now();
  await page.goto(`${base}/projects/bench/topology?synthetic=${size.join(',')}`, { waitUntil: 'domcontentloaded', timeout: 180_000 });
  await page.getByTestId('layout-info').filter({ hasText: /layout (elk|columns)/ }).waitFor({ timeout: 180_000 });
  await page.waitForFunction('window.__topologyLayout && window.__topologyLayout.engine', undefined, { timeout: 180_000 });
  const loadMs = Date.now() - t0;
  const layout = await page.evaluate('window.__topologyLayout');
  const rendered = await page.locator('.react-flow__node').count();
  // Pan: drag the pane around for ~3 s while counting animation frames.
  const pane = page.locator('.react-flow__pane');
  const box = (await pane.boundingBox())!;
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
    const dx = round % 2 ? 300 : -300;
    const dy = round % 3 ? 200 : -200;
    await page.mouse.move(cx + dx, cy + dy, { steps: 30 });
    await page.mouse.up();
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const secs = (frames[frames.length - 1] - frames[0]) / 1000;
  const pct = (p: number) => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] ?? NaN;
  return {
    size: size.join('/'),
    layout,
    loadMs,
    rendered,
    panFps: frames.length / secs,
    frameP50: pct(0.5),
    frameP95: pct(0.95),
    frameMax: gaps[gaps.length - 1],
    longFrames: gaps.filter((g) => g > 50).length,
  };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  console.log(`topology bench against ${base} (load average ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`);
  for (const size of SIZES) {
    const r = await measure(page, size);
    const l = r.layout as { engine: string; elkMs: number; totalMs: number; nodes: number };
    console.log(
      `${r.size.padEnd(14)} nodes=${String(l.nodes).padEnd(5)} engine=${l.engine.padEnd(7)} layout=${Math.round(l.totalMs)} ms (engine ${Math.round(l.elkMs)} ms)` +
        `  page ready ${r.loadMs} ms  rendered nodes ${r.rendered}` +
        `  panning: ${r.panFps.toFixed(1)} fps, frame p50 ${r.frameP50.toFixed(1)} ms p95 ${r.frameP95.toFixed(1)} ms max ${r.frameMax.toFixed(0)} ms, frames > 50 ms: ${r.longFrames}`,
    );
  }
} finally {
  await browser.close();
}
