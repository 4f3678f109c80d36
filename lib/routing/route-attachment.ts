/**
 * Attaching HTTPRoutes and GRPCRoutes to Gateway listeners: parentRefs (sectionName, port),
 * allowedRoutes, hostname intersection, the host-table entries and the route's status.
 *
 * Incremental, like compilation (./route-compile `compiledRoute`, ./ingress): the result for one
 * route object is cached and reused while everything it read is unchanged:
 * - its compiled rules (the same result object from `compiledRoute`, itself cached on the
 *   Services and ReferenceGrants it read and the options),
 * - for every Gateway its parentRefs name: whether it is ours and what its listeners offer
 *   (`gatewayVersions`: a token that stays the same while the listener fields read here do),
 * - the route's Namespace object, only when a listener selected namespaces by label,
 * - the options (ctx.optionsVersion).
 * A reused attachment hands the same entries, diagnostics and status objects to the new build
 * as to the one that made them: nothing downstream may mutate them (./external-names replaces).
 */
import type { Condition, Diagnostic, NamespaceInput, ObjectRef, ParentReference, RouteParentStatus, RouteStatus } from './types';
import { BuildContext, GATEWAY_GROUP, condition, createdMs, nsOf } from './context';
import { makeEntry, type Entry } from './table';
import { compiledRoute, type AnyRoute, type CompiledRoute, type RouteKindName } from './route-compile';
import { intersectHostnames } from './hostnames';
import { parentListeners, parentOf, type AllowedFrom, type ListenerRec } from './listener-record';
import { resolvedRefs } from './resolved-refs';
import { flatJoin } from './flat-string';

/** Which Gateway and what its listeners offer to routes: every field attachment reads. */
function listenerSignature(key: string, recs: readonly ListenerRec[]): string {
  return JSON.stringify([key, recs.map((x) => [x.l.name, x.l.port, x.port, x.scheme, x.ok, [...x.kinds], x.l.hostname ?? null, x.l.allowedRoutes?.namespaces ?? null])]);
}

/**
 * A Gateway's version token. It also counts, per listener and during one build, the
 * HTTPRoutes/GRPCRoutes attached (attachments point at the token: no lookup per route).
 */
export interface GatewayVersion {
  attached: number[];
}

/** signature -> token, from the last build (one per Gateway of ours: a handful) */
let lastGatewayVersions = new Map<string, GatewayVersion>();
/** the last build's Gateway key -> token map, and a token for all of it */
let lastAll: { versions: Map<string, GatewayVersion>; token: object } | undefined;

/**
 * A version token per Gateway of ours ("ns/name" -> token): the same object as in the last
 * build while its listeners offer the same, so a route checks identities, not signatures.
 */
export function gatewayVersions(listeners: Map<string, ListenerRec[]>): GatewayVersions {
  const bySignature = new Map<string, GatewayVersion>();
  const out = new Map<string, GatewayVersion>();
  for (const [key, recs] of listeners) {
    const sig = listenerSignature(key, recs);
    const token = lastGatewayVersions.get(sig) ?? { attached: [] };
    token.attached = recs.map(() => 0); // counted afresh in every build
    bySignature.set(sig, token);
    out.set(key, token);
  }
  lastGatewayVersions = bySignature;
  // and one token for all Gateways: the same while no Gateway of ours changed, came or went
  const same = lastAll && lastAll.versions.size === out.size && [...out].every(([k, v]) => lastAll!.versions.get(k) === v);
  lastAll = { versions: out, token: same ? lastAll!.token : {} };
  return { each: out, all: lastAll.token };
}

interface Attachment {
  options: object;
  compiled: CompiledRoute | undefined;
  /** every Gateway the parentRefs name -> its version then (undefined: not ours) */
  gateways: Array<[key: string, version: GatewayVersion | undefined]>;
  /** the token for all Gateways when `gateways` were last found unchanged (skips the check while the same) */
  gatewaysChecked: object;
  /** the route's Namespace when a listener selected namespaces by label; null when not read */
  namespace: NamespaceInput | undefined | null;
  entries: Array<[port: number, host: string, e: Entry]>;
  /** listeners the route attached to (each once): its Gateway's version, listener index */
  attachedTo: Array<[gateway: GatewayVersion, index: number]>;
  ref: ObjectRef;
  diagnostics: Diagnostic[];
  status: RouteStatus | undefined;
}

/** For tests: attachments computed and reused since the process started. */
export const attachmentStats = { computed: 0, reused: 0 };

