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
 */
import type { CorsPolicy } from './types';

/** The policy answers every origin with a literal "*". */
export function corsAnyOrigin(cors: CorsPolicy): boolean {
  return cors.allowOrigins.length === 0 || cors.allowOrigins.includes('*');
}

/**
 * The decision: the Access-Control-Allow-Origin value for a request with this Origin header,
 * or undefined for none. "*" for an any-origin policy (even without an Origin); the request's
 * own Origin only when the policy lists it.
 */
export function corsAllowOrigin(cors: CorsPolicy, origin: string | undefined): string | undefined {
  if (corsAnyOrigin(cors)) return '*';
  if (!origin) return undefined;
  const lower = origin.toLowerCase();
  for (const o of cors.allowOrigins) {
    if (o === lower) return origin;
    const star = o.indexOf('*');
    if (star >= 0 && originMatchesWildcard(lower, o.slice(0, star), o.slice(star + 1))) return origin;
  }
  return undefined;
}

/** "https://*.example.com": the "*" is one DNS label (letters, digits, "-"), as in ingress-nginx. */
function originMatchesWildcard(origin: string, prefix: string, suffix: string): boolean {
  if (origin.length <= prefix.length + suffix.length || !origin.startsWith(prefix) || !origin.endsWith(suffix)) return false;
  for (let i = prefix.length; i < origin.length - suffix.length; i++) {
    const c = origin.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

/** A CORS preflight; the gateway answers it when the Origin is allowed (otherwise it goes upstream). */
export function isCorsPreflight(method: string | undefined, origin: string | undefined, requestMethod: string | string[] | undefined): boolean {
  return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
}

/** Headers of the 204 answer to a preflight (`allowOrigin` from corsAllowOrigin). */
export function corsPreflightHeaders(cors: CorsPolicy, allowOrigin: string): string[] {
  const h = ['access-control-allow-origin', allowOrigin, 'access-control-allow-methods', cors.allowMethods, 'access-control-allow-headers', cors.allowHeaders, 'access-control-max-age', String(cors.maxAgeSeconds)];
  if (allowOrigin !== '*') {
    if (cors.allowCredentials) h.push('access-control-allow-credentials', 'true');
    h.push('vary', 'Origin');
  }
  h.push('content-length', '0');
  return h;
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
