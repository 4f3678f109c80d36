/**
 * The equivalence proof of a conversion: the Ingress (with its canaries) and the proposed
 * HTTPRoutes are each compiled by buildSnapshot -- the routing table the gateway serves from --
 * and asked the same generated requests: every host (and a wildcard's one- and two-label
 * names, an unknown host), every path with its boundaries (/a, /a/, /ab, /a/b, upper case, a
 * query), both schemes, two methods, and the canary header/cookie values present and absent.
 * Any request answered differently (backend and weight share, backend protocol, upstream path,
 * Host rewrite, redirect, status, the CORS answer, the session cookie) is listed. With a CORS
 * policy the requests also carry Origins (each allowed one, a wildcard's one- and two-label
 * forms, a stranger) and preflights, answered by the same functions the gateway uses.
 */
import { buildSnapshot } from '../snapshot';
import type { GatewayInput, IngressInput, MatchRequest, MatchResult, RoutingOptions, SecretInput, ServiceInput } from '../types';
import { parseIngressAnnotations } from '../annotations';
import { corsAllowOrigin, corsPreflightHeaders, corsRefusedPreflightHeaders, isCorsPreflight } from '../cors';
import type { RoutePolicy } from '../types';
import type { Conversion, ConversionTarget, ProposedRoute } from './ingress-to-httproute';

export interface EquivalenceInput {
  ingress: IngressInput;
  /** the canary Ingresses the conversion folded in (Conversion.canaries) */
  canaries: readonly IngressInput[];
  conversion: Conversion;
  services: readonly ServiceInput[];
  /** the chosen Gateway's listeners (certificates and allowedRoutes are not what is compared) */
  target: ConversionTarget;
  options?: RoutingOptions;
}

export interface RequestCase {
  method: string;
  scheme: 'http' | 'https';
  host: string;
  path: string;
  headers: Record<string, string>;
}

export interface Difference {
  request: RequestCase;
  ingress: string;
  proposal: string;
}

export interface EquivalenceResult {
  requests: number;
  differences: Difference[];
  /** more differences than listed */
  truncated: boolean;
}

/** Bounds: generated requests per Ingress, and differences kept. */
export const MAX_REQUESTS = 50_000;
export const MAX_DIFFERENCES = 200;

const GATEWAY_CLASS_NAME = 'portico-conversion-check';

const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);

/**
 * A preflight answer as a browser judges it (Fetch's CORS-preflight check): allowed or not, for
 * which origin, with credentials, cached how long. Header spelling and lists the browser does not
 * need (Allow-Headers when none were asked) are not differences.
 */
function browserVerdict(flat: string[], method: string, asked: string | undefined): string {
  const h = new Map<string, string>();
  for (let i = 0; i < flat.length; i += 2) h.set(flat[i], flat[i + 1]);
  const credentials = h.get('access-control-allow-credentials') === 'true';
  const methods = list(h.get('access-control-allow-methods'));
  const headers = list(h.get('access-control-allow-headers'));
  const wild = (l: string[]) => l.includes('*') && !credentials;
  const methodOk = ['get', 'head', 'post'].includes(method.toLowerCase()) || methods.includes(method.toLowerCase()) || wild(methods);
  const headersOk = list(asked).every((x) => headers.includes(x) || wild(headers));
  return `${methodOk && headersOk ? 'allowed' : 'refused'} origin ${h.get('access-control-allow-origin')}${credentials ? ' credentials' : ''} max-age ${h.get('access-control-max-age')}`;
}

