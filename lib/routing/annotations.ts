/**
 * ingress-nginx annotations Portico honours, as data (the console autocompletes and
 * validates from SUPPORTED_ANNOTATIONS), plus the parser the snapshot builder uses.
 * Anything else under the nginx prefix is reported "not supported, ignored"; snippet
 * annotations refuse the whole Ingress (raw proxy configuration from an object is the
 * door CVE-2025-1974 "IngressNightmare" walked through).
 */
import type { AnnotationSpec, CorsPolicy, BackendProtocol, LoadBalanceAlgorithm } from './types';
import { compileUserRegex, type UserRegex } from './user-regex';

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';
/** Portico's own Ingress annotations (no ingress-nginx equivalent with the same meaning). */
export const PORTICO_PREFIX = 'portico.dev/';
export const LOAD_BALANCE_ANNOTATION = PORTICO_PREFIX + 'load-balance';
export const LOAD_BALANCE_ALGORITHMS: readonly LoadBalanceAlgorithm[] = ['round-robin', 'least-request', 'hash'];

const BOOL = (v: string) => (v === 'true' || v === 'false' ? undefined : 'must be "true" or "false"');
const INT = (min: number, max = Number.MAX_SAFE_INTEGER) => (v: string) =>
  /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? undefined : `must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`;
const SECONDS = (v: string) => (/^\d{1,6}s?$/.test(v) ? undefined : 'must be a whole number of seconds, e.g. "60"');
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_NAME = (v: string) => (TOKEN_RE.test(v) ? undefined : 'must be a valid HTTP header name');
const COOKIE_NAME = (v: string) => (TOKEN_RE.test(v) ? undefined : 'must be a valid cookie name');
const SAFE_TEXT = (v: string) =>
  /^[^\s;{}'"\\]*$/.test(v) && v.length > 0 ? undefined : 'must be non-empty, without spaces, quotes, backslashes, ";" or braces';
const LIST = (item: RegExp, what: string) => (v: string) => {
  const parts = v.split(',').map((s) => s.trim());
  const bad = parts.find((p) => !item.test(p));
  return bad === undefined ? undefined : `must be a comma-separated list of ${what}; "${bad}" is not one`;
};
const REGEX = (v: string) => {
  try {
    compileUserRegex(v, 'search');
    return undefined;
  } catch (e) {
    return `must be a valid regular expression (${(e as Error).message})`;
  }
};

export function parseSize(v: string): number | null | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(v);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (n === 0) return null;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return n * mult;
}

const ORIGIN_RE = /^(\*|https?:\/\/(\*\.)?[a-zA-Z0-9.-]+(:\d{1,5})?)$/;

