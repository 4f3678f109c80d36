/**
 * ListenerSet (Gateway API v1, GEP-1713): a namespace attaches its own listeners (hostname,
 * port, protocol, certificates from its own Secrets) to a shared Gateway of ours whose
 * spec.allowedListeners admits that namespace; routes attach to the ListenerSet as parentRef.
 *
 * Semantics
 * - allowedListeners.namespaces.from: None (the default), Same, All, Selector (namespace labels).
 *   A ListenerSet its Gateway does not admit: Accepted=False/Programmed=False reason NotAllowed,
 *   nothing of it is served (no port, no certificate). A Gateway of ours with no valid listener:
 *   ParentNotAccepted.
 * - Precedence (the GEP's): the Gateway's own listeners, then ListenerSets oldest first, then by
 *   "namespace/name". A listener on the same served port with the same hostname as one earlier in
 *   that order is Conflicted (HostnameConflict) and not served. Protocol conflicts on a port are
 *   decided as for Gateways (PortUnavailable, ./gateway-listeners).
 * - Tenancy (CONTRACTS "Tenancy"; stricter than the GEP, which leaves it to the implementation):
 *   a listener of a ListenerSet outside its Gateway's namespace
 *   - must name a hostname (a host-less listener would take every host of the port);
 *   - may not overlap (equal, or one a wildcard covering the other) a hostname held on the same
 *     port by an earlier ListenerSet of another namespace;
 *   - may not take a host that an Ingress of another namespace owns (./host-ownership), nor a
 *     wildcard covering one.
 *   Refused listeners are Conflicted=True, reason HostnameConflict, naming the holder.
 * - certificateRefs resolve in the ListenerSet's namespace; another namespace's Secret needs a
 *   ReferenceGrant there from kind ListenerSet (a Gateway's grants are not inherited).
 * - HTTP and HTTPS listeners on ports 80 and 443 (the gateway's two shared HTTP(S) ports; other
 *   ports are PortUnavailable here, while a Gateway's own listeners may take one); TLS (passthrough/terminate), TCP and UDP listeners as on a Gateway
 *   (./tls, ./tcp, ./udp). TLS hostnames follow the tenancy rules below; TCP and UDP take a
 *   whole port, first come.
 * - Status: per listener as for Gateways (with its port); the set's Accepted/Programmed (reason
 *   ListenersNotValid when some or all listeners are invalid); the Gateway's attachedListenerSets
 *   counts the Accepted ones.
 */
import type { Condition, GatewayInput, Listener, ListenerSetInput, NamespaceInput } from './types';
import { BuildContext, GATEWAY_GROUP, byAge, condition, nsOf } from './context';
import { compileListener, type GatewayListeners } from './gateway-listeners';
import { hostWithin } from './hostnames';
import { listenerSetKey, type ListenerRec } from './listener-record';
import { matchesAllowedNamespaces } from './namespace-selector';
import type { GatewayVersions } from './route-attachment';

interface SetBuild {
  ls: ListenerSetInput;
  key: string;
  gatewayKey: string;
  accepted: Condition;
  programmed: Condition;
  recs: ListenerRec[];
}

export interface ListenerSetBuild {
  /** "ListenerSet:ns/name" -> its listeners, for route attachment (./route-attachment) */
  listeners: Map<string, ListenerRec[]>;
  sets: SetBuild[];
}

/** A hostname held on a served port, and by whom (for conflicts and tenancy). */
interface Held {
  host: string;
  namespace: string;
  /** a ListenerSet's listener (tenancy overlap applies between those) */
  fromSet: boolean;
  gatewayKey: string;
  what: string;
}

/** Whether a Gateway's spec.allowedListeners admits ListenerSets of `ns` (default None). */
export function admitsListenerSets(gw: GatewayInput, ns: string, namespace: NamespaceInput | undefined): boolean {
  const from = gw.spec?.allowedListeners?.namespaces?.from ?? 'None';
  if (from === 'All') return true;
  if (from === 'Same') return ns === nsOf(gw);
  if (from === 'Selector') return matchesAllowedNamespaces(gw.spec?.allowedListeners?.namespaces?.selector, ns, namespace);
  return false;
}

/**
 * Every ListenerSet whose parentRef names a Gateway of ours: admission, each listener checked
 * (after all Gateways' listeners: they claim their ports first), certificates added for served
 * HTTPS listeners. Call after compileListeners; `ingressHostOwners` is host -> owner namespace.
 */
