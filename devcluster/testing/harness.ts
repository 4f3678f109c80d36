/**
 * Test harness: a real dev cluster on an ephemeral port in a temp data dir, and a small
 * HTTPS client that trusts its CA and sends its admin token.
 */
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevCluster, type DevCluster, type DevClusterOptions } from '../cluster';

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body bytes/string (sent as-is). */
  raw?: string | Buffer;
  contentType?: string;
  accept?: string;
  token?: string | null;
}

export function request(cluster: Pick<DevCluster, 'url' | 'caCert' | 'token'>, method: string, urlPath: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const u = new URL(urlPath, cluster.url);
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? cluster.token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = https.request(u, { method, headers, ca: cluster.caCert }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Opens a watch and collects events (parsed lines) until closed. */
export function openWatch(cluster: Pick<DevCluster, 'url' | 'caCert' | 'token'>, urlPath: string) {
  const events: Array<{ type: string; object: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  let ended = false;
  let req: ReturnType<typeof https.request>;
  const opened = new Promise<number>((resolve, reject) => {
    req = https.request(new URL(urlPath, cluster.url), { method: 'GET', headers: { Authorization: `Bearer ${cluster.token}`, Accept: 'application/json' }, ca: cluster.caCert }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) events.push(JSON.parse(line));
        }
      });
      res.on('end', () => (ended = true));
      res.on('close', () => (ended = true));
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => {
      ended = true;
      reject(err);
    });
    req.end();
  });
  return {
    events,
    opened,
    get ended() {
      return ended;
    },
    close: () => req.destroy(),
  };
}

export async function waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface TestCluster extends DevCluster {
  dataDir: string;
  cleanup(): Promise<void>;
}

export function tempDataDir(prefix = 'devcluster-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** API-only by default (no controllers, no demo seed) so tests are deterministic. */
export async function startTestCluster(options: DevClusterOptions = {}): Promise<TestCluster> {
  const dataDir = options.dataDir ?? tempDataDir();
  const cluster = await startDevCluster({ port: 0, controllers: false, seed: false, quiet: true, ...options, dataDir });
  return {
    ...cluster,
    dataDir,
    async cleanup() {
      await cluster.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
