// ExternalName Services as backends: resolve each name asynchronously (never blocking the
// event loop), honour the DNS TTL, and publish the addresses as a synthetic EndpointSlice
// (`portico-externalname-<service>`) so the HTTP and TCP data planes use them like pod
// endpoints (same balancing, same passive health).
//
// Resolution: RFC 6761 names first (`localhost` -> loopback, `.invalid` -> not found, no
// query sent); then dns.promises.resolve4/resolve6 with TTLs first (real DNS); names DNS does not
// know (e.g. `localhost`, /etc/hosts entries) fall back to dns.promises.lookup (getaddrinfo on
// the libuv pool, no TTL: `fallbackTtlSeconds`). TTLs are clamped to [minTtl, maxTtl]. A name
// that does not resolve keeps no endpoints (requests get 503 "no ready endpoints") and is
// retried after `negativeTtlSeconds`; the last good addresses are kept through transient
// failures (SERVFAIL, timeouts) until they expire twice over.
// A Service whose name resolves to nothing is reported through `failures()` (and
// `onFailuresChanged`): the controller feeds them into the routing state, so routes get a
// diagnostic (Event, /config) and Gateway API routes ResolvedRefs=False; cleared on success.
import dns from 'node:dns';
import net from 'node:net';
import type { BackendTarget, ExternalNameFailure, RoutingSnapshot } from '@/lib/routing';
import { SERVICE_NAME_LABEL, type EndpointSliceLike } from '../proxy/endpoints';

export interface ResolvedName {
  addresses: string[];
  ttlSeconds: number;
  source: 'ip' | 'dns' | 'lookup';
}

export type Resolve = (name: string) => Promise<ResolvedName>;

export interface ExternalNameOptions {
  minTtlSeconds?: number;
  maxTtlSeconds?: number;
  fallbackTtlSeconds?: number;
  negativeTtlSeconds?: number;
  resolve?: Resolve;
  /** the set of failing Services changed (see failures()) */
  onFailuresChanged?: () => void;
  log?: (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

const NOT_IN_DNS = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME', 'ENOTIMP', 'EREFUSED', 'ECONNREFUSED', 'ETIMEOUT', 'ESERVFAIL', 'ECANCELLED']);

/** Default resolver: DNS with TTLs, then getaddrinfo (hosts file) without. */
export async function resolveName(name: string, fallbackTtlSeconds = 30): Promise<ResolvedName> {
  if (net.isIP(name)) return { addresses: [name], ttlSeconds: 3600, source: 'ip' };
  // RFC 6761 special-use names, answered without asking DNS: .invalid never resolves,
  // localhost (and *.localhost) is the loopback (the hosts file's answer for `localhost`).
  if (name === 'invalid' || name.endsWith('.invalid')) throw Object.assign(new Error(`${name} does not resolve (.invalid is reserved, RFC 6761)`), { code: 'ENOTFOUND' });
  if (name === 'localhost' || name.endsWith('.localhost')) {
    const all = await dns.promises.lookup('localhost', { all: true }).catch(() => [{ address: '127.0.0.1', family: 4 }]);
    const v4 = all.filter((a) => a.family === 4).map((a) => a.address);
    return { addresses: v4.length ? [...new Set(v4)] : ['127.0.0.1'], ttlSeconds: fallbackTtlSeconds, source: 'lookup' };
  }
  const [v4, v6] = await Promise.allSettled([dns.promises.resolve4(name, { ttl: true }), dns.promises.resolve6(name, { ttl: true })]);
  const records = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  if (records.length) return { addresses: records.map((r) => r.address), ttlSeconds: Math.min(...records.map((r) => r.ttl)), source: 'dns' };
  const errs = [v4, v6].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as NodeJS.ErrnoException)?.code ?? '');
  if (errs.some((c) => !NOT_IN_DNS.has(c))) throw new Error(`DNS lookup of ${name} failed: ${errs.join(', ')}`);
  const all = await dns.promises.lookup(name, { all: true });
  return { addresses: [...new Set(all.map((a) => a.address))], ttlSeconds: fallbackTtlSeconds, source: 'lookup' };
}

