/**
 * Compiling one HTTPRoute or GRPCRoute: its rules' matches, filters and backendRefs become
 * match templates (placed on listeners by ./route-attachment) plus the problems found.
 * Incremental: the result is cached per route object (see `compiledRoute`).
 */
import type {
  CorsPolicy,
  BackendProtocol,
  BackendTarget,
  BackendRef,
  HeaderModifier,
  HTTPHeaderFilter,
  HTTPBackendRef,
  HTTPHeaderMatch,
  HTTPRouteFilter,
  GRPCRouteInput,
  HTTPRouteInput,
  MirrorTarget,
  ServiceInput,
  ObjectRef,
  RouteAction,
  RoutePolicy,
} from './types';
import type { GRPCRouteMatch, HTTPRouteMatch, HTTPRouteRule } from '../k8s/schemas/gateway';
import { BuildContext, GATEWAY_GROUP, nsOf } from './context';
import { isServiceRef } from './resolved-refs';
import { compileUserRegex, type UserRegex } from './user-regex';
import { gatewayCorsPolicy } from './cors';
import { ruleRetry, ruleSessionPersistence } from './rule-policy';
import { parseDuration } from './duration';
import { flatJoin } from './flat-string';

export { parseDuration } from './duration';
import { PATH_RANK, directResponse, makeBackendRef, makeForward, type PathRewrite, type RedirectSpec, type ValueCond } from './table';

export type RouteKindName = 'HTTPRoute' | 'GRPCRoute';
export type AnyRoute = HTTPRouteInput | GRPCRouteInput;

function headerModifier(m: HTTPHeaderFilter | undefined): HeaderModifier | undefined {
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
  /** rule.name, when set */
  ruleName?: string;
  matchIndex: number;
  action: RouteAction;
  rewrite?: PathRewrite;
  redirect?: Omit<RedirectSpec, 'listenerPort' | 'listenerScheme'>;
}

function valueConds(list: HTTPHeaderMatch[] | undefined, lower: boolean, what: string, problems: string[]): ValueCond[] | undefined {
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
  services: Array<[string, ServiceInput | undefined]>;
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
    const f = ruleFilters(ctx, kind, ns, rule.filters ?? [], problems, ref, ruleProblems);
    const policy = ruleTimeouts((rule as { timeouts?: RuleTimeouts }).timeouts, ruleProblems);
    if (f.cors) policy.cors = f.cors;
    const httpRule = rule as HTTPRouteRule;
    if (kind === 'HTTPRoute' && httpRule.retry) {
      const retry = ruleRetry(httpRule.retry, ruleProblems);
      if (retry) policy.retry = retry;
    }
    if (rule.sessionPersistence) {
      const affinity = ruleSessionPersistence(rule.sessionPersistence, ruleProblems);
      if (affinity) policy.affinity = affinity;
    }
    const label = rule.name ? `rules[${ri}] ("${rule.name}")` : `rules[${ri}]`;
    const action = ruleAction(ctx, kind, ns, rule.backendRefs ?? [], label, f, policy, problems, ref);

    const matchProblems: string[] = [];
    const ruleTemplates: CompiledMatchTemplate[] = [];
    const matches: unknown[] = rule.matches?.length ? rule.matches : [{}];
    matches.forEach((raw, mi) => {
      const at = `rules[${ri}].matches[${mi}]`;
      const before = matchProblems.length;
      const m = kind === 'HTTPRoute' ? httpMatch(raw as HTTPRouteMatch, at, matchProblems) : grpcMatch(raw as GRPCRouteMatch, at, matchProblems);
      if (kind === 'HTTPRoute') {
        if (f.rewrite?.kind === 'prefix' && m.pathType !== 'prefix') matchProblems.push(`rules[${ri}]: ReplacePrefixMatch needs a PathPrefix match`);
        if (f.redirect?.path?.kind === 'prefix' && m.pathType !== 'prefix') matchProblems.push(`rules[${ri}]: ReplacePrefixMatch needs a PathPrefix match`);
      }
      if (matchProblems.length > before) return;
      ruleTemplates.push({
        ...m,
        ruleIndex: ri,
        ...(rule.name ? { ruleName: rule.name } : {}),
        matchIndex: mi,
        action,
        ...(f.rewrite ? { rewrite: f.rewrite } : {}),
        ...(f.redirect ? { redirect: f.redirect } : {}),
      });
    });
    const all = [...ruleProblems, ...matchProblems];
    if (all.length) {
      // An invalid rule is dropped as a whole (PartiallyInvalid); the other rules serve.
      for (const msg of all) problems.accepted.push({ reason: 'UnsupportedValue', message: `${msg}; rule ${ri}${rule.name ? ` ("${rule.name}")` : ''} is not served` });
      return;
    }
    validRules++;
    templates.push(...ruleTemplates);
  });
  return { templates, problems, validRules, totalRules: rules.length };
}

