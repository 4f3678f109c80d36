/**
 * Compiled route entries and the per-port host index. Everything a request needs is
 * precomputed here; match() allocates only the result object (plus strings for rewrites,
 * redirects and lazily parsed query strings).
 */
import type {
  BackendRef,
  DirectResponseAction,
  ForwardAction,
  HeaderSource,
  MatchRequest,
  MatchResult,
  RedirectAction,
  RouteAction,
  RouteInfo,
} from './types';
import { parseRequestTarget } from './request-target';
import type { UserRegex } from './user-regex';

export interface ValueCond {
  /** lower-case for headers, as written for query params */
  name: string;
  exact?: string;
  regex?: UserRegex;
}

/** Path rewrite / redirect path. */
export type PathRewrite =
  | { kind: 'full'; value: string }
  | { kind: 'prefix'; value: string }
  /** ingress-nginx rewrite-target: template parts, numbers are capture groups */
  | { kind: 'template'; parts: ReadonlyArray<string | number> };

export interface RedirectSpec {
  scheme?: string;
  hostname?: string;
  /** port given explicitly, as clients see it (80 -> publicHttpPort, 443 -> publicHttpsPort, else served) */
  port?: number;
  path?: PathRewrite;
  /** served port of the listener, and its scheme */
  listenerPort: number;
  listenerScheme: 'http' | 'https';
}

export interface CanarySpec {
  byHeader?: string;
  headerValue?: string;
  headerPattern?: UserRegex;
  byCookie?: string;
  canaryAction: RouteAction;
  splitAction: RouteAction;
}

export const PATH_RANK = { exact: 0, regex: 1, prefix: 2, fallback: 3 } as const;

export interface Entry {
  // --- precedence keys
  pathRank: number;
  pathLen: number;
  hasMethod: number;
  headerCount: number;
  queryCount: number;
  created: number;
  order: string; // "ns/name/kind"
  ruleIndex: number;
  matchIndex: number;
  // --- conditions
  pathType: 'exact' | 'prefix' | 'regex';
  /** exact value, or normalised prefix without trailing slash ('' matches every path) */
  pathValue: string;
  regex?: UserRegex;
  method?: string;
  headers?: ValueCond[];
  query?: ValueCond[];
  // --- outcome
  route: RouteInfo;
  action: RouteAction;
  rewrite?: PathRewrite;
  redirect?: RedirectSpec;
  canary?: CanarySpec;
  httpsOnly: boolean;
  /** for RouteSummary */
  hostPattern: string;
  matchText: string;
}

export function compareEntries(a: Entry, b: Entry): number {
  return (
    a.pathRank - b.pathRank ||
    b.pathLen - a.pathLen ||
    b.hasMethod - a.hasMethod ||
    b.headerCount - a.headerCount ||
    b.queryCount - a.queryCount ||
    a.created - b.created ||
    (a.order < b.order ? -1 : a.order > b.order ? 1 : 0) ||
    a.ruleIndex - b.ruleIndex ||
    a.matchIndex - b.matchIndex
  );
}

/** Host pattern kinds inside one port. */
export interface HostBuckets {
  exact: Map<string, Entry[]>;
  /** Ingress "*.foo.com": one label; key ".foo.com" */
  oneLabel: Map<string, Entry[]>;
  /** Gateway API "*.foo.com": one or more labels; key ".foo.com" */
  multiLabel: Map<string, Entry[]>;
  catchAll: Entry[];
}

export function newBuckets(): HostBuckets {
  return { exact: new Map(), oneLabel: new Map(), multiLabel: new Map(), catchAll: [] };
}

export function addToBuckets(b: HostBuckets, host: string, multi: boolean, e: Entry): void {
  if (host === '' || host === '*') b.catchAll.push(e);
  else if (host.startsWith('*.')) {
    const m = multi ? b.multiLabel : b.oneLabel;
    const k = host.slice(1);
    let l = m.get(k);
    if (!l) m.set(k, (l = []));
    l.push(e);
  } else {
    let l = b.exact.get(host);
    if (!l) b.exact.set(host, (l = []));
    l.push(e);
  }
}

function parentSuffix(s: string): string | undefined {
  const i = s.indexOf('.', 1);
  return i < 0 ? undefined : s.slice(i);
}

