/**
 * Session affinity tokens: Ingress `affinity: cookie` and HTTPRoute rule.sessionPersistence
 * (cookie or header, GEP-1619). A token names the endpoint (its stable short id); with an
 * absoluteTimeout it also carries its expiry (`<id>.<epoch seconds, base 36>`), so the gateway
 * ends the session even when the client keeps a session cookie or the header. Only routes with
 * affinity reach this code.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { BackendRef, RoutePolicy } from '@/lib/routing';
import type { EndpointTable } from './endpoints';
import { candidates } from './balancer';
import { cookieValue } from './headers';

type Affinity = NonNullable<RoutePolicy['affinity']>;

/** The endpoint id the request's session names, or undefined (none, garbled, or expired). */
export function sessionEndpointId(headers: IncomingHttpHeaders, a: Affinity, nowMs: number): string | undefined {
  const raw = a.type === 'header' ? headerValue(headers[a.cookieName.toLowerCase()]) : cookieValue(headers.cookie, a.cookieName);
  if (!raw) return undefined;
  const dot = raw.indexOf('.');
  if (a.absoluteTimeoutSeconds === undefined) return dot < 0 ? raw : undefined;
  if (dot < 0) return undefined; // issued before the route had a timeout: start a new session
  const expires = parseInt(raw.slice(dot + 1), 36);
  return Number.isFinite(expires) && expires * 1000 > nowMs ? raw.slice(0, dot) : undefined;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A new token for endpoint `id` (issued now). */
export function newSessionToken(id: string, a: Affinity, nowMs: number): string {
  return a.absoluteTimeoutSeconds === undefined ? id : `${id}.${(Math.floor(nowMs / 1000) + a.absoluteTimeoutSeconds).toString(36)}`;
}

/** Adds the Set-Cookie (cookie sessions) or the session header (header sessions) to a response. */
export function pushSessionHeader(out: string[], a: Affinity, token: string): void {
  if (a.type === 'header') out.push(a.cookieName, token);
  else out.push('set-cookie', `${a.cookieName}=${token}; Path=${a.path ?? '/'}${a.maxAgeSeconds ? `; Max-Age=${a.maxAgeSeconds}` : ''}; HttpOnly`);
}

/**
 * With several backendRefs, the backend whose endpoints include the session's endpoint (so the
 * weighted pick does not send the session elsewhere); undefined when none does.
 */
export function sessionBackend(backends: readonly BackendRef[], endpoints: EndpointTable, id: string): BackendRef | undefined {
  for (const b of backends) {
    if (b.invalid) continue;
    const set = endpoints.get(b.key);
    if (set && candidates(set).some((e) => e.id === id)) return b;
  }
  return undefined;
}
