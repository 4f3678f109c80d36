// Reference point for the benchmark: the bare node:http + undici Pool.stream() proxy the research
// measured (no routing, no policies), so the gateway's routing cost shows as a ratio in one run.
import http from 'node:http';
import { Pool } from 'undici';

const [port, backendPort] = process.argv.slice(2).map(Number);
const pool = new Pool(`http://127.0.0.1:${backendPort}`, { connections: 128, pipelining: 1 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

http
  .createServer((req, res) => {
    const headers = [];
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (!HOP.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
    headers.push('x-forwarded-for', req.socket.remoteAddress);
    pool.stream(
      { path: req.url, method: req.method, headers, opaque: res, responseHeaders: 'raw' },
      ({ statusCode, headers: h, opaque }) => {
        const out = [];
        for (let i = 0; i < h.length; i += 2) if (!HOP.has(h[i].toLowerCase())) out.push(h[i], h[i + 1]);
        opaque.writeHead(statusCode, out);
        return opaque;
      },
      (err, { opaque }) => {
        if (err && !opaque.headersSent) {
          opaque.writeHead(502);
          opaque.end();
        }
      },
    );
  })
  .listen(port, '127.0.0.1');
