/**
 * Ingress (+ the ingress-nginx annotations the gateway honours, ../annotations) -> proposed
 * HTTPRoutes, with a row per annotation: translated, approximated (how) or not translatable
 * (why). Pure and isomorphic: the console, the CLI and the tests call the same function, and
 * ./equivalence checks the result on the routing table the gateway itself uses.
 *
 * Only HTTPRoute features the gateway serves are emitted: enable-cors becomes the CORS filter and
 * affinity: cookie rule.sessionPersistence (./cors-session). One route per host of the Ingress (hostnames differ per Ingress
 * rule, an HTTPRoute has one hostname list); a host with HTTPS-only rules (ssl-redirect) gets
 * its forwarding route on the HTTPS listeners and a 308 redirect route on the HTTP listeners.
 */
import type { HTTPRoute, HTTPRouteFilter, HTTPRouteMatch, HTTPRouteRule, ParentReference } from '../../k8s/schemas/gateway';
import type { GatewayInput, IngressBackend, IngressInput, NamespaceInput, ServiceInput } from '../types';
import { admitsNamespace, listenerRouteKinds } from '../listener-admission';
import { NGINX_PREFIX, LOAD_BALANCE_ANNOTATION, PORTICO_PREFIX, parseIngressAnnotations, type IngressAnnotations } from '../annotations';
import { byAge, nsOf } from '../context';
import { corsPlan, sessionPlan, type CorsPlan, type SessionPlan } from './cors-session';

export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';
/** On a proposed route: the Ingress it came from (the console links back; the move finds its routes). */
export const CONVERTED_FROM_ANNOTATION = 'portico.dev/converted-from';

export type RowStatus = 'translated' | 'approximated' | 'not-translatable' | 'ignored';

export interface AnnotationRow {
  /** the Ingress carrying the annotation (the main one or a canary) */
  ingress: string;
  key: string;
  value: string;
  status: RowStatus;
  /** how (translated/approximated) or why (not translatable) */
  detail: string;
}

/** A listener the proposal may attach to (server/queries/gateway-choices' GatewayChoice shape). */
export interface TargetListener {
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
}

export interface ConversionTarget {
  namespace: string;
  name: string;
  listeners: readonly TargetListener[];
}

export type ProposedRoute = { apiVersion: string; kind: 'HTTPRoute'; metadata: { name: string; namespace: string; annotations: Record<string, string> }; spec: NonNullable<HTTPRoute['spec']> };

export interface Conversion {
  ingress: { namespace: string; name: string };
  /** canary Ingresses folded into the proposal (their traffic moves too) */
  canaries: string[];
  routes: ProposedRoute[];
  annotations: AnnotationRow[];
  /** Ingress-level findings that are not about one annotation (defaultBackend, named ports, ...) */
  notes: string[];
  /** hosts the proposal serves ('' = the Ingress's host-less rules) */
  hosts: string[];
  /** set when the Ingress cannot be converted at all (refused / invalid annotations, not served) */
  refused?: string;
}

export interface ConvertInput {
  ingress: IngressInput;
  /** Ingresses of the same namespace: canaries of `ingress` are found here (by host and path). */
  siblings?: readonly IngressInput[];
  /** Services of the namespace: named Service ports become numbers (HTTPRoute backendRefs need one). */
  services?: readonly ServiceInput[];
  target: ConversionTarget;
  /** HTTPRoute names already used in the namespace by other routes (a proposal never takes them) */
  takenRouteNames?: ReadonlySet<string>;
}

const DNS_NAME_MAX = 253;