/**
 * A host's rules in precedence order, with the path test data in flat arrays so the scan
 * touches little memory; the Entry is only read once its path matched.
 */
export class RuleList {
  readonly kind: Uint8Array; // 0 exact, 1 prefix, 2 regex
  readonly value: string[];
  readonly cond: Uint8Array; // 1 when method/headers/query must be checked too
  constructor(readonly entries: Entry[]) {
    const n = entries.length;
    this.kind = new Uint8Array(n);
    this.value = new Array<string>(n);
    this.cond = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const e = entries[i];
      this.kind[i] = e.pathType === 'exact' ? 0 : e.pathType === 'prefix' ? 1 : 2;
      this.value[i] = e.pathValue;
      this.cond[i] = e.method !== undefined || e.headers !== undefined || e.query !== undefined ? 1 : 0;
    }
    if (n > indexThreshold) this.index = buildIndex(this);
  }
  /** For long lists: candidates by exact value and by prefix value, plus the regex entries. */
  readonly index?: ListIndex;
  get length(): number {
    return this.entries.length;
  }
}

/**
 * RuleLists are immutable, so a build may reuse the previous build's list for a host whose
 * entries are the same objects in the same order (cached entries: see ./route-attachment and
 * ./ingress). One list remembered per first entry; anything else builds a new one.
 */
const ruleLists = new WeakMap<Entry, { list: RuleList; threshold: number }>();
function ruleList(entries: Entry[]): RuleList {
  if (!entries.length) return new RuleList(entries);
  const hit = ruleLists.get(entries[0]);
  if (hit && hit.threshold === indexThreshold && sameEntries(hit.list.entries, entries)) return hit.list;
  const list = new RuleList(entries);
  ruleLists.set(entries[0], { list, threshold: indexThreshold });
  return list;
}

