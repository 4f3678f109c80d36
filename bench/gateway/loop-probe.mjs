// Preloaded into the gateway by bench/gateway/memory.ts (LOOP_PROBE=1: NODE_OPTIONS=--import this):
// every 250 ms it appends one line to $LOOP_PROBE_FILE: time (ms since epoch), pid, the longest
// event-loop delay in that slice (monitorEventLoopDelay, 1 ms resolution: ~ the longest task),
// V8 new space committed and heap total (MB). Bench-only; nothing in gateway/ reads it.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';

const file = process.env.LOOP_PROBE_FILE;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  setInterval(() => {
    const spaces = v8.getHeapSpaceStatistics();
    const newSpace = spaces.find((s) => s.space_name === 'new_space');
    const total = spaces.reduce((n, s) => n + s.space_size, 0);
    appendFileSync(file, `${Date.now()} ${process.pid} ${(h.max / 1e6).toFixed(2)} ${((newSpace?.space_size ?? 0) / 1048576).toFixed(1)} ${(total / 1048576).toFixed(1)}\n`);
    h.reset();
  }, 250).unref();
}