/** Route name for a host: the Ingress's name when it has one host, else name + host; "-ingress" (-2...) when taken. */
function routeName(base: string, host: string, many: boolean, taken: ReadonlySet<string>): string {
  const slug = (host || 'any').replace(/^\*\./, 'wildcard.').replace(/\./g, '-');
  const fit = (n: string) => n.slice(0, DNS_NAME_MAX - '-ingress-99-redirect'.length).replace(/[-.]+$/, '');
  const name = fit(many ? `${base}-${slug}` : base);
  const free = (n: string) => !taken.has(n) && !taken.has(`${n}-redirect`);
  if (free(name)) return name;
  for (let i = 1; ; i++) if (free(`${name}-ingress${i > 1 ? '-' + i : ''}`)) return `${name}-ingress${i > 1 ? '-' + i : ''}`;
}

// ---- paths and rewrite-target ------------------------------------------------------------

/** Regex metacharacters: a path without them is a literal (ingress-nginx still treats it as a regex prefix). */
const LITERAL_PATH = /^\/[A-Za-z0-9_~\-/]*$/;

/** Ingress regex (case-insensitive, anchored at the start only) as a whole-path RegularExpression. */
export function wholePathRegex(path: string): string {
  return `(?i)(?:${path}).*`;
}

/** The shapes of `rewrite-target` with a capture that map onto PathPrefix + ReplacePrefixMatch. */
function prefixRewrite(path: string, template: string): { prefix: string; replace: string } | undefined {
  // A: /lit(/|$)(.*) with X$2     B: /lit/(.*) with X$1      (X has no other $n)
  let m = /^(.*)\(\/\|\$\)\(\.\*\)$/.exec(path);
  let group = 2;
  if (!m) {
    m = /^(.*)\/\(\.\*\)$/.exec(path);
    group = 1;
  }
  if (!m || !LITERAL_PATH.test(m[1] || '/')) return undefined;
  const t = /^([^$]*)\$(\d)$/.exec(template);
  if (!t || Number(t[2]) !== group) return undefined;
  const x = t[1].startsWith('/') ? t[1] : '/' + t[1];
  const replace = x.replace(/\/+$/, '') || '/';
  return { prefix: m[1] || '/', replace };
}

interface PathPlan {
  match: HTTPRouteMatch['path'];
  rewrite?: NonNullable<HTTPRouteFilter['urlRewrite']>['path'];
  /** rewrite-target outcome for this path */
  rewriteStatus?: { status: RowStatus; detail: string };
}

function planPath(path: string, pathType: string, ann: IngressAnnotations): PathPlan {
  const regexMode = ann.useRegex || ann.rewriteTarget !== undefined;
  const t = ann.rewriteTarget;
  if (pathType === 'Exact') {
    const plan: PathPlan = { match: { type: 'Exact', value: path } };
    if (t === undefined) return plan;
    if (!/\$\d/.test(t)) return { ...plan, rewrite: { type: 'ReplaceFullPath', replaceFullPath: t.startsWith('/') ? t : '/' + t }, rewriteStatus: { status: 'translated', detail: `Exact ${path}: URLRewrite ReplaceFullPath "${t}"` } };
    return { ...plan, rewriteStatus: { status: 'not-translatable', detail: `Exact ${path}: URLRewrite takes no capture groups; the original path goes upstream` } };
  }
  if (!regexMode) return { match: { type: 'PathPrefix', value: path } };
  const regex: PathPlan = { match: { type: 'RegularExpression', value: wholePathRegex(path) } };
  if (t === undefined) return regex;
  if (!/\$\d/.test(t)) {
    return { ...regex, rewrite: { type: 'ReplaceFullPath', replaceFullPath: t.startsWith('/') ? t : '/' + t }, rewriteStatus: { status: 'translated', detail: `${path}: RegularExpression ${wholePathRegex(path)} + URLRewrite ReplaceFullPath "${t}"` } };
  }
  const pr = prefixRewrite(path, t);
  if (pr) {
    return {
      match: { type: 'PathPrefix', value: pr.prefix },
      rewrite: { type: 'ReplacePrefixMatch', replacePrefixMatch: pr.replace },
      rewriteStatus: {
        status: 'approximated',
        detail: `${path} -> "${t}": PathPrefix ${pr.prefix} + URLRewrite ReplacePrefixMatch "${pr.replace}" (the capture is "the rest after the prefix"); PathPrefix is case-sensitive where the Ingress regex is not${pr.replace !== '/' ? `, and ${pr.prefix} itself goes up as ${pr.replace} (the Ingress sends ${t.replace(/\$\d/, '')})` : ''}`,
      },
    };
  }
  return {
    ...regex,
    rewriteStatus: {
      status: 'not-translatable',
      detail: `${path} -> "${t}": URLRewrite has no capture groups (only ReplaceFullPath / ReplacePrefixMatch, and ReplacePrefixMatch needs a literal PathPrefix); the proposal matches the same paths (RegularExpression ${wholePathRegex(path)}) but sends the original path upstream`,
    },
  };
}

