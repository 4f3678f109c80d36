import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSocketPairs, socketPair } from '../../testing/socket-pair';
import { pauseReads, readInto, resumeReads, stopReadingInto } from './direct-read';

afterEach(closeSocketPairs);

const pair = () => socketPair();

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('readInto', () => {
  it('hands every byte to the sink, in order, and the end of stream still ends the socket', async () => {
    const { server, client } = await pair();
    const got: Buffer[] = [];
    expect(readInto(server, (buf, n) => got.push(Buffer.from(buf.subarray(0, n))))).toBe(true);
    let ended = false;
    server.once('end', () => (ended = true));
    const want = Buffer.alloc(300_000);
    for (let i = 0; i < want.length; i++) want[i] = (i * 7) % 251;
    client.end(want);
    await until(() => ended);
    expect(Buffer.concat(got).equals(want)).toBe(true);
  });

  it('pauseReads stops taking bytes until resumeReads', async () => {
    const { server, client } = await pair();
    let n = 0;
    readInto(server, (_buf, k) => (n += k));
    client.write('a');
    await until(() => n === 1);
    pauseReads(server);
    client.write('bcd');
    await new Promise((r) => setTimeout(r, 50));
    expect(n).toBe(1);
    resumeReads(server);
    await until(() => n === 4);
  });

  it('after stopReadingInto the socket reads as a normal stream again (what an Upgrade hands over)', async () => {
    const { server, client } = await pair();
    const sunk: string[] = [];
    readInto(server, (buf, n) => sunk.push(buf.toString('latin1', 0, n)));
    client.write('GET / HTTP/1.1\r\n\r\n');
    await until(() => sunk.join('') === 'GET / HTTP/1.1\r\n\r\n');
    stopReadingInto(server);
    server.pause();
    client.write('frame-1');
    await new Promise((r) => setTimeout(r, 30));
    const streamed: string[] = [];
    server.on('data', (d: Buffer) => streamed.push(d.toString('latin1')));
    server.resume(); // as pipe() does
    client.write('frame-2');
    await until(() => streamed.join('') === 'frame-1frame-2');
    expect(sunk.join('')).toBe('GET / HTTP/1.1\r\n\r\n');
  });

  it('declines TLS sockets (they read through net)', () => {
    const fake = Object.assign(new net.Socket(), { encrypted: true });
    expect(readInto(fake, () => {})).toBe(false);
  });
});
