// TLSRoute terminate mode: the TLS listener ends TLS with its certificate (lib/routing puts it on
// the SNI entry) and the TLSRoute's backend gets the plaintext bytes over TCP. The ClientHello
// bytes already read to pick the route are replayed into the TLS server side through a small
// Duplex over the client socket (a socket's own handle would not see them again).
import { Duplex } from 'node:stream';
import type net from 'node:net';
import tls from 'node:tls';
import type { TlsRouteEntry } from '@/lib/routing';
import { SERVER_CA } from '../server-tls-ca';

type Certificate = NonNullable<TlsRouteEntry['terminate']>;

/** Secure contexts per certificate (by Secret key and content), built once. */
const contexts = new Map<string, { pem: string; ctx: tls.SecureContext }>();
function contextFor(c: Certificate): tls.SecureContext {
  const hit = contexts.get(c.key);
  if (hit && hit.pem === c.certPem) return hit.ctx;
  const ctx = tls.createSecureContext({ cert: c.certPem, key: c.keyPem, ca: SERVER_CA });
  contexts.set(c.key, { pem: c.certPem, ctx });
  return ctx;
}

/** The client socket as a Duplex that first yields `head`. Back-pressure follows the reader. */
function replaying(client: net.Socket, head: Buffer): Duplex {
  const d = new Duplex({
    read() {
      client.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      client.write(chunk, cb);
    },
    final(cb) {
      client.end();
      cb();
    },
    destroy(err, cb) {
      client.destroy();
      cb(err);
    },
  });
  if (head.length) d.push(head);
  client.on('data', (chunk: Buffer) => {
    if (!d.push(chunk)) client.pause();
  });
  client.on('end', () => d.push(null));
  client.on('close', () => d.destroy());
  return d;
}

/**
 * Terminate TLS on `client` (whose ClientHello, `head`, was already read). `done` gets the
 * decrypted socket once the handshake is complete, or an error (bad certificate, timeout...).
 */
export function terminateTls(client: net.Socket, head: Buffer, cert: Certificate, timeoutMs: number, done: (err: Error | undefined, plain?: tls.TLSSocket) => void): void {
  let ctx: tls.SecureContext;
  try {
    ctx = contextFor(cert);
  } catch (err) {
    return done(err as Error);
  }
  const secure = new tls.TLSSocket(replaying(client, head), { isServer: true, secureContext: ctx });
  let finished = false;
  const finish = (err?: Error) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    if (err) {
      secure.destroy();
      done(err);
    } else {
      secure.on('error', () => secure.destroy()); // until the splice takes over
      done(undefined, secure);
    }
  };
  const timer = setTimeout(() => finish(new Error('TLS handshake timeout')), timeoutMs);
  secure.once('secure', () => finish());
  secure.once('error', (err) => finish(err));
}