// ---- canaries -----------------------------------------------------------------------------

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The Cookie header carries `name` with `value` (one cookie-pair of the header). */
export function cookieRegex(name: string, value: string): string {
  return `(?:.*;)?\\s*${escapeRe(name)}\\s*=\\s*${escapeRe(value)}\\s*(?:;.*)?`;
}

interface Canary {
  ing: IngressInput;
  ann: IngressAnnotations;
  backend: IngressBackend;
}

/** Canary of host|path: the oldest canary Ingress with that rule (as ../ingress attaches them). */
function findCanaries(main: IngressInput, siblings: readonly IngressInput[]): Map<string, Canary> {
  const out = new Map<string, Canary>();
  for (const ing of byAge(siblings.filter((s) => s !== main && s.metadata.name !== main.metadata.name))) {
    const ann = parseIngressAnnotations(ing.metadata.annotations);
    if (!ann.canary || ann.refused || ann.invalid) continue;
    for (const rule of ing.spec?.rules ?? []) {
      const host = (rule.host ?? '').toLowerCase();
      for (const p of rule.http?.paths ?? []) {
        const key = `${host}|${p.path ?? '/'}`;
        if (!out.has(key) && p.backend) out.set(key, { ing, ann, backend: p.backend });
      }
    }
  }
  return out;
}

// ---- backends -----------------------------------------------------------------------------

function backendRef(b: IngressBackend | undefined, services: readonly ServiceInput[], ns: string, notes: string[], weight?: number): NonNullable<HTTPRouteRule['backendRefs']>[number] | undefined {
  const s = b?.service;
  if (!s) {
    notes.push(`a backend without a Service (${b?.resource ? `resource ${b.resource.kind}/${b.resource.name}` : 'empty'}) is not served by the gateway and is left out`);
    return undefined;
  }
  let port = s.port?.number;
  if (port === undefined && s.port?.name !== undefined) {
    const svc = services.find((x) => x.metadata.name === s.name && nsOf(x) === ns);
    port = svc?.spec?.ports?.find((p) => p.name === s.port?.name)?.port;
    if (port === undefined) notes.push(`Service ${s.name} port "${s.port.name}": HTTPRoute backendRefs need a port number and the Service has no port of that name; the backendRef has no port (the rule answers 500)`);
  }
  return { name: s.name, ...(port !== undefined ? { port } : {}), ...(weight !== undefined ? { weight } : {}) };
}

// ---- the conversion -----------------------------------------------------------------------