function sameEntries(a: readonly Entry[], b: readonly Entry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lists longer than this are searched through an index instead of scanned. */
let indexThreshold = 24;
/** Tests compare indexed and scanned lookups; returns the previous value. */
export function setIndexThreshold(n: number): number {
  const prev = indexThreshold;
  indexThreshold = n;
  return prev;
}

interface ListIndex {
  exact: Map<string, number[]>;
  prefix: Map<string, number[]>;
  /** regex entries, in list order */
  others: number[];
}

function buildIndex(l: RuleList): ListIndex {
  const idx: ListIndex = { exact: new Map(), prefix: new Map(), others: [] };
  for (let i = 0; i < l.kind.length; i++) {
    const k = l.kind[i];
    if (k === 2) {
      idx.others.push(i);
      continue;
    }
    const m = k === 0 ? idx.exact : idx.prefix;
    let a = m.get(l.value[i]);
    if (!a) m.set(l.value[i], (a = []));
    a.push(i);
  }
  return idx;
}

/** Entry indices whose path test can pass for `path`, ascending (= precedence order). */
function candidates(idx: ListIndex, path: string): number[] {
  const out: number[] = [];
  const push = (a: number[] | undefined) => {
    if (a) for (let j = 0; j < a.length; j++) out.push(a[j]);
  };
  push(idx.exact.get(path));
  // Element-wise prefixes of the path: "", "/a", "/a/b", ... and the path itself.
  push(idx.prefix.get(''));
  for (let i = 1; i < path.length; i++) if (path.charCodeAt(i) === 47) push(idx.prefix.get(path.slice(0, i)));
  if (path.length > 1 && path.charCodeAt(path.length - 1) !== 47) push(idx.prefix.get(path));
  push(idx.others);
  return out.sort((a, b) => a - b);
}

/** Compiled lookup for one port: each list is already in precedence order, falling through
 * from the most specific hostname to wildcards and then the catch-all (Gateway API
 * precedence: hostname specificity first). */
export class PortTable {
  readonly exact = new Map<string, RuleList>();
  readonly firstSuffix = new Map<string, RuleList>();
  readonly multiSuffix = new Map<string, RuleList>();
  readonly catchAll: RuleList;
  /** raw Host header -> normalised host and its rules (bounded; per snapshot) */
  readonly hostCache = new Map<string, { host: string; list: RuleList }>();

  /** `ingressOwners`: Ingress host -> owner namespace (./host-ownership): requests for an owned
   * host never fall through to another namespace's Ingress rules (wildcard or host-less). */
  constructor(b: HostBuckets, ingressOwners?: ReadonlyMap<string, string>) {
    const owners = ingressOwners?.size ? ingressOwners : undefined;
    // An owned host's own entries are its owner's (./ingress skips the others), so only the
    // shared fall-through lists need filtering: once per (list, owner).
    const ownedRests = new Map<Entry[], Map<string, Entry[]>>();
    const ownedRest = (rest: Entry[], owner: string | undefined): Entry[] => {
      if (owner === undefined || rest.length === 0) return rest;
      let byOwner = ownedRests.get(rest);
      if (!byOwner) ownedRests.set(rest, (byOwner = new Map()));
      let r = byOwner.get(owner);
      if (!r) byOwner.set(owner, (r = ownedBy(rest, owner)));
      return r;
    };
    const catchAll = b.catchAll.slice().sort(compareEntries);
    this.catchAll = ruleList(catchAll);
    const multiMemo = new Map<string, Entry[]>();
    const fallbackMulti = (s: string | undefined): Entry[] => {
      while (s !== undefined) {
        if (b.multiLabel.has(s)) return multiFull(s);
        s = parentSuffix(s);
      }
      return catchAll;
    };
    const multiFull = (s: string): Entry[] => {
      let r = multiMemo.get(s);
      if (!r) {
        r = b.multiLabel.get(s)!.slice().sort(compareEntries).concat(fallbackMulti(parentSuffix(s)));
        multiMemo.set(s, r);
      }
      return r;
    };
    const firstMemo = new Map<string, Entry[]>();
    const fallbackFirst = (s: string | undefined): Entry[] => {
      if (s === undefined) return catchAll;
      if (!b.oneLabel.has(s) && !b.multiLabel.has(s)) return fallbackMulti(parentSuffix(s));
      let r = firstMemo.get(s);
      if (!r) {
        r = [...(b.oneLabel.get(s) ?? []), ...(b.multiLabel.get(s) ?? [])].sort(compareEntries).concat(fallbackMulti(parentSuffix(s)));
        firstMemo.set(s, r);
      }
      return r;
    };
    for (const s of b.multiLabel.keys()) this.multiSuffix.set(s, ruleList(multiFull(s)));
    for (const s of b.oneLabel.keys()) this.firstSuffix.set(s, ruleList(ownedBy(fallbackFirst(s), owners?.get('*' + s))));
    for (const s of b.multiLabel.keys()) this.firstSuffix.set(s, ruleList(ownedBy(fallbackFirst(s), owners?.get('*' + s))));
    // Without wildcard hosts every exact host falls through to the catch-all: no suffix to look up.
    const wildcards = b.oneLabel.size > 0 || b.multiLabel.size > 0;
    for (const [h, l] of b.exact) {
      const i = wildcards ? h.indexOf('.') : -1;
      const rest = wildcards ? fallbackFirst(i < 0 ? undefined : h.slice(i)) : catchAll;
      const fall = owners === undefined ? rest : ownedRest(rest, owners.get(h));
      this.exact.set(h, ruleList(fall.length ? l.sort(compareEntries).concat(fall) : l.sort(compareEntries)));
    }
  }

  lookup(host: string): RuleList {
    const e = this.exact.get(host);
    if (e) return e;
    const i = host.indexOf('.');
    if (i <= 0) return this.catchAll;
    let s: string | undefined = host.slice(i);
    const f = this.firstSuffix.get(s);
    if (f) return f;
    s = parentSuffix(s);
    while (s !== undefined) {
      const m = this.multiSuffix.get(s);
      if (m) return m;
      s = parentSuffix(s);
    }
    return this.catchAll;
  }
}

/** `list` without Ingress entries of namespaces other than `owner` (a new array only when there
 * are some; no closures: this runs for every host on every build). */
function ownedBy(list: Entry[], owner: string | undefined): Entry[] {
  if (owner === undefined) return list;
  for (let i = 0; i < list.length; i++) {
    const r = list[i].route;
    if (r.kind !== 'Ingress' || r.namespace === owner) continue;
    const out = list.slice(0, i);
    for (let j = i + 1; j < list.length; j++) {
      const q = list[j].route;
      if (q.kind !== 'Ingress' || q.namespace === owner) out.push(list[j]);
    }
    return out;
  }
  return list;
}

// ---------------------------------------------------------------------------------------
// Per-request helpers
// ---------------------------------------------------------------------------------------

export function normalizeHost(raw: string): string {
  let needs = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c === 58 /* : */ || c === 91 /* [ */) {
      needs = true;
      break;
    }
  }
  let h = raw;
  if (needs) {
    h = raw.toLowerCase();
    if (h.charCodeAt(0) === 91) {
      const close = h.indexOf(']');
      h = close < 0 ? h : h.slice(0, close + 1);
    } else {
      const colon = h.indexOf(':');
      if (colon >= 0) h = h.slice(0, colon);
    }
  }
  if (h.length > 1 && h.charCodeAt(h.length - 1) === 46) h = h.slice(0, -1);
  return h;
}

