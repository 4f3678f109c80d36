// Gateway throughput/latency benchmark against nginx and the Node peers, in one run.
//   npx tsx bench/gateway/bench.ts   (env: DURATION=10 ROUNDS=1 ROUTES=300 SCENARIOS="c1 c50 c256" WORKERS2=1
//                                     PEERS="bare http-proxy fastify" GATEWAY_NODE_OPTIONS=...
//                                     GATEWAY_B_ENV='{"NODE_OPTIONS":"--max-semi-space-size=32"}': a second
//                                     gateway "gateway B" with these extra env vars; GATEWAY_B_DIR=/path/to/checkout:
//                                     gateway B runs that checkout's gateway/main.ts (before/after in one run))
// Backend: nginx, 1 worker, `return 200` with a ~100-byte body, keep-alive, on CPU 1.
// Proxies on CPU 0, one at a time, interleaved per round: nginx (1 worker, keepalive upstream),
// the gateway (1 worker, static config with ROUTES Ingress paths, the request hitting a Prefix
// rule, access log off), and the peers (bench/gateway/peers: a bare node:http + undici proxy,
// http-proxy, fastify + @fastify/http-proxy; each with the same 4-prefix table).
// wrk -t1 on CPU 1. Ports 23000-23019 (helper P's range).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { genConfig } from './gen-config';

const DURATION = Number(process.env.DURATION ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 1);
const ROUTES = Number(process.env.ROUTES ?? 300);
const SCENARIOS = (process.env.SCENARIOS ?? 'c1 c50 c256').split(/\s+/).filter(Boolean);
const WORKERS2 = process.env.WORKERS2 !== '0';
const PEERS = (process.env.PEERS ?? 'bare http-proxy fastify').split(/\s+/).filter(Boolean);
const BACKEND_PORT = 23001;
const NGINX_PROXY_PORT = 23002;
const GW_PORT = 23003;
const GW2_PORT = 23006;
const PEER_PORT = 23010;
const GW_B_PORT = 23015;
const PEER_FILES: Record<string, { name: string; file: string }> = {
  bare: { name: 'bare node+undici', file: 'bench/gateway/peers/bare-proxy.mjs' },
  'http-proxy': { name: 'http-proxy', file: 'bench/gateway/peers/http-proxy.mjs' },
  fastify: { name: 'fastify+http-proxy', file: 'bench/gateway/peers/fastify-proxy.mjs' },
};
const dir = mkdtempSync(path.join(tmpdir(), 'portico-bench-'));
const children: ChildProcess[] = [];

function nginxConf(name: string, body: string): string {
  const prefix = path.join(dir, name);
  spawnSync('mkdir', ['-p', prefix]);
  const file = path.join(prefix, 'nginx.conf');
  writeFileSync(
    file,
    `worker_processes 1;\ndaemon off;\npid ${prefix}/nginx.pid;\nerror_log ${prefix}/error.log warn;\nevents { worker_connections 4096; }\nhttp {\n  access_log off;\n  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;\n  keepalive_requests 1000000;\n${body}\n}\n`,
  );
  return file;
}

function start(cmd: string, args: string[], env: Record<string, string> = {}, cwd?: string): ChildProcess {
  const c = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  children.push(c);
  return c;
}

