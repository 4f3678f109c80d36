// HTTPRoute v1.6 rule fields compiled once per route: the CORS filter in Gateway API mode
// (./cors), rule.retry and rule.sessionPersistence (./rule-policy), with their bounds.
import { describe, expect, it } from 'vitest';
import { corsAllowOrigin, corsPreflightHeaders, corsRefusedPreflightHeaders, gatewayCorsPolicy } from './cors';
import { MAX_RETRY_ATTEMPTS, ruleRetry, ruleSessionPersistence } from './rule-policy';

describe('HTTPRoute CORS filter (gatewayCorsPolicy)', () => {
  const p = gatewayCorsPolicy({ allowOrigins: ['https://www.foo.com', 'https://*.bar.com:8443'], allowMethods: ['GET', 'PUT'], allowHeaders: ['x-a'], exposeHeaders: ['x-b'], allowCredentials: true });

  it('"*" in a host is any number of labels; default ports are ignored; other ports must match', () => {
    expect(corsAllowOrigin(p, 'https://www.foo.com:443')).toBe('https://www.foo.com:443');
    expect(corsAllowOrigin(p, 'https://a.b.bar.com:8443')).toBe('https://a.b.bar.com:8443');
    for (const o of ['https://bar.com:8443', 'https://a.bar.com', 'http://www.foo.com', 'https://www.foo.com:8443', 'https://a/b.bar.com:8443']) expect(corsAllowOrigin(p, o), o).toBeUndefined();
  });

  it('no allowOrigins allows nobody (an ingress-nginx policy without a list answers "*")', () => {
    expect(corsAllowOrigin(gatewayCorsPolicy({ allowMethods: ['GET'] }), 'https://a.test')).toBeUndefined();
  });

  it('preflight: methods/headers only when asked, max-age default 5, credentials, Vary; refused: bare 204', () => {
    expect(corsPreflightHeaders(p, 'https://www.foo.com', 'PUT', 'x-a')).toEqual([
      'access-control-allow-origin', 'https://www.foo.com', 'access-control-allow-methods', 'GET, PUT', 'access-control-allow-headers', 'x-a',
      'access-control-expose-headers', 'x-b', 'access-control-max-age', '5', 'access-control-allow-credentials', 'true', 'vary', 'Origin', 'content-length', '0',
    ]);
    expect(corsPreflightHeaders(p, 'https://www.foo.com', 'PUT')).not.toContain('access-control-allow-headers');
    expect(corsRefusedPreflightHeaders()).toEqual(['vary', 'Origin', 'content-length', '0']);
  });

  it('"*": answered as "*" without credentials; with credentials the asked method/headers, never "*" origin with credentials', () => {
    const open = gatewayCorsPolicy({ allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: ['*'] });
    expect(corsPreflightHeaders(open, '*', 'PATCH', 'x-y')).toEqual(['access-control-allow-origin', '*', 'access-control-allow-methods', '*', 'access-control-allow-headers', '*', 'access-control-expose-headers', '*', 'access-control-max-age', '5', 'content-length', '0']);
    const cred = gatewayCorsPolicy({ allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: ['*'], allowCredentials: true });
    expect(corsAllowOrigin(cred, 'https://evil.test')).toBe('*');
    expect(corsPreflightHeaders(cred, '*', 'PATCH', 'x-y')).toEqual(['access-control-allow-origin', '*', 'access-control-allow-methods', 'PATCH', 'access-control-allow-headers', 'x-y', 'access-control-max-age', '5', 'content-length', '0']);
  });
});

describe('rule.retry', () => {
  it('compiles codes, attempts and backoff, with defaults', () => {
    expect(ruleRetry({ codes: [503, 502, 503], attempts: 3, backoff: '1s' }, [])).toEqual({ codes: [503, 502], attempts: 3, backoffMs: 1000 });
    expect(ruleRetry({}, [])).toEqual({ codes: [], attempts: 1, backoffMs: 25 });
  });

  it('refuses what it would not honour, naming the field', () => {
    for (const [r, msg] of [
      [{ attempts: MAX_RETRY_ATTEMPTS + 1 }, `retry.attempts ${MAX_RETRY_ATTEMPTS + 1}: must be between 1 and ${MAX_RETRY_ATTEMPTS}`],
      [{ codes: [200] }, 'retry.codes 200: only 400-599 can be retried'],
      [{ backoff: '1m' }, 'retry.backoff 1m: at most 10s'],
      [{ backoff: 'x' }, 'retry.backoff "x" is not a valid duration'],
    ] as const) {
      const problems: string[] = ['an earlier problem'];
      expect(ruleRetry(r, problems)).toBeUndefined();
      expect(problems).toEqual(['an earlier problem', msg]);
    }
  });
});

describe('rule.sessionPersistence', () => {
  it('cookie (Session, Permanent) and header, default name, absoluteTimeout in seconds', () => {
    expect(ruleSessionPersistence({}, [])).toEqual({ type: 'cookie', cookieName: 'portico-session', path: '/' });
    expect(ruleSessionPersistence({ sessionName: 'sid', absoluteTimeout: '1h', cookieConfig: { lifetimeType: 'Permanent' } }, [])).toEqual({ type: 'cookie', cookieName: 'sid', path: '/', maxAgeSeconds: 3600, absoluteTimeoutSeconds: 3600 });
    expect(ruleSessionPersistence({ sessionName: 'x-s', type: 'Header', absoluteTimeout: '90s' }, [])).toEqual({ type: 'header', cookieName: 'x-s', path: '/', absoluteTimeoutSeconds: 90 });
  });

  it('refuses a name that is no cookie/header name and a timeout under 1s', () => {
    const problems: string[] = [];
    expect(ruleSessionPersistence({ sessionName: 'a b', absoluteTimeout: '10ms' }, problems)).toBeUndefined();
    expect(problems).toEqual(['sessionPersistence.sessionName "a b" is not a valid cookie or header name', 'sessionPersistence.absoluteTimeout "10ms": must be a duration of at least 1s']);
  });
});
