/** Gateway API v1: GatewayClass, Gateway listeners, HTTPRoute, GRPCRoute -> compiled entries + status. */
import type {
  BackendProtocol,
  BackendTarget,
  BackendRef,
  Condition,
  GatewayLike,
  HeaderModifier,
  HeaderModifierLike,
  HTTPBackendRefLike,
  HTTPHeaderMatchLike,
  HTTPRouteFilterLike,
  LabelSelectorLike,
  ListenerLike,
  ListenerStatus,
  MirrorTarget,
  NamespaceLike,
  ServiceLike,
  ObjectRef,
  RouteAction,
  RoutePolicy,
} from './types';
import { BuildContext, GATEWAY_GROUP, byAge, condition, nsOf, validHostname } from './context';
import { compileUserRegex, type UserRegex } from './user-regex';
import { claimTcpPort, compileTcpRoutes, tcpListener } from './tcp';
import { claimTlsPort, compileTlsRoutes, tlsListener } from './tls';
import { PATH_RANK, directResponse, makeBackendRef, makeForward, type PathRewrite, type RedirectSpec, type ValueCond } from './table';
import { attachRoute, gatewayVersions, routeRecord, type AllowedFrom, type AnyRoute, type AttachInput, type RouteKindName } from './route-attachment';

export interface ListenerRec {
  gw: GatewayLike;
  l: ListenerLike;
  port: number;
  scheme: 'http' | 'https';
  ok: boolean;
  kinds: Set<string>;
  /** TCPRoutes and TLSRoutes attached (a route counts once per listener; HTTPRoutes and
   * GRPCRoutes are counted by ./route-attachment) */
  attached: Set<string>;
  status: ListenerStatus;
}

// ---------------------------------------------------------------------------------------
// Small pure helpers (exported for tests)
// ---------------------------------------------------------------------------------------

/** Does every host matched by `a` also match `b`? Gateway API wildcards match one or more labels. */
export function hostWithin(a: string, b: string): boolean {
  if (a === b) return true;
  if (!b.startsWith('*.')) return false;
  const suffix = b.slice(1);
  const body = a.startsWith('*.') ? a.slice(1) : a;
  return body.length > suffix.length && body.endsWith(suffix);
}

/** Hostnames a route serves through a listener ([] = no intersection; "*" = any). */
export function intersectHostnames(listenerHost: string | undefined, routeHosts: readonly string[]): string[] {
  const rh = routeHosts.map((h) => h.toLowerCase());
  if (!listenerHost) return rh.length ? [...new Set(rh)] : ['*'];
  const L = listenerHost.toLowerCase();
  if (!rh.length) return [L];
  const out = new Set<string>();
  for (const h of rh) {
    if (hostWithin(h, L)) out.add(h);
    else if (hostWithin(L, h)) out.add(L);
  }
  return [...out];
}

