import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { directWrites, hasUnsentBytes, writeNow } from './direct-write';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** A connected pair: `server` is the accepted socket, `client` the far side (not reading until told). */
async function pair(): Promise<{ server: net.Socket; client: net.Socket }> {
  // allowHalfOpen, as the gateway's listeners: the peer's FIN does not end our side
  const srv = net.createServer({ allowHalfOpen: true });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const accepted = new Promise<net.Socket>((r) => srv.once('connection', r));
  const client = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
  client.pause();
  const server = await accepted;
  cleanup.push(() => {
    client.destroy();
    server.destroy();
    srv.close();
  });
  return { server, client };
}

function readAll(client: net.Socket, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let n = 0;
    client.on('data', (d: Buffer) => {
      parts.push(d);
      n += d.length;
      if (n >= bytes) resolve(Buffer.concat(parts));
    });
    client.on('error', reject);
    client.resume();
  });
}

describe('writeNow', () => {
  it('is in use on this runtime (the hot path depends on it)', () => {
    expect(directWrites).toBe(true);
  });

  it('keeps byte order when the kernel buffer fills: direct writes queue in libuv, net writes queue behind them', async () => {
    const { server, client } = await pair();
    const chunks: Buffer[] = [];
    // far more than the socket buffers hold while the client does not read: later writes go async
    for (let i = 0; i < 400; i++) {
      const b = Buffer.alloc(16 * 1024, i % 251);
      b.writeUInt32BE(i, 0);
      chunks.push(b);
      if (i % 3 === 2) server.write(b);
      else expect(writeNow(server, i % 3 === 0 ? b : b.toString('latin1'))).toBe(true);
    }
    expect(hasUnsentBytes(server)).toBe(true);
    const want = Buffer.concat(chunks);
    const got = await readAll(client, want.length);
    expect(got.length).toBe(want.length);
    expect(got.equals(want)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(hasUnsentBytes(server)).toBe(false);
  });

  it('end() after unfinished direct writes shuts down only once they are out', async () => {
    const { server, client } = await pair();
    const big = Buffer.alloc(64 * 1024, 7);
    for (let i = 0; i < 40; i++) writeNow(server, big);
    server.end();
    const got = await new Promise<number>((resolve) => {
      let n = 0;
      client.on('data', (d: Buffer) => (n += d.length));
      client.on('end', () => resolve(n));
      client.resume();
    });
    expect(got).toBe(40 * big.length);
  });

  it('a write to a socket whose peer is gone fails the socket (EPIPE) instead of throwing', async () => {
    const { server, client } = await pair();
    const errors: string[] = [];
    server.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
    const closed = new Promise<void>((r) => server.once('close', () => r()));
    client.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const results: boolean[] = [];
    for (let i = 0; i < 50 && !server.destroyed; i++) results.push(writeNow(server, Buffer.alloc(64 * 1024)));
    await closed;
    expect(results.at(-1)).toBe(false);
    expect(errors.some((c) => c === 'EPIPE' || c === 'ECONNRESET')).toBe(true);
  });
});