export function convertIngress(input: ConvertInput): Conversion {
  const ing = input.ingress;
  const ns = nsOf(ing);
  const name = ing.metadata.name;
  const ann = parseIngressAnnotations(ing.metadata.annotations);
  const out: Conversion = { ingress: { namespace: ns, name }, canaries: [], routes: [], annotations: [], notes: [], hosts: [] };
  if (ann.refused || ann.invalid) {
    out.refused = `the Ingress is not served today (${ann.problems.filter((p) => p.reason !== 'UnsupportedAnnotation').map((p) => p.message).join('; ')}); fix it before converting`;
    return out;
  }
  if (ann.canary) {
    out.refused = 'this is a canary Ingress: convert its main Ingress (the canary becomes rules of the main route)';
    return out;
  }
  const services = input.services ?? [];
  const canaries = findCanaries(ing, input.siblings ?? []);
  const usedCanaries = new Map<string, Canary>();
  const http = input.target.listeners.filter((l) => l.protocol === 'HTTP');
  const https = input.target.listeners.filter((l) => l.protocol === 'HTTPS');
  const parent = (l: TargetListener): ParentReference => ({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: input.target.namespace, name: input.target.name, sectionName: l.name });
  if (!http.length && !https.length) out.notes.push(`Gateway ${input.target.namespace}/${input.target.name} offers no HTTP or HTTPS listener to this namespace; the routes attach nowhere`);

  const tlsHosts = new Set((ing.spec?.tls ?? []).flatMap((t) => (t.hosts ?? []).map((h) => h.toLowerCase())));
  const covered = (h: string) => tlsHosts.has(h) || (h.indexOf('.') > 0 && tlsHosts.has('*' + h.slice(h.indexOf('.'))));
  const rewriteRows: Array<{ status: RowStatus; detail: string }> = [];
  // Policies of the whole Ingress (its canaries follow the main Ingress's, as in ingress-nginx).
  const cors = ann.cors ? corsPlan(ann.cors) : undefined;
  const session = ann.affinity ? sessionPlan(ann.affinity) : undefined;
  const withPolicies = (rule: HTTPRouteRule): HTTPRouteRule => ({
    ...rule,
    ...(cors ? { filters: [...(rule.filters ?? []), cors.filter] } : {}),
    ...(session ? { sessionPersistence: session.sessionPersistence } : {}),
  });

  // Group the Ingress rules by host, in order (one HTTPRoute per host).
  const byHost = new Map<string, Array<NonNullable<NonNullable<IngressInput['spec']>['rules']>[number]>>();
  for (const rule of ing.spec?.rules ?? []) {
    const host = (rule.host ?? '').toLowerCase();
    if (!byHost.has(host)) byHost.set(host, []);
    byHost.get(host)!.push(rule);
  }
  const db = ing.spec?.defaultBackend;
  if (!byHost.size && db) byHost.set('', []);
  const many = byHost.size > 1;
  let redirected = 0;

  for (const [host, rules] of byHost) {
    const rname = routeName(name, host, many, input.takenRouteNames ?? new Set());
    const httpsOnly = ann.forceSslRedirect || (ann.sslRedirect !== false && host !== '' && covered(host));
    const routeRules: HTTPRouteRule[] = [];
    const redirectMatches: HTTPRouteMatch[] = [];
    for (const rule of rules) {
      for (const p of rule.http?.paths ?? []) {
        const path = p.path ?? '/';
        const plan = planPath(path, p.pathType ?? 'ImplementationSpecific', ann);
        if (plan.rewriteStatus) rewriteRows.push(plan.rewriteStatus);
        const filters: HTTPRouteFilter[] = [];
        if (plan.rewrite || ann.upstreamVhost) {
          filters.push({ type: 'URLRewrite', urlRewrite: { ...(ann.upstreamVhost ? { hostname: ann.upstreamVhost } : {}), ...(plan.rewrite ? { path: plan.rewrite } : {}) } });
        }
        const main = backendRef(p.backend, services, ns, out.notes);
        if (!main) continue;
        const match: HTTPRouteMatch = { path: plan.match };
        redirectMatches.push(match);
        const rule0 = (extra: Partial<HTTPRouteMatch>, backendRefs: NonNullable<HTTPRouteRule['backendRefs']>): HTTPRouteRule =>
          withPolicies({
            matches: [{ ...match, ...extra }],
            ...(filters.length ? { filters } : {}),
            backendRefs,
          });
        const canary = canaries.get(`${host}|${path}`);
        if (canary) {
          usedCanaries.set(canary.ing.metadata.name, canary);
          const cb = backendRef(canary.backend, services, ns, out.notes);
          const c = canary.ann;
          if (cb) {
            // Same precedence as the gateway's canary pick: header first, then cookie, then weight.
            if (c.canaryByHeader) {
              const h = c.canaryByHeader;
              if (c.canaryByHeaderValue !== undefined) routeRules.push(rule0({ headers: [{ name: h, value: c.canaryByHeaderValue }] }, [cb]));
              else if (c.canaryByHeaderPattern) routeRules.push(rule0({ headers: [{ name: h, type: 'RegularExpression', value: `.*(?:${c.canaryByHeaderPattern.source}).*` }] }, [cb]));
              else {
                routeRules.push(rule0({ headers: [{ name: h, value: 'always' }] }, [cb]));
                routeRules.push(rule0({ headers: [{ name: h, value: 'never' }] }, [main]));
              }
            }
            if (c.canaryByCookie) {
              routeRules.push(rule0({ headers: [{ name: 'cookie', type: 'RegularExpression', value: cookieRegex(c.canaryByCookie, 'always') }] }, [cb]));
              routeRules.push(rule0({ headers: [{ name: 'cookie', type: 'RegularExpression', value: cookieRegex(c.canaryByCookie, 'never') }] }, [main]));
            }
            const w = c.canaryWeight ?? 0;
            const total = c.canaryWeightTotal;
            routeRules.push(rule0({}, w <= 0 ? [main] : w >= total ? [cb] : [{ ...main, weight: total - w }, { ...cb, weight: w }]));
            continue;
          }
        }
        routeRules.push(rule0({}, [main]));
      }
    }
    if (db) {
      const b = backendRef(db, services, ns, out.notes);
      if (b) {
        const filters: HTTPRouteFilter[] = ann.upstreamVhost ? [{ type: 'URLRewrite', urlRewrite: { hostname: ann.upstreamVhost } }] : [];
        routeRules.push(withPolicies({ matches: [{ path: { type: 'PathPrefix', value: '/' } }], ...(filters.length ? { filters } : {}), backendRefs: [b] }));
        redirectMatches.push({ path: { type: 'PathPrefix', value: '/' } });
      }
    }
    if (!routeRules.length) continue;
    out.hosts.push(host);
    const hostnames = host ? [host] : [];
    const meta = (n: string) => ({ name: n, namespace: ns, annotations: { [CONVERTED_FROM_ANNOTATION]: `Ingress/${name}` } });
    const forwardOn = httpsOnly && https.length ? https : [...http, ...https];
    out.routes.push({ apiVersion: GATEWAY_API_VERSION, kind: 'HTTPRoute', metadata: meta(rname), spec: { parentRefs: forwardOn.map(parent), ...(hostnames.length ? { hostnames } : {}), rules: routeRules } });
    if (httpsOnly && https.length && http.length) {
      redirected++;
      out.routes.push({
        apiVersion: GATEWAY_API_VERSION,
        kind: 'HTTPRoute',
        metadata: meta(`${rname}-redirect`),
        spec: { parentRefs: http.map(parent), ...(hostnames.length ? { hostnames } : {}), rules: [{ matches: redirectMatches, filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }] }] },
      });
    } else if (httpsOnly && !https.length) out.notes.push(`host ${host}: the Ingress redirects plain HTTP to HTTPS but Gateway ${input.target.name} offers no HTTPS listener here`);
  }
  if (db && (ing.spec?.rules ?? []).length) {
    out.notes.push("spec.defaultBackend: translated on this Ingress's own hosts (a last PathPrefix / rule); as the catch-all for every other host it is not converted (a host-less HTTPRoute would take all unmatched traffic of the listener)");
  }
  out.canaries = [...usedCanaries.keys()];
  out.annotations = annotationRows(ing, ann, rewriteRows, http.length > 0 && https.length > 0, redirected, cors, session);
  for (const c of usedCanaries.values()) out.annotations.push(...canaryRows(c));
  return out;
}

