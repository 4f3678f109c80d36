// Header handling on raw (flat [name, value, ...]) arrays: no per-request object spreads.
import type { HeaderModifier } from '@/lib/routing';

/** Hop-by-hop headers (RFC 9110 7.6.1) plus legacy ones: never forwarded. */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** Headers we set ourselves on the upstream request. */
const OWN = new Set(['host', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip', 'x-request-id']);

/** name length -> 1 when an OWN or HOP name has that length */
const SPECIAL_LENGTHS = new Uint8Array(64);
for (const n of [...OWN, ...HOP]) SPECIAL_LENGTHS[n.length] = 1;

export interface ForwardContext {
  host: string;
  /** the client (./forwarded.ts): X-Real-IP */
  clientIp: string;
  /** the connection's address: appended to X-Forwarded-For */
  peerIp: string;
  /** the peer is a trusted proxy: its X-Forwarded-For/-Proto/-Host/-Port are kept */
  trustedPeer: boolean;
  proto: 'http' | 'https';
  port: number;
  requestId: string;
}

/** Upstream request headers from the client's raw headers. Returns [headers, existingXff]. */
export function upstreamHeaders(
  raw: readonly string[],
  ctx: ForwardContext,
  keepUpgrade: boolean,
  routeMod: HeaderModifier | undefined,
  backendMod: HeaderModifier | undefined,
): string[] {
  const out: string[] = [];
  // client-sent forwarding headers count only from a trusted proxy; otherwise ours replace them
  let xff: string | undefined;
  let fProto: string | undefined;
  let fHost: string | undefined;
  let fPort: string | undefined;
  const trusted = ctx.trustedPeer;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.charCodeAt(0) === 58) continue; // HTTP/2 pseudo-header (":path"...)
    // only names as long as one of ours or a hop-by-hop one need a lower-case look
    if (!SPECIAL_LENGTHS[name.length]) {
      out.push(name, raw[i + 1]);
      continue;
    }
    const lower = name.toLowerCase();
    if (OWN.has(lower)) {
      if (trusted) {
        const v = raw[i + 1];
        if (lower === 'x-forwarded-for') xff = xff ? `${xff}, ${v}` : v;
        else if (lower === 'x-forwarded-proto') fProto ??= v;
        else if (lower === 'x-forwarded-host') fHost ??= v;
        else if (lower === 'x-forwarded-port') fPort ??= v;
      }
      continue;
    }
    if (HOP.has(lower)) {
      if (keepUpgrade && (lower === 'upgrade' || lower === 'connection')) out.push(name, raw[i + 1]);
      continue;
    }
    out.push(name, raw[i + 1]);
  }
  out.push(
    'host', ctx.host,
    'x-forwarded-for', xff ? `${xff}, ${ctx.peerIp}` : ctx.peerIp,
    'x-forwarded-proto', fProto ?? ctx.proto,
    'x-forwarded-host', fHost ?? ctx.host,
    'x-forwarded-port', fPort ?? String(ctx.port),
    'x-real-ip', ctx.clientIp,
    'x-request-id', ctx.requestId,
  );
  if (routeMod) applyModifier(out, routeMod);
  if (backendMod) applyModifier(out, backendMod);
  return out;
}

/** Lengths of the hop-by-hop names: only names of these lengths need a lower-case compare. */
const HOP_LENGTHS = new Set([...HOP].map((h) => h.length));

/**
 * Response headers for the client from the upstream raw headers (Buffers from undici, strings from
 * the gateway HTTP/1.1 pool): hop-by-hop removed, modifiers applied, pushed into `out`. Returns the body length the upstream declared (Content-Length
 * without chunked transfer coding), or -1 when unknown.
 */
export function downstreamRawHeaders(raw: ReadonlyArray<Buffer | string>, out: string[], routeMod: HeaderModifier | undefined, backendMod: HeaderModifier | undefined): number {
  let length = -1;
  let chunked = false;
  for (let i = 0; i < raw.length; i += 2) {
    const n0 = raw[i];
    const v0 = raw[i + 1];
    const name = typeof n0 === 'string' ? n0 : n0.toString('latin1');
    const value = typeof v0 === 'string' ? v0 : v0.toString('latin1');
    const n = name.length;
    if (n === 14 && name.toLowerCase() === 'content-length') length = Number(value);
    else if (HOP_LENGTHS.has(n)) {
      const lower = name.toLowerCase();
      if (HOP.has(lower)) {
        if (lower === 'transfer-encoding') chunked = true;
        continue;
      }
    }
    out.push(name, value);
  }
  if (routeMod) applyModifier(out, routeMod);
  if (backendMod) applyModifier(out, backendMod);
  return chunked || !(length >= 0) ? -1 : length;
}

/** Gateway API HTTPHeaderFilter semantics on a flat array: remove, then set (replace), then add. */
export function applyModifier(out: string[], mod: HeaderModifier): void {
  if (mod.remove.length > 0 || mod.set.length > 0) {
    let w = 0;
    for (let i = 0; i < out.length; i += 2) {
      const lower = out[i].toLowerCase();
      if (mod.remove.includes(lower) || hasName(mod.set, lower)) continue;
      out[w++] = out[i];
      out[w++] = out[i + 1];
    }
    out.length = w;
  }
  for (const [n, v] of mod.set) out.push(n, v);
  for (const [n, v] of mod.add) out.push(n, v);
}

function hasName(list: HeaderModifier['set'], lower: string): boolean {
  for (const [n] of list) if (n.toLowerCase() === lower) return true;
  return false;
}

export function getHeader(raw: readonly string[], lower: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) if (raw[i].length === lower.length && raw[i].toLowerCase() === lower) return raw[i + 1];
  return undefined;
}

/** Value of one cookie from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