/** Gateway API Duration ("1h2m3s4ms"); undefined when invalid. */
export function parseDuration(s: string): number | undefined {
  if (!/^([0-9]{1,5}(h|m|s|ms)){1,4}$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/([0-9]{1,5})(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600_000 : m[2] === 'm' ? n * 60_000 : m[2] === 's' ? n * 1000 : n;
  }
  return total;
}

export function selectorMatches(sel: LabelSelectorLike | undefined, labels: Record<string, string> | undefined): boolean {
  if (!sel) return true;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function headerModifier(m: HeaderModifierLike | undefined): HeaderModifier | undefined {
  if (!m) return undefined;
  return {
    set: (m.set ?? []).map((h) => [h.name, h.value] as const),
    add: (m.add ?? []).map((h) => [h.name, h.value] as const),
    remove: (m.remove ?? []).map((h) => h.toLowerCase()),
  };
}

/** Gateway API RegularExpression: the whole value must match (./user-regex). */
function fullRegex(src: string): UserRegex {
  return compileUserRegex(src, 'full');
}

function normPrefix(p: string): string {
  let e = p.length;
  while (e > 0 && p.charCodeAt(e - 1) === 47) e--;
  return p.slice(0, e);
}

// ---------------------------------------------------------------------------------------

interface RouteProblems {
  accepted: { reason: string; message: string }[];
  refs: { reason: string; message: string }[];
}

interface CompiledMatchTemplate {
  pathType: 'exact' | 'prefix' | 'regex';
  pathValue: string;
  regex?: UserRegex;
  pathRank: number;
  pathLen: number;
  method?: string;
  headers?: ValueCond[];
  query?: ValueCond[];
  text: string;
  ruleIndex: number;
  matchIndex: number;
  action: RouteAction;
  rewrite?: PathRewrite;
  redirect?: Omit<RedirectSpec, 'listenerPort' | 'listenerScheme'>;
}

export function compileGateways(ctx: BuildContext): void {
  const opts = ctx.options;
  const ourClasses = new Set<string>();
  for (const gc of ctx.state.gatewayClasses ?? []) {
    if (gc.spec?.controllerName !== opts.controllerName) continue;
    ourClasses.add(gc.metadata.name);
    ctx.gatewayClassStatuses.push({
      name: gc.metadata.name,
      conditions: [condition('Accepted', true, 'Accepted', 'Handled by Portico', gc.metadata.generation)],
    });
  }

  const listeners = new Map<string, ListenerRec[]>(); // "ns/name" -> listeners
  const gatewayByKey = new Map<string, GatewayLike>();
  for (const gw of byAge(ctx.state.gateways)) {
    if (!ourClasses.has(gw.spec?.gatewayClassName ?? '')) continue;
    const ns = nsOf(gw);
    const key = `${ns}/${gw.metadata.name}`;
    gatewayByKey.set(key, gw);
    const recs: ListenerRec[] = [];
    const gen = gw.metadata.generation;
    // Two listeners of one Gateway on the same served port and hostname conflict (both unserved).
    const seen = new Map<string, number>();
    for (const l of gw.spec?.listeners ?? []) {
      const k = `${ctx.servedPort(l.port)}|${(l.hostname ?? '').toLowerCase()}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    for (const l of gw.spec?.listeners ?? []) {
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
          const refs = l.tls?.certificateRefs ?? [];
          if (!refs.length) {
            refsOk = false;
            refsReason = 'InvalidCertificateRef';
            refsMsg = 'HTTPS listener needs tls.certificateRefs';
          }
          for (const r of refs) {
            const rns = r.namespace ?? ns;
            if ((r.group ?? '') !== '' || (r.kind ?? 'Secret') !== 'Secret') {
              refsOk = false;
              refsReason = 'InvalidCertificateRef';
              refsMsg = `certificateRef ${r.kind}/${r.name} must be a core Secret`;
              continue;
            }
            if (rns !== ns && !ctx.granted(GATEWAY_GROUP, 'Gateway', ns, '', 'Secret', rns, r.name)) {
              refsOk = false;
              refsReason = 'RefNotPermitted';
              refsMsg = `certificateRef to Secret ${rns}/${r.name} is not permitted by any ReferenceGrant in namespace ${rns}`;
              continue;
            }
            const pem = ctx.tlsSecret(rns, r.name);
            if ('error' in pem) {
              refsOk = false;
              refsReason = 'InvalidCertificateRef';
              refsMsg = pem.error;
              continue;
            }
            ctx.addCertificate(rns, r.name, pem, [l.hostname?.toLowerCase() ?? '*']);
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
      recs.push({ gw, l, port, scheme, ok, kinds, attached: new Set(), status: { name: l.name, supportedKinds, attachedRoutes: 0, conditions: conds } });
    }
    listeners.set(key, recs);
  }

  const namespaces = new Map<string, NamespaceLike>();
  for (const n of ctx.state.namespaces ?? []) namespaces.set(n.metadata.name, n);

  const allowedFrom: AllowedFrom = (rec, kind, routeNs, onSelector) => {
    if (!rec.kinds.has(kind)) return false;
    const from = rec.l.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from === 'All') return true;
    if (from === 'Same') return routeNs === nsOf(rec.gw);
    if (from === 'Selector') {
      onSelector?.();
      const labels = namespaces.get(routeNs)?.metadata.labels ?? { 'kubernetes.io/metadata.name': routeNs };
      return selectorMatches(rec.l.allowedRoutes?.namespaces?.selector, { 'kubernetes.io/metadata.name': routeNs, ...labels });
    }
    return false;
  };

  // Oldest first (the spec's tie-break), then by namespace/name; keys computed once per object.
  const routes = [...(ctx.state.httpRoutes ?? []).map((r) => routeRecord('HTTPRoute', r)), ...(ctx.state.grpcRoutes ?? []).map((r) => routeRecord('GRPCRoute', r))];
  routes.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));

  // Attachment is cached per route (./route-attachment): it is reused while the listeners of
  // the Gateways it names offer the same (their version) and its compiled rules are the same.
  const gateways = gatewayVersions(listeners);
  const input: AttachInput = { ctx, listeners, gateways, namespaces, allowedFrom };
  for (const route of routes) attachRoute(input, route);

  compileTcpRoutes(ctx, listeners, allowedFrom);
  compileTlsRoutes(ctx, listeners, allowedFrom);

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

function valueConds(list: HTTPHeaderMatchLike[] | undefined, lower: boolean, what: string, problems: string[]): ValueCond[] | undefined {
  if (!list?.length) return undefined;
  const out: ValueCond[] = [];
  const seen = new Set<string>();
  for (const h of list) {
    const n = lower ? h.name.toLowerCase() : h.name;
    if (seen.has(n)) continue; // only the first entry with an equivalent name counts
    seen.add(n);
    if ((h.type ?? 'Exact') === 'RegularExpression') {
      try {
        out.push({ name: n, regex: fullRegex(h.value) });
      } catch (e) {
        problems.push(`${what} "${h.name}" regular expression "${h.value}" is invalid: ${(e as Error).message}`);
      }
    } else if ((h.type ?? 'Exact') === 'Exact') out.push({ name: n, exact: h.value });
    else problems.push(`${what} "${h.name}" match type ${h.type} is not supported`);
  }
  return out;
}

/** What compiling one route reads from the build: ReferenceGrants, Services, the options. */
type RouteDeps = Pick<BuildContext, 'granted' | 'serviceBackend' | 'appProtocol' | 'servedPort' | 'publicPort'>;

/**
 * Incremental compilation, as for Ingresses (see ./ingress): a route's compiled matches are
 * cached per object (the informer hands us a new object on every change) and reused while the
 * Services and ReferenceGrants it read are the same objects and the options are unchanged.
 * Attachment to listeners and statuses are cached on top of this (./route-attachment).
 */
interface RouteFragment {
  /** ctx.optionsVersion and ctx.grantsVersion when compiled */
  options: object;
  grants: object;
  /** Services read: "ns/name" and the object then (undefined: absent) */
  services: Array<[string, ServiceLike | undefined]>;
  /** ctx.servicesVersion when `services` were last found unchanged (skips the check while the same) */
  servicesChecked: object;
  backends: BackendTarget[];
  result: CompiledRoute;
}
const routeFragments = new WeakMap<AnyRoute, RouteFragment>();

/** See ./carry-over: `next` routes exactly as `prev`, so it gets prev's compiled rules. */
export function carryRouteFragment(prev: object, next: object): void {
  const f = routeFragments.get(prev as AnyRoute);
  if (f && !routeFragments.has(next as AnyRoute)) routeFragments.set(next as AnyRoute, f);
}

/** A route's rules compiled: match templates, problems, valid/total rule counts. */
export type CompiledRoute = ReturnType<typeof compileRoute>;

export function compiledRoute(ctx: BuildContext, kind: RouteKindName, r: AnyRoute, ref: ObjectRef): CompiledRoute {
  const f = routeFragments.get(r);
  if (f && f.options === ctx.optionsVersion && f.grants === ctx.grantsVersion && servicesUnchanged(ctx, f)) {
    for (const t of f.backends) {
      const prev = ctx.backends.get(t.key);
      if (!prev || (prev.invalid && !t.invalid)) ctx.backends.set(t.key, t);
    }
    return f.result;
  }
  const fresh: RouteFragment = { options: ctx.optionsVersion, grants: ctx.grantsVersion, services: [], servicesChecked: ctx.servicesVersion, backends: [], result: undefined as never };
  const deps: RouteDeps = {
    granted: (...a) => ctx.granted(...a),
    appProtocol: (sp) => ctx.appProtocol(sp),
    servedPort: (port) => ctx.servedPort(port),
    publicPort: (port) => ctx.publicPort(port),
    serviceBackend: (ns, name, port) => {
      fresh.services.push([ns + '/' + name, ctx.service(ns, name)]);
      const out = ctx.serviceBackend(ns, name, port);
      fresh.backends.push(out.target);
      return out;
    },
  };
  fresh.result = compileRoute(deps, kind, r, ref);
  routeFragments.set(r, fresh);
  return fresh.result;
}

function servicesUnchanged(ctx: BuildContext, f: RouteFragment): boolean {
  if (f.servicesChecked === ctx.servicesVersion) return true; // no Service changed since
  if (!f.services.every(([key, o]) => ctx.serviceAt(key) === o)) return false;
  f.servicesChecked = ctx.servicesVersion;
  return true;
}

function compileRoute(ctx: RouteDeps, kind: RouteKindName, r: AnyRoute, ref: ObjectRef) {
  const ns = nsOf(r);
  const problems: RouteProblems = { accepted: [], refs: [] };
  const templates: CompiledMatchTemplate[] = [];
  const rules = r.spec?.rules ?? [];
  let validRules = 0;
  rules.forEach((rule, ri) => {
    const ruleProblems: string[] = [];
    const filters: HTTPRouteFilterLike[] = rule.filters ?? [];
    const policy: RoutePolicy = {};
    let requestHeaders: HeaderModifier | undefined;
    let responseHeaders: HeaderModifier | undefined;
    let hostRewrite: string | undefined;
    let rewrite: PathRewrite | undefined;
    let redirect: CompiledMatchTemplate['redirect'];
    let redirectStatus = 302;
    let unsupportedFilter: string | undefined;
    const mirrors: MirrorTarget[] = [];
    const pathRewriteOf = (m: { type: string; replaceFullPath?: string; replacePrefixMatch?: string } | undefined): PathRewrite | undefined => {
      if (!m) return undefined;
      if (m.type === 'ReplaceFullPath') return { kind: 'full', value: m.replaceFullPath ?? '/' };
      if (m.type === 'ReplacePrefixMatch') return { kind: 'prefix', value: normPrefix(m.replacePrefixMatch ?? '/') };
      ruleProblems.push(`path modifier type ${m.type} is not supported`);
      return undefined;
    };
    for (const f of filters) {
      switch (f.type) {
        case 'RequestHeaderModifier':
          requestHeaders = headerModifier(f.requestHeaderModifier);
          break;
        case 'ResponseHeaderModifier':
          responseHeaders = headerModifier(f.responseHeaderModifier);
          break;
        case 'RequestRedirect': {
          if (kind === 'GRPCRoute') { unsupportedFilter = 'RequestRedirect'; break; }
          const rr = f.requestRedirect ?? {};
          redirectStatus = rr.statusCode ?? 302;
          redirect = {
            ...(rr.scheme ? { scheme: rr.scheme.toLowerCase() } : {}),
            ...(rr.hostname ? { hostname: rr.hostname.toLowerCase() } : {}),
            ...(rr.port !== undefined ? { port: ctx.publicPort(rr.port) } : {}),
            ...(rr.path ? { path: pathRewriteOf(rr.path) } : {}),
          };
          break;
        }
        case 'URLRewrite':
          if (kind === 'GRPCRoute') { unsupportedFilter = 'URLRewrite'; break; }
          if (f.urlRewrite?.hostname) hostRewrite = f.urlRewrite.hostname;
          rewrite = pathRewriteOf(f.urlRewrite?.path);
          break;
        case 'RequestMirror': {
          const m = f.requestMirror;
          if (!m) break;
          const b = resolveBackend(ctx, kind, ns, { ...m.backendRef, weight: 1 }, problems, ref);
          const percent = m.percent ?? (m.fraction ? (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100) : 100);
          if (b && !b.invalid) mirrors.push({ backend: b, percent: Math.max(0, Math.min(100, percent)) });
          break;
        }
        default:
          unsupportedFilter = f.type === 'ExtensionRef' ? `ExtensionRef ${f.extensionRef?.kind}/${f.extensionRef?.name}` : f.type;
      }
    }
    const t = (rule as { timeouts?: { request?: string; backendRequest?: string } }).timeouts;
    if (t?.request !== undefined) {
      const ms = parseDuration(t.request);
      if (ms === undefined) ruleProblems.push(`timeouts.request "${t.request}" is not a valid duration`);
      else policy.requestTimeoutMs = ms;
    }
    if (t?.backendRequest !== undefined) {
      const ms = parseDuration(t.backendRequest);
      if (ms === undefined) ruleProblems.push(`timeouts.backendRequest "${t.backendRequest}" is not a valid duration`);
      else policy.backendRequestTimeoutMs = ms;
    }

    // Actions
    let action: RouteAction;
    if (unsupportedFilter) {
      problems.refs.push({ reason: 'UnsupportedValue', message: `rules[${ri}]: filter ${unsupportedFilter} is not supported; requests to this rule get 500` });
      action = directResponse(500, `500 Internal Server Error: filter ${unsupportedFilter} is not supported\n`);
    } else if (redirect) {
      action = { type: 'redirect', status: redirectStatus };
    } else {
      const backends: BackendRef[] = [];
      for (const br of rule.backendRefs ?? []) {
        const b = resolveBackend(ctx, kind, ns, br, problems, ref);
        if (b && b.weight > 0) backends.push(b);
      }
      const valid = backends.filter((b) => !b.invalid);
      if (!valid.length) {
        const why = (rule.backendRefs ?? []).length ? 'all backends are invalid or have weight 0' : 'the rule has no backendRefs';
        action = directResponse(500, `500 Internal Server Error: ${why}\n`);
      } else {
        action = makeForward({ backends, totalWeight: backends.reduce((s, b) => s + b.weight, 0), requestHeaders, responseHeaders, hostRewrite, mirrors, policy });
      }
    }

    // Matches
    const matchProblems: string[] = [];
    const ruleTemplates: CompiledMatchTemplate[] = [];
    const matches: unknown[] = (rule.matches?.length ? rule.matches : [{}]) as unknown[];
    matches.forEach((raw, mi) => {
      const before = matchProblems.length;
      let pathType: 'exact' | 'prefix' | 'regex' = 'prefix';
      let pathValue = '';
      let regex: UserRegex | undefined;
      let pathRank: number = PATH_RANK.prefix;
      let pathLen = 1;
      let text: string;
      let method: string | undefined;
      let headers: ValueCond[] | undefined;
      let query: ValueCond[] | undefined;
      if (kind === 'HTTPRoute') {
        const m = raw as { path?: { type?: string; value?: string }; headers?: HTTPHeaderMatchLike[]; queryParams?: HTTPHeaderMatchLike[]; method?: string };
        const type = m.path?.type ?? 'PathPrefix';
        const value = m.path?.value ?? '/';
        text = `${type} ${value}`;
        if (type === 'Exact' || type === 'PathPrefix') {
          if (!value.startsWith('/')) matchProblems.push(`rules[${ri}].matches[${mi}].path.value "${value}" must start with "/"`);
          pathType = type === 'Exact' ? 'exact' : 'prefix';
          pathValue = type === 'Exact' ? value : normPrefix(value);
          pathRank = type === 'Exact' ? PATH_RANK.exact : PATH_RANK.prefix;
          pathLen = type === 'Exact' ? value.length : Math.max(1, pathValue.length);
        } else if (type === 'RegularExpression') {
          try {
            regex = fullRegex(value);
            pathType = 'regex';
            pathValue = value;
            pathRank = PATH_RANK.regex;
            pathLen = value.length;
          } catch (e) {
            matchProblems.push(`rules[${ri}].matches[${mi}].path regular expression "${value}" is invalid: ${(e as Error).message}`);
          }
        } else matchProblems.push(`rules[${ri}].matches[${mi}].path.type ${type} is not supported`);
        if (m.method) {
          method = m.method.toUpperCase();
          text += ` ${method}`;
        }
        headers = valueConds(m.headers, true, `rules[${ri}].matches[${mi}] header`, matchProblems);
        query = valueConds(m.queryParams, false, `rules[${ri}].matches[${mi}] query param`, matchProblems);
        if (rewrite?.kind === 'prefix' && pathType !== 'prefix') matchProblems.push(`rules[${ri}]: ReplacePrefixMatch needs a PathPrefix match`);
        if (redirect?.path?.kind === 'prefix' && pathType !== 'prefix') matchProblems.push(`rules[${ri}]: ReplacePrefixMatch needs a PathPrefix match`);
      } else {
        const m = raw as { method?: { type?: string; service?: string; method?: string }; headers?: HTTPHeaderMatchLike[] };
        const mm = m.method;
        const type = mm?.type ?? 'Exact';
        text = mm ? `gRPC ${mm.service ?? '*'}/${mm.method ?? '*'}` : 'gRPC any';
        if (!mm || (!mm.service && !mm.method)) {
          pathType = 'prefix';
          pathValue = '';
        } else if (type === 'Exact') {
          if (mm.service && mm.method) {
            pathType = 'exact';
            pathValue = `/${mm.service}/${mm.method}`;
            pathRank = PATH_RANK.exact;
          } else if (mm.service) {
            pathType = 'prefix';
            pathValue = `/${mm.service}`;
          } else {
            pathType = 'regex';
            regex = fullRegex(`/[^/]+/${mm.method!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
            pathRank = PATH_RANK.regex;
          }
          pathLen = (mm.service ?? '').length + 1;
        } else if (type === 'RegularExpression') {
          try {
            // Each part must stand alone: "a)|(b" would otherwise change the anchoring.
            if (mm.service) fullRegex(mm.service);
            if (mm.method) fullRegex(mm.method);
            regex = fullRegex(`/(?:${mm.service ?? '[^/]+'})/(?:${mm.method ?? '[^/]+'})`);
            pathType = 'regex';
            pathRank = PATH_RANK.regex;
            pathLen = (mm.service ?? '').length;
          } catch (e) {
            matchProblems.push(`rules[${ri}].matches[${mi}].method regular expression is invalid: ${(e as Error).message}`);
          }
        } else matchProblems.push(`rules[${ri}].matches[${mi}].method.type ${type} is not supported`);
        headers = valueConds(m.headers, true, `rules[${ri}].matches[${mi}] header`, matchProblems);
      }
      if (matchProblems.length > before) return;
      ruleTemplates.push({
        pathType,
        pathValue,
        ...(regex ? { regex } : {}),
        pathRank,
        pathLen,
        ...(method ? { method } : {}),
        ...(headers?.length ? { headers } : {}),
        ...(query?.length ? { query } : {}),
        text,
        ruleIndex: ri,
        matchIndex: mi,
        action,
        ...(rewrite ? { rewrite } : {}),
        ...(redirect ? { redirect } : {}),
      });
    });
    const all = [...ruleProblems, ...matchProblems];
    if (all.length) {
      // An invalid rule is dropped as a whole (PartiallyInvalid); the other rules serve.
      for (const msg of all) problems.accepted.push({ reason: 'UnsupportedValue', message: `${msg}; rule ${ri} is not served` });
      return;
    }
    validRules++;
    templates.push(...ruleTemplates);
  });
  return { templates, problems, validRules, totalRules: rules.length };
}

