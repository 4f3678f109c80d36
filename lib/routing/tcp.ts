/**
 * Gateway API TCP listeners and TCPRoute (v1alpha2): which route a TCP listener forwards
 * to, its weighted backends, and the route/listener status. Pure, like the rest of lib/routing.
 *
 * Semantics
 * - A listener with protocol TCP is served on servedPort(port) (CONTRACTS: P >= 1024 -> P,
 *   else 8000 + P). Its hostname is ignored (TCP has no host); its only route kind is TCPRoute.
 *   A port already taken by an HTTP(S) listener or another TCP listener: PortUnavailable.
 * - TCPRoutes attach through parentRefs (sectionName, port) and allowedRoutes (namespaces,
 *   kinds), like HTTPRoute. TCP has nothing to match on, so one listener forwards to ONE
 *   route: the oldest attached (then namespace/name). Later ones are not accepted on that
 *   listener (Accepted=False, reason NotAllowedByListeners, naming the route that holds it).
 * - backendRefs of every rule are pooled and weighted. Invalid refs (missing Service: 
 *   BackendNotFound; cross-namespace without ReferenceGrant: RefNotPermitted; non-Service:
 *   InvalidKind; no port: UnsupportedValue) stay in the weighted list: a connection that
 *   picks one is closed (the TCP analogue of HTTP's 500). ResolvedRefs=False names the reason.
 */
import type { GatewayBackendRef, BackendRef, Condition, GatewayInput, Listener, ParentReference, RouteParentStatus, TCPRouteInput, TLSRouteInput } from './types';
import { BuildContext, GATEWAY_GROUP, byAge, condition, nsOf } from './context';
import { makeBackendRef } from './table';
import { parentListeners, parentOf, type AllowedFrom, type ListenerRec } from './listener-record';
import { isServiceRef, resolvedRefs, type RefProblem } from './resolved-refs';

export interface TcpListenerCheck {
  ok: boolean;
  conflicted: boolean;
  accepted: Condition[];
  kinds: string[];
  refsOk: boolean;
  refsReason: string;
  refsMsg: string;
}

/** Validate a TCP listener (called from the Gateway listener loop). */
export function tcpListener(ctx: BuildContext, gw: GatewayInput, l: Listener, port: number, gen: number | undefined): TcpListenerCheck {
  const out: TcpListenerCheck = { ok: true, conflicted: false, accepted: [], kinds: [], refsOk: true, refsReason: 'ResolvedRefs', refsMsg: 'All references resolved' };
  const httpProto = ctx.portProtocols.get(port) ?? (ctx.tlsPorts.has(port) ? 'TLS' : undefined);
  const tcpOwner = ctx.tcpListeners.get(port);
  if (httpProto) {
    out.ok = false;
    out.conflicted = true;
    out.accepted.push(condition('Accepted', false, 'PortUnavailable', `port ${l.port} (served on ${port}) already serves ${httpProto}`, gen));
  } else if (tcpOwner) {
    out.ok = false;
    out.conflicted = true;
    out.accepted.push(
      condition('Accepted', false, 'PortUnavailable', `port ${l.port} (served on ${port}) is already used by TCP listener "${tcpOwner.listener}" of Gateway ${tcpOwner.gateway.namespace}/${tcpOwner.gateway.name}`, gen),
    );
  }
  checkRouteKinds(l, 'TCPRoute', 'TCP', out);
  void gw;
  return out;
}

/** allowedRoutes.kinds of a TCP/TLS listener: `only` (the default) or InvalidRouteKinds. */
export function checkRouteKinds(l: Listener, only: 'TCPRoute' | 'TLSRoute' | 'UDPRoute', protocol: string, out: Pick<TcpListenerCheck, 'kinds' | 'refsOk' | 'refsReason' | 'refsMsg'>): void {
  const wanted = l.allowedRoutes?.kinds?.length ? l.allowedRoutes.kinds : [{ group: GATEWAY_GROUP, kind: only }];
  for (const k of wanted) {
    const g = k.group ?? GATEWAY_GROUP;
    if (g === GATEWAY_GROUP && k.kind === only) {
      if (!out.kinds.includes(only)) out.kinds.push(only);
    } else {
      out.refsOk = false;
      out.refsReason = 'InvalidRouteKinds';
      out.refsMsg = `route kind ${g}/${k.kind} is not supported on a ${protocol} listener (${only} is)`;
    }
  }
}

