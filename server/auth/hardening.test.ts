/** Pure rules of the sign-in hardening: `next` paths, client address, input bounds, audit bounds, session state. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { truncateField } from './audit';
import { clientAddress, parseTrustedProxies } from './client-address';
import { parseLoginForm } from './login-input';
import { LoginRateLimiter } from './rate-limit';
import { sessionEndedReason, stateOf } from './revocation';
import { safeNext, safeNextPath } from './safe-next';
import { contentSecurityPolicy } from './security-headers';
import { signSession, verifySession } from './session';

describe('next: only same-origin paths', () => {
  const refused = [
    '/%09/evil.example',
    '/\t/evil.example',
    '/%0a/evil.example',
    '/\n/evil.example',
    '/%0d%0a/evil.example',
    '/%00',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '/%5cevil.example',
    '/%5Cevil.example',
    '/%2f%2fevil.example',
    '/%2F/evil.example',
    '/projects%2F..%2F..',
    'https://evil.example/',
    'javascript:alert(1)',
    '\\\\evil.example',
    'projects',
    '',
    '/%E0%A4%A',
    '/' + 'a'.repeat(2048),
  ];
  for (const next of refused) it(`refuses ${JSON.stringify(next.slice(0, 40))}`, () => expect(safeNextPath(next)).toBeUndefined());
  it('keeps ordinary paths and queries', () => {
    for (const next of ['/projects', '/projects/demo/routes?tab=yaml&q=a%20b', '/projects/demo/routes/echo#rules', '/']) expect(safeNextPath(next)).toBe(next);
    expect(safeNext(undefined)).toBe('/projects');
    expect(safeNext('/%09/evil.example')).toBe('/projects');
  });
});

describe('client address', () => {
  it('is the socket peer unless the peer is a trusted proxy', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 127.0.0.1');
    expect(clientAddress(undefined, '127.0.0.2', '1.2.3.4')).toBe('127.0.0.2');
    expect(clientAddress(trusted, '127.0.0.2', '1.2.3.4')).toBe('127.0.0.2');
    // behind a trusted proxy: the right-most address that is not a trusted proxy itself
    expect(clientAddress(trusted, '127.0.0.1', '6.6.6.6, 1.2.3.4, 10.1.2.3')).toBe('1.2.3.4');
    expect(clientAddress(trusted, '127.0.0.1', 'garbage, 1.2.3.4')).toBe('1.2.3.4');
    expect(clientAddress(trusted, '127.0.0.1', '1.2.3.4, garbage')).toBe('127.0.0.1');
    expect(clientAddress(trusted, '127.0.0.1', null)).toBe('127.0.0.1');
  });
  it('refuses a PORTICO_TRUSTED_PROXIES it cannot read, naming it', () => {
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/^PORTICO_TRUSTED_PROXIES: "10.0.0.0\/33"/);
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/PORTICO_TRUSTED_PROXIES/);
    expect(parseTrustedProxies('')).toBeUndefined();
  });
});

describe('sign-in form bounds', () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    return f;
  };
  it('names the field and the rule', () => {
    expect(parseLoginForm(form({ username: 'u'.repeat(254), password: 'x' }))).toEqual({ ok: false, error: 'Username: at most 253 characters' });
    expect(parseLoginForm(form({ username: 'bo', password: 'x'.repeat(1025) }))).toEqual({ ok: false, error: 'Password: at most 1024 characters' });
    expect(parseLoginForm(form({ username: 'bo', password: 'x', next: '/'.repeat(2049) }))).toEqual({ ok: false, error: 'next: at most 2048 characters' });
    const f = new FormData();
    f.append('username', new Blob(['x']));
    expect(parseLoginForm(f)).toEqual({ ok: false, error: 'Username: must be text' });
    expect(parseLoginForm(form({ username: ' Bo ', password: 'pw' }))).toEqual({ ok: true, value: { username: 'bo', password: 'pw', next: undefined } });
  });
  it('bounds audit fields', () => {
    expect(truncateField('abc', 5)).toBe('abc');
    expect(truncateField('u'.repeat(300 * 1024), 256)).toHaveLength(256 + '…[+306944 chars]'.length);
  });
});

describe('account backoff is a delay, per account and address a refusal', () => {
  it('grows and caps', () => {
    const account = new LoginRateLimiter({ freeAttempts: 10, baseDelayMs: 250, maxDelayMs: 5_000 });
    for (let i = 0; i < 9; i++) account.fail(['di'], 0);
    expect(account.retryAfterMs(['di'], 0)).toBe(0);
    account.fail(['di'], 0);
    expect(account.retryAfterMs(['di'], 0)).toBe(250);
    account.fail(['di'], 0);
    expect(account.retryAfterMs(['di'], 0)).toBe(500);
    for (let i = 0; i < 20; i++) account.fail(['di'], 0);
    expect(account.retryAfterMs(['di'], 0)).toBe(5_000);
  });
  it('a success takes back its counted attempt on the address', () => {
    const address = new LoginRateLimiter({ freeAttempts: 2 });
    address.fail(['a'], 0);
    address.fail(['a'], 0);
    expect(address.retryAfterMs(['a'], 0)).toBeGreaterThan(0);
    address.refund(['a']); // the second attempt was a successful sign-in
    expect(address.retryAfterMs(['a'], 0)).toBe(0);
    address.refund(['a']);
    expect((address as unknown as { entries: Map<string, unknown> }).entries.size).toBe(0);
  });
});

describe('session state', () => {
  const key = Buffer.alloc(32, 1);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret = (annotations: Record<string, string> = {}, groups = 'portico:admins') => ({
    metadata: { name: 'portico-user-cy', annotations },
    type: 'portico.dev/account',
    data: { username: b64('cy'), groups: b64(groups) },
  });
  const session = (generation = 0) => verifySession(key, signSession(key, { username: 'cy', groups: ['portico:admins'], generation }, 1000), 1001)!;
  it('is valid only for the current generation, groups and an enabled, existing account', () => {
    const s = session(2);
    expect(s.sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sessionEndedReason(s, stateOf(secret({ 'portico.dev/session-generation': '2' }), 'cy'))).toBeUndefined();
    expect(sessionEndedReason(s, stateOf(secret({ 'portico.dev/session-generation': '3' }), 'cy'))).toBe('sessions revoked');
    expect(sessionEndedReason(s, stateOf(secret({ 'portico.dev/session-generation': '2' }, ''), 'cy'))).toBe('groups changed');
    expect(sessionEndedReason(s, stateOf(secret({ 'portico.dev/session-generation': '2', 'portico.dev/disabled': 'true' }), 'cy'))).toBe('account disabled');
    expect(sessionEndedReason(s, stateOf(secret({ 'portico.dev/session-generation': '2', 'portico.dev/ended-sessions': `x:1,${s.sid}:9999` }), 'cy'))).toBe('signed out');
    expect(sessionEndedReason(s, stateOf(undefined, 'cy'))).toBe('account does not exist');
    expect(sessionEndedReason(s, stateOf(secret(), 'bo'))).toBe('account does not exist');
  });
  it('old cookies without a session id are refused', () => {
    const body = Buffer.from(JSON.stringify({ u: 'cy', g: [], iat: 1000, exp: 2000 })).toString('base64url');
    const sig = createHmac('sha256', key).update(body).digest('base64url');
    expect(verifySession(key, `${body}.${sig}`, 1001)).toBeUndefined();
  });
});

describe('CSP', () => {
  it('uses the nonce, forbids framing and eval in production', () => {
    const csp = contentSecurityPolicy('abc', false);
    expect(csp).toContain(`script-src 'self' 'nonce-abc' 'strict-dynamic'`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('abc', true)).toContain('unsafe-eval');
  });
});

describe('stream slots', () => {
  it('caps per session and per process; release is idempotent', async () => {
    const { StreamSlots, streamLimits } = await import('./stream-slots');
    const slots = new StreamSlots(() => ({ perSession: 2, total: 3 }));
    const a1 = slots.acquire('a');
    const a2 = slots.acquire('a');
    expect(typeof a1).toBe('function');
    expect(slots.acquire('a')).toEqual({ scope: 'session', limit: 2 });
    const b1 = slots.acquire('b');
    expect(typeof b1).toBe('function');
    expect(slots.acquire('c')).toEqual({ scope: 'process', limit: 3 });
    (a1 as () => void)();
    (a1 as () => void)();
    expect(slots.count('a')).toBe(1);
    expect(typeof slots.acquire('c')).toBe('function');
    (a2 as () => void)();
    expect(slots.count('a')).toBe(0);
    expect(() => streamLimits({ PORTICO_MAX_STREAMS_PER_SESSION: 'many' })).toThrow(/^PORTICO_MAX_STREAMS_PER_SESSION: "many"/);
    expect(() => streamLimits({ PORTICO_MAX_STREAMS: '0' })).toThrow(/PORTICO_MAX_STREAMS/);
    expect(streamLimits({})).toEqual({ perSession: 6, total: 200 });
  });
});
