// Integration (issue 19 point 1): GATEWAY_UPSTREAM_PIPELINE on a real gateway process (static
// config) in front of a raw TCP upstream that records what it reads. Concurrent clients' GETs
// share upstream connections and writes, each client still gets the answer to its own request,
// and requests lost when the upstream closes a pipelined connection are retried, not failed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genConfig } from '../bench/gateway/gen-config';
import { request, runGatewayToExit, startGateway, type TestGateway } from '../testing/harness';

let upstream: net.Server;
/** each chunk the upstream read (latin1) */
const reads: string[] = [];
/** set by a test: the next read holding several requests gets only its first answered (with
 * `connection: close`); the rest are dropped, as an upstream closing a kept-alive connection does */
let dropNextBatch = false;
const dropped: string[] = [];
let gw: TestGateway;
let dir: string;

beforeAll(async () => {
  upstream = net.createServer((s) => {
    let buf = '';
    s.on('error', () => {});
    s.on('data', (d: Buffer) => {
      reads.push(d.toString('latin1'));
      buf += d.toString('latin1');
      const targets: string[] = [];
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
        targets.push(buf.slice(0, i).split(' ')[1]);
        buf = buf.slice(i + 4);
      }
      const answer = (t: string, close = false) => `HTTP/1.1 200 OK\r\ncontent-length: ${`answer to ${t}`.length}\r\n${close ? 'connection: close\r\n' : ''}\r\nanswer to ${t}`;
      if (dropNextBatch && targets.length > 1) {
        dropNextBatch = false;
        dropped.push(...targets.slice(1));
        s.end(answer(targets[0], true));
        return;
      }
      s.write(targets.map((t) => answer(t)).join(''));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const port = (upstream.address() as net.AddressInfo).port;
  dir = mkdtempSync(path.join(tmpdir(), 'portico-pipeline-'));
  const config = path.join(dir, 'routes.json');
  writeFileSync(config, JSON.stringify(genConfig({ routes: 20, backendPort: port })));
  gw = await startGateway({ GATEWAY_STATIC_CONFIG: config, GATEWAY_UPSTREAM_PIPELINE: '8' });
}, 120_000);

afterAll(async () => {
  await gw?.stop();
  upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `n` clients at once, each on its own connection, each asking for its own path. */
const burst = (paths: string[]) => Promise.all(paths.map((p) => request({ port: gw.httpPort, host: 'bench.example.com', path: p })));
const headsIn = (chunk: string) => chunk.match(/^GET \S+ HTTP\/1\.1$/gm)?.length ?? 0;

describe('upstream pipelining through the gateway', () => {
  it('answers every client with its own response while requests share upstream writes', async () => {
    const paths = Array.from({ length: 60 }, (_, i) => `/api/r${i}`);
    const before = reads.length;
    const answers = await burst(paths);
    expect(answers.map((a) => [a.status, a.body])).toEqual(paths.map((p) => [200, `answer to ${p}`]));
    const seen = reads.slice(before);
    // every request reached the upstream once, and some left in one write with others
    expect(seen.reduce((n, c) => n + headsIn(c), 0)).toBe(60);
    expect(Math.max(...seen.map(headsIn))).toBeGreaterThan(1);
  });

  it('retries the requests an upstream left unanswered when it closed a pipelined connection', async () => {
    dropNextBatch = true;
    const before = reads.length;
    const paths = Array.from({ length: 40 }, (_, i) => `/api/again${i}`);
    const answers = await burst(paths);
    expect(dropNextBatch).toBe(false);
    expect(dropped.length).toBeGreaterThan(0);
    expect(answers.map((a) => [a.status, a.body])).toEqual(paths.map((p) => [200, `answer to ${p}`]));
    // each dropped request reached the upstream a second time
    const seen = reads.slice(before).join('');
    for (const p of dropped) expect(seen.split(`GET ${p} `).length - 1).toBe(2);
  });

  it('an invalid GATEWAY_UPSTREAM_PIPELINE stops the gateway, naming the variable', async () => {
    const r = await runGatewayToExit({ GATEWAY_UPSTREAM_PIPELINE: '0' });
    expect(r.out).toContain('GATEWAY_UPSTREAM_PIPELINE must be a whole number from 1 (no pipelining) to 64, got \\"0\\"');
    expect(r.code).toBe(1);
  }, 60_000);
});