interface NameState {
  name: string;
  addresses: string[];
  expiresAt: number;
  error?: string;
  /** short, stable error code for messages (ENOTFOUND, ESERVFAIL...) */
  code?: string;
  source?: ResolvedName['source'];
  timer?: NodeJS.Timeout;
  inflight?: Promise<void>;
  resolvedAt?: number;
}

export interface ExternalNameReport {
  name: string;
  services: string[];
  addresses: string[];
  expiresInMs: number;
  source?: string;
  error?: string;
}

export class ExternalNameResolver {
  /** external name -> state */
  private names = new Map<string, NameState>();
  /** "ns/service" -> { name, ports by endpointPortName } */
  private services = new Map<string, { name: string; ports: Map<string, number> }>();
  /** slices currently published, by "ns/service" */
  private published = new Map<string, EndpointSliceLike>();
  private stopped = false;
  private failureKey = '[]';
  private readonly o: Required<Omit<ExternalNameOptions, 'log' | 'onFailuresChanged'>> & Pick<ExternalNameOptions, 'log' | 'onFailuresChanged'>;

  constructor(
    /** put/delete of synthetic slices (into the endpoint table, and to workers) */
    private readonly emit: (op: 'put' | 'delete', slice: EndpointSliceLike) => void,
    opts: ExternalNameOptions = {},
  ) {
    const fallback = opts.fallbackTtlSeconds ?? 30;
    this.o = {
      minTtlSeconds: opts.minTtlSeconds ?? 5,
      maxTtlSeconds: opts.maxTtlSeconds ?? 300,
      fallbackTtlSeconds: fallback,
      negativeTtlSeconds: opts.negativeTtlSeconds ?? 5,
      resolve: opts.resolve ?? ((n) => resolveName(n, fallback)),
      log: opts.log,
      onFailuresChanged: opts.onFailuresChanged,
    };
  }

  /** New snapshot: which ExternalName backends exist now. */
  apply(snapshot: RoutingSnapshot): void {
    this.setTargets(snapshot.backends.values());
  }

  setTargets(targets: Iterable<BackendTarget>): void {
    if (this.stopped) return;
    const next = new Map<string, { name: string; ports: Map<string, number> }>();
    for (const t of targets) {
      if (!t.externalName || t.invalid || t.port === undefined) continue;
      const k = `${t.namespace}/${t.service}`;
      let e = next.get(k);
      if (!e) next.set(k, (e = { name: t.externalName, ports: new Map() }));
      e.ports.set(t.endpointPortName, t.port);
    }
    this.services = next;
    // names no longer used: stop refreshing them
    const used = new Set([...next.values()].map((e) => e.name));
    for (const [name, st] of this.names) {
      if (!used.has(name)) {
        if (st.timer) clearTimeout(st.timer);
        this.names.delete(name);
      }
    }
    for (const name of used) if (!this.names.has(name)) this.refresh(name);
    this.publishAll();
  }

  /** Re-emit every synthetic slice (after the endpoint table was replaced by a re-list). */
  republish(): void {
    for (const s of this.published.values()) this.emit('put', s);
  }