/** What is kept per route object: its sort keys and its attachment. */
export interface RouteRecord {
  kind: RouteKindName;
  r: AnyRoute;
  created: number;
  /** namespace/name */
  id: string;
  attachment?: Attachment;
}
const records = new WeakMap<AnyRoute, RouteRecord>();

/** See ./carry-over: `next` routes exactly as `prev`, so it gets prev's record (and attachment). */
export function carryRouteRecord(prev: object, next: object): void {
  const rec = records.get(prev as AnyRoute);
  if (rec && !records.has(next as AnyRoute)) records.set(next as AnyRoute, { ...rec, r: next as AnyRoute });
}

/** A route's record (sort keys: oldest first, then namespace/name), made once per object. */
export function routeRecord(kind: RouteKindName, r: AnyRoute): RouteRecord {
  let k = records.get(r);
  if (!k || k.kind !== kind) records.set(r, (k = { kind, r, created: createdMs(r), id: nsOf(r) + '/' + r.metadata.name }));
  return k;
}

/** Gateway key -> version, and one token for all of them, for one build (`gatewayVersions`). */
export interface GatewayVersions {
  each: Map<string, GatewayVersion>;
  all: object;
}

export interface AttachInput {
  ctx: BuildContext;
  listeners: Map<string, ListenerRec[]>;
  gateways: GatewayVersions;
  namespaces: Map<string, NamespaceInput>;
  allowedFrom: AllowedFrom;
}

/** Attach one route: entries into ctx's host tables, listeners' attached counts, diagnostics, status. */
export function attachRoute(input: AttachInput, route: RouteRecord): void {
  const { ctx } = input;
  const { kind, r } = route;
  let a = route.attachment;
  if (a && reusable(input, kind, r, a)) attachmentStats.reused++;
  else {
    a = route.attachment = computeAttachment(input, kind, r, route.created);
    attachmentStats.computed++;
  }
  for (const [gateway, i] of a.attachedTo) gateway.attached[i]++;
  for (const [port, host, e] of a.entries) ctx.addEntry(port, host, true, e);
  for (const d of a.diagnostics) ctx.diagnostics.push(d);
  if (a.status) ctx.routeStatuses.push(a.status);
}

function reusable(input: AttachInput, kind: RouteKindName, r: AnyRoute, a: Attachment): boolean {
  if (a.options !== input.ctx.optionsVersion) return false;
  if (a.gatewaysChecked !== input.gateways.all) {
    for (const [key, version] of a.gateways) if (input.gateways.each.get(key) !== version) return false;
    a.gatewaysChecked = input.gateways.all;
  }
  if (a.namespace !== null && input.namespaces.get(nsOf(r)) !== a.namespace) return false;
  // Same Gateways and listeners: compiledRoute is called exactly when it was last time (it
  // registers the route's backends in this build either way).
  if (a.compiled && compiledRoute(input.ctx, kind, r, a.ref) !== a.compiled) return false;
  return true;
}

