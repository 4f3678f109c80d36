/**
 * Gateway API listeners: which GatewayClasses are ours, each listener of our Gateways checked
 * (protocol, port claims and conflicts, hostname, route kinds, TLS certificates), the
 * allowedRoutes namespace check, and the Gateways' status once routes are attached.
 * HTTP/HTTPS here; TCP (./tcp) and TLS passthrough (./tls) listeners are checked there.
 */
import { SUPPORTED_FEATURES_STATUS } from './features';
import type { Condition, GatewayInput, Listener, NamespaceInput } from './types';
import { BuildContext, GATEWAY_GROUP, byAge, condition, nsOf, validHostname } from './context';
import { claimTcpPort, tcpListener } from './tcp';
import { claimTlsPort, tlsListener } from './tls';
import { admitsNamespace } from './listener-admission';
import type { AllowedFrom, ListenerRec } from './listener-record';
import type { RefProblem } from './resolved-refs';
import type { GatewayVersions } from './route-attachment';

/** Our Gateways' listeners by "ns/name", and the Gateways themselves. */
export interface GatewayListeners {
  listeners: Map<string, ListenerRec[]>;
  gateways: Map<string, GatewayInput>;
}

/** GatewayClasses whose controllerName is ours (their names), with their Accepted status. */
export function acceptGatewayClasses(ctx: BuildContext): Set<string> {
  const ours = new Set<string>();
  for (const gc of ctx.state.gatewayClasses ?? []) {
    if (gc.spec?.controllerName !== ctx.options.controllerName) continue;
    ours.add(gc.metadata.name);
    ctx.gatewayClassStatuses.push({
      name: gc.metadata.name,
      conditions: [condition('Accepted', true, 'Accepted', 'Handled by Portico', gc.metadata.generation)],
      supportedFeatures: SUPPORTED_FEATURES_STATUS,
    });
  }
  return ours;
}

