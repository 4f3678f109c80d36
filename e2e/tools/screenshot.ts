/**
 * Takes PNG screenshots of console pages, for looking at them during development:
 *   npx tsx e2e/tools/screenshot.ts http://127.0.0.1:19000/projects/demo/routes /tmp/routes.png [width] [height]
 */
import { chromium } from '@playwright/test';

const [url, out, w = '1400', h = '900'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: screenshot.ts URL OUT.png [width] [height]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(url, { waitUntil: 'networkidle', timeout: 90_000 }).catch((e) => console.error(String(e)));
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: false });
  console.log('wrote', out, 'url now', page.url());
} finally {
  await browser.close();
}