/** The CORS answer and session cookie a forwarded request gets (empty without either policy). */
function describePolicy(p: RoutePolicy, req?: RequestCase): string {
  let out = '';
  const a = p.affinity;
  if (a) out += ` session ${a.type} ${a.cookieName} path ${a.path ?? '/'}${a.maxAgeSeconds ? ` max-age ${a.maxAgeSeconds}` : ''}`;
  const c = p.cors;
  if (!c) return out;
  const origin = req?.headers.origin;
  const allow = corsAllowOrigin(c, origin);
  const asked = req?.headers['access-control-request-method'];
  if (isCorsPreflight(req?.method, origin, asked)) {
    if (allow === undefined) return `${out} preflight ${c.gatewayApi ? `answered ${corsRefusedPreflightHeaders().join(' ')}` : 'sent upstream'}`;
    return `${out} preflight ${browserVerdict(corsPreflightHeaders(c, allow, asked, req?.headers['access-control-request-headers']), asked ?? '', req?.headers['access-control-request-headers'])}`;
  }
  if (allow === undefined) return `${out} cors none`;
  const expose = list(c.exposeHeaders).join(',');
  return `${out} cors allow-origin ${allow}${allow !== '*' && c.allowCredentials ? ' credentials' : ''}${expose ? ` expose ${expose}` : ''}`;
}

/** What a request gets, as one comparable line. */
export function describeResult(r: MatchResult, req?: RequestCase): string {
  if (r.kind !== 'route') return String(r.status);
  const a = r.action;
  if (a.type === 'redirect') return `redirect ${a.status} ${r.location ?? ''}`;
  if (a.type === 'direct-response') return `status ${a.status}`;
  const total = a.totalWeight || 1;
  const shares = new Map<string, number>();
  for (const b of a.backends) {
    const k = b.invalid ? `invalid(${b.service})` : `${b.key} ${b.protocol}`;
    shares.set(k, (shares.get(k) ?? 0) + b.weight / total);
  }
  const backends = [...shares].sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, s]) => (s === 1 ? k : `${k} ${Math.round(s * 1000) / 10}%`));
  return `forward ${backends.join(' + ')} path ${r.upstreamPath}${a.hostRewrite ? ` host ${a.hostRewrite}` : ''}${describePolicy(a.policy, req)}`;
}

/** Ingress host -> names a request may carry (a wildcard: one label and two labels). */
function hostsFor(host: string): string[] {
  if (!host) return ['unlisted.example'];
  if (host.startsWith('*.')) return ['x' + host.slice(1), 'x.y' + host.slice(1)];
  return [host, host.toUpperCase()];
}

/** The literal start of a path (a regex path: up to its first metacharacter). */
function literalStart(path: string): string {
  const i = path.search(/[.*+?^${}()|[\]\\]/);
  return i < 0 ? path : path.slice(0, i);
}

/**
 * One string a regular expression matches (first alternative, one repetition, first member of a
 * class), so the proof also asks paths that reach into a regex path, not only its literal start.
 */
export function sampleOf(pattern: string): string {
  let i = 0;
  const alt = (): string => {
    let first: string | undefined;
    let cur = '';
    while (i < pattern.length && pattern[i] !== ')') {
      if (pattern[i] === '|') {
        first ??= cur;
        cur = '';
        i++;
        continue;
      }
      cur += atom();
    }
    return first ?? cur;
  };
  const atom = (): string => {
    const c = pattern[i++];
    let out: string;
    if (c === '\\') {
      const e = pattern[i++] ?? '';
      out = e === 'd' ? '1' : e === 'w' ? 'a' : e === 's' ? ' ' : /[A-Za-z]/.test(e) ? '' : e;
    } else if (c === '[') {
      const neg = pattern[i] === '^';
      if (neg) i++;
      const first = pattern[i] === '\\' ? (pattern[i + 1] === 'd' ? '1' : pattern[i + 1] === 'w' ? 'a' : pattern[i + 1]) : pattern[i];
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      out = neg ? '~' : (first ?? 'a');
    } else if (c === '(') {
      let flagsOnly = false;
      if (pattern[i] === '?') {
        while (i < pattern.length && pattern[i] !== ':' && pattern[i] !== ')') i++;
        flagsOnly = pattern[i] === ')';
        i++;
      }
      if (flagsOnly) out = '';
      else {
        out = alt();
        i++; // ")"
      }
    } else if (c === '.') out = 'a';
    else if (c === '^' || c === '$') out = '';
    else out = c;
    // quantifiers: keep one occurrence (none for "?"/"*" would also do; one reaches further)
    const q = pattern[i];
    if (q === '*' || q === '+' || q === '?') {
      i++;
      if (pattern[i] === '?') i++;
    } else if (q === '{') {
      const end = pattern.indexOf('}', i);
      if (end > 0) i = end + 1;
    }
    return out;
  };
  return alt();
}