/** A valid TCP listener claims its served port. */
export function claimTcpPort(ctx: BuildContext, gw: GatewayInput, l: Listener, port: number): void {
  ctx.tcpListeners.set(port, { port, declaredPort: l.port, gateway: { namespace: nsOf(gw), name: gw.metadata.name }, listener: l.name, backends: [], totalWeight: 0 });
}

type L4Route = TCPRouteInput | TLSRouteInput;

/** One parentRef of a TCPRoute/TLSRoute that names a Gateway of ours with listeners it may use. */
export interface L4Parent {
  /** "Gateway ns/name" or "ListenerSet ns/name", for messages */
  gateway: string;
  allowed: ListenerRec[];
  /** record this parent's status (Accepted as given, ResolvedRefs from the backends) */
  status(accepted: Condition): void;
}

/**
 * The parentRefs of a TCPRoute/TLSRoute resolved to listeners of `protocol` (sectionName,
 * port, allowedRoutes); a parent without any gets its Accepted=False status here. Backends are
 * compiled once, only when a parent is ours. Statuses land in `parents`.
 */
export function l4Parents(ctx: BuildContext, kind: 'TCPRoute' | 'TLSRoute' | 'UDPRoute', protocol: 'TCP' | 'TLS' | 'UDP', r: L4Route, listeners: Map<string, ListenerRec[]>, allowedFrom: AllowedFrom, parents: RouteParentStatus[]) {
  const ns = nsOf(r);
  const gen = r.metadata.generation;
  let compiled: ReturnType<typeof compileBackends> | undefined;
  const out: L4Parent[] = [];
  for (const pr of r.spec?.parentRefs ?? []) {
    // a Gateway, or a ListenerSet (./listener-sets: its listeners are in the map under its key)
    const parent = parentOf(pr, ns);
    if (!parent) continue;
    const gns = parent.namespace;
    const recs = listeners.get(parent.key);
    if (!recs) continue; // not one of ours
    const what = `${parent.kind} ${gns}/${pr.name}`;
    const parentRef: ParentReference = { group: GATEWAY_GROUP, kind: parent.kind, namespace: gns, name: pr.name, ...(pr.sectionName ? { sectionName: pr.sectionName } : {}), ...(pr.port !== undefined ? { port: pr.port } : {}) };
    compiled ??= compileBackends(ctx, kind, ns, r.spec?.rules ?? []);
    const resolved = resolvedRefs(compiled.problems, gen);
    const status = (accepted: Condition) => parents.push({ parentRef, controllerName: ctx.options.controllerName, conditions: [accepted, resolved] });
    const candidates = parentListeners(recs, pr, [protocol]);
    if (!candidates.length) {
      status(condition('Accepted', false, 'NoMatchingParent', `${what} has no ${protocol} listener${pr.sectionName ? ` named "${pr.sectionName}"` : ''}${pr.port !== undefined ? ` on port ${pr.port}` : ''}`, gen));
      continue;
    }
    const allowed = candidates.filter((x) => x.ok && allowedFrom(x, kind, ns));
    if (!allowed.length) {
      status(condition('Accepted', false, 'NotAllowedByListeners', `no ${protocol} listener of ${what} allows ${kind} from namespace ${ns}`, gen));
      continue;
    }
    out.push({ gateway: what, allowed, status });
  }
  if (compiled) for (const p of compiled.problems) ctx.diag({ kind, namespace: ns, name: r.metadata.name }, 'error', p.reason, p.message);
  return { parents: out, backends: compiled };
}

