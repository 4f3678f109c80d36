/**
 * The address a sign-in comes from, for per-address limits: the TCP peer of the connection.
 * X-Forwarded-For is believed only when the peer is a proxy listed in PORTICO_TRUSTED_PROXIES
 * (CIDRs or addresses, comma-separated); then the client is the right-most address in it that
 * is not itself a trusted proxy (nginx real_ip_recursive). A client-sent X-Forwarded-For from
 * anyone else is ignored: it costs nothing to fake.
 *
 * Next.js does not hand the socket to server actions, so installPeerStamp() (run at server start
 * from instrumentation.ts) writes the peer into a request header as each request arrives,
 * overwriting whatever the client sent; the value carries a per-process random token, so a
 * client cannot forge it for a request that arrived before the stamp was installed.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

export const TRUSTED_PROXIES_VARIABLE = 'PORTICO_TRUSTED_PROXIES';
export const PEER_HEADER = 'x-portico-peer';
/** Used when the peer is not known: every such request shares one limit. */
export const UNKNOWN_PEER = 'unknown';

const g = globalThis as unknown as { __porticoPeerStamp?: { token: string; installed: boolean } };
const stamp = (g.__porticoPeerStamp ??= { token: randomBytes(16).toString('hex'), installed: false });

/** Stamps every HTTP(S) request of this process with its TCP peer address (idempotent). */
export function installPeerStamp(): void {
  if (stamp.installed) return;
  stamp.installed = true;
  for (const proto of [http.Server.prototype, https.Server.prototype] as Array<{ emit: (event: string | symbol, ...args: unknown[]) => boolean }>) {
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const req = args[0] as http.IncomingMessage;
        req.headers[PEER_HEADER] = `${stamp.token} ${req.socket?.remoteAddress ?? ''}`;
      }
      return emit.call(this, event, ...args);
    };
  }
}

/** Parse a comma-separated list of CIDRs or addresses; throws naming the variable and entry. */
export function parseTrustedProxies(value: string | undefined, variable = TRUSTED_PROXIES_VARIABLE): BlockList | undefined {
  if (!value?.trim()) return undefined;
  if (value.length > 4096) throw new Error(`${variable}: longer than 4096 characters`);
  const list = new BlockList();
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const slash = item.indexOf('/');
    const address = slash < 0 ? item : item.slice(0, slash);
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefix = slash < 0 ? bits : /^\d{1,3}$/.test(item.slice(slash + 1)) ? Number(item.slice(slash + 1)) : -1;
    if (family === 0 || prefix < 0 || prefix > bits) throw new Error(`${variable}: "${item.slice(0, 64)}" is not an IP address or CIDR (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)`);
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

let trustedCache: { value: string | undefined; list: BlockList | undefined } | undefined;
/** PORTICO_TRUSTED_PROXIES, parsed once per value. */
export function trustedProxies(env: NodeJS.ProcessEnv = process.env): BlockList | undefined {
  const value = env[TRUSTED_PROXIES_VARIABLE];
  if (!trustedCache || trustedCache.value !== value) trustedCache = { value, list: parseTrustedProxies(value) };
  return trustedCache.list;
}

const inList = (list: BlockList, addr: string) => {
  const f = isIP(addr);
  return f !== 0 && list.check(addr, f === 6 ? 'ipv6' : 'ipv4');
};

/** The client behind `peer`: the peer itself unless it is a trusted proxy. */
export function clientAddress(trusted: BlockList | undefined, peer: string, xff: string | null | undefined): string {
  if (!trusted || !inList(trusted, peer) || !xff) return peer;
  let addr = peer;
  const entries = xff.slice(0, 4096).split(',');
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i].trim();
    if (!entry) continue;
    if (isIP(entry) === 0) return addr; // garbage: the hop that passed it on is the client as far as we know
    addr = entry;
    if (!inList(trusted, entry)) return entry;
  }
  return addr;
}

/** The stamped TCP peer of this request, or UNKNOWN_PEER. */
export function peerFromHeaders(headers: { get(name: string): string | null }): string {
  const v = headers.get(PEER_HEADER) ?? '';
  const sp = v.indexOf(' ');
  if (sp < 0 || v.slice(0, sp) !== stamp.token) return UNKNOWN_PEER;
  const addr = v.slice(sp + 1).replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return isIP(addr) ? addr : UNKNOWN_PEER;
}

/** The client address of the current request (request headers from next/headers). */
export function requestClientAddress(headers: { get(name: string): string | null }, env: NodeJS.ProcessEnv = process.env): string {
  const peer = peerFromHeaders(headers);
  return peer === UNKNOWN_PEER ? peer : clientAddress(trustedProxies(env), peer, headers.get('x-forwarded-for'));
}
