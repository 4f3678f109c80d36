// Reference point for the benchmark: the bare node:http + undici Pool.stream() proxy the research
// measured (4-prefix table, no policies), so the gateway's routing cost shows as a ratio in one run.
//   node bench/gateway/peers/bare-proxy.mjs <port> <backendPort>
import http from 'node:http';
import { Pool } from 'undici';
import { HOP, PREFIXES, args, matchPrefix } from './prefixes.mjs';

const { port, origin } = args();
const pools = PREFIXES.map(() => new Pool(origin, { connections: 128, pipelining: 1 }));

function onHeaders({ statusCode, headers: h, opaque }) {
  const out = [];
  for (let i = 0; i < h.length; i += 2) if (!HOP.has(h[i].toLowerCase())) out.push(h[i], h[i + 1]);
  opaque.writeHead(statusCode, out);
  return opaque;
}

function onDone(err, { opaque }) {
  if (err && !opaque.headersSent) {
    opaque.writeHead(502);
    opaque.end();
  }
}

http
  .createServer((req, res) => {
    const route = matchPrefix(req.url);
    const headers = [];
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (!HOP.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
    headers.push('x-forwarded-for', req.socket.remoteAddress);
    pools[route].stream({ path: req.url, method: req.method, headers, opaque: res, responseHeaders: 'raw' }, onHeaders, onDone);
  })
  .listen(port, '127.0.0.1');