/** Attach TCPRoutes to TCP listeners, fill ctx.tcpListeners and route statuses. */
export function compileTcpRoutes(ctx: BuildContext, listeners: Map<string, ListenerRec[]>, allowedFrom: AllowedFrom): void {
  for (const r of byAge(ctx.state.tcpRoutes)) {
    const ns = nsOf(r);
    const name = r.metadata.name;
    const gen = r.metadata.generation;
    const statuses: RouteParentStatus[] = [];
    const { parents, backends: compiled } = l4Parents(ctx, 'TCPRoute', 'TCP', r, listeners, allowedFrom, statuses);
    for (const { gateway, allowed, status } of parents) {
      const taken: string[] = [];
      let attached = 0;
      for (const rec of allowed) {
        const info = ctx.tcpListeners.get(rec.port);
        if (!info) continue;
        if (info.route && !(info.route.namespace === ns && info.route.name === name)) {
          taken.push(`"${rec.l.name}" forwards to TCPRoute ${info.route.namespace}/${info.route.name}`);
          continue;
        }
        ctx.tcpListeners.set(rec.port, { ...info, route: { namespace: ns, name, id: `TCPRoute/${ns}/${name}` }, backends: compiled!.backends, totalWeight: compiled!.total });
        rec.attached.add(`TCPRoute/${ns}/${name}`);
        attached++;
      }
      if (!attached) {
        status(condition('Accepted', false, 'NotAllowedByListeners', `listener ${taken.join(', ')} (one TCPRoute per TCP listener; the oldest wins)`, gen));
        continue;
      }
      status(condition('Accepted', true, 'Accepted', `Attached to ${gateway}`, gen));
    }
    if (statuses.length) ctx.routeStatuses.push({ kind: 'TCPRoute', namespace: ns, name, parents: statuses });
  }
}

/** Pool and weight the backendRefs of every rule (TCPRoute, TLSRoute: nothing to match on). */
export function compileBackends(ctx: BuildContext, kind: 'TCPRoute' | 'TLSRoute' | 'UDPRoute', routeNs: string, rules: NonNullable<NonNullable<import('./types').TCPRouteInput['spec']>['rules']>) {
  const problems: RefProblem[] = [];
  const backends: BackendRef[] = [];
  rules.forEach((rule, ri) => {
    if (!rule.backendRefs?.length) problems.push({ reason: 'UnsupportedValue', message: `rules[${ri}] has no backendRefs` });
    for (const br of rule.backendRefs ?? []) {
      const b = tcpBackend(ctx, kind, routeNs, br, problems);
      if (b.weight > 0) backends.push(b);
    }
  });
  if (!rules.length) problems.push({ reason: 'UnsupportedValue', message: 'the route has no rules' });
  return { backends, total: backends.reduce((s, b) => s + b.weight, 0), problems };
}

function tcpBackend(ctx: BuildContext, kind: 'TCPRoute' | 'TLSRoute' | 'UDPRoute', routeNs: string, br: GatewayBackendRef & { weight?: number }, problems: RefProblem[]): BackendRef {
  const weight = Math.max(0, br.weight ?? 1);
  const ns = br.namespace ?? routeNs;
  const base = { namespace: ns, service: br.name, weight, protocol: 'HTTP' as const };
  const invalid = (reason: string, message: string): BackendRef => {
    problems.push({ reason, message });
    return makeBackendRef({ ...base, key: `${ns}/${br.name}:${br.port ?? ''}`, endpointPortName: '', invalid: message });
  };
  if (!isServiceRef(br)) return invalid('InvalidKind', `backendRef ${br.group ?? ''}/${br.kind} ${br.name}: only core Services are supported`);
  if (ns !== routeNs && !ctx.granted(GATEWAY_GROUP, kind, routeNs, '', 'Service', ns, br.name)) {
    return invalid('RefNotPermitted', `backendRef to Service ${ns}/${br.name} is not permitted by any ReferenceGrant in namespace ${ns}`);
  }
  if (br.port === undefined) return invalid('UnsupportedValue', `backendRef to Service ${ns}/${br.name} needs a port`);
  const { target } = ctx.serviceBackend(ns, br.name, br.port);
  if (target.invalid) return invalid('BackendNotFound', target.invalid);
  return makeBackendRef({ ...base, key: target.key, ...(target.port !== undefined ? { port: target.port } : {}), endpointPortName: target.endpointPortName });
}