// ---- the annotation table -----------------------------------------------------------------

const FIXED: Record<string, (v: string) => { status: RowStatus; detail: string }> = {
  'proxy-connect-timeout': () => ({ status: 'not-translatable', detail: 'HTTPRoute timeouts (request, backendRequest) bound the whole exchange; Gateway API has no connect timeout. The gateway default applies' }),
  'proxy-read-timeout': () => ({ status: 'not-translatable', detail: 'an idle time between two reads; HTTPRoute timeouts.backendRequest bounds the whole upstream exchange instead (set it yourself if a total bound is wanted). The gateway default applies' }),
  'proxy-send-timeout': () => ({ status: 'not-translatable', detail: 'an idle time between two body writes; Gateway API has no such field. The gateway default applies' }),
  'proxy-body-size': () => ({ status: 'not-translatable', detail: 'Gateway API has no request body limit; the gateway default applies' }),
  'limit-rps': () => ({ status: 'not-translatable', detail: 'Gateway API has no rate limit (it would be an implementation policy the gateway does not offer for routes)' }),
  'limit-connections': () => ({ status: 'not-translatable', detail: 'Gateway API has no connection limit' }),
  'upstream-vhost': (v) => ({ status: 'translated', detail: `URLRewrite hostname "${v}" on every rule` }),
  'backend-protocol': (v) =>
    v.toUpperCase() === 'HTTP'
      ? { status: 'translated', detail: 'HTTP is what HTTPRoute backends speak by default' }
      : { status: 'approximated', detail: `HTTPRoute backends take their protocol from the Service port's appProtocol: set appProtocol ${({ HTTPS: 'kubernetes.io/https', GRPC: 'kubernetes.io/h2c', GRPCS: 'grpcs' } as Record<string, string>)[v.toUpperCase()] ?? v} on the Service port (the equivalence check lists the requests until then)` },
};

