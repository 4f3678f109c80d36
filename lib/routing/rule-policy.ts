/**
 * HTTPRoute/GRPCRoute rule fields that become RoutePolicy, compiled once per route:
 * rule.retry (HTTPRoute, GEP-1731) and rule.sessionPersistence (GEP-1619). A value the gateway
 * cannot honour is a rule problem (the rule is not served, Accepted=False/PartiallyInvalid
 * UnsupportedValue), never a silent default.
 */
import type { HTTPRouteRetry, SessionPersistence } from '../k8s/schemas/gateway';
import type { RetryPolicy, RoutePolicy } from './types';
import { parseDuration } from './route-compile';

/** When rule.retry gives no attempts / backoff (the spec leaves both to the implementation). */
export const DEFAULT_RETRY_ATTEMPTS = 1;
export const DEFAULT_RETRY_BACKOFF_MS = 25;
/** Bounds: a route cannot turn one request into a storm, or hold it for minutes between tries. */
export const MAX_RETRY_ATTEMPTS = 5;
export const MAX_RETRY_BACKOFF_MS = 10_000;
/** Names the gateway uses when sessionPersistence.sessionName is not set. */
export const DEFAULT_SESSION_NAME = 'portico-session';

export function ruleRetry(r: HTTPRouteRetry, problems: string[]): RetryPolicy | undefined {
  const before = problems.length;
  const codes = [...new Set(r.codes ?? [])];
  const bad = codes.filter((c) => !Number.isInteger(c) || c < 400 || c > 599);
  if (bad.length > 0) problems.push(`retry.codes ${bad.join(', ')}: only 400-599 can be retried`);
  const attempts = r.attempts ?? DEFAULT_RETRY_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > MAX_RETRY_ATTEMPTS)
    problems.push(`retry.attempts ${attempts}: must be between 1 and ${MAX_RETRY_ATTEMPTS}`);
  let backoffMs = DEFAULT_RETRY_BACKOFF_MS;
  if (r.backoff !== undefined) {
    const ms = parseDuration(r.backoff);
    if (ms === undefined) problems.push(`retry.backoff "${r.backoff}" is not a valid duration`);
    else if (ms > MAX_RETRY_BACKOFF_MS) problems.push(`retry.backoff ${r.backoff}: at most ${MAX_RETRY_BACKOFF_MS / 1000}s`);
    else backoffMs = ms;
  }
  if (problems.length > before) return undefined;
  return Object.freeze({ codes: Object.freeze(codes), attempts, backoffMs });
}

const TOKEN_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/; // RFC 9110 token: a valid cookie and header name

export function ruleSessionPersistence(sp: SessionPersistence, problems: string[]): RoutePolicy['affinity'] {
  const name = sp.sessionName ?? DEFAULT_SESSION_NAME;
  const before = problems.length;
  if (!TOKEN_NAME.test(name) || name.length > 128) problems.push(`sessionPersistence.sessionName "${name}" is not a valid cookie or header name`);
  let absoluteTimeoutSeconds: number | undefined;
  if (sp.absoluteTimeout !== undefined) {
    const ms = parseDuration(sp.absoluteTimeout);
    if (ms === undefined || ms < 1000) problems.push(`sessionPersistence.absoluteTimeout "${sp.absoluteTimeout}": must be a duration of at least 1s`);
    else absoluteTimeoutSeconds = Math.floor(ms / 1000);
  }
  const type = sp.type ?? 'Cookie';
  const permanent = sp.cookieConfig?.lifetimeType === 'Permanent';
  if (permanent && absoluteTimeoutSeconds === undefined && sp.absoluteTimeout === undefined)
    problems.push('sessionPersistence: a Permanent cookie needs absoluteTimeout');
  if (problems.length > before) return undefined;
  return {
    type: type === 'Header' ? 'header' : 'cookie',
    cookieName: name,
    path: '/',
    ...(permanent ? { maxAgeSeconds: absoluteTimeoutSeconds } : {}),
    ...(absoluteTimeoutSeconds !== undefined ? { absoluteTimeoutSeconds } : {}),
  };
}
