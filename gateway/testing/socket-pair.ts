// A connected loopback pair for socket-level tests: `server` is the accepted socket (created
// with allowHalfOpen, as the gateway's listeners: the peer's FIN does not end our side),
// `client` the far side. Call closeSocketPairs() after each test.
import net from 'node:net';

const open: Array<() => void> = [];

export async function socketPair(opts: { clientPaused?: boolean } = {}): Promise<{ server: net.Socket; client: net.Socket }> {
  const srv = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => srv.once('connection', r));
  const client = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
  if (opts.clientPaused) client.pause();
  const server = await accepted;
  open.push(() => {
    client.destroy();
    server.destroy();
    srv.close();
  });
  return { server, client };
}

export function closeSocketPairs(): void {
  for (const f of open.splice(0)) f();
}