function computeAttachment(input: AttachInput, kind: RouteKindName, r: AnyRoute, created: number): Attachment {
  const { ctx, listeners } = input;
  const opts = ctx.options;
  const ns = nsOf(r);
  const name = r.metadata.name;
  const gen = r.metadata.generation;
  const ref: ObjectRef = { kind, namespace: ns, name };
  const a: Attachment = { options: ctx.optionsVersion, compiled: undefined, gateways: [], gatewaysChecked: input.gateways.all, namespace: null, entries: [], attachedTo: [], ref, diagnostics: [], status: undefined };
  const readNamespace = () => {
    a.namespace = input.namespaces.get(ns);
  };
  const parents: RouteParentStatus[] = [];
  for (const pr of r.spec?.parentRefs ?? []) {
    // a Gateway, or a ListenerSet (./listener-sets: its listeners are in the map under its key)
    const parent = parentOf(pr, ns);
    if (!parent) continue;
    const gns = parent.namespace;
    const key = parent.key;
    const what = `${parent.kind} ${gns}/${pr.name}`;
    a.gateways.push([key, input.gateways.each.get(key)]);
    const recs = listeners.get(key);
    if (!recs) continue; // not one of ours: another controller's business
    const parentRef: ParentReference = { group: GATEWAY_GROUP, kind: parent.kind, namespace: gns, name: pr.name, ...(pr.sectionName ? { sectionName: pr.sectionName } : {}), ...(pr.port !== undefined ? { port: pr.port } : {}) };
    const status = (accepted: Condition, resolved: Condition, extra: Condition[] = []) =>
      parents.push({ parentRef, controllerName: opts.controllerName, conditions: [accepted, resolved, ...extra] });
    const compiled = (a.compiled ??= compiledRoute(ctx, kind, r, ref));
    const resolved = resolvedRefs(compiled.problems.refs, gen);
    const candidates = parentListeners(recs, pr);
    if (!candidates.length) {
      status(condition('Accepted', false, 'NoMatchingParent', `${what} has no listener${pr.sectionName ? ` named "${pr.sectionName}"` : ''}${pr.port !== undefined ? ` on port ${pr.port}` : ''}`, gen), resolved);
      continue;
    }
    const allowed = candidates.filter((x) => x.ok && input.allowedFrom(x, kind, ns, readNamespace));
    if (!allowed.length) {
      status(condition('Accepted', false, 'NotAllowedByListeners', `no listener of ${what} allows ${kind} from namespace ${ns}`, gen), resolved);
      continue;
    }
    const attach: Array<{ rec: ListenerRec; hosts: string[] }> = [];
    for (const rec of allowed) {
      const hosts = intersectHostnames(rec.l.hostname, r.spec?.hostnames ?? []);
      if (hosts.length) attach.push({ rec, hosts });
    }
    if (!attach.length) {
      status(condition('Accepted', false, 'NoMatchingListenerHostname', `none of the route's hostnames (${(r.spec?.hostnames ?? []).join(', ')}) intersects a listener hostname of ${what}`, gen), resolved);
      continue;
    }
    if (compiled.validRules === 0 && compiled.totalRules > 0) {
      const p = compiled.problems.accepted[0];
      status(condition('Accepted', false, 'UnsupportedValue', p?.message ?? 'no valid rule', gen), resolved);
      continue;
    }
    const extra: Condition[] = [];
    if (compiled.problems.accepted.length) {
      extra.push(condition('PartiallyInvalid', true, 'UnsupportedValue', compiled.problems.accepted.map((p) => p.message).join('; '), gen));
    }
    status(condition('Accepted', true, 'Accepted', `Attached to ${what}`, gen), resolved, extra);
    for (const { rec, hosts } of attach) {
      const version = input.gateways.each.get(key)!;
      const index = recs.indexOf(rec);
      // a route counts once per listener, however many parentRefs lead there
      if (!a.attachedTo.some(([g, i]) => g === version && i === index)) a.attachedTo.push([version, index]);
      for (const host of hosts) {
        for (const t of compiled.templates) {
          const e: Entry = makeEntry({
            pathRank: t.pathRank,
            pathLen: t.pathLen,
            hasMethod: t.method ? 1 : 0,
            headerCount: t.headers?.length ?? 0,
            queryCount: t.query?.length ?? 0,
            created,
            order: flatJoin('/', ns, name, kind),
            ruleIndex: t.ruleIndex,
            matchIndex: t.matchIndex,
            pathType: t.pathType,
            pathValue: t.pathValue,
            ...(t.regex ? { regex: t.regex } : {}),
            ...(t.method ? { method: t.method } : {}),
            ...(t.headers ? { headers: t.headers } : {}),
            ...(t.query ? { query: t.query } : {}),
            route: {
              kind,
              namespace: ns,
              name,
              ruleIndex: t.ruleIndex,
              matchIndex: t.matchIndex,
              ...(t.ruleName ? { ruleName: t.ruleName } : {}),
              description: t.ruleName ? flatJoin('', 'rule "', t.ruleName, '": ', t.text, ' on ', host) : flatJoin(' ', t.text, 'on', host),
              id: flatJoin('/', kind, ns, name, t.ruleIndex, t.matchIndex),
            },
            action: t.action,
            ...(t.rewrite ? { rewrite: t.rewrite } : {}),
            ...(t.redirect ? { redirect: { ...t.redirect, listenerPort: rec.port, listenerScheme: rec.scheme } } : {}),
            httpsOnly: false,
            hostPattern: host,
            matchText: t.text,
          });
          a.entries.push([rec.port, host === '*' ? '' : host, e]);
        }
      }
    }
  }
  if (a.compiled) {
    for (const p of [...a.compiled.problems.accepted, ...a.compiled.problems.refs]) a.diagnostics.push({ object: ref, severity: 'error', reason: p.reason, message: p.message });
  }
  if (parents.length) a.status = { kind, namespace: ns, name, parents };
  return a;
}
