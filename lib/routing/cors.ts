/**
 * CORS answers, as one pure decision plus the header lists it implies. Used by the gateway for
 * ingress-nginx's enable-cors annotations; the Gateway API CORS filter (HTTPRoute, when it
 * comes) must reuse these same functions so both kinds follow one rule:
 * an arbitrary Origin is never reflected, and never together with credentials.
 *
 * ingress-nginx (rootfs/etc/nginx/template/nginx.tmpl, buildCorsOriginRegex):
 * - allow-origin "*" (the default): `Access-Control-Allow-Origin: *` on every response, Origin
 *   or not. ingress-nginx also sends `Access-Control-Allow-Credentials: true` with it; browsers
 *   ignore credentials with "*", so we leave it out (same effect, no misleading header).
 * - a list: the Origin is echoed only when it is listed (case-insensitive; "https://*.x.com"
 *   stands for exactly one DNS label), with Allow-Credentials; otherwise no CORS headers.
 *   We add `Vary: Origin` to every answer of a listed policy, so a shared cache never hands
 *   one origin's answer to another.
 * - preflight (OPTIONS from an allowed Origin with Access-Control-Request-Method): 204 with the
 *   configured methods, headers and max-age, answered by the gateway.
 *
 * HTTPRoute CORS filter (Gateway API v1.6 HTTPCORSFilter, `gatewayApi` policies), where it differs:
 * - "*" in an origin's host matches any number of labels ("https://*.bar.com" takes
 *   https://a.b.bar.com); default ports are ignored on both sides.
 * - a preflight from a refused origin gets 204 without CORS headers from the gateway (the spec's
 *   first choice), not the backend's answer.
 * - Allow-Methods / Allow-Headers only when the preflight sent Access-Control-Request-Method /
 *   -Headers; a configured "*" is answered "*", or, with allowCredentials, with what was asked.
 *   Expose-Headers "*" is left out with credentials (browsers would read it literally).
 * - allowOrigins ["*"] with allowCredentials: the spec asks to echo the Origin with credentials.
 *   We do not: the rule above holds for both kinds, so the answer is "*" without
 *   Allow-Credentials (a credentialed request from any site then fails, as with ingress-nginx).
 */
import type { CorsPolicy, HTTPRouteFilter } from './types';

/** The policy answers every origin with a literal "*". */
export function corsAnyOrigin(cors: CorsPolicy): boolean {
  // ingress-nginx: no list means "*"; an HTTPRoute filter without allowOrigins allows none
  return (cors.allowOrigins.length === 0 && !cors.gatewayApi) || cors.allowOrigins.includes('*');
}

/**
 * The decision: the Access-Control-Allow-Origin value for a request with this Origin header,
 * or undefined for none. "*" for an any-origin policy (even without an Origin); the request's
 * own Origin only when the policy lists it.
 */
export function corsAllowOrigin(cors: CorsPolicy, origin: string | undefined): string | undefined {
  if (corsAnyOrigin(cors)) return '*';
  if (!origin) return undefined;
  const lower = cors.gatewayApi ? withoutDefaultPort(origin.toLowerCase()) : origin.toLowerCase();
  for (const o of cors.allowOrigins) {
    if (o === lower) return origin;
    const star = o.indexOf('*');
    if (star >= 0 && originMatchesWildcard(lower, o.slice(0, star), o.slice(star + 1), cors.gatewayApi === true)) return origin;
  }
  return undefined;
}

/** "https://a.example.com:443" -> "https://a.example.com" (and :80 for http). */
function withoutDefaultPort(origin: string): string {
  if (origin.startsWith('https://') && origin.endsWith(':443')) return origin.slice(0, -4);
  if (origin.startsWith('http://') && origin.endsWith(':80')) return origin.slice(0, -3);
  return origin;
}

type CorsFilter = NonNullable<HTTPRouteFilter['cors']>;

/** Compiles an HTTPRoute CORS filter once per route (the request path only reads the result). */
export function gatewayCorsPolicy(f: CorsFilter): CorsPolicy {
  const credentials = f.allowCredentials === true;
  const expose = f.exposeHeaders ?? [];
  return {
    allowOrigins: (f.allowOrigins ?? []).map((o) => (o === '*' ? o : withoutDefaultPort(o.toLowerCase()))),
    allowMethods: (f.allowMethods ?? []).join(', '),
    allowHeaders: (f.allowHeaders ?? []).join(', '),
    exposeHeaders: credentials && expose.includes('*') ? '' : expose.join(', '),
    allowCredentials: credentials,
    maxAgeSeconds: f.maxAge ?? 5,
    gatewayApi: true,
  };
}

