// How a route is reached from outside, KubeSphere style (seed 002): per rule Hostname | Paths |
// Access method | Address:Port | Node IP, the hosts-file line, nip.io hosts and curl lines, all
// from one address: the one the gateway publishes on the Ingress (status.loadBalancer.ingress),
// else what the gateway Service (deployed) or the gateway's own listeners (`npm start`) offer.
import { isDNS1123Subdomain } from '../k8s/validation/primitives';

export type AccessMethodKind = 'NodePort' | 'LoadBalancer' | 'direct';

/** The gateway Service in portico-system as far as access needs it. */
export interface GatewayServiceView {
  type: string;
  clusterIP?: string;
  /** Service ports serving HTTP / HTTPS (80/443 or named http/https). */
  httpPort?: number;
  httpsPort?: number;
  httpNodePort?: number;
  httpsNodePort?: number;
  loadBalancerAddresses: string[];
}

export interface AccessSettings {
  /** GATEWAY_URL is set: the console runs next to a deployed gateway behind its Service. */
  deployed: boolean;
  /** The gateway's own listeners (`npm start`): BIND_ADDRESS and the HTTP/HTTPS ports. */
  listener: { address: string; httpPort: number; httpsPort: number };
  service?: GatewayServiceView;
  nodeIPs: string[];
  /** GATEWAY_PUBLISH_ADDRESS when the console shares the gateway's environment (`npm start`). */
  published?: string[];
}

export interface AccessTarget {
  /** '' for a rule without host. */
  host: string;
  path: string;
  tls: boolean;
}

export interface AccessRow {
  host: string;
  paths: string[];
  method: AccessMethodKind;
  address: string;
  port: number;
  tls: boolean;
  nodeIPs: string[];
}