function resolveBackend(
  ctx: RouteDeps,
  kind: RouteKindName,
  routeNs: string,
  br: HTTPBackendRefLike,
  problems: RouteProblems,
  ref: ObjectRef,
): BackendRef | undefined {
  void ref;
  const weight = br.weight ?? 1;
  const ns = br.namespace ?? routeNs;
  const base = { namespace: ns, service: br.name, weight, protocol: (kind === 'GRPCRoute' ? 'GRPC' : 'HTTP') as BackendProtocol };
  const invalid = (reason: string, message: string): BackendRef => {
    problems.refs.push({ reason, message });
    return makeBackendRef({ ...base, key: `${ns}/${br.name}:${br.port ?? ''}`, endpointPortName: '', invalid: message });
  };
  if ((br.group ?? '') !== '' || (br.kind ?? 'Service') !== 'Service') {
    return invalid('InvalidKind', `backendRef ${br.group ?? ''}/${br.kind} ${br.name}: only core Services are supported`);
  }
  if (ns !== routeNs && !ctx.granted(GATEWAY_GROUP, kind, routeNs, '', 'Service', ns, br.name)) {
    return invalid('RefNotPermitted', `backendRef to Service ${ns}/${br.name} is not permitted by any ReferenceGrant in namespace ${ns}`);
  }
  if (br.port === undefined) return invalid('UnsupportedValue', `backendRef to Service ${ns}/${br.name} needs a port`);
  const { target, servicePort } = ctx.serviceBackend(ns, br.name, br.port);
  if (target.invalid) return invalid('BackendNotFound', target.invalid);
  let protocol = ctx.appProtocol(servicePort) ?? base.protocol;
  if (kind === 'GRPCRoute') protocol = protocol === 'HTTPS' || protocol === 'GRPCS' ? 'GRPCS' : 'GRPC';
  const b: BackendRef = makeBackendRef({ ...base, key: target.key, port: target.port, endpointPortName: target.endpointPortName, protocol });
  for (const f of br.filters ?? []) {
    if (f.type === 'RequestHeaderModifier') b.requestHeaders = headerModifier(f.requestHeaderModifier);
    else if (f.type === 'ResponseHeaderModifier') b.responseHeaders = headerModifier(f.responseHeaderModifier);
    else {
      problems.refs.push({ reason: 'UnsupportedValue', message: `backendRef ${ns}/${br.name} filter ${f.type} is not supported; requests to it get 500` });
      b.invalid = `filter ${f.type} is not supported on backendRefs`;
    }
  }
  return b;
}