function annotationRows(ing: IngressInput, ann: IngressAnnotations, rewriteRows: Array<{ status: RowStatus; detail: string }>, bothListeners: boolean, redirected: number, cors?: CorsPlan, session?: SessionPlan): AnnotationRow[] {
  const rows: AnnotationRow[] = [];
  const name = ing.metadata.name;
  for (const [key, value] of Object.entries(ing.metadata.annotations ?? {})) {
    const row = (status: RowStatus, detail: string) => rows.push({ ingress: name, key, value, status, detail });
    if (key === LOAD_BALANCE_ANNOTATION) {
      row('not-translatable', 'HTTPRoute has no load-balancing field; the gateway default (GATEWAY_LB_ALGORITHM) applies');
      continue;
    }
    if (key.startsWith(PORTICO_PREFIX) || !key.startsWith(NGINX_PREFIX)) continue;
    const short = key.slice(NGINX_PREFIX.length);
    const problem = ann.problems.find((p) => p.key === key);
    if (problem) {
      row('ignored', 'not supported by the gateway (ignored today as well): nothing to translate');
      continue;
    }
    if (short === 'rewrite-target') {
      const worst = rewriteRows.some((r) => r.status === 'not-translatable') ? 'not-translatable' : rewriteRows.some((r) => r.status === 'approximated') ? 'approximated' : 'translated';
      row(worst, rewriteRows.map((r) => r.detail).join('; ') || 'no path to rewrite');
    } else if (short === 'use-regex') {
      row('translated', value === 'true' || ann.rewriteTarget !== undefined ? 'each path P -> RegularExpression "(?i)(?:P).*": the same case-insensitive match anchored at the start only' : 'false: plain prefixes');
    } else if (short === 'ssl-redirect' || short === 'force-ssl-redirect') {
      if (value === 'false') row('translated', 'no redirect: the route is attached to the HTTP and HTTPS listeners');
      else if (bothListeners && !redirected) row('translated', 'no host of this Ingress is listed in spec.tls: nothing redirects, the routes attach to the HTTP and HTTPS listeners');
      else if (bothListeners) row('translated', 'the host\'s route attaches to the HTTPS listener(s); a "-redirect" route on the HTTP listener(s) answers 308 with scheme https (RequestRedirect)');
      else row('not-translatable', 'the chosen Gateway offers this namespace no HTTP+HTTPS listener pair to redirect between');
    } else if (short === 'canary' || short.startsWith('canary-')) {
      row('ignored', 'canary annotations only act on a canary Ingress');
    } else if (short === 'enable-cors' || short.startsWith('cors-')) {
      const r = cors?.rows[short];
      if (r) row(r.status, r.detail);
      else row('ignored', cors ? 'not part of the CORS filter' : 'enable-cors is not "true": no CORS policy to translate');
    } else if (short === 'affinity' || short.startsWith('session-cookie-')) {
      const r = session?.rows[short];
      if (r) row(r.status, r.detail);
      else row('ignored', session ? 'not part of session persistence' : 'affinity is not "cookie": no session affinity to translate');
    } else {
      const f = FIXED[short];
      if (f) {
        const r = f(value);
        row(r.status, r.detail);
      } else row('ignored', 'not handled by the conversion');
    }
  }
  return rows;
}

