/**
 * Gateway API TLS passthrough: listeners with protocol TLS and `tls.mode: Passthrough`, and
 * TLSRoute (v1alpha2). Pure, like the rest of lib/routing.
 *
 * Semantics
 * - A TLS listener on port P is served on servedPort(P) (P >= 1024 -> P, else 8000 + P; 443
 *   is the HTTPS port, so a TLS listener there is PortUnavailable). `Passthrough` forwards the
 *   TLS bytes; `Terminate` (the default) terminates TLS with the listener's certificateRefs (a
 *   problem: ResolvedRefs=False, not served) and forwards the plaintext; both modes may share a
 *   port (TLSRouteModeMixed), each SNI entry says which (`terminate`). Several TLS
 *   listeners (of one or several Gateways) may share a port when their hostnames differ; the
 *   port then serves one SNI table. A port taken by HTTP/HTTPS/TCP: PortUnavailable.
 * - TLSRoutes attach like HTTPRoutes (parentRefs, allowedRoutes, hostname intersection with
 *   the listener's hostname: no intersection -> NoMatchingListenerHostname). Each resulting
 *   hostname is an SNI entry; the oldest route holds a hostname, a later route that gets none
 *   of its hostnames is Accepted=False NotAllowedByListeners naming the holder.
 * - matchSni: exact host, then the wildcard with the longest suffix (`*.example.com` matches
 *   one or more labels, as HTTPRoute), then a route without hostnames ("*", which also takes
 *   ClientHellos without SNI). No entry: the gateway closes the connection.
 * - backendRefs are pooled and weighted as for TCPRoute (./tcp), same ResolvedRefs reasons.
 */
import type { GatewayInput, Listener, RouteParentStatus, TlsListenerInfo, TlsRouteEntry } from './types';
import { BuildContext, byAge, condition, nsOf, validHostname } from './context';
import { checkRouteKinds, l4Parents, type TcpListenerCheck } from './tcp';
import { hostWithin, intersectHostnames } from './hostnames';
import type { AllowedFrom, ListenerRec } from './listener-record';

/**
 * Validate a TLS listener (called from the Gateway listener loop). Mode Terminate needs a usable
 * certificate: `certificate` resolves the listener's certificateRefs (the caller knows the
 * owner's namespace and kind for ReferenceGrants).
 */
export function tlsListener(
  ctx: BuildContext,
  l: Listener,
  port: number,
  gen: number | undefined,
  certificate: () => { key: string; certPem: string; keyPem: string } | { reason: string; message: string },
): TcpListenerCheck & { hostConflict: boolean; terminate?: { key: string; certPem: string; keyPem: string } } {
  const out: TcpListenerCheck & { hostConflict: boolean; terminate?: { key: string; certPem: string; keyPem: string } } = { ok: true, conflicted: false, hostConflict: false, accepted: [], kinds: [], refsOk: true, refsReason: 'ResolvedRefs', refsMsg: 'All references resolved' };
  const refuse = (reason: string, message: string) => {
    out.ok = false;
    out.accepted.push(condition('Accepted', false, reason, message, gen));
  };
  const other = ctx.portProtocols.get(port) ?? (ctx.tcpListeners.has(port) ? 'TCP' : undefined);
  const host = l.hostname?.toLowerCase();
  if (other) {
    out.conflicted = true;
    refuse('PortUnavailable', `port ${l.port} (served on ${port}) already serves ${other}`);
  } else if (ctx.tlsPorts.get(port)?.listeners.some((x) => (x.hostname ?? '') === (host ?? ''))) {
    out.hostConflict = true;
    refuse('HostnameConflict', `another TLS listener on port ${l.port} has hostname "${l.hostname ?? ''}"`);
  }
  if ((l.tls?.mode ?? 'Terminate') === 'Terminate') {
    // TLSRoute terminate mode: the gateway terminates TLS and forwards the bytes inside (TCP)
    const c = certificate();
    if ('reason' in c) {
      out.ok = false;
      out.refsOk = false;
      out.refsReason = c.reason;
      out.refsMsg = c.message;
    } else out.terminate = c;
  }
  if (host && !validHostname(host)) refuse('UnsupportedValue', `hostname "${l.hostname}" is not a valid DNS name`);
  checkRouteKinds(l, 'TLSRoute', 'TLS', out);
  return out;
}

