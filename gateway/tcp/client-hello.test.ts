// ClientHello parsing against real ClientHellos (node's TLS client), whole and split.
import { describe, expect, it } from 'vitest';
import net from 'node:net';
import tls from 'node:tls';
import { parseClientHello } from './client-hello';

/** The first bytes a real TLS client sends (captured by a plain TCP server). */
async function captureHello(servername?: string): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const got = new Promise<Buffer>((resolve) => {
    server.once('connection', (s) => {
      let buf = Buffer.alloc(0);
      s.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 5 && buf.length >= 5 + buf.readUInt16BE(3)) {
          resolve(buf);
          s.destroy();
        }
      });
    });
  });
  const c = tls.connect({ host: '127.0.0.1', port, ...(servername ? { servername } : {}), rejectUnauthorized: false });
  c.on('error', () => {});
  const hello = await got;
  c.destroy();
  server.close();
  return hello;
}

describe('parseClientHello', () => {
  it('reads the SNI of a real ClientHello, and none when the client sends none', async () => {
    expect(parseClientHello(await captureHello('db.example.com'))).toEqual({ status: 'ok', sni: 'db.example.com' });
    expect(parseClientHello(await captureHello())).toEqual({ status: 'ok' });
  });

  it('asks for more while bytes are missing, also when the ClientHello is split over two records', async () => {
    const hello = await captureHello('split.example.com');
    for (const n of [1, 4, 5, 40, hello.length - 1]) expect(parseClientHello(hello.subarray(0, n)).status).toBe('more');
    // re-frame the handshake message into two TLS records
    const body = hello.subarray(5);
    const rec = (b: Buffer) => Buffer.concat([Buffer.from([22, 3, 1, b.length >> 8, b.length & 0xff]), b]);
    const two = Buffer.concat([rec(body.subarray(0, 30)), rec(body.subarray(30))]);
    expect(parseClientHello(two.subarray(0, 40)).status).toBe('more');
    expect(parseClientHello(two)).toEqual({ status: 'ok', sni: 'split.example.com' });
  });

  it('refuses what is not a TLS ClientHello', () => {
    expect(parseClientHello(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe('invalid');
    expect(parseClientHello(Buffer.from([22, 3, 1, 0, 4, 2, 0, 0, 0])).status).toBe('invalid'); // ServerHello
  });
});
