// Trailer fields passed through the proxy, both ways (request trailers of chunked HTTP/1.1 and
// HTTP/2 bodies; response trailers such as gRPC's grpc-status / grpc-message). Fields a trailer
// section must not carry (hop-by-hop, framing, routing: RFC 9110 6.5.1) are dropped, as are
// pseudo-fields and invalid names or values: node's HTTP/2 refuses connection-specific fields
// when it sends trailers, and a CR/LF must never reach an HTTP/1.1 chunked trailer section.
import { BAD_HEADER_VALUE, HEADER_NAME } from './http1/headers-check';

const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'content-length', 'host']);

function forwardable(name: string, value: string): boolean {
  return HEADER_NAME.test(name) && !NOT_FORWARDED.has(name.toLowerCase()) && !BAD_HEADER_VALUE.test(value);
}

/** Flat [name, value, ...] trailers (strings, or Buffers from undici) as one object (repeated
 * names joined with ", "); undefined when nothing is left to forward. */
export function trailerFields(raw: ReadonlyArray<Buffer | string> | null | undefined): Record<string, string> | undefined {
  if (!raw || raw.length === 0) return undefined;
  let out: Record<string, string> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = String(raw[i]).toLowerCase();
    const value = String(raw[i + 1]);
    if (!forwardable(name, value)) continue;
    out ??= {};
    const prev = out[name];
    out[name] = prev === undefined ? value : `${prev}, ${value}`;
  }
  return out;
}

/** Trailers as node's http2 hands them over (an object, repeated names as arrays). */
export function trailerObject(t: Record<string, string | string[] | undefined>): Record<string, string> | undefined {
  const flat: string[] = [];
  for (const k of Object.keys(t)) {
    const v = t[k];
    if (Array.isArray(v)) for (const x of v) flat.push(k, x);
    else if (v !== undefined) flat.push(k, v);
  }
  return trailerFields(flat);
}

/** The last chunk of an HTTP/1.1 chunked body with its trailer section (RFC 9112 7.1.2). */
export function lastChunk(raw: readonly string[] | undefined): string {
  if (!raw || raw.length === 0) return '0\r\n\r\n';
  let s = '0\r\n';
  for (let i = 0; i + 1 < raw.length; i += 2) if (forwardable(raw[i], raw[i + 1])) s += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${s}\r\n`;
}
