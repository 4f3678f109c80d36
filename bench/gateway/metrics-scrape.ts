// How long a /metrics scrape keeps the event loop (in single-process mode, the routing loop)
// busy in one task, with ROUTES active routes (each with 3 status codes and a latency
// histogram) and as many backends with an endpoint: the longest gap between setImmediate
// ticks while the scrape renders. `render()` (what the admin API writes, in slices) against
// prom-client's own formatting of the same registry (`registry.metrics()`, one task per metric).
//   npx tsx bench/gateway/metrics-scrape.ts            ROUTES=1000 ROUNDS=30
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { GatewayMetrics } from '../../gateway/admin/metrics';

const ROUTES = Number(process.env.ROUTES ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 30);

const m = new GatewayMetrics(true);
for (let i = 0; i < ROUTES; i++) {
  const s = m.statsFor(`Ingress/ns${i % 50}/app-${i}/0/0`, `svc-${i}`);
  for (const code of [200, 404, 503]) m.observe(s, code, 0.001 * (i % 20));
}
const backends = Array.from({ length: ROUTES }, (_, i) => ({ backend: `ns${i % 50}/svc-${i}:http`, endpoints: [{ endpoint: `127.1.${i >> 8}.${i & 255}:8080`, available: true }] }));
m.endpointAvailability = () => backends;

/** The longest gap between event-loop turns while `work` runs, and its total time. */
async function longestTask(work: () => Promise<unknown>): Promise<{ longest: number; total: number; delay: number }> {
  // the issue's own yardstick too: perf_hooks' event-loop delay monitor (1 ms timer)
  const monitor = monitorEventLoopDelay({ resolution: 1 });
  monitor.enable();
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  await work();
  const total = performance.now() - t0;
  running = false;
  await new Promise((r) => setTimeout(r, 2));
  monitor.disable();
  return { longest, total, delay: monitor.max / 1e6 };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const bytes = (await m.render()).reduce((n, p) => n + p.length, 0);
  console.log(`${ROUTES} routes, ${ROUTES} backends: ${(bytes / 1e6).toFixed(2)} MB per scrape, ${ROUNDS} rounds (after 3 warm-up rounds)`);
  // what the machine does to a task that computes 2 ms and yields (other processes' load
  // stretches every task: read the figures above against this line)
  const reference = async () => {
    for (let i = 0; i < 8; i++) {
      const until = performance.now() + 2;
      while (performance.now() < until);
      await new Promise((r) => setImmediate(r));
    }
  };
  for (const [name, work] of [
    ['reference: 8 slices of 2 ms busy + yield', reference],
    ['render() (admin API)', () => m.render()],
    ['registry.metrics() (prom-client formatting)', () => m.registry.metrics()],
  ] as const) {
    const longest: number[] = [];
    const total: number[] = [];
    const delay: number[] = [];
    for (let r = 0; r < ROUNDS + 3; r++) {
      const x = await longestTask(work);
      if (r >= 3) {
        longest.push(x.longest);
        total.push(x.total);
        delay.push(x.delay);
      }
    }
    console.log(`${name}: longest task p50 ${pct(longest, 50).toFixed(1)} ms, p90 ${pct(longest, 90).toFixed(1)} ms, max ${Math.max(...longest).toFixed(1)} ms; whole scrape p50 ${pct(total, 50).toFixed(1)} ms; monitorEventLoopDelay max p50 ${pct(delay, 50).toFixed(1)} ms, max ${Math.max(...delay).toFixed(1)} ms`);
  }
}
void main();
