/**
 * The dev cluster (devcluster/main.ts) with a request log for benchmarks: one line per API
 * request, "METHOD path", appended to BENCH_REQUEST_LOG. The dev cluster has no log of its own;
 * this wraps the HTTPS server's handler before the cluster creates it.
 */
import { appendFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ServerOptions } from 'node:https';

const log = process.env.BENCH_REQUEST_LOG;
if (!log) throw new Error('BENCH_REQUEST_LOG: the file to append request lines to is required');
const create = https.createServer.bind(https) as (o: ServerOptions, h: RequestListener) => https.Server;
(https as { createServer: unknown }).createServer = (options: ServerOptions, handler: RequestListener) =>
  create(options, (req: IncomingMessage, res: ServerResponse) => {
    appendFileSync(log, `${req.method} ${(req.url ?? '').split('?')[0]}\n`);
    handler(req, res);
  });
await import('../../devcluster/main');
