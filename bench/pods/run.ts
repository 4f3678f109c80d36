/**
 * Pod runtime benchmark: a Deployment of N echo pods to all Ready, pod deletion to
 * EndpointSlice update latency, echo request throughput on one pod, and a full rolling
 * update. In-process dev cluster (temp data dir, ephemeral port); prints figures.
 *
 *   npx tsx bench/pods/run.ts [--pods 50] [--deletes 20] [--requests 2000] [--concurrency 16]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { startDevCluster } from '../../devcluster/cluster';
import type { KubeObject } from '../../devcluster/store/registry';

type Obj = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PODS = arg('pods', 50);
const DELETES = arg('deletes', 20);
const REQUESTS = arg('requests', 2000);
const CONCURRENCY = arg('concurrency', 16);
const DEADLINE_MS = 120_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const isReady = (p: KubeObject) =>
  ((p.status as Obj)?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');

async function until<T>(fn: () => T | undefined | false, what: string): Promise<T> {
  const end = Date.now() + DEADLINE_MS;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-pods-'));
const cluster = await startDevCluster({ port: 0, dataDir, seed: false, quiet: true });
const reg = cluster.registry;
const NS = 'default';
const pods = () => reg.list('pods', { namespace: NS, labelSelector: 'app=bench' }).items;
try {
  // 1. Scale up from nothing.
  let t0 = performance.now();
  reg.create('deployments.apps', NS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench' },
    spec: {
      replicas: PODS,
      selector: { matchLabels: { app: 'bench' } },
      template: {
        metadata: { labels: { app: 'bench' } },
        spec: {
          containers: [
            {
              name: 'echo',
              image: 'portico/echo:1',
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      },
    },
  });
  reg.create('services', NS, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'bench' },
    spec: { selector: { app: 'bench' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });
  await until(() => pods().length === PODS && pods().every(isReady), 'all pods ready').catch(
    (err) => {
      for (const p of pods().filter((x) => !isReady(x)))
        console.error(
          p.metadata.name,
          (p.status as Obj)?.podIP,
          JSON.stringify((p.status as Obj)?.containerStatuses),
        );
      throw err;
    },
  );
  const upMs = performance.now() - t0;
  const sliceReady = () =>
    reg
      .list('endpointslices.discovery.k8s.io', {
        namespace: NS,
        labelSelector: 'kubernetes.io/service-name=bench',
      })
      .items.flatMap((s) => (s as Obj).endpoints ?? [])
      .filter((e: Obj) => e.conditions.ready).length;
  await until(() => sliceReady() === PODS, 'slice lists every pod');
  const sliceMs = performance.now() - t0;
  console.log(
    `scale 0 -> ${PODS} echo pods: all Ready in ${ms(upMs)} (${((PODS * 1000) / upMs).toFixed(0)} pods/s), all in the EndpointSlice in ${ms(sliceMs)}`,
  );

  // 2. Pod deletion -> slice update latency (watch callback time).
  const lat: number[] = [];
  for (let i = 0; i < DELETES; i++) {
    const victim = pods().find(isReady)!;
    const ip = (victim.status as Obj).podIP;
    let seen = 0;
    const stop = reg.watch('endpointslices.discovery.k8s.io', { namespace: NS }, (ev) => {
      const eps = ((ev.object as Obj).endpoints ?? []) as Obj[];
      if (!seen && !eps.some((e) => e.addresses[0] === ip)) seen = performance.now();
    });
    t0 = performance.now();
    reg.delete('pods', NS, victim.metadata.name!);
    await until(() => seen, 'slice update');
    stop();
    lat.push(seen - t0);
  }
  console.log(
    `pod delete -> EndpointSlice without it (${DELETES} deletes): p50 ${ms(pct(lat, 50))}, p99 ${ms(pct(lat, 99))}, max ${ms(Math.max(...lat))}`,
  );
  await until(() => pods().length === PODS && pods().every(isReady), 'replacements ready');

  // 3. Echo throughput on one pod.
  const ip = (pods()[0].status as Obj).podIP;
  const pool = new Pool(`http://${ip}:8080`, { connections: CONCURRENCY });
  const rl: number[] = [];
  let next = 0;
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const s = performance.now();
        const res = await pool.request({ path: '/bench?x=1', method: 'GET' });
        await res.body.text();
        rl.push(performance.now() - s);
      }
    }),
  );
  const total = performance.now() - t0;
  await pool.close();
  console.log(
    `echo server, ${REQUESTS} GETs over ${CONCURRENCY} connections (same process as the client): ${((REQUESTS * 1000) / total).toFixed(0)} req/s, p50 ${ms(pct(rl, 50))}, p99 ${ms(pct(rl, 99))}`,
  );

  // 4. Rolling update of every pod.
  const d = reg.get('deployments.apps', NS, 'bench') as Obj;
  const template = structuredClone(d.spec.template);
  template.spec.containers[0].image = 'portico/echo:2';
  let live = pods().length;
  let peak = live;
  const stopPeak = reg.watch('pods', { namespace: NS }, (ev) => {
    live += ev.type === 'ADDED' ? 1 : ev.type === 'DELETED' ? -1 : 0;
    peak = Math.max(peak, live);
  });
  t0 = performance.now();
  reg.update('deployments.apps', NS, { ...d, spec: { ...d.spec, template } });
  await until(() => {
    const x = reg.get('deployments.apps', NS, 'bench') as Obj;
    return (
      x.status?.observedGeneration === x.metadata.generation &&
      x.status.updatedReplicas === PODS &&
      x.status.replicas === PODS &&
      x.status.availableReplicas === PODS
    );
  }, 'rollout');
  stopPeak();
  console.log(
    `rolling update of ${PODS} pods (25% surge / 25% unavailable): ${ms(performance.now() - t0)}, peak ${peak} pods`,
  );
  console.log(`(machine load average: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
} finally {
  await cluster.close();
  rmSync(dataDir, { recursive: true, force: true });
}