  /** Resolve now (tests, admin); resolves when done. */
  refresh(name: string): Promise<void> {
    let st = this.names.get(name);
    if (!st) this.names.set(name, (st = { name, addresses: [], expiresAt: 0 }));
    if (st.inflight) return st.inflight;
    const state = st;
    state.inflight = this.o
      .resolve(name)
      .then(
        (r) => {
          const ttl = Math.min(this.o.maxTtlSeconds, Math.max(this.o.minTtlSeconds, r.ttlSeconds));
          const changed = r.addresses.join(',') !== state.addresses.join(',');
          state.addresses = r.addresses;
          state.source = r.source;
          state.error = undefined;
          state.code = undefined;
          state.resolvedAt = Date.now();
          state.expiresAt = Date.now() + ttl * 1000;
          if (changed) this.o.log?.('info', `ExternalName ${name} resolved`, { addresses: r.addresses, ttl, source: r.source });
          this.schedule(state, ttl * 1000);
        },
        (err: NodeJS.ErrnoException) => {
          state.error = String(err?.message ?? err);
          state.code = typeof err?.code === 'string' && /^[A-Z_]+$/.test(err.code) ? err.code : 'lookup failed';
          // keep the last good answer a while through transient failures, not past twice its TTL
          const graceOver = !state.resolvedAt || Date.now() > state.expiresAt + (state.expiresAt - state.resolvedAt);
          if (graceOver) state.addresses = [];
          this.o.log?.('warn', `ExternalName ${name}: ${state.error}`, { keptAddresses: state.addresses });
          this.schedule(state, this.o.negativeTtlSeconds * 1000);
        },
      )
      .finally(() => {
        state.inflight = undefined;
        if (this.names.get(name) === state) this.publishAll();
      });
    return state.inflight;
  }

  private schedule(st: NameState, ms: number): void {
    if (st.timer) clearTimeout(st.timer);
    if (this.stopped) return;
    st.timer = setTimeout(() => {
      st.timer = undefined;
      if (this.names.get(st.name) === st) void this.refresh(st.name);
    }, ms);
    st.timer.unref();
  }

  private publishAll(): void {
    const seen = new Set<string>();
    for (const [k, svc] of this.services) {
      seen.add(k);
      const st = this.names.get(svc.name);
      const slice = syntheticSlice(k, svc.ports, st?.addresses ?? []);
      const prev = this.published.get(k);
      if (prev && JSON.stringify(prev) === JSON.stringify(slice)) continue;
      this.published.set(k, slice);
      this.emit('put', slice);
    }
    for (const [k, slice] of this.published) {
      if (seen.has(k)) continue;
      this.published.delete(k);
      this.emit('delete', slice);
    }
    const key = JSON.stringify(this.failures());
    if (key !== this.failureKey) {
      this.failureKey = key;
      // later, never inside the snapshot swap that called apply(): the callback rebuilds
      const cb = this.o.onFailuresChanged;
      if (cb) setImmediate(() => !this.stopped && cb());
    }
  }

  /** Services whose name currently resolves to no address (sorted: stable for comparisons). */
  failures(): ExternalNameFailure[] {
    const out: ExternalNameFailure[] = [];
    for (const [k, svc] of this.services) {
      const st = this.names.get(svc.name);
      if (!st?.error || st.addresses.length) continue;
      const [namespace, service] = k.split('/');
      out.push({ namespace, service, externalName: svc.name, error: st.code ?? 'lookup failed' });
    }
    return out.sort((a, b) => (`${a.namespace}/${a.service}` < `${b.namespace}/${b.service}` ? -1 : 1));
  }

  report(): ExternalNameReport[] {
    const now = Date.now();
    return [...this.names.values()].map((st) => ({
      name: st.name,
      services: [...this.services].filter(([, s]) => s.name === st.name).map(([k]) => k),
      addresses: st.addresses,
      expiresInMs: Math.max(0, st.expiresAt - now),
      ...(st.source ? { source: st.source } : {}),
      ...(st.error ? { error: st.error } : {}),
    }));
  }

  stop(): void {
    this.stopped = true;
    for (const st of this.names.values()) if (st.timer) clearTimeout(st.timer);
  }
}

export function syntheticSlice(serviceKey: string, ports: Map<string, number>, addresses: string[]): EndpointSliceLike {
  const [namespace, service] = serviceKey.split('/');
  const v6 = addresses.length > 0 && addresses.every((a) => net.isIPv6(a));
  return {
    metadata: { name: `portico-externalname-${service}`, namespace, labels: { [SERVICE_NAME_LABEL]: service, 'endpointslice.kubernetes.io/managed-by': 'portico.dev/gateway' } },
    addressType: v6 ? 'IPv6' : 'IPv4',
    endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true, serving: true, terminating: false } })),
    ports: [...ports].sort().map(([name, port]) => ({ name, port, protocol: 'TCP' })),
  };
}