/** What a rule's filters ask for (the last filter of a type wins, as before). */
interface RuleFilters {
  requestHeaders?: HeaderModifier;
  responseHeaders?: HeaderModifier;
  hostRewrite?: string;
  rewrite?: PathRewrite;
  redirect?: CompiledMatchTemplate['redirect'];
  redirectStatus: number;
  /** set when a filter is not supported: the rule answers 500 */
  unsupported?: string;
  mirrors: MirrorTarget[];
  cors?: CorsPolicy;
}

function ruleFilters(ctx: RouteDeps, kind: RouteKindName, ns: string, filters: readonly HTTPRouteFilter[], problems: RouteProblems, ref: ObjectRef, ruleProblems: string[]): RuleFilters {
  const out: RuleFilters = { redirectStatus: 302, mirrors: [] };
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
        out.requestHeaders = headerModifier(f.requestHeaderModifier);
        break;
      case 'ResponseHeaderModifier':
        out.responseHeaders = headerModifier(f.responseHeaderModifier);
        break;
      case 'RequestRedirect': {
        if (kind === 'GRPCRoute') { out.unsupported = 'RequestRedirect'; break; }
        const rr = f.requestRedirect ?? {};
        out.redirectStatus = rr.statusCode ?? 302;
        out.redirect = {
          ...(rr.scheme ? { scheme: rr.scheme.toLowerCase() } : {}),
          ...(rr.hostname ? { hostname: rr.hostname.toLowerCase() } : {}),
          ...(rr.port !== undefined ? { port: ctx.publicPort(rr.port) } : {}),
          ...(rr.path ? { path: pathRewriteOf(rr.path) } : {}),
        };
        break;
      }
      case 'URLRewrite':
        if (kind === 'GRPCRoute') { out.unsupported = 'URLRewrite'; break; }
        if (f.urlRewrite?.hostname) out.hostRewrite = f.urlRewrite.hostname;
        out.rewrite = pathRewriteOf(f.urlRewrite?.path);
        break;
      case 'CORS':
        // GRPCRoute has no CORS filter in the API
        if (kind === 'GRPCRoute' || !f.cors) { out.unsupported = 'CORS'; break; }
        out.cors = gatewayCorsPolicy(f.cors);
        break;
      case 'RequestMirror': {
        const m = f.requestMirror;
        if (!m) break;
        const b = resolveBackend(ctx, kind, ns, { ...m.backendRef, weight: 1 }, problems, ref);
        const percent = m.percent ?? (m.fraction ? (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100) : 100);
        if (b && !b.invalid) out.mirrors.push({ backend: b, percent: Math.max(0, Math.min(100, percent)) });
        break;
      }
      default:
        out.unsupported = f.type === 'ExtensionRef' ? `ExtensionRef ${f.extensionRef?.kind}/${f.extensionRef?.name}` : f.type;
    }
  }
  return out;
}

type RuleTimeouts = NonNullable<HTTPRouteRule['timeouts']>;

/** Gateway API rule timeouts -> policy; an invalid duration is a rule problem. */
function ruleTimeouts(t: RuleTimeouts | undefined, ruleProblems: string[]): RoutePolicy {
  const policy: RoutePolicy = {};
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
  return policy;
}

