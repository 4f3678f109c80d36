// Early gateway entry point: serves 404 on the HTTP port until the full proxy lands.
import http from 'node:http';

const port = Number(process.env.GATEWAY_HTTP_PORT ?? 8080);
const host = process.env.BIND_ADDRESS ?? '127.0.0.1';
const server = http.createServer((_req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('404 no route\n');
});
server.listen(port, host, () => console.log(`gateway: http listening on http://${host}:${port}`));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => process.exit(0)));
