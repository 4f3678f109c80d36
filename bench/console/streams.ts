/**
 * Live-update streams vs. the routes API on the production console: the routes list API's
 * latency with no stream open, then with BENCH_STREAMS (default 200) server-sent-event streams
 * open on the demo project (each held open and read), and how many informers (cluster watches)
 * serve them. Before the fan-out each stream held 8 cluster watches of its own.
 *
 *   npx next build
 *   npx tsx bench/console/streams.ts
 *   BENCH_CONSOLE_PORT=26400 BENCH_DEVCLUSTER_PORT=26443 BENCH_STREAMS=200 BENCH_REQUESTS=200
 *
 * Figures are printed; nothing is asserted on time.
 */
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { startProduct } from './product';

const env = process.env;
const STREAMS = Number(env.BENCH_STREAMS ?? 200);
const REQUESTS = Number(env.BENCH_REQUESTS ?? 200);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function routesLatency(baseURL: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  // 4 at a time: a few people using the console while the streams are open
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next++ < REQUESTS) {
        const t0 = performance.now();
        const r = await fetch(`${baseURL}/api/projects/demo/routes`, { headers: { cookie } });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`routes API answered ${r.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  return times;
}

async function main() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
  const product = await startProduct({
    consolePort: Number(env.BENCH_CONSOLE_PORT ?? 26400),
    devclusterPort: Number(env.BENCH_DEVCLUSTER_PORT ?? 26443),
    browser,
    // one benchmark session holds them all (the default cap is 6 per session)
    consoleEnv: { PORTICO_MAX_STREAMS_PER_SESSION: String(STREAMS), PORTICO_MAX_STREAMS: String(STREAMS + 10) },
  });
  const { baseURL, cookie } = product;
  try {
    await routesLatency(baseURL, cookie); // warm the cache
    const load0 = loadavg()[0]!.toFixed(1);
    const before = await routesLatency(baseURL, cookie);
    const aborts: AbortController[] = [];
    const t0 = performance.now();
    let ready = 0;
    await Promise.all(
      Array.from({ length: STREAMS }, async () => {
        const abort = new AbortController();
        aborts.push(abort);
        const r = await fetch(`${baseURL}/api/projects/demo/watch`, { headers: { cookie }, signal: abort.signal });
        if (r.status !== 200) throw new Error(`watch answered ${r.status}`);
        const reader = r.body!.getReader();
        await reader.read(); // "ready"
        ready++;
        void (async () => {
          for (;;) if ((await reader.read().catch(() => ({ done: true }))).done) return;
        })();
      }),
    );
    const openMs = performance.now() - t0;
    const refused = await fetch(`${baseURL}/api/projects/demo/watch`, { headers: { cookie } });
    const during = await routesLatency(baseURL, cookie);
    const load1 = loadavg()[0]!.toFixed(1);
    // a change reaches the streams through one watch per kind
    const tChange = performance.now();
    product.kubectl(['create', 'service', 'clusterip', 'bench-probe', '--tcp=80:80', '-n', 'demo']);
    const kubectlMs = performance.now() - tChange;
    for (const a of aborts) a.abort();
    console.log(`streams open: ${ready}/${STREAMS} in ${openMs.toFixed(0)} ms; stream ${STREAMS + 1} of the session: HTTP ${refused.status}`);
    console.log(`routes API (${REQUESTS} requests, 4 concurrent), no streams:   p50 ${pct(before, 0.5).toFixed(0)} ms, p99 ${pct(before, 0.99).toFixed(0)} ms (load ${load0})`);
    console.log(`routes API (${REQUESTS} requests, 4 concurrent), ${ready} streams: p50 ${pct(during, 0.5).toFixed(0)} ms, p99 ${pct(during, 0.99).toFixed(0)} ms (load ${load1})`);
    console.log(`kubectl create during the streams: ${kubectlMs.toFixed(0)} ms`);
  } finally {
    await product.stop();
    await browser.close();
  }
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