export function compileListenerSets(ctx: BuildContext, ours: GatewayListeners, namespaces: ReadonlyMap<string, NamespaceInput>, ingressHostOwners: ReadonlyMap<string, string>): ListenerSetBuild {
  const out: ListenerSetBuild = { listeners: new Map(), sets: [] };
  const sets = ctx.state.listenerSets ?? [];
  if (!sets.length) return out;
  const held = new Map<number, Held[]>();
  const hold = (port: number, h: Held) => {
    const list = held.get(port);
    if (list) list.push(h);
    else held.set(port, [h]);
  };
  for (const [key, recs] of ours.listeners) {
    for (const x of recs) if (x.ok) hold(x.port, { host: (x.l.hostname ?? '').toLowerCase(), namespace: nsOf(x.gw), fromSet: false, gatewayKey: key, what: `listener "${x.l.name}" of Gateway ${key}` });
  }

  for (const ls of byAge(sets)) {
    const ns = nsOf(ls);
    const name = ls.metadata.name;
    const gen = ls.metadata.generation;
    const pr = ls.spec?.parentRef;
    if (!pr || (pr.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (pr.kind ?? 'Gateway') !== 'Gateway') continue;
    const gatewayKey = `${pr.namespace ?? ns}/${pr.name}`;
    const gw = ours.gateways.get(gatewayKey);
    if (!gw) continue; // not one of ours: another controller's business
    const key = listenerSetKey(ns, name);
    const set = { namespace: ns, name, generation: gen };
    const gwRecs = ours.listeners.get(gatewayKey) ?? [];
    const refuseAll = (reason: string, message: string): void => {
      const recs = (ls.spec?.listeners ?? []).map((l) => refused(ctx, gw, set, l, condition('Accepted', false, reason, message, gen), false));
      out.listeners.set(key, recs);
      out.sets.push({ ls, key, gatewayKey, accepted: condition('Accepted', false, reason, message, gen), programmed: condition('Programmed', false, reason, message, gen), recs });
    };
    if (!admitsListenerSets(gw, ns, namespaces.get(ns))) {
      refuseAll('NotAllowed', `Gateway ${gatewayKey} does not allow ListenerSets from namespace ${ns} (spec.allowedListeners)`);
      continue;
    }
    if (gwRecs.length > 0 && !gwRecs.some((x) => x.ok)) {
      refuseAll('ParentNotAccepted', `Gateway ${gatewayKey} is not accepted (no valid listener)`);
      continue;
    }
    // duplicates within the set (the CRD refuses them; a stored object may predate it)
    const seen = new Map<string, number>();
    for (const l of ls.spec?.listeners ?? []) {
      const k = `${ctx.servedPort(l.port)}|${(l.hostname ?? '').toLowerCase()}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    const recs: ListenerRec[] = [];
    for (const l of ls.spec?.listeners ?? []) {
      const port = ctx.servedPort(l.port);
      const host = (l.hostname ?? '').toLowerCase();
      if (!l.port) {
        recs.push(refused(ctx, gw, set, l, condition('Accepted', false, 'UnsupportedPort', 'port must be set: the gateway does not assign ports', gen), false));
        continue;
      }
      const http = l.protocol === 'HTTP' || l.protocol === 'HTTPS';
      if (http && port !== ctx.options.httpPort && port !== ctx.options.httpsPort) {
        recs.push(refused(ctx, gw, set, l, condition('Accepted', false, 'PortUnavailable', `port ${l.port}: a ListenerSet's HTTP and HTTPS listeners are served on the shared ports 80 and 443 only`, gen), false));
        continue;
      }
      // TCP and UDP listeners have no hostname: they take a whole port, first come (PortUnavailable
      // after); an unknown protocol is UnsupportedProtocol (./gateway-listeners)
      const conflict = !http && l.protocol !== 'TLS' ? undefined : hostConflict(ns, gatewayKey, ns !== nsOf(gw), host, held.get(port) ?? [], ingressHostOwners);
      if (conflict) {
        recs.push(refused(ctx, gw, set, l, condition('Accepted', false, 'HostnameConflict', conflict, gen), true));
        continue;
      }
      const rec = compileListener(ctx, gw, l, seen, set);
      if (rec.ok) hold(port, { host, namespace: ns, fromSet: true, gatewayKey, what: `listener "${l.name}" of ListenerSet ${ns}/${name}` });
      recs.push(rec);
    }
    out.listeners.set(key, recs);
    const valid = recs.filter((x) => x.ok).length;
    const all = valid === recs.length;
    out.sets.push({
      ls,
      key,
      gatewayKey,
      accepted: condition('Accepted', valid > 0, all ? 'Accepted' : 'ListenersNotValid', all ? `Attached to Gateway ${gatewayKey}` : `${recs.length - valid} of ${recs.length} listeners are not valid`, gen),
      programmed: condition('Programmed', valid > 0, valid > 0 ? 'Programmed' : 'Invalid', valid > 0 ? `${valid} listener${valid === 1 ? '' : 's'} served` : 'No listener is served', gen),
      recs,
    });
  }
  return out;
}

