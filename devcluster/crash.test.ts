/**
 * Crash test: a dev cluster in a child process takes a stream of writes, is killed with
 * SIGKILL mid-stream, restarts on the same data dir: every acknowledged write is there,
 * nothing is half-written, and resourceVersions keep increasing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { request, tempDataDir } from './testing/harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = tempDataDir('devcluster-crash-');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const ch of children) if (ch.exitCode === null && ch.signalCode === null) ch.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Conn {
  url: string;
  port: number;
  token: string;
  caCert: string;
  child: ChildProcess;
}

async function startChild(port = 0): Promise<Conn> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'testing', 'child-cluster.ts')], {
    env: { ...process.env, DATA_DIR: dataDir, DEVCLUSTER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) resolve(buf.slice(0, i));
    });
    child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  const info = JSON.parse(line) as { url: string; port: number; token: string };
  return { ...info, caCert: readFileSync(path.join(dataDir, 'ca.crt'), 'utf8'), child };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('crash safety', () => {
  it('keeps every acknowledged write across kill -9 and continues resourceVersions', async () => {
    const first = await startChild();
    const acked = new Map<string, string>(); // name -> payload
    let maxRv = 0;
    let counterAck = 0;
    let stop = false;
    const CMS = '/api/v1/namespaces/default/configmaps';
    const note = (rv: string | undefined) => (maxRv = Math.max(maxRv, Number(rv ?? 0)));

    // Four create streams and one update stream, bounded in count.
    const creators = [0, 1, 2, 3].map(async (stream) => {
      for (let i = 0; i < 400 && !stop; i++) {
        const name = `crash-${stream}-${i}`;
        const payload = `${name}:${'x'.repeat(2000 + i)}`;
        try {
          const r = await request(first, 'POST', CMS, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload, sum: sha(payload) } } });
          if (r.status === 201) {
            acked.set(name, payload);
            note(r.json.metadata.resourceVersion);
          }
        } catch {
          return; // connection died with the server
        }
      }
    });
    await request(first, 'POST', CMS, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'counter' }, data: { n: '0' } } });
    const updater = (async () => {
      for (let n = 1; n < 2000 && !stop; n++) {
        try {
          const r = await request(first, 'PATCH', `${CMS}/counter`, { body: { data: { n: String(n) } }, contentType: 'application/merge-patch+json' });
          if (r.status === 200) {
            counterAck = n;
            note(r.json.metadata.resourceVersion);
          }
        } catch {
          return;
        }
      }
    })();

    // Kill mid-stream once enough writes were acknowledged.
    const deadline = Date.now() + 20_000;
    while (acked.size < 120 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all([...creators, updater]);
    await new Promise((r) => first.child.once('exit', r));
    expect(acked.size).toBeGreaterThanOrEqual(100);

    const second = await startChild(first.port);
    try {
      const list = await request(second, 'GET', CMS);
      expect(list.status).toBe(200);
      const stored = new Map<string, { payload: string; sum: string }>();
      for (const item of list.json.items) if (item.metadata.name.startsWith('crash-')) stored.set(item.metadata.name, item.data);
      for (const [name, payload] of acked) {
        expect(stored.get(name)?.payload, name).toBe(payload);
      }
      // Nothing half-written: every stored object is complete and self-consistent.
      for (const [name, data] of stored) expect(sha(data.payload), name).toBe(data.sum);
      const n = Number(list.json.items.find((i: { metadata: { name: string } }) => i.metadata.name === 'counter').data.n);
      expect(n).toBeGreaterThanOrEqual(counterAck);
      expect(n).toBeLessThanOrEqual(counterAck + 1);
      expect(Number(list.json.metadata.resourceVersion)).toBeGreaterThanOrEqual(maxRv);
      const after = await request(second, 'POST', CMS, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-crash' } } });
      expect(after.status).toBe(201);
      expect(Number(after.json.metadata.resourceVersion)).toBeGreaterThan(maxRv);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((r) => second.child.once('exit', r));
    }
  });
});
