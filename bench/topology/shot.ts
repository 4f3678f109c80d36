/**
 * Screenshot of the topology page once laid out (for looking at it during development):
 *   npx tsx bench/topology/shot.ts http://127.0.0.1:19000/projects/demo/topology /tmp/topo.png [clickLabel] [traceUrl]
 */
import { chromium } from '@playwright/test';

const [url, out, click, trace] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.getByTestId('layout-info').filter({ hasText: /layout (elk|columns)/ }).waitFor({ timeout: 120_000 });
  console.log(await page.getByTestId('layout-info').textContent());
  if (trace) {
    await page.getByLabel('URL').fill(trace);
    await page.getByRole('button', { name: 'Trace' }).click();
    await page.getByLabel('Trace result').waitFor({ timeout: 30_000 }).catch((e) => console.error(String(e)));
    console.log(await page.getByLabel('Trace result').textContent().catch(() => 'no trace result'));
  }
  if (click) await page.locator(`[aria-label^="${click}"]`).first().click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: out });
  console.log('wrote', out);
} finally {
  await browser.close();
}