/**
 * Why a ListenerSet listener cannot have `host` on its port, or undefined. `foreign`: the set is
 * outside its Gateway's namespace (the tenancy rules apply).
 */
function hostConflict(ns: string, gatewayKey: string, foreign: boolean, host: string, held: readonly Held[], ingressHostOwners: ReadonlyMap<string, string>): string | undefined {
  if (foreign && host === '') return `a ListenerSet outside the Gateway's namespace must set hostname: without one it would take every host of the port`;
  for (const h of held) {
    // the GEP's precedence: the same port and hostname on the same Gateway, earlier in the merged list
    if (h.gatewayKey === gatewayKey && h.host === host) return `port and hostname "${host}" are already used by ${h.what}, which takes precedence`;
    // tenancy: another namespace's ListenerSet holds an overlapping hostname on this port
    if (h.fromSet && h.namespace !== ns && host !== '' && h.host !== '' && (hostWithin(host, h.host) || hostWithin(h.host, host)))
      return `hostname "${host}" overlaps "${h.host}" of ${h.what} (namespace ${h.namespace}), which was attached first`;
  }
  if (host === '') return undefined;
  const owner = ingressHostOwners.get(host);
  if (owner !== undefined && owner !== ns) return `host "${host}" belongs to namespace "${owner}", whose Ingress claimed it first`;
  if (host.startsWith('*.')) {
    for (const [h, o] of ingressHostOwners) if (o !== ns && h !== host && hostWithin(h, host)) return `hostname "${host}" covers host "${h}", which belongs to namespace "${o}" (its Ingress claimed it first)`;
  }
  return undefined;
}

/** A listener that is not served: its status says why; it claims nothing. */
function refused(ctx: BuildContext, gw: GatewayInput, set: { namespace: string; name: string; generation?: number }, l: Listener, accepted: Condition, conflicted: boolean): ListenerRec {
  const gen = set.generation;
  const conditions = [
    accepted,
    condition('ResolvedRefs', true, 'ResolvedRefs', 'All references resolved', gen),
    conflicted ? condition('Conflicted', true, 'HostnameConflict', accepted.message, gen) : condition('Conflicted', false, 'NoConflicts', 'No conflicts', gen),
    condition('Programmed', false, 'Invalid', 'Listener is not served', gen),
  ];
  return {
    gw,
    set: { namespace: set.namespace, name: set.name },
    l,
    port: ctx.servedPort(l.port),
    scheme: l.protocol === 'HTTPS' ? 'https' : 'http',
    ok: false,
    kinds: new Set(),
    attached: new Set(),
    status: { name: l.name, supportedKinds: [], attachedRoutes: 0, conditions },
  };
}

/** ListenerSet statuses (after routes attached) and each Gateway's attachedListenerSets. */
export function reportListenerSets(ctx: BuildContext, build: ListenerSetBuild, gateways: GatewayVersions): void {
  const attachedSets = new Map<string, number>();
  for (const s of build.sets) {
    if (s.accepted.status === 'True') attachedSets.set(s.gatewayKey, (attachedSets.get(s.gatewayKey) ?? 0) + 1);
    const counts = gateways.each.get(s.key)?.attached;
    ctx.listenerSetStatuses.push({
      namespace: nsOf(s.ls),
      name: s.ls.metadata.name,
      conditions: [s.accepted, s.programmed],
      listeners: s.recs.map((x, i) => ({ ...x.status, port: x.l.port, attachedRoutes: x.attached.size + (counts?.[i] ?? 0) })),
    });
  }
  for (const g of ctx.gatewayStatuses) g.attachedListenerSets = attachedSets.get(`${g.namespace}/${g.name}`) ?? 0;
}
