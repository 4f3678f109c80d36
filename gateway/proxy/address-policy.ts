// Upstream address policy: the addresses the gateway refuses to connect to, whatever names them
// (an EndpointSlice, or any answer an ExternalName resolves to). Decided once per endpoint when
// the endpoint table builds a set (gateway/proxy/endpoints.ts), never per request: a refused
// address never becomes an Endpoint, so no data-plane path (HTTP/1, h2, gRPC, WebSocket,
// mirrors, active health checks, TCP/TLS routes) can reach it. The table holds IPs only, and
// every connection goes to that IP: a name re-resolving to something else is checked again
// as a new slice (no DNS rebinding between check and connect).
//
// Refused: the gateway's own listener and admin ports on the addresses it binds (always, even in an
// allowed range), loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16 — cloud metadata —
// and fe80::/10), the unspecified/"this host" addresses (0.0.0.0/8, ::), and the IPv4-mapped
// IPv6 forms of all of these (net.BlockList matches ::ffff:a.b.c.d against IPv4 rules).
// The only exception: ranges listed in GATEWAY_ALLOWED_UPSTREAM_CIDRS (`npm start` passes the
// dev cluster's pod CIDR, whose pod IPs are loopback addresses).
import net from 'node:net';
import os from 'node:os';

export const ALLOWED_CIDRS_VARIABLE = 'GATEWAY_ALLOWED_UPSTREAM_CIDRS';

export type RefusalKind = 'self' | 'loopback' | 'link-local' | 'unspecified' | 'invalid';

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** "10.0.0.0/8, fd00::/8" -> CIDRs; a bare address is a /32 (/128). Throws naming the variable. */
export function parseCidrList(value: string | undefined, variable = ALLOWED_CIDRS_VARIABLE): Cidr[] {
  const out: Cidr[] = [];
  if (!value?.trim()) return out;
  if (value.length > 4096) throw new Error(`${variable} is longer than 4096 characters`);
  for (const raw of value.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const slash = item.indexOf('/');
    const address = slash < 0 ? item : item.slice(0, slash);
    const v = net.isIP(address);
    if (!v) throw new Error(`${variable}: "${item}" is not a CIDR (expected e.g. 10.244.0.0/16 or fd00::/64)`);
    const max = v === 4 ? 32 : 128;
    const prefixText = slash < 0 ? String(max) : item.slice(slash + 1);
    const prefix = Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText) || prefix > max) throw new Error(`${variable}: "${item}" has an invalid prefix length (0-${max} for IPv${v})`);
    out.push({ address, prefix, family: v === 4 ? 'ipv4' : 'ipv6' });
  }
  return out;
}

function blockList(cidrs: readonly Cidr[]): net.BlockList {
  const b = new net.BlockList();
  for (const c of cidrs) b.addSubnet(c.address, c.prefix, c.family);
  return b;
}

const LOOPBACK = blockList(parseCidrList('127.0.0.0/8,::1/128', 'loopback'));
const LINK_LOCAL = blockList(parseCidrList('169.254.0.0/16,fe80::/10', 'link-local'));
const UNSPECIFIED = blockList(parseCidrList('0.0.0.0/8,::/128', 'unspecified'));

export interface AddressPolicyOptions {
  /** operator-allowed ranges (GATEWAY_ALLOWED_UPSTREAM_CIDRS) */
  allowed?: readonly Cidr[];
  /** addresses the gateway's listeners and admin API bind (0.0.0.0 / :: = every local address) */
  bindAddresses?: readonly string[];
  /** the gateway's own ports: HTTP, HTTPS, admin (TCP listener ports come with each snapshot) */
  ports?: readonly number[];
}

export interface Refusal {
  kind: RefusalKind;
  /** why, in words a route owner understands */
  message: string;
}

export class AddressPolicy {
  private readonly allowed: net.BlockList;
  private readonly allowedText: string;
  /** local addresses where our own ports are ours */
  private readonly own: net.BlockList;
  private readonly fixedPorts: ReadonlySet<number>;
  private listenerPorts: ReadonlySet<number> = new Set();

  constructor(opts: AddressPolicyOptions = {}) {
    this.allowed = blockList(opts.allowed ?? []);
    this.allowedText = (opts.allowed ?? []).map((c) => `${c.address}/${c.prefix}`).join(',');
    this.fixedPorts = new Set((opts.ports ?? []).filter((p) => p > 0));
    const own = new Set<string>();
    this.own = new net.BlockList();
    for (const a of opts.bindAddresses ?? []) {
      if (a === '0.0.0.0' || a === '::') {
        // bound to every address: every local one reaches us, the whole loopback range included
        for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) own.add(i.address.replace(/%.*$/, ''));
        this.own.addSubnet('127.0.0.0', 8, 'ipv4');
        this.own.addAddress('::1', 'ipv6');
      } else if (net.isIP(a)) own.add(a);
    }
    for (const a of own) this.own.addAddress(a, net.isIPv6(a) ? 'ipv6' : 'ipv4');
  }

  /** Listener ports of the current snapshot (TCP, TLS, UDP, and HTTP(S) off the main two); true when they changed (sets must be re-decided). */
  setListenerPorts(ports: Iterable<number>): boolean {
    const next = new Set(ports);
    if (next.size === this.listenerPorts.size && [...next].every((p) => this.listenerPorts.has(p))) return false;
    this.listenerPorts = next;
    return true;
  }

  /** undefined: allowed. */
  check(address: string, port: number): Refusal | undefined {
    const v = net.isIP(address);
    if (!v) return { kind: 'invalid', message: 'not an IP address' };
    const type = v === 4 ? 'ipv4' : 'ipv6';
    // connecting to 0.0.0.0 reaches this host too
    if ((this.fixedPorts.has(port) || this.listenerPorts.has(port)) && (this.own.check(address, type) || UNSPECIFIED.check(address, type)))
      return { kind: 'self', message: "it is one of the gateway's own listener or admin addresses" };
    if (this.allowed.check(address, type)) return undefined;
    const isLoopback = LOOPBACK.check(address, type);
    const outside = this.allowedText ? `outside ${ALLOWED_CIDRS_VARIABLE} (${this.allowedText})` : `(not allowed by ${ALLOWED_CIDRS_VARIABLE})`;
    if (isLoopback) return { kind: 'loopback', message: `loopback address ${outside}` };
    if (LINK_LOCAL.check(address, type)) return { kind: 'link-local', message: `link-local address ${outside}` };
    if (UNSPECIFIED.check(address, type)) return { kind: 'unspecified', message: `unspecified address ${outside}` };
    return undefined;
  }
}
