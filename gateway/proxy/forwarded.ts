// Who the client is, and which X-Forwarded-* headers are believed. By default nobody's: a
// client-sent X-Forwarded-For/-Proto/-Host/-Port or X-Real-IP is replaced by the connection's
// values (ingress-nginx with use-forwarded-headers=false), so an application cannot be fed a
// fake client address. GATEWAY_TRUSTED_PROXIES lists the proxies in front of the gateway (CIDRs):
// from them the headers are kept (X-Forwarded-For gets the peer appended) and the client is the
// right-most address in X-Forwarded-For that is not itself a trusted proxy (nginx's
// real_ip_recursive on). That address is used for logs, rate limits and `hash` balancing.
import { BlockList, isIP } from 'node:net';

/** Parse a comma-separated list of CIDRs or single addresses; throws naming the entry. */
export function parseTrustedProxies(value: string, variable = 'GATEWAY_TRUSTED_PROXIES'): BlockList | undefined {
  const list = new BlockList();
  let n = 0;
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const slash = item.indexOf('/');
    const address = slash < 0 ? item : item.slice(0, slash);
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const prefix = slash < 0 ? bits : /^\d{1,3}$/.test(item.slice(slash + 1)) ? Number(item.slice(slash + 1)) : -1;
    if (family === 0 || prefix < 0 || prefix > bits) {
      throw new Error(`${variable}: "${item}" is not an IP address or CIDR (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
    n++;
  }
  return n > 0 ? list : undefined;
}

/** The connection comes from a trusted proxy (IPv4-mapped IPv6 addresses match IPv4 ranges). */
export function isTrustedPeer(trusted: BlockList | undefined, peer: string): boolean {
  if (trusted === undefined || peer === '') return false;
  const family = isIP(peer);
  return family !== 0 && trusted.check(peer, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address behind a trusted peer: X-Forwarded-For walked from the right, skipping
 * trusted proxies. An entry that is not an IP address stops the walk (the hop that passed it
 * on is the client as far as we can tell); all trusted: the left-most.
 */
export function clientBehind(trusted: BlockList, peer: string, xff: string | string[] | undefined): string {
  if (xff === undefined) return peer;
  const value = typeof xff === 'string' ? xff : xff.join(',');
  let addr = peer;
  let end = value.length;
  while (end > 0) {
    const comma = value.lastIndexOf(',', end - 1);
    const entry = value.slice(comma + 1, end).trim();
    end = comma < 0 ? 0 : comma;
    if (entry === '') continue;
    const family = isIP(entry);
    if (family === 0) return addr;
    addr = entry;
    if (!trusted.check(entry, family === 6 ? 'ipv6' : 'ipv4')) return entry;
  }
  return addr;
}

/** The client address of a request: the peer, or the address behind a trusted peer. */
export function clientAddress(trusted: BlockList | undefined, peer: string, xff: string | string[] | undefined): string {
  return trusted !== undefined && isTrustedPeer(trusted, peer) ? clientBehind(trusted, peer, xff) : peer;
}