function pathsFor(path: string, regex: boolean): string[] {
  const lit = literalStart(path) || '/';
  const extra = regex ? [sampleOf(path)].filter((s) => s.startsWith('/')) : [];
  const base = lit.length > 1 ? lit.replace(/\/+$/, '') : '';
  const out = new Set<string>(['/', '/zz-unmatched']);
  for (const p of [lit, base]) {
    if (!p) continue;
    out.add(p).add(p + '/').add(p + 'x').add(p + '/x').add(p + '/x/y').add(p.toUpperCase() + '/x').add(p + '/x?q=1');
  }
  if (base) {
    out.add(base.slice(0, -1) || '/');
    out.add(base + '/');
  }
  for (const x of extra) out.add(x).add(x + '/x').add(x.toUpperCase()).add(x + 'x');
  return [...out];
}

/** Header sets that exercise a canary: none, each trigger value, the cookie, and the two combined. */
function canaryHeaders(canaries: readonly IngressInput[]): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [{}];
  for (const c of canaries) {
    const a = parseIngressAnnotations(c.metadata.annotations);
    const headerSets: Array<Record<string, string>> = [];
    if (a.canaryByHeader) {
      const values = new Set(['always', 'never', 'other']);
      if (a.canaryByHeaderValue !== undefined) values.add(a.canaryByHeaderValue).add(a.canaryByHeaderValue + 'x');
      for (const w of a.canaryByHeaderPattern?.source.match(/[A-Za-z0-9_-]+/g) ?? []) values.add(w).add(`x-${w}-x`);
      for (const v of values) headerSets.push({ [a.canaryByHeader]: v });
    }
    const cookieSets: Array<Record<string, string>> = [];
    if (a.canaryByCookie) {
      const n = a.canaryByCookie;
      for (const v of [`${n}=always`, `${n}=never`, `${n}=other`, `a=1; ${n}=always`, `${n}=always; b=2`, `x${n}=always`]) cookieSets.push({ cookie: v });
    }
    out.push(...headerSets, ...cookieSets);
    for (const h of headerSets) for (const c2 of cookieSets) out.push({ ...h, ...c2 });
  }
  return out;
}

/** Origins that exercise a CORS policy: each listed one (a wildcard as one and two labels), a stranger; none without CORS. */
function corsOrigins(ingress: IngressInput): string[] {
  const cors = parseIngressAnnotations(ingress.metadata.annotations).cors;
  if (!cors) return [];
  const out = new Set<string>(['https://stranger.example']);
  for (const o of cors.allowOrigins.slice(0, 16)) {
    if (o === '*') continue;
    if (o.includes('*.')) out.add(o.replace('*.', 'a.')).add(o.replace('*.', 'a.b.'));
    else out.add(o).add(o.startsWith('https://') ? `${o}:443` : `${o}:80`);
  }
  return [...out];
}

/** Header sets with an Origin: a plain request, a preflight, a preflight that asks for headers. */
function corsHeaders(origins: readonly string[]): Array<{ method: string; headers: Record<string, string> }> {
  return origins.flatMap((origin): Array<{ method: string; headers: Record<string, string> }> => [
    { method: 'GET', headers: { origin } },
    { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } },
    { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'content-type' } },
  ]);
}