export interface AccessPlan {
  method: AccessMethodKind;
  address: string;
  httpPort: number;
  httpsPort: number;
  /** Where the address came from, for the note under the table. */
  source: 'ingress-status' | 'publish-setting' | 'load-balancer' | 'node' | 'cluster-ip' | 'listener';
  rows: AccessRow[];
  /** `<address> <host> ...` for the named, non-nip.io hosts; absent when there are none or the address is not an IP. */
  hostsLine?: string;
  /** Route hosts that are nip.io names (they resolve without the hosts file). */
  nipHosts: string[];
  curlLines: string[];
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const isIP = (a: string) => IPV4.test(a) || (a.includes(':') && /^[0-9a-f:.]+$/i.test(a));

/** The address a nip.io host resolves to (dotted or dashed form), or undefined. */
export function nipAddress(host: string): string | undefined {
  const m = /(?:^|[.-])((?:\d{1,3}[.-]){3}\d{1,3})\.nip\.io$/.exec(host.toLowerCase());
  if (!m) return undefined;
  const ip = m[1]!.replace(/-/g, '.');
  return IPV4.test(ip) ? ip : undefined;
}

/** The address and ports the gateway is reached on, before looking at rules. */
export function accessAddress(statusAddresses: readonly string[], s: AccessSettings): Pick<AccessPlan, 'method' | 'address' | 'httpPort' | 'httpsPort' | 'source'> {
  const fromStatus = statusAddresses.find(Boolean);
  const published = fromStatus ?? s.published?.find(Boolean);
  const pub = fromStatus ? ('ingress-status' as const) : ('publish-setting' as const);
  const svc = s.deployed ? s.service : undefined;
  if (svc?.type === 'LoadBalancer' && svc.loadBalancerAddresses.length) {
    return { method: 'LoadBalancer', address: published ?? svc.loadBalancerAddresses[0]!, httpPort: svc.httpPort ?? 80, httpsPort: svc.httpsPort ?? 443, source: published ? pub : 'load-balancer' };
  }
  if ((svc?.type === 'NodePort' || svc?.type === 'LoadBalancer') && (svc.httpNodePort || svc.httpsNodePort)) {
    const node = published ?? s.nodeIPs[0];
    if (node) return { method: 'NodePort', address: node, httpPort: svc.httpNodePort ?? 0, httpsPort: svc.httpsNodePort ?? 0, source: published ? pub : 'node' };
  }
  if (svc) {
    const ip = svc.clusterIP && svc.clusterIP !== 'None' ? svc.clusterIP : undefined;
    const address = published ?? ip;
    if (address) return { method: 'direct', address, httpPort: svc.httpPort ?? 80, httpsPort: svc.httpsPort ?? 443, source: published ? pub : 'cluster-ip' };
  }
  // `npm start` (or a deployed gateway without a Service we can read): its own listeners.
  const l = s.listener;
  return { method: 'direct', address: published ?? l.address, httpPort: l.httpPort, httpsPort: l.httpsPort, source: published ? pub : 'listener' };
}

/** A concrete name for a rule host: wildcards get a sample label. */
export function concreteHost(host: string): string {
  return host.startsWith('*.') ? `try.${host.slice(2)}` : host;
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const hostPort = (h: string, port: number, https: boolean) => (port === (https ? 443 : 80) ? h : `${h.includes(':') ? `[${h}]` : h}:${port}`);

/** One curl line for a target on the given address: --resolve for names the client cannot resolve, a Host header when the address is a name. */
export function curlLine(t: AccessTarget, address: string, port: number): string {
  const scheme = t.tls ? 'https' : 'http';
  const flags = t.tls ? 'curl -sk' : 'curl -s';
  const path = shellQuote(t.path || '/');
  if (!t.host) return `${flags} ${scheme}://${hostPort(address, port, t.tls)}${path}`;
  const host = concreteHost(t.host);
  if (nipAddress(host) === address) return `${flags} ${scheme}://${hostPort(host, port, t.tls)}${path}`;
  if (isIP(address)) return `${flags} --resolve ${host}:${port}:${address.includes(':') ? `[${address}]` : address} ${scheme}://${hostPort(host, port, t.tls)}${path}`;
  return `${flags} -H ${shellQuote(`Host: ${host}`)} ${scheme}://${hostPort(address, port, t.tls)}${path}`;
}

/** Rows, hosts line and curl lines for a route's targets (one per rule path). */
export function buildAccess(targets: readonly AccessTarget[], statusAddresses: readonly string[], s: AccessSettings): AccessPlan {
  const a = accessAddress(statusAddresses, s);
  // Node IPs: the cluster's nodes when readable, else what the gateway published (for a NodePort
  // Service it publishes the addresses of the nodes its pods run on).
  const published = statusAddresses.filter(Boolean);
  const nodes = s.nodeIPs.length ? [...s.nodeIPs] : published.length ? published : [a.address];
  const byHost = new Map<string, AccessRow>();
  for (const t of targets) {
    const key = `${t.host}\u0000${t.tls}`;
    const row = byHost.get(key);
    if (row) {
      if (!row.paths.includes(t.path)) row.paths.push(t.path);
      continue;
    }
    byHost.set(key, {
      host: t.host,
      paths: [t.path],
      method: a.method,
      address: a.address,
      port: t.tls ? a.httpsPort : a.httpPort,
      tls: t.tls,
      nodeIPs: a.method === 'direct' ? [a.address] : nodes,
    });
  }
  const hosts = [...new Set(targets.map((t) => t.host).filter(Boolean))];
  const nipHosts = hosts.filter((h) => nipAddress(h) !== undefined);
  const named = hosts.filter((h) => !h.startsWith('*') && !nipHosts.includes(h));
  return {
    ...a,
    rows: [...byHost.values()],
    hostsLine: named.length && isIP(a.address) ? `${a.address} ${named.join(' ')}` : undefined,
    nipHosts,
    curlLines: targets.slice(0, 8).map((t) => curlLine(t, a.address, t.tls ? a.httpsPort : a.httpPort)),
  };
}

const NIP_SUFFIX = '.nip.io';

/**
 * `<route>.<project>.<address>.nip.io` (nip.io's dotted form), shortened to a DNS-1123 subdomain:
 * each label at most 63 characters, the whole name at most 253 (the route part gives way first).
 * Errors name the rule broken: nip.io only maps IPv4 addresses.
 */
export function nipHostFor(route: string, project: string, address: string): { host: string } | { error: string } {
  if (!IPV4.test(address)) return { error: `The gateway's address "${address}" is not an IPv4 address; nip.io names need one` };
  const label = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  const tail = `${address}${NIP_SUFFIX}`;
  const proj = label(project);
  const routeLabels = (route || 'route').toLowerCase().split('.').map(label).filter(Boolean);
  let head = [...routeLabels, proj].filter(Boolean).join('.');
  const room = 253 - tail.length - 1;
  if (head.length > room) head = head.slice(head.length - room).replace(/^[.-]+/, '');
  const host = head ? `${head}.${tail}` : tail;
  const errs = isDNS1123Subdomain(host);
  return errs.length ? { error: `Generated host "${host}": ${errs.join('; ')}` } : { host };
}