const SPECS: AnnotationSpec[] = [
  { key: 'rewrite-target', description: 'Rewrite the upstream path; $1..$9 are the path regex capture groups (implies use-regex).', example: '/$2', validate: SAFE_TEXT },
  { key: 'use-regex', description: 'Treat this Ingress\'s paths as case-insensitive regular expressions anchored at the start.', example: 'true', validate: BOOL },
  { key: 'ssl-redirect', description: 'Redirect plain HTTP to HTTPS (308) when the host has TLS; default true.', example: 'true', validate: BOOL },
  { key: 'force-ssl-redirect', description: 'Redirect plain HTTP to HTTPS (308) even without TLS on the Ingress.', example: 'true', validate: BOOL },
  { key: 'canary', description: 'Mark this Ingress as the canary of the Ingress with the same host and path.', example: 'true', validate: BOOL },
  { key: 'canary-weight', description: 'Share of requests (out of canary-weight-total) sent to the canary.', example: '20', validate: INT(0) },
  { key: 'canary-weight-total', description: 'Total that canary-weight is out of; default 100.', example: '100', validate: INT(1) },
  { key: 'canary-by-header', description: 'Header routing to the canary: "always" -> canary, "never" -> main.', example: 'X-Canary', validate: HEADER_NAME },
  { key: 'canary-by-header-value', description: 'Header value (exact) that routes to the canary, with canary-by-header.', example: 'yes', validate: (v) => (v.length ? undefined : 'must not be empty') },
  { key: 'canary-by-header-pattern', description: 'Regular expression on the canary-by-header value that routes to the canary.', example: '^(beta|alpha)$', validate: REGEX },
  { key: 'canary-by-cookie', description: 'Cookie routing to the canary: "always" -> canary, "never" -> main.', example: 'canary', validate: COOKIE_NAME },
  { key: 'limit-rps', description: 'Requests per second per client IP (burst 5x); excess gets 503.', example: '10', validate: INT(1) },
  { key: 'limit-connections', description: 'Concurrent connections per client IP; excess gets 503.', example: '20', validate: INT(1) },
  { key: 'proxy-connect-timeout', description: 'Seconds to wait for the upstream connection.', example: '5', validate: SECONDS },
  { key: 'proxy-read-timeout', description: 'Seconds to wait between two reads from the upstream.', example: '60', validate: SECONDS },
  { key: 'proxy-send-timeout', description: 'Seconds a request body may stall while streaming upstream; then 504 and the upstream request is aborted.', example: '60', validate: SECONDS },
  { key: 'proxy-body-size', description: 'Largest request body (e.g. 8m, 1g, 512k); 0 = unlimited; larger gets 413.', example: '8m', validate: (v) => (parseSize(v) === undefined ? 'must be a size like 1024, 512k, 8m or 1g (0 = unlimited)' : undefined) },
  { key: 'enable-cors', description: 'Answer CORS preflights and add CORS headers.', example: 'true', validate: BOOL },
  { key: 'cors-allow-origin', description: 'Allowed origins: "*" (default: answers a literal "*", never with credentials) or comma-separated origins, echoed with credentials and Vary: Origin (https://*.example.com = one label).', example: 'https://app.example.com', validate: LIST(ORIGIN_RE, 'origins like https://app.example.com') },
  { key: 'cors-allow-methods', description: 'Access-Control-Allow-Methods value.', example: 'GET, PUT, POST, DELETE, PATCH, OPTIONS', validate: LIST(TOKEN_RE, 'method names') },
  { key: 'cors-allow-headers', description: 'Access-Control-Allow-Headers value.', example: 'DNT,Keep-Alive,User-Agent,Content-Type,Authorization', validate: LIST(TOKEN_RE, 'header names') },
  { key: 'cors-allow-credentials', description: 'Access-Control-Allow-Credentials for listed origins; default true (never sent with "*").', example: 'true', validate: BOOL },
  { key: 'cors-expose-headers', description: 'Access-Control-Expose-Headers value.', example: 'X-Request-ID', validate: LIST(TOKEN_RE, 'header names') },
  { key: 'cors-max-age', description: 'Access-Control-Max-Age in seconds; default 1728000.', example: '600', validate: INT(0) },
  { key: 'backend-protocol', description: 'Protocol to the backend: HTTP, HTTPS, GRPC (h2c) or GRPCS.', example: 'HTTP', validate: (v) => (/^(HTTP|HTTPS|GRPC|GRPCS)$/i.test(v) ? undefined : 'must be one of HTTP, HTTPS, GRPC, GRPCS') },
  { key: 'upstream-vhost', description: 'Host header sent upstream (default: the client\'s Host, also for ExternalName backends).', example: 'api.example.com', validate: (v) => (/^[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?(:\d{1,5})?$/.test(v) && v.length <= 253 ? undefined : 'must be a host name, optionally with :port') },
  { key: 'affinity', description: 'Session affinity; only "cookie" is supported.', example: 'cookie', validate: (v) => (v === 'cookie' ? undefined : 'must be "cookie"') },
  { key: 'session-cookie-name', description: 'Name of the affinity cookie; default INGRESSCOOKIE.', example: 'route', validate: COOKIE_NAME },
  { key: 'session-cookie-max-age', description: 'Max-Age of the affinity cookie in seconds (session cookie when unset).', example: '3600', validate: INT(1) },
  { key: 'session-cookie-path', description: 'Path of the affinity cookie; default the Ingress path (required with regex paths).', example: '/', validate: (v) => (/^\/[^\s;,]*$/.test(v) ? undefined : 'must be a path starting with "/"') },
];

const PORTICO_SPECS: AnnotationSpec[] = [
  {
    key: LOAD_BALANCE_ANNOTATION,
    description: 'Endpoint selection for this Ingress: round-robin, least-request, or hash (consistent hash of the client address); default: the gateway\'s (round-robin). affinity: cookie takes precedence.',
    example: 'least-request',
    validate: (v) => ((LOAD_BALANCE_ALGORITHMS as readonly string[]).includes(v) ? undefined : `must be one of ${LOAD_BALANCE_ALGORITHMS.join(', ')}`),
  },
];

export const SUPPORTED_ANNOTATIONS: readonly AnnotationSpec[] = [...SPECS.map((a) => ({ ...a, key: NGINX_PREFIX + a.key })), ...PORTICO_SPECS];

const BY_KEY = new Map(SUPPORTED_ANNOTATIONS.map((a) => [a.key, a]));

export function isSnippetAnnotation(key: string): boolean {
  return key.startsWith(NGINX_PREFIX) && /snippet/i.test(key.slice(NGINX_PREFIX.length));
}

export interface AnnotationProblem {
  key: string;
  reason: 'SnippetRefused' | 'UnsupportedAnnotation' | 'InvalidAnnotation';
  message: string;
}

/** Typed view of an Ingress's nginx annotations (only valid ones are set). */
export interface IngressAnnotations {
  rewriteTarget?: string;
  useRegex: boolean;
  sslRedirect?: boolean;
  forceSslRedirect: boolean;
  canary: boolean;
  canaryWeight?: number;
  canaryWeightTotal: number;
  canaryByHeader?: string;
  canaryByHeaderValue?: string;
  canaryByHeaderPattern?: UserRegex;
  canaryByCookie?: string;
  limitRps?: number;
  limitConnections?: number;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  sendTimeoutMs?: number;
  maxBodyBytes?: number | null;
  cors?: CorsPolicy;
  backendProtocol?: BackendProtocol;
  /** portico.dev/load-balance */
  loadBalance?: LoadBalanceAlgorithm;
  /** upstream-vhost: Host header sent upstream */
  upstreamVhost?: string;
  affinity?: { type: 'cookie'; cookieName: string; maxAgeSeconds?: number; path?: string };
  /** snippet -> Ingress refused */
  refused: boolean;
  /** an invalid value -> every route of the Ingress is not served */
  invalid: boolean;
  problems: AnnotationProblem[];
}

export function parseIngressAnnotations(annotations: Record<string, string> | undefined): IngressAnnotations {
  const out: IngressAnnotations = { useRegex: false, forceSslRedirect: false, canary: false, canaryWeightTotal: 100, refused: false, invalid: false, problems: [] };
  if (!annotations) return out;
  const valid = new Map<string, string>();
  for (const [key, rawValue] of Object.entries(annotations)) {
    const value = String(rawValue ?? '').trim();
    if (key.startsWith(PORTICO_PREFIX)) {
      // Other portico.dev/ keys belong to other features (or the console): not ours to judge.
      const spec = BY_KEY.get(key);
      if (!spec) continue;
      const err = spec.validate(value);
      if (err) {
        out.invalid = true;
        out.problems.push({ key, reason: 'InvalidAnnotation', message: `annotation ${key}="${value}" ${err}; the routes of this Ingress are not served until it is fixed` });
      } else if (key === LOAD_BALANCE_ANNOTATION) out.loadBalance = value as LoadBalanceAlgorithm;
      continue;
    }
    if (!key.startsWith(NGINX_PREFIX)) continue;
    if (isSnippetAnnotation(key)) {
      out.refused = true;
      out.problems.push({
        key,
        reason: 'SnippetRefused',
        message: `annotation ${key} is refused: Portico never accepts raw proxy configuration from objects (the door CVE-2025-1974 "IngressNightmare" walked through); this Ingress is not served until it is removed`,
      });
      continue;
    }
    const spec = BY_KEY.get(key);
    if (!spec) {
      out.problems.push({ key, reason: 'UnsupportedAnnotation', message: `annotation ${key} is not supported by Portico and is ignored; the rest of the Ingress is served` });
      continue;
    }
    const err = spec.validate(value);
    if (err) {
      out.invalid = true;
      out.problems.push({ key, reason: 'InvalidAnnotation', message: `annotation ${key}="${value}" ${err}; the routes of this Ingress are not served until it is fixed` });
      continue;
    }
    valid.set(key.slice(NGINX_PREFIX.length), value);
  }
  const get = (k: string) => valid.get(k);
  const bool = (k: string) => (get(k) === undefined ? undefined : get(k) === 'true');
  const secs = (k: string) => (get(k) === undefined ? undefined : parseInt(get(k)!, 10) * 1000);
  const int = (k: string) => (get(k) === undefined ? undefined : parseInt(get(k)!, 10));

  out.rewriteTarget = get('rewrite-target');
  out.useRegex = bool('use-regex') ?? false;
  out.sslRedirect = bool('ssl-redirect');
  out.forceSslRedirect = bool('force-ssl-redirect') ?? false;
  out.canary = bool('canary') ?? false;
  out.canaryWeightTotal = int('canary-weight-total') ?? 100;
  out.canaryWeight = int('canary-weight');
  if (out.canaryWeight !== undefined && out.canaryWeight > out.canaryWeightTotal) {
    out.invalid = true;
    out.problems.push({
      key: NGINX_PREFIX + 'canary-weight',
      reason: 'InvalidAnnotation',
      message: `annotation ${NGINX_PREFIX}canary-weight="${out.canaryWeight}" must not exceed canary-weight-total (${out.canaryWeightTotal}); the routes of this Ingress are not served until it is fixed`,
    });
    out.canaryWeight = undefined;
  }
  out.canaryByHeader = get('canary-by-header')?.toLowerCase();
  out.canaryByHeaderValue = get('canary-by-header-value');
  const pattern = get('canary-by-header-pattern');
  if (pattern !== undefined) out.canaryByHeaderPattern = compileUserRegex(pattern, 'search');
  out.canaryByCookie = get('canary-by-cookie');
  out.limitRps = int('limit-rps');
  out.limitConnections = int('limit-connections');
  out.connectTimeoutMs = secs('proxy-connect-timeout');
  out.readTimeoutMs = secs('proxy-read-timeout');
  out.sendTimeoutMs = secs('proxy-send-timeout');
  if (get('proxy-body-size') !== undefined) out.maxBodyBytes = parseSize(get('proxy-body-size')!);
  if (bool('enable-cors')) {
    out.cors = {
      allowOrigins: (get('cors-allow-origin') ?? '*').split(',').map((s) => s.trim().toLowerCase()),
      allowMethods: get('cors-allow-methods') ?? 'GET, PUT, POST, DELETE, PATCH, OPTIONS',
      allowHeaders: get('cors-allow-headers') ?? 'DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization',
      exposeHeaders: get('cors-expose-headers') ?? '',
      allowCredentials: bool('cors-allow-credentials') ?? true,
      maxAgeSeconds: int('cors-max-age') ?? 1728000,
    };
  }
  const bp = get('backend-protocol');
  if (bp) out.backendProtocol = bp.toUpperCase() as BackendProtocol;
  out.upstreamVhost = get('upstream-vhost');
  if (get('affinity') === 'cookie') {
    out.affinity = {
      type: 'cookie',
      cookieName: get('session-cookie-name') ?? 'INGRESSCOOKIE',
      maxAgeSeconds: int('session-cookie-max-age'),
      path: get('session-cookie-path'),
    };
  }
  return out;
}

/** For forms: every problem with an Ingress's nginx annotations (refused, unsupported, invalid). */
export function checkAnnotations(annotations: Record<string, string> | undefined): AnnotationProblem[] {
  return parseIngressAnnotations(annotations).problems;
}