/** A rule's action: 500 for an unsupported filter, a redirect, or a forward to its backends. */
function ruleAction(ctx: RouteDeps, kind: RouteKindName, ns: string, backendRefs: readonly HTTPBackendRef[], label: string, f: RuleFilters, policy: RoutePolicy, problems: RouteProblems, ref: ObjectRef): RouteAction {
  if (f.unsupported) {
    problems.refs.push({ reason: 'UnsupportedValue', message: `${label}: filter ${f.unsupported} is not supported; requests to this rule get 500` });
    return directResponse(500, `500 Internal Server Error: filter ${f.unsupported} is not supported\n`);
  }
  if (f.redirect) return { type: 'redirect', status: f.redirectStatus };
  const backends: BackendRef[] = [];
  for (const br of backendRefs) {
    const b = resolveBackend(ctx, kind, ns, br, problems, ref);
    if (b && b.weight > 0) backends.push(b);
  }
  if (!backends.some((b) => !b.invalid)) {
    const why = backendRefs.length ? 'all backends are invalid or have weight 0' : 'the rule has no backendRefs';
    return directResponse(500, `500 Internal Server Error: ${why}\n`);
  }
  const { requestHeaders, responseHeaders, hostRewrite, mirrors } = f;
  return makeForward({ backends, totalWeight: backends.reduce((s, b) => s + b.weight, 0), requestHeaders, responseHeaders, hostRewrite, mirrors, policy });
}

/** What one match compiles to, before the rule's action is attached. */
type MatchPath = Pick<CompiledMatchTemplate, 'pathType' | 'pathValue' | 'regex' | 'pathRank' | 'pathLen' | 'method' | 'headers' | 'query' | 'text'>;

function matchPath(pathType: MatchPath['pathType'], pathValue: string, regex: UserRegex | undefined, pathRank: number, pathLen: number, text: string, method?: string, headers?: ValueCond[], query?: ValueCond[]): MatchPath {
  return {
    pathType,
    pathValue,
    ...(regex ? { regex } : {}),
    pathRank,
    pathLen,
    ...(method ? { method } : {}),
    ...(headers?.length ? { headers } : {}),
    ...(query?.length ? { query } : {}),
    text,
  };
}

/** HTTPRoute match: path (Exact, PathPrefix, RegularExpression), method, headers, query params. */
function httpMatch(m: HTTPRouteMatch, at: string, problems: string[]): MatchPath {
  const type = m.path?.type ?? 'PathPrefix';
  const value = m.path?.value ?? '/';
  let text = flatJoin(' ', type, value);
  let pathType: MatchPath['pathType'] = 'prefix';
  let pathValue = '';
  let regex: UserRegex | undefined;
  let pathRank: number = PATH_RANK.prefix;
  let pathLen = 1;
  if (type === 'Exact' || type === 'PathPrefix') {
    if (!value.startsWith('/')) problems.push(`${at}.path.value "${value}" must start with "/"`);
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
      problems.push(`${at}.path regular expression "${value}" is invalid: ${(e as Error).message}`);
    }
  } else problems.push(`${at}.path.type ${String(type)} is not supported`);
  let method: string | undefined;
  if (m.method) {
    method = m.method.toUpperCase();
    text = flatJoin(' ', text, method);
  }
  const headers = valueConds(m.headers, true, `${at} header`, problems);
  const query = valueConds(m.queryParams, false, `${at} query param`, problems);
  return matchPath(pathType, pathValue, regex, pathRank, pathLen, text, method, headers, query);
}

/** GRPCRoute match: service and method (Exact, RegularExpression) as a path, and headers. */
function grpcMatch(m: GRPCRouteMatch, at: string, problems: string[]): MatchPath {
  const mm = m.method;
  const type = mm?.type ?? 'Exact';
  const text = mm ? `gRPC ${mm.service ?? '*'}/${mm.method ?? '*'}` : 'gRPC any';
  let pathType: MatchPath['pathType'] = 'prefix';
  let pathValue = '';
  let regex: UserRegex | undefined;
  let pathRank: number = PATH_RANK.prefix;
  let pathLen = 1;
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
      problems.push(`${at}.method regular expression is invalid: ${(e as Error).message}`);
    }
  } else problems.push(`${at}.method.type ${String(type)} is not supported`);
  const headers = valueConds(m.headers, true, `${at} header`, problems);
  return matchPath(pathType, pathValue, regex, pathRank, pathLen, text, undefined, headers);
}

function resolveBackend(
  ctx: RouteDeps,
  kind: RouteKindName,
  routeNs: string,
  br: HTTPBackendRef,
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
  if (!isServiceRef(br)) {
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
  const b: BackendRef = makeBackendRef({ ...base, key: target.key, port: target.port, endpointPortName: target.endpointPortName, protocol, pipeline: target.pipeline });
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
