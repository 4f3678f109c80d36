// 1 vs 2 gateway workers: req/s and CPU-seconds of the whole gateway process tree (primary +
// workers, per process), interleaved rounds. Static config (300 routes), nginx backend, wrk -c50.
// Efficiency: requests per CPU-second of the whole tree and of the serving processes alone (the
// worker processes; with 1 worker the one process), medians over the rounds in a table at the end.
//   npx tsx bench/gateway/workers.ts        (env: DURATION=5 ROUNDS=3; ports 23100-23130; needs wrk, nginx)
// Run from the repository root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backendNginxConf, genConfig } from './gen-config';
const DUR = Number(process.env.DURATION ?? 5), ROUNDS = Number(process.env.ROUNDS ?? 3);
const dir = mkdtempSync(path.join(tmpdir(), 'portico-workers-'));
const BACKEND = 23101;
writeFileSync(`${dir}/nginx.conf`, backendNginxConf(dir, BACKEND));
writeFileSync(`${dir}/routes.json`, JSON.stringify(genConfig({ routes: 300, backendPort: BACKEND })));
const kids: ChildProcess[] = [];
const start = (cmd: string, args: string[], env: Record<string, string> = {}) => { const c = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] }); kids.push(c); return c; };
const ticks = (pid: number) => { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); } catch { return 0; } };
const tree = (pid: number): number[] => { const o = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim(); return [pid, ...(o ? o.split('\n').map(Number) : []).flatMap(tree)]; };
const gw = (workers: number, base: number) => start('node', ['--import', 'tsx', 'gateway/main.ts'], { GATEWAY_STATIC_CONFIG: `${dir}/routes.json`, GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', GATEWAY_ACCESS_LOG: 'off', NODE_ENV: 'production', GATEWAY_HTTP_PORT: String(base), GATEWAY_HTTPS_PORT: String(base + 1), GATEWAY_ADMIN_PORT: String(base + 2), GATEWAY_WORKERS: String(workers) });
async function wait(port: number) { for (let i = 0; i < 300; i++) { const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: bench.example.com', `http://127.0.0.1:${port}/api/x`], { encoding: 'utf8' }); if (r.stdout === '200') return; await new Promise((r) => setTimeout(r, 200)); } throw new Error('not up ' + port); }
function run(port: number, pid: number, workers: number) {
  const pids = tree(pid); const t0 = pids.reduce((a, p) => a + ticks(p), 0); const t0s = pids.map(ticks);
  const out = spawnSync('wrk', ['-t1', '-c50', `-d${DUR}s`, '--timeout', '5s', '-H', 'Host: bench.example.com', `http://127.0.0.1:${port}/api/v1/items`], { encoding: 'utf8' }).stdout;
  const cpu = (pids.reduce((a, p) => a + ticks(p), 0) - t0) / 100;
  const per = pids.map((p, i) => `${p}:${ticks(p) - t0s[i]}`).join(' ');
  // serving processes: everything but the primary when there are workers
  const workerCpu = pids.reduce((a, p, i) => a + (workers > 1 && i === 0 ? 0 : ticks(p) - t0s[i]), 0) / 100;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0) + Number(/Socket errors:.*?(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, non2xx, cpuPct: (cpu / DUR) * 100, perCpuS: cpu > 0 ? (rps * DUR) / cpu : 0, perWorkerCpuS: workerCpu > 0 ? (rps * DUR) / workerCpu : 0, workerCpuPct: (workerCpu / DUR / workers) * 100, procs: pids.length, per };
}
async function main() {
  start('nginx', ['-c', `${dir}/nginx.conf`, '-p', dir]);
  const g1 = gw(1, 23110), g2 = gw(2, 23120);
  await wait(23110); await wait(23120);
  run(23110, g1.pid!, 1); run(23120, g2.pid!, 2); // warm-up
  const rows: Record<number, Array<ReturnType<typeof run>>> = { 1: [], 2: [] };
  for (let r = 0; r < ROUNDS; r++) for (const [n, port, g] of [[1, 23110, g1], [2, 23120, g2]] as const) {
    const x = run(port, g.pid!, n);
    rows[n].push(x);
    console.log(`round ${r} workers=${n}: ${x.rps.toFixed(0)} req/s, gateway tree CPU ${x.cpuPct.toFixed(0)}% of one core (${x.procs} procs), ${x.perCpuS.toFixed(0)} req per CPU-s (${x.perWorkerCpuS.toFixed(0)} per worker CPU-s), ${x.non2xx} errors, load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}; CPU ticks (1/100 s) per process, primary first: ${x.per}`);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n| workers | req/s | tree CPU % (100 = one core) | req per tree CPU-s | CPU % per worker | req per worker CPU-s | x 1 worker |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  const base = med(rows[1].map((x) => x.perWorkerCpuS));
  for (const n of [1, 2]) {
    const xs = rows[n];
    const eff = med(xs.map((x) => x.perWorkerCpuS));
    console.log(`| ${n} | ${med(xs.map((x) => x.rps)).toFixed(0)} | ${med(xs.map((x) => x.cpuPct)).toFixed(0)} | ${med(xs.map((x) => x.perCpuS)).toFixed(0)} | ${med(xs.map((x) => x.workerCpuPct)).toFixed(0)} | ${eff.toFixed(0)} | ${(eff / base).toFixed(2)} |`);
  }
}
main().catch((e) => { console.error(e); process.exitCode = 1; }).finally(() => { for (const k of kids) try { process.kill(k.pid!, 'SIGTERM'); } catch {} });