/**
 * "https://*.example.com": the "*" is one DNS label (letters, digits, "-"), as in ingress-nginx;
 * with `labels` (Gateway API) any number of them ("." too), never a port or a path.
 */
function originMatchesWildcard(origin: string, prefix: string, suffix: string, labels: boolean): boolean {
  if (origin.length <= prefix.length + suffix.length || !origin.startsWith(prefix) || !origin.endsWith(suffix)) return false;
  for (let i = prefix.length; i < origin.length - suffix.length; i++) {
    const c = origin.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || (labels && c === 46))) return false;
  }
  return true;
}

/** A CORS preflight; the gateway answers it when the Origin is allowed (otherwise it goes upstream). */
export function isCorsPreflight(method: string | undefined, origin: string | undefined, requestMethod: string | string[] | undefined): boolean {
  return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
}

/**
 * Headers of the 204 answer to a preflight (`allowOrigin` from corsAllowOrigin; `requestMethod`
 * and `requestHeaders` are the preflight's Access-Control-Request-* values).
 */
export function corsPreflightHeaders(cors: CorsPolicy, allowOrigin: string, requestMethod?: string, requestHeaders?: string): string[] {
  if (cors.gatewayApi) return gatewayPreflightHeaders(cors, allowOrigin, requestMethod, requestHeaders);
  const h = ['access-control-allow-origin', allowOrigin, 'access-control-allow-methods', cors.allowMethods, 'access-control-allow-headers', cors.allowHeaders, 'access-control-max-age', String(cors.maxAgeSeconds)];
  if (allowOrigin !== '*') {
    if (cors.allowCredentials) h.push('access-control-allow-credentials', 'true');
    h.push('vary', 'Origin');
  }
  h.push('content-length', '0');
  return h;
}

function gatewayPreflightHeaders(cors: CorsPolicy, allowOrigin: string, requestMethod?: string, requestHeaders?: string): string[] {
  const h = ['access-control-allow-origin', allowOrigin];
  // "*" stands for anything only without credentials; with them, answer what was asked
  const star = (configured: string, asked: string) => (configured === '*' && cors.allowCredentials ? asked : configured);
  if (requestMethod && cors.allowMethods) h.push('access-control-allow-methods', star(cors.allowMethods, requestMethod));
  if (requestHeaders && cors.allowHeaders) h.push('access-control-allow-headers', star(cors.allowHeaders, requestHeaders));
  if (cors.exposeHeaders) h.push('access-control-expose-headers', cors.exposeHeaders);
  h.push('access-control-max-age', String(cors.maxAgeSeconds));
  if (allowOrigin !== '*' && cors.allowCredentials) h.push('access-control-allow-credentials', 'true');
  if (!corsAnyOrigin(cors)) h.push('vary', 'Origin');
  h.push('content-length', '0');
  return h;
}

/** The 204 a Gateway API policy gives a preflight from a refused origin: no CORS headers. */
export function corsRefusedPreflightHeaders(): string[] {
  return ['vary', 'Origin', 'content-length', '0'];
}

/**
 * CORS headers of an actual (non-preflight) response, pushed onto the flat header list `out`.
 * Access-Control-* headers the upstream sent are replaced (ingress-nginx's more_set_headers
 * does the same), so an upstream cannot reflect an origin the policy refuses.
 */
export function corsResponseHeaders(out: string[], cors: CorsPolicy, allowOrigin: string | undefined): void {
  let w = 0;
  for (let i = 0; i < out.length; i += 2) {
    const n = out[i];
    if (n.length > 15 && (n.charCodeAt(0) | 32) === 97 && n.slice(0, 15).toLowerCase() === 'access-control-') continue;
    out[w++] = n;
    out[w++] = out[i + 1];
  }
  out.length = w;
  if (allowOrigin !== undefined) {
    out.push('access-control-allow-origin', allowOrigin);
    if (allowOrigin !== '*' && cors.allowCredentials) out.push('access-control-allow-credentials', 'true');
    if (cors.exposeHeaders) out.push('access-control-expose-headers', cors.exposeHeaders);
  }
  if (!corsAnyOrigin(cors)) out.push('vary', 'Origin');
}
