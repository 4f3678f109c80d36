// Peer: http-proxy with a keep-alive Agent, one pre-parsed target per prefix (4-prefix table).
//   node bench/gateway/peers/http-proxy.mjs <port> <backendPort>
import http from 'node:http';
import httpProxy from 'http-proxy';
import { PREFIXES, args, matchPrefix } from './prefixes.mjs';

const { port, origin } = args();
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
const proxy = httpProxy.createProxyServer({ agent, xfwd: true });
const targets = PREFIXES.map(() => new URL(origin));
proxy.on('error', (_err, _req, res) => {
  if (res.headersSent === false) res.writeHead(502);
  res.end();
});

http.createServer((req, res) => proxy.web(req, res, { target: targets[matchPrefix(req.url)] })).listen(port, '127.0.0.1');