/** The requests the proof asks (deduplicated, bounded by MAX_REQUESTS). */
export function generateRequests(ingress: IngressInput, canaries: readonly IngressInput[]): RequestCase[] {
  const hosts = new Set<string>(['unlisted.example']);
  const paths = new Set<string>(['/']);
  const regex = (i: IngressInput) => {
    const a = parseIngressAnnotations(i.metadata.annotations);
    return a.useRegex || a.rewriteTarget !== undefined;
  };
  for (const rule of ingress.spec?.rules ?? []) {
    for (const h of hostsFor((rule.host ?? '').toLowerCase())) hosts.add(h);
    for (const p of rule.http?.paths ?? []) for (const x of pathsFor(p.path ?? '/', regex(ingress))) paths.add(x);
  }
  for (const c of canaries) for (const rule of c.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) for (const x of pathsFor(p.path ?? '/', regex(c))) paths.add(x);
  const headerSets = canaryHeaders(canaries);
  const out: RequestCase[] = [];
  for (const host of hosts)
    for (const path of paths)
      for (const scheme of ['http', 'https'] as const)
        for (const method of ['GET', 'POST'])
          for (const headers of headerSets) {
            if (out.length >= MAX_REQUESTS) return out;
            out.push({ method, scheme, host, path, headers });
          }
  // CORS: every host and path with each Origin (plain and preflight), once per scheme.
  const cors = corsHeaders(corsOrigins(ingress));
  for (const host of hosts)
    for (const path of paths)
      for (const scheme of ['http', 'https'] as const)
        for (const c of cors) {
          if (out.length >= MAX_REQUESTS) return out;
          out.push({ method: c.method, scheme, host, path, headers: c.headers });
        }
  return out;
}

/** The chosen Gateway as the routing layer reads it, with stand-in certificates (not compared). */
function stagedGateway(target: ConversionTarget): { gateway: GatewayInput; secrets: SecretInput[] } {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const secrets: SecretInput[] = [];
  const listeners = target.listeners.map((l) => {
    const base = { name: l.name, port: l.port, protocol: l.protocol, ...(l.hostname ? { hostname: l.hostname } : {}), allowedRoutes: { namespaces: { from: 'All' as const } } };
    if (l.protocol !== 'HTTPS') return base;
    const secret = `stand-in-${l.name}`;
    secrets.push({ metadata: { name: secret, namespace: target.namespace }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': pem, 'tls.key': pem.replace(/CERTIFICATE/g, 'PRIVATE KEY') } });
    return { ...base, tls: { mode: 'Terminate' as const, certificateRefs: [{ name: secret }] } };
  });
  return {
    gateway: { metadata: { name: target.name, namespace: target.namespace, creationTimestamp: '2000-01-01T00:00:00Z', generation: 1 }, spec: { gatewayClassName: GATEWAY_CLASS_NAME, listeners } },
    secrets,
  };
}

export function checkEquivalence(input: EquivalenceInput): EquivalenceResult {
  const options: RoutingOptions = { ...input.options, ingressHostOwnership: 'off' };
  const className = options.ingressClassName ?? 'portico';
  // Only the converted objects, as ours (the question is what they do, not who else is there).
  const asOurs = (i: IngressInput): IngressInput => ({ ...i, spec: { ...i.spec, ingressClassName: className } });
  const before = buildSnapshot({ ingresses: [input.ingress, ...input.canaries].map(asOurs), services: [...input.services] }, options);
  const { gateway, secrets } = stagedGateway(input.target);
  const controllerName = options.controllerName ?? 'portico.dev/gateway-controller';
  const after = buildSnapshot(
    {
      gatewayClasses: [{ metadata: { name: GATEWAY_CLASS_NAME }, spec: { controllerName } }],
      gateways: [gateway],
      secrets,
      httpRoutes: input.conversion.routes.map(toInput),
      services: [...input.services],
    },
    options,
  );
  const requests = generateRequests(input.ingress, input.canaries);
  const differences: Difference[] = [];
  let truncated = false;
  for (const r of requests) {
    const req: MatchRequest = { method: r.method, scheme: r.scheme, host: r.host, path: r.path, headers: r.headers };
    const a = describeResult(before.match(req), r);
    const b = describeResult(after.match(req), r);
    if (a === b) continue;
    if (differences.length >= MAX_DIFFERENCES) {
      truncated = true;
      break;
    }
    differences.push({ request: r, ingress: a, proposal: b });
  }
  return { requests: requests.length, differences, truncated };
}

function toInput(r: ProposedRoute) {
  return { metadata: { ...r.metadata, creationTimestamp: '2000-01-01T00:00:01Z', generation: 1 }, spec: r.spec };
}