/** Every listener of the Gateways of `ourClasses`, oldest Gateway first (it wins port conflicts). */
export function compileListeners(ctx: BuildContext, ourClasses: ReadonlySet<string>): GatewayListeners {
  const listeners = new Map<string, ListenerRec[]>();
  const gateways = new Map<string, GatewayInput>();
  for (const gw of byAge(ctx.state.gateways)) {
    if (!ourClasses.has(gw.spec?.gatewayClassName ?? '')) continue;
    const key = `${nsOf(gw)}/${gw.metadata.name}`;
    gateways.set(key, gw);
    // Two listeners of one Gateway on the same served port and hostname conflict (both unserved).
    const seen = new Map<string, number>();
    for (const l of gw.spec?.listeners ?? []) {
      const k = `${ctx.servedPort(l.port)}|${(l.hostname ?? '').toLowerCase()}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    listeners.set(key, (gw.spec?.listeners ?? []).map((l) => compileListener(ctx, gw, l, seen)));
  }
  return { listeners, gateways };
}

/**
 * One listener: its checks, port claim and status (attachedRoutes filled in later). A
 * ListenerSet's listener (`set`, ./listener-sets) reads certificates in the ListenerSet's
 * namespace (ReferenceGrants from ListenerSet) and reports the ListenerSet's generation.
 */
export function compileListener(ctx: BuildContext, gw: GatewayInput, l: Listener, seen: ReadonlyMap<string, number>, set?: { namespace: string; name: string; generation?: number }): ListenerRec {
  const ns = set ? set.namespace : nsOf(gw);
  const gen = set ? set.generation : gw.metadata.generation;
  const conds: Condition[] = [];
  let ok = true;
  const protocol = l.protocol;
  const port = ctx.servedPort(l.port);
  const scheme = protocol === 'HTTPS' ? 'https' : 'http';
  const kinds = new Set<string>();
  const supportedKinds: Array<{ group: string; kind: string }> = [];
  let refsOk = true;
  let refsReason = 'ResolvedRefs';
  let refsMsg = 'All references resolved';
  let conflicted = false;
  let hostConflict = false;
  if (protocol === 'TCP' || protocol === 'TLS') {
    // TCP listeners: see ./tcp (hostname does not apply; TCPRoute is the only kind).
    // TLS passthrough listeners: see ./tls (SNI table per port; TLSRoute is the only kind).
    const t = protocol === 'TCP' ? tcpListener(ctx, gw, l, port, gen) : tlsListener(ctx, l, port, gen);
    ok = t.ok;
    conflicted = t.conflicted;
    hostConflict = 'hostConflict' in t && t.hostConflict === true;
    conds.push(...t.accepted);
    refsOk = t.refsOk;
    refsReason = t.refsReason;
    refsMsg = t.refsMsg;
    for (const k of t.kinds) {
      kinds.add(k);
      supportedKinds.push({ group: GATEWAY_GROUP, kind: k });
    }
  } else if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    ok = false;
    conds.push(condition('Accepted', false, 'UnsupportedProtocol', `protocol ${protocol} is not supported (HTTP, HTTPS, TCP and TLS are)`, gen));
  } else if (ctx.tcpListeners.has(port) || ctx.tlsPorts.has(port)) {
    ok = false;
    conflicted = true;
    conds.push(condition('Accepted', false, 'PortUnavailable', `port ${l.port} (served on ${port}) already serves ${ctx.tlsPorts.has(port) ? 'TLS' : 'TCP'}`, gen));
  } else {
    const existing = ctx.portProtocols.get(port);
    if (existing && existing !== protocol) {
      ok = false;
      conflicted = true;
      conds.push(condition('Accepted', false, 'PortUnavailable', `port ${l.port} (served on ${port}) already serves ${existing}`, gen));
    } else if ((seen.get(`${port}|${(l.hostname ?? '').toLowerCase()}`) ?? 0) > 1) {
      ok = false;
      hostConflict = true;
      conds.push(condition('Accepted', false, 'HostnameConflict', `another listener of this Gateway uses port ${l.port} with hostname "${l.hostname ?? ''}"`, gen));
    }
    if (l.hostname && !validHostname(l.hostname.toLowerCase())) {
      ok = false;
      conds.push(condition('Accepted', false, 'UnsupportedValue', `hostname "${l.hostname}" is not a valid DNS name`, gen));
    }
    const wanted = l.allowedRoutes?.kinds?.length ? l.allowedRoutes.kinds : [{ group: GATEWAY_GROUP, kind: 'HTTPRoute' }, { group: GATEWAY_GROUP, kind: 'GRPCRoute' }];
    for (const k of wanted) {
      const g = k.group ?? GATEWAY_GROUP;
      if (g === GATEWAY_GROUP && (k.kind === 'HTTPRoute' || k.kind === 'GRPCRoute')) {
        kinds.add(k.kind);
        supportedKinds.push({ group: GATEWAY_GROUP, kind: k.kind });
      } else {
        refsOk = false;
        refsReason = 'InvalidRouteKinds';
        refsMsg = `route kind ${g}/${k.kind} is not supported`;
      }
    }
    if (protocol === 'HTTPS') {
      if ((l.tls?.mode ?? 'Terminate') !== 'Terminate') {
        ok = false;
        conds.push(condition('Accepted', false, 'UnsupportedValue', `tls.mode ${l.tls?.mode} is not supported on HTTPS listeners`, gen));
      }
      const certs = certificateRefsProblem(ctx, l, ns, set ? 'ListenerSet' : 'Gateway');
      if (certs) {
        refsOk = false;
        refsReason = certs.reason;
        refsMsg = certs.message;
      }
      if (!refsOk && refsReason !== 'InvalidRouteKinds') ok = false;
    }
  }
  // Only a listener that will be served claims its port (and its protocol).
  if (ok && protocol === 'TCP') claimTcpPort(ctx, gw, l, port);
  else if (ok && protocol === 'TLS') claimTlsPort(ctx, gw, l, port);
  else if (ok) ctx.portProtocols.set(port, protocol as 'HTTP' | 'HTTPS');
  if (!conds.some((c) => c.type === 'Accepted')) conds.push(condition('Accepted', true, 'Accepted', 'Listener accepted', gen));
  conds.push(condition('ResolvedRefs', refsOk, refsReason, refsMsg, gen));
  conds.push(
    conflicted
      ? condition('Conflicted', true, 'ProtocolConflict', 'Another listener uses this port with another protocol', gen)
      : hostConflict
        ? condition('Conflicted', true, 'HostnameConflict', 'Another listener of this Gateway uses the same port and hostname', gen)
        : condition('Conflicted', false, 'NoConflicts', 'No conflicts', gen),
  );
  conds.push(condition('Programmed', ok, ok ? 'Programmed' : 'Invalid', ok ? `Served on port ${port}` : 'Listener is not served', gen));
  return { gw, ...(set ? { set: { namespace: set.namespace, name: set.name } } : {}), l, port, scheme, ok, kinds, attached: new Set(), status: { name: l.name, supportedKinds, attachedRoutes: 0, conditions: conds } };
}

/**
 * An HTTPS listener's tls.certificateRefs: each usable Secret is added to the build's
 * certificates for the listener's hostname; the last problem found, if any, is returned.
 */
function certificateRefsProblem(ctx: BuildContext, l: Listener, ns: string, fromKind: 'Gateway' | 'ListenerSet'): RefProblem | undefined {
  const refs = l.tls?.certificateRefs ?? [];
  let problem: RefProblem | undefined = refs.length ? undefined : { reason: 'InvalidCertificateRef', message: 'HTTPS listener needs tls.certificateRefs' };
  for (const r of refs) {
    const rns = r.namespace ?? ns;
    if ((r.group ?? '') !== '' || (r.kind ?? 'Secret') !== 'Secret') {
      problem = { reason: 'InvalidCertificateRef', message: `certificateRef ${r.kind}/${r.name} must be a core Secret` };
      continue;
    }
    if (rns !== ns && !ctx.granted(GATEWAY_GROUP, fromKind, ns, '', 'Secret', rns, r.name)) {
      problem = { reason: 'RefNotPermitted', message: `certificateRef to Secret ${rns}/${r.name} is not permitted by any ReferenceGrant in namespace ${rns}` };
      continue;
    }
    const pem = ctx.tlsSecret(rns, r.name);
    if ('error' in pem) {
      problem = { reason: 'InvalidCertificateRef', message: pem.error };
      continue;
    }
    ctx.addCertificate(rns, r.name, pem, [l.hostname?.toLowerCase() ?? '*']);
  }
  return problem;
}

/** The allowedRoutes check of the build: route kinds, and namespaces (All, Same, Selector). */
export function allowedFromOf(ctx: BuildContext): { allowedFrom: AllowedFrom; namespaces: Map<string, NamespaceInput> } {
  const namespaces = new Map<string, NamespaceInput>();
  for (const n of ctx.state.namespaces ?? []) namespaces.set(n.metadata.name, n);
  const allowedFrom: AllowedFrom = (rec, kind, routeNs, onSelector) => {
    if (!rec.kinds.has(kind)) return false;
    if (rec.l.allowedRoutes?.namespaces?.from === 'Selector') onSelector?.();
    // "Same" is the namespace of the listener's own object: its Gateway's or its ListenerSet's
    return admitsNamespace(rec.l, rec.set?.namespace ?? nsOf(rec.gw), routeNs, namespaces.get(routeNs));
  };
  return { allowedFrom, namespaces };
}

/** Each Gateway's status: addresses, Accepted/Programmed, and its listeners with attached route counts. */
export function reportGatewayStatuses(ctx: BuildContext, { listeners, gateways: gatewayByKey }: GatewayListeners, gateways: GatewayVersions): void {
  const opts = ctx.options;
  for (const [key, recs] of listeners) {
    const gw = gatewayByKey.get(key)!;
    const gen = gw.metadata.generation;
    const anyOk = recs.some((x) => x.ok);
    const a = opts.loadBalancerAddress;
    ctx.gatewayStatuses.push({
      namespace: nsOf(gw),
      name: gw.metadata.name,
      addresses: a.ip ? [{ type: 'IPAddress', value: a.ip }] : a.hostname ? [{ type: 'Hostname', value: a.hostname }] : [],
      conditions: [
        condition('Accepted', anyOk || recs.length === 0, anyOk || recs.length === 0 ? 'Accepted' : 'ListenersNotValid', anyOk ? 'Gateway accepted' : 'No listener is valid', gen),
        condition('Programmed', anyOk, anyOk ? 'Programmed' : 'Invalid', anyOk ? 'Gateway is served' : 'No listener is served', gen),
      ],
      listeners: recs.map((x, i) => ({ ...x.status, attachedRoutes: x.attached.size + (gateways.each.get(key)?.attached[i] ?? 0) })),
    });
  }
}
