/**
 * Dev cluster benchmark: create 10,000 objects, list them (full and paginated), fan out
 * changes to 50 watchers, and the same list through kubectl. Prints ops/s and p50/p99.
 *
 *   npx tsx bench/devcluster/run.ts [--objects 10000] [--watchers 50] [--concurrency 16]
 *
 * The dev cluster runs in its own process (API only, temp data dir) so the figures are
 * the server's, not the client's event loop.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Agent, request } from 'undici';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const OBJECTS = arg('objects', 10_000);
const WATCHERS = arg('watchers', 50);
const CONCURRENCY = arg('concurrency', 16);
const FANOUT_CHANGES = arg('changes', 50);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const line = (label: string, lat: number[], extra = '') => console.log(`${label.padEnd(34)} p50 ${ms(pct(lat, 50)).padStart(10)}  p99 ${ms(pct(lat, 99)).padStart(10)}  ${extra}`);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'devcluster-bench-'));
const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '..', '..', 'devcluster', 'testing', 'child-cluster.ts')], {
  env: { ...process.env, DATA_DIR: dataDir, DEVCLUSTER_PORT: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const info = await new Promise<{ url: string; token: string; kubeconfigPath: string }>((resolve, reject) => {
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    if (buf.includes('\n')) resolve(JSON.parse(buf.slice(0, buf.indexOf('\n'))));
  });
  child.on('exit', (code) => reject(new Error(`dev cluster exited (${code})`)));
});
const ca = readFileSync(path.join(dataDir, 'ca.crt'), 'utf8');
const agent = new Agent({ connect: { ca }, connections: CONCURRENCY + WATCHERS + 4, keepAliveTimeout: 60_000 });
const headers = { authorization: `Bearer ${info.token}`, 'content-type': 'application/json', accept: 'application/json' };

async function call(method: 'GET' | 'POST' | 'PATCH', p: string, body?: unknown, contentType?: string): Promise<{ status: number; text: string }> {
  const res = await request(info.url + p, {
    method,
    dispatcher: agent,
    headers: contentType ? { ...headers, 'content-type': contentType } : headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

try {
  console.log(`dev cluster benchmark: ${OBJECTS} objects, ${WATCHERS} watchers, ${CONCURRENCY} concurrent writers (${os.cpus().length} CPUs)`);
  await call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } });

  // 1. create
  const createLat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < OBJECTS) {
        const i = next++;
        const s = performance.now();
        const r = await call('POST', '/api/v1/namespaces/bench/configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `cm-${String(i).padStart(5, '0')}`, labels: { app: 'bench', shard: String(i % 10) } },
          data: { index: String(i), payload: 'x'.repeat(200) },
        });
        if (r.status !== 201) throw new Error(`create ${i}: ${r.status} ${r.text}`);
        createLat.push(performance.now() - s);
      }
    }),
  );
  const createSecs = (performance.now() - t0) / 1000;
  line('create (POST, durable)', createLat, `${(OBJECTS / createSecs).toFixed(0)} ops/s over ${createSecs.toFixed(1)} s`);

  // 2. full list
  const listLat: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    const r = await call('GET', '/api/v1/namespaces/bench/configmaps');
    listLat.push(performance.now() - s);
    bytes = r.text.length;
    if (JSON.parse(r.text).items.length !== OBJECTS) throw new Error('full list is short');
  }
  line(`full list (${OBJECTS} items)`, listLat, `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  const selLat: number[] = [];
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    await call('GET', '/api/v1/namespaces/bench/configmaps?labelSelector=shard%3D3');
    selLat.push(performance.now() - s);
  }
  line('list with labelSelector (1/10)', selLat);

  // 3. paginated list
  const pageLat: number[] = [];
  const walks: number[] = [];
  for (let w = 0; w < 5; w++) {
    const ws = performance.now();
    let token = '';
    let count = 0;
    for (let guard = 0; guard < 1000; guard++) {
      const s = performance.now();
      const r = await call('GET', `/api/v1/namespaces/bench/configmaps?limit=500${token ? `&continue=${token}` : ''}`);
      pageLat.push(performance.now() - s);
      const page = JSON.parse(r.text);
      count += page.items.length;
      token = page.metadata.continue ?? '';
      if (!token) break;
    }
    walks.push(performance.now() - ws);
    if (count !== OBJECTS) throw new Error(`paginated list saw ${count}`);
  }
  line('paginated list, one page (500)', pageLat);
  line('paginated list, full walk', walks);

  // 4. watch fan-out
  const received: number[][] = Array.from({ length: WATCHERS }, () => []);
  const sentAt = new Map<string, number>();
  const fanLat: number[] = [];
  const controllers: AbortController[] = [];
  const listRv = JSON.parse((await call('GET', '/api/v1/namespaces/bench/configmaps?limit=1')).text).metadata.resourceVersion;
  await Promise.all(
    Array.from({ length: WATCHERS }, async (_, w) => {
      const ac = new AbortController();
      controllers.push(ac);
      const res = await request(`${info.url}/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion=${listRv}&labelSelector=fanout%3Dyes`, {
        dispatcher: agent,
        headers,
        signal: ac.signal,
      });
      let buf = '';
      res.body.setEncoding('utf8');
      res.body.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const ev = JSON.parse(buf.slice(0, i));
          buf = buf.slice(i + 1);
          const start = sentAt.get(ev.object?.data?.seq);
          if (start !== undefined) {
            fanLat.push(performance.now() - start);
            received[w].push(1);
          }
        }
      });
      res.body.on('error', () => {});
    }),
  );
  for (let i = 0; i < FANOUT_CHANGES; i++) {
    const seq = `s${i}`;
    sentAt.set(seq, performance.now());
    const r = await call('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${String(i).padStart(5, '0')}`, { metadata: { labels: { fanout: 'yes' } }, data: { seq } }, 'application/merge-patch+json');
    if (r.status !== 200) throw new Error(`patch: ${r.status}`);
    const deadline = Date.now() + 5000;
    while (received.some((r) => r.length < i + 1) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 1));
  }
  line(`watch fan-out (${WATCHERS} watchers)`, fanLat, `${fanLat.length}/${WATCHERS * FANOUT_CHANGES} deliveries`);
  for (const ac of controllers) ac.abort();

  // 5. kubectl
  const kube = ['--kubeconfig', info.kubeconfigPath, '--cache-dir', path.join(dataDir, 'kcache')];
  await run('kubectl', [...kube, 'api-resources'], { maxBuffer: 1 << 26 });
  for (const [label, args] of [
    ['kubectl get --raw (full list)', ['get', '--raw', '/api/v1/namespaces/bench/configmaps']],
    ['kubectl get -o name (limit=500 pages)', ['get', 'configmaps', '-n', 'bench', '-o', 'name']],
    ['kubectl get (table)', ['get', 'configmaps', '-n', 'bench']],
  ] as const) {
    const lat: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const { stdout } = await run('kubectl', [...kube, ...args], { maxBuffer: 1 << 28 });
      lat.push(performance.now() - s);
      if (stdout.length < OBJECTS) throw new Error(`${label}: short output`);
    }
    line(label, lat);
  }
} finally {
  await agent.close().catch(() => {});
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