/** A valid TLS listener joins its served port's SNI table. */
export function claimTlsPort(ctx: BuildContext, gw: GatewayInput, l: Listener, port: number): void {
  let p = ctx.tlsPorts.get(port);
  if (!p) ctx.tlsPorts.set(port, (p = { port, listeners: [], routes: new Map() }));
  p.listeners.push({ gateway: { namespace: nsOf(gw), name: gw.metadata.name }, listener: l.name, declaredPort: l.port, ...(l.hostname ? { hostname: l.hostname.toLowerCase() } : {}) });
}

/** Attach TLSRoutes to TLS listeners: fill the SNI tables and route statuses. */
export function compileTlsRoutes(ctx: BuildContext, listeners: Map<string, ListenerRec[]>, allowedFrom: AllowedFrom): void {
  for (const r of byAge(ctx.state.tlsRoutes)) {
    const ns = nsOf(r);
    const name = r.metadata.name;
    const gen = r.metadata.generation;
    const id = `TLSRoute/${ns}/${name}`;
    const statuses: RouteParentStatus[] = [];
    const { parents, backends: compiled } = l4Parents(ctx, 'TLSRoute', 'TLS', r, listeners, allowedFrom, statuses);
    for (const { gateway, allowed, status } of parents) {
      let intersects = false;
      let attached = 0;
      const taken: string[] = [];
      for (const rec of allowed) {
        const table = ctx.tlsPorts.get(rec.port);
        if (!table) continue;
        const hosts = intersectHostnames(rec.l.hostname, r.spec?.hostnames ?? []);
        if (hosts.length) intersects = true;
        let here = 0;
        for (const host of hosts) {
          const holder = table.routes.get(host);
          if (holder && holder.route.id !== id) {
            taken.push(`${host} (TLSRoute ${holder.route.namespace}/${holder.route.name})`);
            continue;
          }
          table.routes.set(host, { host, route: { namespace: ns, name, id }, backends: compiled!.backends, totalWeight: compiled!.total, ...(rec.terminate ? { terminate: rec.terminate } : {}) });
          here++;
        }
        if (here) {
          rec.attached.add(id);
          attached++;
        }
      }
      if (!intersects) {
        status(condition('Accepted', false, 'NoMatchingListenerHostname', `none of the route's hostnames (${(r.spec?.hostnames ?? []).join(', ')}) intersects a TLS listener hostname of ${gateway}`, gen));
        continue;
      }
      if (!attached) {
        status(condition('Accepted', false, 'NotAllowedByListeners', `every hostname is held by an older route: ${taken.join(', ')}`, gen));
        continue;
      }
      if (taken.length) ctx.diag({ kind: 'TLSRoute', namespace: ns, name }, 'warning', 'HostnameConflict', `hostnames held by older routes are not served by this one: ${taken.join(', ')}`);
      status(condition('Accepted', true, 'Accepted', `Attached to ${gateway}`, gen));
    }
    if (statuses.length) ctx.routeStatuses.push({ kind: 'TLSRoute', namespace: ns, name, parents: statuses });
  }
}

/** Exact hosts first, then wildcards by suffix length (longest first), then "*". */
function precedence(a: TlsRouteEntry, b: TlsRouteEntry): number {
  const rank = (h: string) => (h === '*' ? 2 : h.startsWith('*.') ? 1 : 0);
  return rank(a.host) - rank(b.host) || b.host.length - a.host.length || (a.host < b.host ? -1 : 1);
}

/** The snapshot's view of the TLS ports. */
export function tlsListenersOf(ctx: BuildContext): TlsListenerInfo[] {
  return [...ctx.tlsPorts.values()]
    .map((p) => ({ port: p.port, listeners: p.listeners, routes: [...p.routes.values()].sort(precedence) }))
    .sort((a, b) => a.port - b.port);
}

/** Which entry an SNI name (from the ClientHello; undefined when the client sent none) selects. */
export function matchSni(info: TlsListenerInfo, sni: string | undefined): TlsRouteEntry | undefined {
  const name = sni?.toLowerCase().replace(/\.$/, '');
  for (const e of info.routes) {
    if (e.host === '*') return e;
    if (name && (e.host === name || (e.host.startsWith('*.') && hostWithin(name, e.host)))) return e;
  }
  return undefined;
}
