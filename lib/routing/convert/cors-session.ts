/**
 * The conversion of ingress-nginx's enable-cors/cors-* and affinity/session-cookie-*
 * annotations to Gateway API v1.6: the HTTPRoute CORS filter and rule.sessionPersistence, with
 * each annotation's row (translated, or approximated: how it differs). Both are served by the
 * gateway with the same code as the annotations (../cors.ts, the session module), so the
 * equivalence check compares their answers request by request (./equivalence).
 */
import type { HTTPRouteFilter, SessionPersistence } from '../../k8s/schemas/gateway';
import type { CorsPolicy, RoutePolicy } from '../types';
import type { RowStatus } from './ingress-to-httproute';

type Row = { status: RowStatus; detail: string };
export type CorsFilter = NonNullable<HTTPRouteFilter['cors']>;

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
/** The CRD bounds each list at 64 items (allowMethods: 9). */
const MAX_LIST = 64;
const split = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export interface CorsPlan {
  filter: HTTPRouteFilter;
  /** row per annotation key suffix ('enable-cors', 'cors-allow-origin', ...) */
  rows: Record<string, Row>;
}

/** The CORS filter that answers as the Ingress's policy does, and how each annotation maps. */
export function corsPlan(c: CorsPolicy): CorsPlan {
  const rows: Record<string, Row> = {};
  const any = c.allowOrigins.length === 0 || c.allowOrigins.includes('*');
  const origins = any ? ['*'] : [...new Set(c.allowOrigins)].slice(0, MAX_LIST);
  const wildcard = origins.some((o) => o.includes('*.'));
  rows['cors-allow-origin'] = any
    ? { status: 'translated', detail: 'allowOrigins ["*"]: Access-Control-Allow-Origin "*", never with credentials (as the Ingress answers)' }
    : wildcard
      ? { status: 'approximated', detail: `allowOrigins ${JSON.stringify(origins)}: "*." stands for any number of labels in Gateway API (one label in ingress-nginx), so https://a.b.<domain> is allowed too; default ports are ignored` }
      : { status: 'translated', detail: `allowOrigins ${JSON.stringify(origins)}: the Origin is echoed only when listed (default ports are ignored)` };

  const methods = split(c.allowMethods).map((m) => m.toUpperCase());
  const known = [...new Set(methods.filter((m) => METHODS.includes(m) || m === '*'))];
  const dropped = methods.filter((m) => !known.includes(m));
  rows['cors-allow-methods'] = dropped.length
    ? { status: 'approximated', detail: `allowMethods ${JSON.stringify(known)}: ${dropped.join(', ')} left out (the CRD takes only the HTTP methods of RFC 9110)` }
    : { status: 'translated', detail: `allowMethods ${JSON.stringify(known)}, sent when the preflight asks (Access-Control-Request-Method)` };
  const headers = [...new Set(split(c.allowHeaders))].slice(0, MAX_LIST);
  rows['cors-allow-headers'] = { status: 'translated', detail: `allowHeaders ${JSON.stringify(headers)}, sent when the preflight asks (Access-Control-Request-Headers)` };
  const expose = [...new Set(split(c.exposeHeaders))].slice(0, MAX_LIST);
  rows['cors-expose-headers'] = { status: 'translated', detail: `exposeHeaders ${JSON.stringify(expose)}` };
  rows['cors-allow-credentials'] = { status: 'translated', detail: `allowCredentials ${c.allowCredentials}${any ? ' (not sent with "*", as with the Ingress)' : ''}` };
  // CRD: maxAge >= 1; the Ingress's 0 (no caching) becomes 1 second
  const maxAge = Math.max(1, c.maxAgeSeconds);
  rows['cors-max-age'] =
    c.maxAgeSeconds < 1
      ? { status: 'approximated', detail: 'maxAge 1: Gateway API takes at least 1 second (0 = do not cache)' }
      : { status: 'translated', detail: `maxAge ${maxAge}` };

  const cors: CorsFilter = {
    allowOrigins: origins,
    ...(known.length ? { allowMethods: known.includes('*') ? ['*'] : known } : {}),
    ...(headers.length ? { allowHeaders: headers.includes('*') ? ['*'] : headers } : {}),
    ...(expose.length ? { exposeHeaders: expose } : {}),
    allowCredentials: c.allowCredentials,
    maxAge,
  };
  rows['enable-cors'] = {
    status: 'approximated',
    detail:
      'CORS filter on every rule. It differs where Gateway API says so: a preflight from an origin that is not allowed is answered 204 by the gateway without CORS headers (the Ingress sent it to the backend), and Allow-Methods/-Headers are sent only when the preflight asks for them; the equivalence check lists the requests answered differently',
  };
  return { filter: { type: 'CORS', cors }, rows };
}

export interface SessionPlan {
  sessionPersistence: SessionPersistence;
  rows: Record<string, Row>;
}

/** Seconds as a Gateway API Duration (at most 5 digits per unit: 1h2m3s). */
export function secondsToDuration(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

/** The largest Duration the CRD pattern allows in hours (5 digits). */
const MAX_HOURS = 99_999;

/** rule.sessionPersistence for `affinity: cookie` (the gateway sets the same cookie on the same rule). */
export function sessionPlan(a: NonNullable<RoutePolicy['affinity']>): SessionPlan {
  const rows: Record<string, Row> = {};
  const max = a.maxAgeSeconds !== undefined ? Math.min(a.maxAgeSeconds, MAX_HOURS * 3600) : undefined;
  const sp: SessionPersistence = {
    sessionName: a.cookieName,
    type: 'Cookie',
    ...(max !== undefined ? { absoluteTimeout: secondsToDuration(max), cookieConfig: { lifetimeType: 'Permanent' } } : {}),
  };
  rows.affinity = { status: 'translated', detail: 'rule.sessionPersistence type Cookie on every rule: a client stays on the endpoint named by its cookie, as with the Ingress (the gateway issues the same token)' };
  rows['session-cookie-name'] = { status: 'translated', detail: `sessionName "${a.cookieName}"` };
  if (max !== undefined)
    rows['session-cookie-max-age'] = {
      status: 'approximated',
      detail: `cookieConfig.lifetimeType Permanent with absoluteTimeout ${sp.absoluteTimeout}: the same Max-Age, and the gateway also ends the session after that time even if the client keeps the cookie; sessions begun on the Ingress start anew once after the move (their cookies carry no expiry)`,
    };
  if (a.path !== undefined)
    rows['session-cookie-path'] =
      a.path === '/'
        ? { status: 'translated', detail: 'the gateway sets Path=/ for a sessionPersistence cookie' }
        : { status: 'approximated', detail: `Gateway API has no cookie path: the cookie gets Path=/ instead of ${a.path} (it is sent on more paths of the host; the pinning is the same)` };
  return { sessionPersistence: sp, rows };
}
