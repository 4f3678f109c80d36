// Peer: fastify + @fastify/http-proxy (reply-from over undici), one plugin per prefix of the
// 4-prefix table, paths forwarded unchanged, X-Forwarded-For added.
//   node bench/gateway/peers/fastify-proxy.mjs <port> <backendPort>
import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';
import { PREFIXES, args } from './prefixes.mjs';

const { port, origin } = args();
const app = Fastify({ logger: false });
for (const p of PREFIXES) {
  const prefix = p === '/' ? '/' : p.slice(0, -1);
  app.register(proxy, {
    upstream: origin,
    prefix,
    rewritePrefix: prefix,
    undici: { connections: 128, pipelining: 1 },
    replyOptions: {
      rewriteRequestHeaders: (req, headers) => ({ ...headers, 'x-forwarded-for': req.socket.remoteAddress }),
    },
  });
}
await app.listen({ port, host: '127.0.0.1' });
