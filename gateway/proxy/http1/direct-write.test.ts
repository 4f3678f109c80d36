import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSocketPairs, socketPair } from '../../testing/socket-pair';
import { directWrites, hasUnsentBytes, writeNow } from './direct-write';

afterEach(closeSocketPairs);

/** `client` does not read until told. */
const pair = () => socketPair({ clientPaused: true });

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
