// The informer against a real HTTP server standing in for the API server: what it asks for
// (list pages, watch from the list's version, from a bookmark's version after the watch ends),
// a 410 Gone relists, a failed watch backs off and resumes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '@/testing/harness';
import { KubeClient } from './client';
import { kubeconfigConnection } from './config';
import { Informer } from './informer';

type Obj = { metadata: { name: string; namespace?: string; resourceVersion?: string } };
const obj = (name: string, rv: string): Obj => ({
  metadata: { name, namespace: 'ns', resourceVersion: rv },
});

/** "METHOD url" of every request */
let requests: string[] = [];
/** what the next watch request gets: lines to write, then end (or keep open) */
let watchScript: Array<{ lines: unknown[]; end: boolean; status?: number }> = [];
let listVersion = '10';
let server: http.Server;
let client: KubeClient;
const open = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/apis/missing/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          code: 404,
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        }),
      );
      return;
    }
    if (url.searchParams.get('watch') !== '1') {
      // two pages: a (limit=1), then b
      const page2 = url.searchParams.get('continue') === 'next';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          metadata: { resourceVersion: listVersion, ...(page2 ? {} : { continue: 'next' }) },
          items: [page2 ? obj('b', '9') : obj('a', '8')],
        }),
      );
      return;
    }
    const step = watchScript.shift() ?? { lines: [], end: false };
    res.writeHead(step.status ?? 200, { 'content-type': 'application/json' });
    for (const l of step.lines) res.write(JSON.stringify(l) + '\n');
    if (step.end) res.end();
    else open.add(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  client = new KubeClient(
    kubeconfigConnection(
      {
        clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${port}` } }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      },
      '/',
    ),
  );
});
afterAll(async () => {
  for (const r of open) r.destroy();
  client.close();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  requests = [];
  watchScript = [];
  listVersion = '10';
});

function record() {
  const log: string[] = [];
  const lists: string[][] = [];
  const errors: string[] = [];
  return {
    log,
    lists,
    errors,
    handlers: {
      onList: (items: Obj[]) => lists.push(items.map((o) => o.metadata.name)),
      onEvent: (type: string, o: Obj) => log.push(`${type} ${o.metadata.name}`),
      onError: (err: unknown) => errors.push(String((err as Error).message)),
    },
  };
}

const watches = () =>
  requests
    .filter((r) => r.includes('watch=1'))
    .map((r) => new URL(r.split(' ')[1], 'http://x').searchParams.get('resourceVersion'));

describe('Informer', () => {
  it('lists in pages, watches from the list version, resumes from the last bookmark when the watch ends', async () => {
    watchScript = [
      {
        lines: [
          { type: 'ADDED', object: obj('c', '11') },
          { type: 'BOOKMARK', object: { metadata: { resourceVersion: '15' } } },
        ],
        end: true,
      },
      {
        lines: [
          { type: 'MODIFIED', object: obj('a', '16') },
          { type: 'DELETED', object: obj('b', '17') },
        ],
        end: false,
      },
    ];
    const r = record();
    const inf = new Informer<Obj>(client, '/apis/x/v1/things', r.handlers, 1);
    await inf.start();
    expect(r.lists).toEqual([['a', 'b']]);
    expect(requests.slice(0, 2)).toEqual([
      'GET /apis/x/v1/things?limit=1',
      'GET /apis/x/v1/things?limit=1&continue=next',
    ]);
    await waitFor(() => r.log.length === 3, 'three events', 5_000);
    expect(r.log).toEqual(['ADDED c', 'MODIFIED a', 'DELETED b']);
    expect(watches()).toEqual(['10', '15']);
    expect(requests.find((q) => q.includes('watch=1'))).toMatch(
      /allowWatchBookmarks=true&timeoutSeconds=\d+/,
    );
    expect(r.errors).toEqual([]);
    inf.stop();
  });

  it('410 Gone in the watch: lists again at once and watches from the new list', async () => {
    watchScript = [
      {
        lines: [
          { type: 'ADDED', object: obj('c', '11') },
          {
            type: 'ERROR',
            object: {
              kind: 'Status',
              code: 410,
              reason: 'Expired',
              message: 'too old resource version',
            },
          },
        ],
        end: false,
      },
    ];
    const r = record();
    const inf = new Informer<Obj>(client, '/apis/x/v1/things', r.handlers, 1);
    await inf.start();
    listVersion = '40';
    await waitFor(() => watches().length === 2, 'a second watch', 5_000);
    expect(r.lists).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect(watches()).toEqual(['10', '40']);
    expect(r.errors).toEqual([]); // routine, not reported
    inf.stop();
  });

  it('410 at once after every list: backed off and reported, not a busy loop', async () => {
    const gone = { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } };
    watchScript = [0, 1, 2, 3, 4, 5].map(() => ({ lines: [gone], end: false }));
    const r = record();
    const inf = new Informer<Obj>(client, '/apis/x/v1/things', r.handlers, 1);
    await inf.start();
    await new Promise((res) => setTimeout(res, 1_500));
    // 1 s after the first 410, then 2 s: two watches in 1.5 s, not hundreds
    expect(watches().length).toBe(2);
    expect(r.errors[0]).toMatch(/410 Gone right after a list/);
    inf.stop();
  });

  it('a refused watch is reported, backed off and tried again from the same version', async () => {
    watchScript = [
      { lines: [{ kind: 'Status', code: 500, message: 'etcd is sad' }], end: true, status: 500 },
    ];
    const r = record();
    const inf = new Informer<Obj>(client, '/apis/x/v1/things', r.handlers, 1);
    await inf.start();
    await waitFor(() => watches().length === 2, 'a second watch', 5_000);
    expect(r.errors).toEqual([
      'GET /apis/x/v1/things?watch=1&allowWatchBookmarks=true&timeoutSeconds=' +
        requests
          .find((q) => q.includes('watch=1'))!
          .split('timeoutSeconds=')[1]
          .split('&')[0] +
        '&resourceVersion=10: HTTP 500: etcd is sad',
    ]);
    expect(watches()).toEqual(['10', '10']);
    expect(r.lists).toHaveLength(1);
    inf.stop();
  });

  it('the first list failing rejects start() with the status code (404: CRD not installed) or the network error', async () => {
    const r = record();
    const missing = new Informer<Obj>(client, '/apis/missing/v1/things', r.handlers);
    await expect(missing.start()).rejects.toMatchObject({
      code: 404,
      body: { reason: 'NotFound' },
    });
    const refused = new Informer<Obj>(
      new KubeClient({ server: 'http://127.0.0.1:1', authorization: async () => undefined }),
      '/x',
      r.handlers,
    );
    await expect(refused.start()).rejects.toThrow(/ECONNREFUSED/);
    expect(watches()).toEqual([]);
    missing.stop();
    refused.stop();
  });
});