async function waitHttp(url: string, host?: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await new Promise<number>((resolve) => {
      const req = http.get(url, { headers: host ? { host } : {} }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timeout waiting for ${url}`);
}

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function cpuTicks(pid: number): number {
  // utime+stime of the process and its threads (children of a node cluster primary counted separately)
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  const out = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.trim();
  const kids = out ? out.split('\n').map(Number) : [];
  return [pid, ...kids.flatMap((k) => descendants(k))];
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpu: number;
  /** requests per proxy CPU-second */
  perCpu: number;
}

function parseMs(s: string): number {
  const m = /([\d.]+)(us|ms|s)/.exec(s);
  if (!m) return NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function wrk(url: string, conns: number, host: string | undefined, pid: number | undefined, cpus: string): Result {
  const pids = pid ? descendants(pid) : [];
  const t0 = pids.reduce((a, p) => a + cpuTicks(p), 0);
  const args = ['-c', cpus, 'wrk', '-t1', `-c${conns}`, `-d${DURATION}s`, '--timeout', '5s', '--latency'];
  if (host) args.push('-H', `Host: ${host}`);
  args.push(url);
  const r = spawnSync('taskset', args, { encoding: 'utf8' });
  const out = r.stdout;
  const t1 = pids.reduce((a, p) => a + cpuTicks(p), 0);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const p50 = parseMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? '');
  const p99 = parseMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? '');
  const errLine = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = non2xx + (errLine ? errLine.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  const cpuS = (t1 - t0) / 100;
  return { rps, p50, p99, errors, cpu: (cpuS / DURATION) * 100, perCpu: cpuS > 0 ? (rps * DURATION) / cpuS : 0 };
}

async function main() {
  for (const bin of ['wrk', 'nginx', 'taskset']) if (spawnSync('which', [bin]).status !== 0) throw new Error(`${bin} not installed`);
  const backendConf = nginxConf(
    'backend',
    `  server { listen 127.0.0.1:${BACKEND_PORT} reuseport backlog=4096; keepalive_timeout 300s; location / { default_type text/plain; return 200 "${'x'.repeat(99)}\\n"; } }`,
  );
  const proxyConf = nginxConf(
    'proxy',
    `  upstream backend { server 127.0.0.1:${BACKEND_PORT}; keepalive 64; }\n  server { listen 127.0.0.1:${NGINX_PROXY_PORT} backlog=4096; keepalive_timeout 300s;\n    location /api/ { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; }\n    location / { return 404; } }`,
  );
  const cfgFile = path.join(dir, 'routes.json');
  writeFileSync(cfgFile, JSON.stringify(genConfig({ routes: ROUTES, backendPort: BACKEND_PORT })));

  start('taskset', ['-c', '1', 'nginx', '-c', backendConf, '-p', path.dirname(backendConf)]);
  const ngx = start('taskset', ['-c', '0', 'nginx', '-c', proxyConf, '-p', path.dirname(proxyConf)]);
  // the bench backend listens on loopback, which the upstream address policy refuses unless allowed
  const gwEnv = { GATEWAY_STATIC_CONFIG: cfgFile, GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.1/32', GATEWAY_ACCESS_LOG: 'off', NODE_ENV: 'production', ...(process.env.GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.GATEWAY_NODE_OPTIONS } : {}) };
  const gw = start('taskset', ['-c', '0', 'node', '--import', 'tsx', 'gateway/main.ts'], { ...gwEnv, GATEWAY_HTTP_PORT: String(GW_PORT), GATEWAY_HTTPS_PORT: String(GW_PORT + 1), GATEWAY_ADMIN_PORT: String(GW_PORT + 2), GATEWAY_WORKERS: '1' });
  let gw2: ChildProcess | undefined;
  if (WORKERS2) gw2 = start('node', ['--import', 'tsx', 'gateway/main.ts'], { ...gwEnv, GATEWAY_HTTP_PORT: String(GW2_PORT), GATEWAY_HTTPS_PORT: String(GW2_PORT + 1), GATEWAY_ADMIN_PORT: String(GW2_PORT + 2), GATEWAY_WORKERS: '2' });

  const target = '/api/v1/items?id=42';
  const host = 'bench.example.com';
  const targets = [
    { name: 'nginx', url: `http://127.0.0.1:${NGINX_PROXY_PORT}${target}`, pid: ngx.pid },
    { name: 'gateway', url: `http://127.0.0.1:${GW_PORT}${target}`, pid: gw.pid },
  ];
  if (process.env.GATEWAY_B_ENV || process.env.GATEWAY_B_DIR) {
    const bEnv = { ...gwEnv, GATEWAY_HTTP_PORT: String(GW_B_PORT), GATEWAY_HTTPS_PORT: String(GW_B_PORT + 1), GATEWAY_ADMIN_PORT: String(GW_B_PORT + 2), GATEWAY_WORKERS: '1', ...JSON.parse(process.env.GATEWAY_B_ENV ?? '{}') };
    const b = start('taskset', ['-c', '0', 'node', '--import', 'tsx', 'gateway/main.ts'], bEnv, process.env.GATEWAY_B_DIR);
    targets.push({ name: 'gateway B', url: `http://127.0.0.1:${GW_B_PORT}${target}`, pid: b.pid });
  }
  PEERS.forEach((key, i) => {
    const peer = PEER_FILES[key];
    if (!peer) throw new Error(`unknown peer ${key} (known: ${Object.keys(PEER_FILES).join(', ')})`);
    const port = PEER_PORT + i;
    const c = start('taskset', ['-c', '0', 'node', peer.file, String(port), String(BACKEND_PORT)]);
    targets.push({ name: peer.name, url: `http://127.0.0.1:${port}${target}`, pid: c.pid });
  });
  await waitHttp(`http://127.0.0.1:${BACKEND_PORT}/`);
  for (const t of targets) await waitHttp(t.url, host);
  if (gw2) await waitHttp(`http://127.0.0.1:${GW2_PORT}${target}`, host);

  // warm-up (JIT, pools)
  for (const t of targets) wrk(t.url, 50, host, undefined, '1');
  const load0 = loadavg();
  const summary: Record<string, Record<string, Result[]>> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const sc of SCENARIOS) {
      const c = Number(sc.slice(1));
      for (const t of targets) {
        const r = wrk(t.url, c, host, t.pid, '1');
        ((summary[sc] ??= {})[t.name] ??= []).push(r);
      }
    }
  }
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; // even count: mean of the middle two
  };
  // ratios: median over rounds of the in-round ratio (both measured minutes apart at most)
  const ratio = (sc: string, name: string, ref: string, key: 'rps' | 'p50' | 'p99' | 'perCpu') =>
    med(summary[sc][name].map((x, i) => x[key] / summary[sc][ref][i][key]));
  const rows: string[] = [];
  rows.push(`routes in table: ${ROUTES} Ingress paths (+1 Prefix /api hit), duration ${DURATION}s x ${ROUNDS} round(s), load average ${load0} -> ${loadavg()}`);
  rows.push('| scenario | proxy | req/s | x nginx | p50 ms | x nginx | p99 ms | x nginx | proxy CPU % | req per CPU-s | x nginx | errors |');
  rows.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const sc of SCENARIOS) {
    for (const name of targets.map((t) => t.name)) {
      const xs = summary[sc][name];
      const r = { rps: med(xs.map((x) => x.rps)), p50: med(xs.map((x) => x.p50)), p99: med(xs.map((x) => x.p99)), cpu: med(xs.map((x) => x.cpu)), perCpu: med(xs.map((x) => x.perCpu)), errors: xs.reduce((a, x) => a + x.errors, 0) };
      rows.push(`| ${sc} | ${name} | ${r.rps.toFixed(0)} | ${ratio(sc, name, 'nginx', 'rps').toFixed(2)} | ${r.p50.toFixed(3)} | ${ratio(sc, name, 'nginx', 'p50').toFixed(2)} | ${r.p99.toFixed(3)} | ${ratio(sc, name, 'nginx', 'p99').toFixed(2)} | ${r.cpu.toFixed(0)} | ${r.perCpu > 0 ? r.perCpu.toFixed(0) : '-'} | ${ratio(sc, name, 'nginx', 'perCpu').toFixed(2)} | ${r.errors} |`);
    }
  }
  rows.push('');
  rows.push('gateway against each peer (median of in-round ratios): req/s, req per proxy CPU-s');
  for (const sc of SCENARIOS)
    rows.push(`  ${sc}: ` + targets.slice(2).map((t) => `x ${t.name} ${ratio(sc, 'gateway', t.name, 'rps').toFixed(2)} / ${ratio(sc, 'gateway', t.name, 'perCpu').toFixed(2)}`).join(', '));
  if (gw2) {
    // Multi-core: both CPUs for the gateway (wrk and the backend share them too: this shows scaling, not a clean ceiling).
    const one = wrk(`http://127.0.0.1:${GW_PORT}${target}`, 50, host, gw.pid, '0,1');
    const two = wrk(`http://127.0.0.1:${GW2_PORT}${target}`, 50, host, gw2.pid, '0,1');
    rows.push('');
    rows.push('GATEWAY_WORKERS 1 vs 2 (c50, unpinned, wrk + backend on the same 2 CPUs):');
    rows.push(`| workers | req/s | p50 ms | p99 ms | gateway CPU % (100 = one core) | errors |`);
    rows.push('|---|---:|---:|---:|---:|---:|');
    rows.push(`| 1 | ${one.rps.toFixed(0)} | ${one.p50.toFixed(3)} | ${one.p99.toFixed(3)} | ${one.cpu.toFixed(0)} | ${one.errors} |`);
    rows.push(`| 2 | ${two.rps.toFixed(0)} | ${two.p50.toFixed(3)} | ${two.p99.toFixed(3)} | ${two.cpu.toFixed(0)} | ${two.errors} |`);
  }
  console.log(rows.join('\n'));
}

function cleanup() {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, 'SIGTERM');
    } catch {}
  }
  spawnSync('sleep', ['0.5']);
  rmSync(dir, { recursive: true, force: true });
}

process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(cleanup);