function canaryRows(c: Canary): AnnotationRow[] {
  const rows: AnnotationRow[] = [];
  const name = c.ing.metadata.name;
  for (const [key, value] of Object.entries(c.ing.metadata.annotations ?? {})) {
    if (!key.startsWith(NGINX_PREFIX)) continue;
    const short = key.slice(NGINX_PREFIX.length);
    const row = (status: RowStatus, detail: string) => rows.push({ ingress: name, key, value, status, detail });
    switch (short) {
      case 'canary':
        row('translated', `the canary's rules become rules of the main route (backend ${c.backend.service?.name ?? '?'})`);
        break;
      case 'canary-weight':
      case 'canary-weight-total':
        row('translated', `weighted backendRefs: main ${c.ann.canaryWeightTotal - (c.ann.canaryWeight ?? 0)} : canary ${c.ann.canaryWeight ?? 0}`);
        break;
      case 'canary-by-header':
        row('translated', c.ann.canaryByHeaderValue !== undefined || c.ann.canaryByHeaderPattern ? `header match on ${value} (see the value/pattern row)` : `rule with header ${value}: always -> canary, rule with ${value}: never -> main (more headers win over the weighted rule)`);
        break;
      case 'canary-by-header-value':
        row('translated', `Exact header match ${c.ann.canaryByHeader ?? ''}: ${value} -> canary`);
        break;
      case 'canary-by-header-pattern':
        row('translated', `RegularExpression header match ".*(?:${value}).*" (the annotation matches anywhere in the value, Gateway API the whole value)`);
        break;
      case 'canary-by-cookie':
        row('approximated', `RegularExpression match on the Cookie header ("${value}=always" -> canary, "${value}=never" -> main, header rules first); differs only when a request carries the cookie twice (the Ingress reads the first, the route matches any)`);
        break;
      default:
        row('ignored', 'the main Ingress\'s settings apply to canary traffic (as in ingress-nginx)');
    }
  }
  return rows;
}

/** A Gateway's listeners that admit HTTPRoutes of `routeNs` (what the console's Gateway picker offers). */
export function targetFromGateway(gw: GatewayInput, routeNs: string, namespace?: NamespaceInput): ConversionTarget {
  const gwNs = nsOf(gw);
  const listeners = (gw.spec?.listeners ?? [])
    .filter((l) => listenerRouteKinds(l).includes('HTTPRoute') && admitsNamespace(l, gwNs, routeNs, namespace))
    .map((l) => ({ name: l.name, protocol: l.protocol, port: l.port, ...(l.hostname ? { hostname: l.hostname } : {}) }));
  return { namespace: gwNs, name: gw.metadata.name, listeners };
}