export function headerValue(src: HeaderSource | undefined, name: string): string | undefined {
  if (!src) return undefined;
  if (typeof src === 'function') return src(name);
  const v = src[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v.join(',');
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  let i = 0;
  while (i < cookieHeader.length) {
    while (cookieHeader.charCodeAt(i) === 32) i++;
    const eq = cookieHeader.indexOf('=', i);
    let end = cookieHeader.indexOf(';', i);
    if (end < 0) end = cookieHeader.length;
    if (eq > 0 && eq < end && cookieHeader.slice(i, eq).trim() === name) return cookieHeader.slice(eq + 1, end).trim();
    i = end + 1;
  }
  return undefined;
}

function parseQuery(query: string): Map<string, string> {
  const m = new Map<string, string>();
  if (query.length <= 1) return m;
  for (const part of query.slice(1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = safeDecode(eq < 0 ? part : part.slice(0, eq));
    if (!m.has(k)) m.set(k, safeDecode(eq < 0 ? '' : part.slice(eq + 1)));
  }
  return m;
}

function safeDecode(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function condOk(c: ValueCond, v: string | undefined): boolean {
  if (v === undefined) return false;
  if (c.exact !== undefined) return v === c.exact;
  return c.regex!.test(v);
}

export function pathMatches(e: Entry, path: string): boolean {
  switch (e.pathType) {
    case 'exact':
      return path === e.pathValue;
    case 'prefix': {
      const p = e.pathValue;
      if (p.length === 0) return true;
      if (!path.startsWith(p)) return false;
      return path.length === p.length || path.charCodeAt(p.length) === 47;
    }
    default:
      return e.regex!.test(path);
  }
}

export function applyPathRewrite(rw: PathRewrite, e: Entry, path: string): string {
  switch (rw.kind) {
    case 'full':
      return rw.value;
    case 'prefix': {
      // e.pathType is prefix (validated at compile time); rest starts with "/" or is empty
      const rest = e.pathType === 'prefix' ? path.slice(e.pathValue.length) : '';
      const r = rw.value + rest;
      return r === '' ? '/' : r;
    }
    case 'template': {
      // Captures only when the template uses $n: exec() costs more than the test() that matched.
      let m: ReadonlyArray<string | null> | null | undefined;
      let out = '';
      for (const p of rw.parts) {
        if (typeof p !== 'number') out += p;
        else {
          if (m === undefined) m = e.regex ? e.regex.exec(path) : null;
          out += m?.[p] ?? '';
        }
      }
      return out.charCodeAt(0) === 47 ? out : '/' + out;
    }
  }
}

function withQuery(path: string, query: string): string {
  if (!query) return path;
  if (path.indexOf('?') >= 0) return query.length > 1 ? path + '&' + query.slice(1) : path;
  return path + query;
}

/** The port clients use for a served port (the main two may sit behind a Service's 80/443). */
function publicOf(ctx: MatchContext, served: number): number {
  return served === ctx.httpPort ? ctx.publicHttpPort : served === ctx.httpsPort ? ctx.publicHttpsPort : served;
}

export function portSuffix(scheme: string, port: number): string {
  return (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443) ? '' : ':' + port;
}

// Shared, frozen: a miss allocates nothing.
const NO_LISTENER: MatchResult = Object.freeze({ kind: 'no-match', status: 404, reason: 'no listener on this port' });
const NO_HOST: MatchResult = Object.freeze({ kind: 'no-match', status: 404, reason: 'no route for this host' });
const NO_RULE: MatchResult = Object.freeze({ kind: 'no-match', status: 404, reason: "no rule of this host matched the request" });

const HTTPS_REDIRECT: RedirectAction = { type: 'redirect', status: 308 };

export interface MatchContext {
  ports: Map<number, PortTable>;
  httpPort: number;
  httpsPort: number;
  /** what clients connect to for httpPort / httpsPort (a Service's 80 / 443): redirects name these */
  publicHttpPort: number;
  publicHttpsPort: number;
  /** declared -> served port mapping (80 -> httpPort ...) */
  servedPort(declared: number): number;
}

/**
 * Fast scan of an origin-form target that needs no normalisation: returns the index of
 * "?" (or the length), or -1 when the full parser must run (escapes, dot segments, odd
 * characters, absolute-form).
 */
function quickScan(raw: string): number {
  if (raw.charCodeAt(0) !== 47) return -1;
  let prev = 47;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 63 /* ? */) {
      for (let j = i + 1; j < raw.length; j++) {
        const d = raw.charCodeAt(j);
        if (d <= 32 || d === 127 || d === 35 || d === 92) return -1; // escapes in the query are fine
      }
      return i;
    }
    if (c <= 32 || c === 127 || c === 35 || c === 92 || c === 37 || (c === 46 && prev === 47)) return -1;
    prev = c;
  }
  return raw.length;
}

const HOST_CACHE_MAX = 4096;

export function matchRequest(ctx: MatchContext, req: MatchRequest): MatchResult {
  const raw = req.path;
  let path: string;
  let query: string;
  let target: string;
  const q = quickScan(raw);
  if (q >= 0) {
    target = raw;
    if (q === raw.length) {
      path = raw;
      query = '';
    } else {
      path = raw.slice(0, q);
      query = raw.slice(q);
    }
  } else {
    const t = parseRequestTarget(raw);
    if (!t.ok) return { kind: 'bad-request', status: 400, reason: t.error };
    path = t.path;
    query = t.query;
    target = t.target;
  }
  const port = req.port ?? (req.scheme === 'https' ? ctx.httpsPort : ctx.httpPort);
  const table = ctx.ports.get(port);
  if (!table) return NO_LISTENER;
  // Most traffic repeats a few Host values: cache raw Host -> [normalised host, rules].
  const rawHost = req.host ?? '';
  let hit = table.hostCache.get(rawHost);
  if (hit === undefined) {
    const h = normalizeHost(rawHost);
    hit = { host: h, list: table.lookup(h) };
    if (table.hostCache.size >= HOST_CACHE_MAX) table.hostCache.clear();
    table.hostCache.set(rawHost, hit);
  }
  const list = hit.list;
  if (list.index !== undefined) {
    const cands = candidates(list.index, path);
    for (let j = 0; j < cands.length; j++) {
      const i = cands[j];
      const e = list.entries[i];
      if (list.kind[i] === 2 && !e.regex!.test(path)) continue;
      if (list.cond[i] === 1 && !condsOk(e, req, query)) continue;
      return buildResult(ctx, e, req, hit.host, path, query, target);
    }
    return NO_RULE;
  }
  const kinds = list.kind;
  const values = list.value;
  const n = kinds.length;
  for (let i = 0; i < n; i++) {
    const k = kinds[i];
    if (k === 0) {
      if (path !== values[i]) continue;
    } else if (k === 1) {
      const p = values[i];
      if (p.length !== 0) {
        if (!path.startsWith(p)) continue;
        if (path.length !== p.length && path.charCodeAt(p.length) !== 47) continue;
      }
    } else if (!list.entries[i].regex!.test(path)) continue;
    const e = list.entries[i];
    if (list.cond[i] === 1 && !condsOk(e, req, query)) continue;
    return buildResult(ctx, e, req, hit.host, path, query, target);
  }
  return n ? NO_RULE : NO_HOST;
}

/** Method, header and query-param conditions (the path already matched). */
function condsOk(e: Entry, req: MatchRequest, query: string): boolean {
  if (e.method !== undefined && e.method !== req.method) return false;
  if (e.headers !== undefined) {
    for (const c of e.headers) if (!condOk(c, headerValue(req.headers, c.name))) return false;
  }
  if (e.query !== undefined) {
    const params = parseQuery(query);
    for (const c of e.query) if (!condOk(c, params.get(c.name))) return false;
  }
  return true;
}

function buildResult(
  ctx: MatchContext,
  e: Entry,
  req: MatchRequest,
  host: string,
  path: string,
  query: string,
  target: string,
): MatchResult {
  if (e.httpsOnly && req.scheme === 'http') {
    return {
      kind: 'route',
      route: e.route,
      action: HTTPS_REDIRECT,
      upstreamPath: target,
      location: 'https://' + host + portSuffix('https', ctx.publicHttpsPort) + target,
    };
  }
  let action = e.action;
  if (e.canary) action = pickCanary(e.canary, e.action, req);
  if (action.type === 'redirect' && e.redirect) {
    const r = e.redirect;
    const scheme = r.scheme ?? req.scheme;
    let port: number;
    if (r.port !== undefined) port = r.port;
    else if (r.scheme !== undefined) port = r.scheme === 'https' ? ctx.publicHttpsPort : r.scheme === 'http' ? ctx.publicHttpPort : publicOf(ctx, r.listenerPort);
    else port = publicOf(ctx, r.listenerPort);
    const p = r.path ? applyPathRewrite(r.path, e, path) : path;
    return {
      kind: 'route',
      route: e.route,
      action,
      upstreamPath: target,
      location: scheme + '://' + (r.hostname ?? host) + portSuffix(scheme, port) + withQuery(p, query),
    };
  }
  const upstreamPath = e.rewrite ? withQuery(applyPathRewrite(e.rewrite, e, path), query) : target;
  return { kind: 'route', route: e.route, action, upstreamPath, location: undefined };
}

function pickCanary(c: CanarySpec, main: RouteAction, req: MatchRequest): RouteAction {
  if (c.byHeader !== undefined) {
    const v = headerValue(req.headers, c.byHeader);
    if (v !== undefined) {
      if (c.headerValue !== undefined) {
        if (v === c.headerValue) return c.canaryAction;
      } else if (c.headerPattern !== undefined) {
        if (c.headerPattern.test(v)) return c.canaryAction;
      } else if (v === 'always') return c.canaryAction;
      else if (v === 'never') return main;
    }
  }
  if (c.byCookie !== undefined) {
    const v = cookieValue(headerValue(req.headers, 'cookie'), c.byCookie);
    if (v === 'always') return c.canaryAction;
    if (v === 'never') return main;
  }
  return c.splitAction;
}

export function directResponse(status: number, body: string): DirectResponseAction {
  return { type: 'direct-response', status, body };
}

export type { ForwardAction };

/**
 * Entries are read on every request: give them one fixed shape (all fields present, in
 * one order) so property access stays monomorphic.
 */
export function makeEntry(i: Entry): Entry {
  return {
    pathRank: i.pathRank,
    pathLen: i.pathLen,
    hasMethod: i.hasMethod,
    headerCount: i.headerCount,
    queryCount: i.queryCount,
    created: i.created,
    order: i.order,
    ruleIndex: i.ruleIndex,
    matchIndex: i.matchIndex,
    pathType: i.pathType,
    pathValue: i.pathValue,
    regex: i.regex,
    method: i.method,
    headers: i.headers,
    query: i.query,
    route: i.route,
    action: i.action,
    rewrite: i.rewrite,
    redirect: i.redirect,
    canary: i.canary,
    httpsOnly: i.httpsOnly,
    hostPattern: i.hostPattern,
    matchText: i.matchText,
  };
}

/** Same idea for backends (the proxy reads them per request). */
export function makeBackendRef(b: BackendRef): BackendRef {
  return {
    key: b.key,
    namespace: b.namespace,
    service: b.service,
    port: b.port,
    endpointPortName: b.endpointPortName,
    weight: b.weight,
    protocol: b.protocol,
    invalid: b.invalid,
    requestHeaders: b.requestHeaders,
    responseHeaders: b.responseHeaders,
    canary: b.canary,
    pipeline: b.pipeline,
  };
}

export function makeForward(a: Omit<ForwardAction, 'type'>): ForwardAction {
  return {
    type: 'forward',
    backends: a.backends,
    totalWeight: a.totalWeight,
    requestHeaders: a.requestHeaders,
    responseHeaders: a.responseHeaders,
    hostRewrite: a.hostRewrite,
    mirrors: a.mirrors,
    policy: a.policy,
  };
}
