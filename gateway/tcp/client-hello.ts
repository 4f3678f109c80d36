// Reads the SNI server name from a TLS ClientHello without terminating TLS (passthrough):
// the bytes are only looked at, and forwarded unchanged to the backend afterwards.
// Handles a ClientHello split over several TLS records and over several TCP reads.
// RFC 8446 4.1.2 (ClientHello), RFC 6066 3 (server_name), RFC 5246 6.2 (records).

export type ClientHelloResult =
  | { status: 'more' }
  | { status: 'ok'; sni?: string }
  | { status: 'invalid'; reason: string };

/** Largest ClientHello we wait for (post-quantum key shares make them ~1-2 KiB; 64 KiB is plenty). */
export const MAX_CLIENT_HELLO = 64 * 1024;

const HANDSHAKE = 22;
const CLIENT_HELLO = 1;
const SERVER_NAME = 0;
const HOST_NAME = 0;

/** Parse what has arrived so far. `more`: wait for more bytes (up to MAX_CLIENT_HELLO). */
export function parseClientHello(buf: Buffer): ClientHelloResult {
  // Reassemble the handshake message from consecutive handshake records.
  const parts: Buffer[] = [];
  let have = 0;
  let need = -1; // handshake message length incl. its 4-byte header, once known
  let off = 0;
  while (need < 0 || have < need) {
    if (buf.length < off + 5) return buf.length >= MAX_CLIENT_HELLO ? { status: 'invalid', reason: 'ClientHello too large' } : { status: 'more' };
    if (buf[off] !== HANDSHAKE) return { status: 'invalid', reason: off === 0 ? 'not a TLS handshake' : 'ClientHello interrupted by another record' };
    if (buf[off + 1] !== 3) return { status: 'invalid', reason: 'unknown TLS record version' };
    const len = buf.readUInt16BE(off + 3);
    if (len === 0 || len > 16384 + 2048) return { status: 'invalid', reason: 'bad TLS record length' };
    if (buf.length < off + 5 + len) return off + 5 + len > MAX_CLIENT_HELLO ? { status: 'invalid', reason: 'ClientHello too large' } : { status: 'more' };
    parts.push(buf.subarray(off + 5, off + 5 + len));
    have += len;
    off += 5 + len;
    if (need < 0 && have >= 4) {
      const head = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      if (head[0] !== CLIENT_HELLO) return { status: 'invalid', reason: 'first handshake message is not a ClientHello' };
      need = 4 + head.readUIntBE(1, 3);
      if (need > MAX_CLIENT_HELLO) return { status: 'invalid', reason: 'ClientHello too large' };
    }
  }
  const msg = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).subarray(4, need);
  try {
    return { status: 'ok', ...serverName(msg) };
  } catch {
    return { status: 'invalid', reason: 'malformed ClientHello' };
  }
}

/** Walk the ClientHello body to the server_name extension. Throws on truncation. */
function serverName(b: Buffer): { sni?: string } {
  let p = 2 + 32; // legacy_version, random
  const need = (n: number) => {
    if (p + n > b.length) throw new RangeError('truncated');
  };
  need(1);
  p += 1 + b[p]; // legacy_session_id
  need(2);
  p += 2 + b.readUInt16BE(p); // cipher_suites
  need(1);
  p += 1 + b[p]; // legacy_compression_methods
  if (p === b.length) return {}; // no extensions at all
  need(2);
  const end = p + 2 + b.readUInt16BE(p);
  p += 2;
  if (end > b.length) throw new RangeError('truncated');
  while (p + 4 <= end) {
    const type = b.readUInt16BE(p);
    const len = b.readUInt16BE(p + 2);
    p += 4;
    if (p + len > end) throw new RangeError('truncated');
    if (type === SERVER_NAME) {
      let q = p + 2; // server_name_list length
      const listEnd = Math.min(p + len, p + 2 + b.readUInt16BE(p));
      while (q + 3 <= listEnd) {
        const nameType = b[q];
        const nameLen = b.readUInt16BE(q + 1);
        q += 3;
        if (q + nameLen > listEnd) throw new RangeError('truncated');
        if (nameType === HOST_NAME) return { sni: b.toString('latin1', q, q + nameLen) };
        q += nameLen;
      }
      return {};
    }
    p += len;
  }
  return {};
}
