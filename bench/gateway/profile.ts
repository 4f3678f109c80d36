// CPU profile of a proxy under fixed load: where its CPU time goes, by function and by file.
//   npx tsx bench/gateway/profile.ts [gateway|bare|path/to/peer.mjs] (env: DURATION=10 CONNS=50 ROUTES=300 TOP=40 KEEP=1
//                                                    GATEWAY_ENTRY=bundle.mjs PROXY_NODE_ARGS="--max-semi-space-size=32")
// The proxy runs with --cpu-prof pinned to CPU 0; nginx backend and wrk on CPU 1. Ports 23040-23049.
// Prints self time per function (top TOP) and per file; KEEP=1 keeps the .cpuprofile (open it in
// Chrome DevTools) and says where it is.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backendNginxConf, genConfig } from './gen-config';

const which = process.argv[2] ?? 'gateway';
const DURATION = Number(process.env.DURATION ?? 10);
const CONNS = Number(process.env.CONNS ?? 50);
const TOP = Number(process.env.TOP ?? 40);
const BACKEND = 23041;
const PROXY = 23042;
const dir = mkdtempSync(path.join(tmpdir(), 'portico-prof-'));
const kids: ChildProcess[] = [];

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/** Self time per function and per file, counting only samples inside [fromUs, toUs] (monotonic
 * clock, as V8's profiler stamps them): start-up and shutdown are left out. */
function summarize(file: string, fromUs: number, toUs: number): void {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let ts = prof.startTime;
  prof.samples.forEach((id, i) => {
    ts += prof.timeDeltas[i] ?? 0;
    if (ts >= fromUs && ts <= toUs) self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, us] of self) {
    const c = byId.get(id)!.callFrame;
    const file = c.url.replace(/^file:\/\/.*?\/(node_modules|gateway|lib)\//, '$1/') || '(native)';
    const k = `${c.functionName || '(anonymous)'} ${file}:${c.lineNumber + 1}`;
    fn.set(k, (fn.get(k) ?? 0) + us);
    const f = file.startsWith('node_modules/') ? file.split('/').slice(0, file.startsWith('node_modules/@') ? 3 : 2).join('/') : file;
    files.set(f, (files.get(f) ?? 0) + us);
  }
  const pct = (us: number) => ((us / total) * 100).toFixed(1).padStart(5);
  console.log(`total sampled ${(total / 1e6).toFixed(2)} s`);
  console.log('\nself time by function:');
  for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(us)} %  ${k}`);
  console.log('\nself time by file / package:');
  for (const [k, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(us)} %  ${k}`);
}

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: bench.example.com', url], { encoding: 'utf8' });
    if (r.stdout === '200') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not up: ${url}`);
}

async function main(): Promise<void> {
  writeFileSync(`${dir}/nginx.conf`, backendNginxConf(dir, BACKEND));
  writeFileSync(`${dir}/routes.json`, JSON.stringify(genConfig({ routes: Number(process.env.ROUTES ?? 300), backendPort: BACKEND })));
  const start = (cmd: string, args: string[], env: Record<string, string> = {}) => {
    const c = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', process.env.PROXY_STDOUT ? 'inherit' : 'ignore', 'inherit'] });
    kids.push(c);
    return c;
  };
  start('taskset', ['-c', '1', 'nginx', '-c', `${dir}/nginx.conf`, '-p', dir]);
  const profArgs = ['--cpu-prof', `--cpu-prof-dir=${dir}/prof`, ...(process.env.PROXY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const proxy =
    which !== 'gateway'
      ? start('taskset', ['-c', '0', 'node', ...profArgs, which === 'bare' ? 'bench/gateway/peers/bare-proxy.mjs' : which, String(PROXY), String(BACKEND)])
      : start('taskset', ['-c', '0', 'node', ...profArgs, ...(process.env.GATEWAY_ENTRY ? [process.env.GATEWAY_ENTRY] : ['--import', 'tsx', 'gateway/main.ts'])], {
          GATEWAY_STATIC_CONFIG: `${dir}/routes.json`,
          GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', // the bench backend (upstream address policy)
          GATEWAY_ACCESS_LOG: process.env.GATEWAY_ACCESS_LOG ?? 'off',
          NODE_ENV: 'production',
          GATEWAY_HTTP_PORT: String(PROXY),
          GATEWAY_HTTPS_PORT: String(PROXY + 1),
          GATEWAY_ADMIN_PORT: String(PROXY + 2),
        });
  const url = `http://127.0.0.1:${PROXY}/api/v1/items?id=42`;
  await waitUp(url);
  const monoUs = () => Number(process.hrtime.bigint() / 1000n);
  const from = monoUs();
  const out = spawnSync('taskset', ['-c', '1', 'wrk', '-t1', `-c${CONNS}`, `-d${DURATION}s`, '-H', 'Host: bench.example.com', url], { encoding: 'utf8' }).stdout;
  const to = monoUs();
  console.log(`${which}: ${/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]} req/s at c${CONNS} (load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
  const exited = new Promise((r) => proxy.once('exit', r));
  proxy.kill('SIGINT');
  await exited;
  const files = readdirSync(`${dir}/prof`).filter((f) => f.endsWith('.cpuprofile'));
  for (const f of files) summarize(`${dir}/prof/${f}`, from, to);
  if (process.env.KEEP === '1') console.log(`\nprofiles kept in ${dir}/prof`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const k of kids) if (k.exitCode === null) k.kill('SIGTERM');
    if (process.env.KEEP !== '1') setTimeout(() => rmSync(dir, { recursive: true, force: true }), 500);
  });
