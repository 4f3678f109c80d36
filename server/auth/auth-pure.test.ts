/** Passwords, session cookies (tamper, expiry) and login throttling. */
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';
import { signSession, verifySession } from './session';
import { LoginRateLimiter, waitMessage } from './rate-limit';
import { adminPasswordSetting, createAccount, ensureFirstAdmin, passwordProblem, type SecretsClient } from './accounts';
import { setPassword, type AccountChangesClient } from './account-changes';
import { MIN_NEW_PASSWORD_LENGTH, passwordSchema } from '@/lib/console/admin-input';

const key = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);

describe('passwords', () => {
  it('verifies the right password only', async () => {
    const h = await hashPassword('s3cret!');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('s3cret!', h)).toBe(true);
    expect(await verifyPassword('s3cret', h)).toBe(false);
    expect(await verifyPassword('s3cret!', 'plain')).toBe(false);
    expect(await hashPassword('s3cret!')).not.toBe(h); // salted
  });
});

describe('one password minimum everywhere', () => {
  // Records writes: nothing may be stored for a refused password.
  const recorder = () => {
    const created: unknown[] = [];
    const kube: SecretsClient = { find: async () => undefined, create: async <T,>(_n: 'secrets', _ns: string, body: unknown) => (created.push(body), body as T), list: async () => ({ items: [] }) };
    return { kube, created };
  };
  const eleven = 'a'.repeat(MIN_NEW_PASSWORD_LENGTH - 1);
  const twelve = 'a'.repeat(MIN_NEW_PASSWORD_LENGTH);

  it('is the pages’ rule (12): accounts refuse what the forms refuse, naming the field', async () => {
    expect(MIN_NEW_PASSWORD_LENGTH).toBe(12);
    expect(passwordSchema.safeParse(eleven).success).toBe(false);
    expect(passwordProblem(eleven)).toBe('password: must have at least 12 characters');
    expect(passwordProblem(twelve)).toBeUndefined();
    expect(passwordProblem('x'.repeat(1025))).toBe('password: must have at most 1024 characters');
    const { kube, created } = recorder();
    await expect(createAccount(kube, 'pat', 'eight-ch')).rejects.toThrow('password: must have at least 12 characters');
    await expect(createAccount(kube, 'pat', eleven)).rejects.toThrow(/at least 12/);
    expect(created).toHaveLength(0);
    await createAccount(kube, 'pat', twelve);
    expect(created).toHaveLength(1);
  });

  it('a password change or reset meets it before anything is written', async () => {
    let calls = 0;
    const kube = new Proxy({}, { get: () => () => (calls++, Promise.reject(new Error('no cluster call expected'))) }) as AccountChangesClient;
    await expect(setPassword(kube, 'pat', eleven)).rejects.toThrow('password: must have at least 12 characters');
    expect(calls).toBe(0);
  });

  const envWith = (password?: string) => ({ ...(password === undefined ? {} : { PORTICO_ADMIN_PASSWORD: password }) }) as unknown as NodeJS.ProcessEnv;

  it('the first admin: a short PORTICO_ADMIN_PASSWORD stops the start naming the variable; a generated one meets it', async () => {
    expect(() => adminPasswordSetting(envWith('changeme'))).toThrow('PORTICO_ADMIN_PASSWORD: must have at least 12 characters');
    expect(adminPasswordSetting(envWith(twelve))).toBe(twelve);
    expect(adminPasswordSetting(envWith())).toBeUndefined();
    const { kube, created } = recorder();
    await expect(ensureFirstAdmin(kube, envWith('changeme'), () => undefined)).rejects.toThrow(/PORTICO_ADMIN_PASSWORD/);
    expect(created).toHaveLength(0);
    const printed: string[] = [];
    expect(await ensureFirstAdmin(kube, envWith(), (s) => printed.push(s))).toBe(true);
    const generated = /password: (\S+)/.exec(printed.join(''))?.[1] ?? '';
    expect(generated.length).toBeGreaterThanOrEqual(MIN_NEW_PASSWORD_LENGTH);
  });
});

describe('session cookie', () => {
  const user = { username: 'alice', groups: ['portico:admins'] };
  it('round-trips', () => {
    const c = signSession(key, user, 1000, 60);
    expect(verifySession(key, c, 1010)).toMatchObject({ u: 'alice', g: ['portico:admins'], exp: 1060 });
  });
  it('refuses tampered payloads, signatures and foreign keys', () => {
    const c = signSession(key, user, 1000, 60);
    const [body, sig] = c.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'alice', g: ['system:masters'], iat: 1000, exp: 1060 })).toString('base64url');
    expect(verifySession(key, `${forged}.${sig}`, 1010)).toBeUndefined();
    expect(verifySession(key, `${body}.${sig.slice(0, -2)}AA`, 1010)).toBeUndefined();
    expect(verifySession(other, c, 1010)).toBeUndefined();
    expect(verifySession(key, `${body}`, 1010)).toBeUndefined();
    expect(verifySession(key, `${c}.x`, 1010)).toBeUndefined();
    expect(verifySession(key, '', 1010)).toBeUndefined();
  });
  it('refuses expired cookies', () => {
    const c = signSession(key, user, 1000, 60);
    expect(verifySession(key, c, 1059)).toBeDefined();
    expect(verifySession(key, c, 1060)).toBeUndefined();
  });
});

describe('login rate limiting', () => {
  it('lets a few failures through, then doubles the wait; success clears', () => {
    const rl = new LoginRateLimiter({ freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000 });
    const keys = ['user:alice', 'ip:127.0.0.1'];
    for (let i = 0; i < 2; i++) rl.fail(keys, 0);
    expect(rl.retryAfterMs(keys, 0)).toBe(0);
    rl.fail(keys, 0);
    expect(rl.retryAfterMs(keys, 0)).toBe(1000);
    rl.fail(keys, 1000);
    expect(rl.retryAfterMs(keys, 1000)).toBe(2000);
    for (let i = 0; i < 10; i++) rl.fail(keys, 3000);
    expect(rl.retryAfterMs(keys, 3000)).toBe(10_000);
    expect(rl.retryAfterMs(['user:bob'], 3000)).toBe(0);
    // The client address alone keeps the limit when the attacker changes usernames.
    expect(rl.retryAfterMs(['user:carol', 'ip:127.0.0.1'], 3000)).toBe(10_000);
    rl.succeed(keys);
    expect(rl.retryAfterMs(keys, 3000)).toBe(0);
    expect(waitMessage(1500)).toBe('Too many failed sign-in attempts. Try again in 2 seconds.');
  });
  it('stays bounded', () => {
    const rl = new LoginRateLimiter({ maxKeys: 10 });
    for (let i = 0; i < 100; i++) rl.fail([`k${i}`], 0);
    expect((rl as unknown as { entries: Map<string, unknown> }).entries.size).toBe(10);
  });
});
