/**
 * Sign-in hardening and sessions that can be ended, against a real dev cluster process.
 * Sign-in requests arrive over real sockets from distinct loopback addresses (127.0.0.x) at a
 * small HTTP server that runs the console's own server action (loginAction), so the limiter
 * sees the TCP peer exactly as the console does under `next start` (installPeerStamp).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));
// next/headers outside Next: the headers of the request being handled, and a cookie jar.
const jar = new Map<string, string>();
let requestHeaders = new Headers();
vi.mock('next/headers', () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({
    get: (n: string) => (jar.has(n) ? { name: n, value: jar.get(n)! } : undefined),
    set: (n: string, v: string) => void jar.set(n, v),
    delete: (n: string) => void jar.delete(n),
  }),
}));
// Counts password hashing work (the real function still runs).
const hashing = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('./passwords', async (importOriginal) => {
  const orig = await importOriginal<typeof import('./passwords')>();
  return {
    ...orig,
    verifyPassword: (...args: Parameters<typeof orig.verifyPassword>) => {
      hashing.verifications++;
      return orig.verifyPassword(...args);
    },
  };
});

let cluster: TestCluster;
let server: http.Server;
let port = 0;
let auditFile = '';
const repoRoot = path.resolve(__dirname, '../..');

/** What the sign-in server action answered: an error, or where it redirected. */
interface Answer {
  error?: string;
  redirect?: string;
  ms: number;
}

/** POSTs the sign-in form from a given loopback source address, optionally with an X-Forwarded-For. */
function signIn(from: string, fields: Record<string, string>, xff?: string): Promise<Answer> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(xff ? { 'x-forwarded-for': xff } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const auditSize = () => (existsSync(auditFile) ? statSync(auditFile).size : 0);

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  delete process.env.PORTICO_SESSION_SECRET;
  delete process.env.PORTICO_TRUSTED_PROXIES;
  auditFile = path.join(cluster.dataDir, 'audit.log');
  process.env.PORTICO_AUDIT_LOG = auditFile;
  const sa = path.join(cluster.dataDir, 'serviceaccounts', 'portico-console.kubeconfig');
  const { getServiceKubeClient } = await import('../kube/client');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (existsSync(sa) && (await getServiceKubeClient().then((k) => k.list('namespaces')).then(() => true, () => false))) break;
    if (Date.now() > deadline) throw new Error('dev cluster did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  const { createAccount } = await import('./accounts');
  const kube = (await getServiceKubeClient()) as never;
  await createAccount(kube, 'bo', 'bo-password-1');
  await createAccount(kube, 'cy', 'cy-password-1', ['portico:admins']);
  await createAccount(kube, 'di', 'di-password-1');

  const { installPeerStamp } = await import('./client-address');
  installPeerStamp();
  const { loginAction } = await import('./actions');
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      requestHeaders = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])));
      const form = new FormData();
      for (const [k, v] of new URLSearchParams(body)) form.append(k, v);
      const t0 = Date.now();
      let answer: Answer;
      try {
        answer = { ...(await loginAction({}, form)), ms: Date.now() - t0 };
      } catch (err) {
        // next/navigation's redirect() throws; its digest is "NEXT_REDIRECT;<type>;<url>;<status>;"
        const digest = String((err as { digest?: string }).digest ?? '');
        if (!digest.startsWith('NEXT_REDIRECT')) throw err;
        answer = { redirect: digest.split(';')[2], ms: Date.now() - t0 };
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await (await import('./audit')).flushAudit();
  await cluster?.stop();
});

describe('sign-in hardening', () => {
  it('refuses a 300 KB username or password before any hashing, and the audit log grows by a bounded amount', async () => {
    const before = auditSize();
    const verificationsBefore = hashing.verifications;
    for (let i = 0; i < 8; i++) {
      const a = await signIn('127.0.0.11', { username: 'u'.repeat(300 * 1024), password: 'x' });
      expect(a.error).toBe('Username: at most 253 characters');
    }
    const p = await signIn('127.0.0.11', { username: 'bo', password: 'p'.repeat(300 * 1024) });
    expect(p.error).toBe('Password: at most 1024 characters');
    await (await import('./audit')).flushAudit();
    expect(hashing.verifications).toBe(verificationsBefore);
    // 9 refused attempts: 9 short lines (was 2.4 MB for 8)
    expect(auditSize() - before).toBeLessThan(9 * 600);
  });

  it('limits per TCP peer address; a client-sent X-Forwarded-For neither escapes nor frames another address', async () => {
    // 30 attempts on different accounts from one address, each claiming another client address
    for (let i = 0; i < 30; i++) {
      const a = await signIn('127.0.0.21', { username: `nobody-${i}`, password: 'guess-guess' }, `203.0.113.${i}`);
      expect(a.error).toBe('Invalid username or password.');
    }
    const refused = await signIn('127.0.0.21', { username: 'bo', password: 'bo-password-1' }, '198.51.100.99');
    expect(refused.error).toMatch(/^Too many failed sign-in attempts\. Try again in/);
    // The address named in those X-Forwarded-For headers is not limited: limits key on the socket.
    const other = await signIn('127.0.0.22', { username: 'bo', password: 'bo-password-1' }, '127.0.0.21');
    expect(other.redirect).toBe('/projects');
  });

  it('believes X-Forwarded-For only from a trusted proxy (PORTICO_TRUSTED_PROXIES)', async () => {
    process.env.PORTICO_TRUSTED_PROXIES = '127.0.0.31/32';
    try {
      await (await import('./audit')).flushAudit();
      const before = auditSize();
      await signIn('127.0.0.31', { username: 'nobody-x', password: 'guess-guess' }, '6.6.6.6, 198.51.100.7');
      await signIn('127.0.0.32', { username: 'nobody-y', password: 'guess-guess' }, '198.51.100.8');
      await (await import('./audit')).flushAudit();
      const { readFileSync } = await import('node:fs');
      const lines = readFileSync(auditFile, 'utf8').slice(before).trim().split('\n').map((l) => JSON.parse(l));
      // behind the trusted proxy: the right-most untrusted address; from anyone else: the socket
      expect(lines.find((l) => l.user === 'nobody-x').message).toBe('198.51.100.7');
      expect(lines.find((l) => l.user === 'nobody-y').message).toBe('127.0.0.32');
    } finally {
      delete process.env.PORTICO_TRUSTED_PROXIES;
    }
  });

  it('backs off per account and address, counted before the hash; the owner elsewhere is not locked out', async () => {
    // 5 parallel guesses and then more: all counted before any hash finished
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => signIn('127.0.0.41', { username: 'di', password: `wrong-${i}` })));
    expect(guesses.filter((g) => g.error === 'Invalid username or password.').length).toBeLessThanOrEqual(5);
    expect(guesses.filter((g) => g.error?.startsWith('Too many failed sign-in attempts'))).not.toHaveLength(0);
    // even the right password waits, from that address
    expect((await signIn('127.0.0.41', { username: 'di', password: 'di-password-1' })).error).toMatch(/^Too many/);
    // more guessing from other addresses only slows the account down (a delay, not a lock)
    for (const from of ['127.0.0.42', '127.0.0.43']) for (let i = 0; i < 3; i++) await signIn(from, { username: 'di', password: `wrong-${from}-${i}` });
    // past 10 failures on the account: a delay before the hash, until 250 ms after the last
    // failure. What is left of it when the owner comes depends on how long the last guess took
    // (a loaded machine), so the owner's wait is checked against what is left just before.
    const { loginLimiters } = await import('./limiter');
    const left = loginLimiters.account.retryAfterMs(['di'], Date.now());
    expect(left).toBeGreaterThan(0);
    const owner = await signIn('127.0.0.44', { username: 'di', password: 'di-password-1' });
    expect(owner.redirect).toBe('/projects');
    // the action starts a few ms after `left` was read (a loopback request): less is left then
    expect(owner.ms).toBeGreaterThanOrEqual(left - 30);
  });

  it('redirects after sign-in only to same-origin paths', async () => {
    const cases: Array<[string, string]> = [
      ['/%09/evil.example', '/projects'],
      ['/\t/evil.example', '/projects'],
      ['//evil.example', '/projects'],
      ['/\\evil.example', '/projects'],
      ['/%2F%2Fevil.example', '/projects'],
      ['https://evil.example/', '/projects'],
      ['/projects/demo/routes?tab=yaml', '/projects/demo/routes?tab=yaml'],
    ];
    for (const [next, want] of cases) {
      const a = await signIn('127.0.0.51', { username: 'bo', password: 'bo-password-1', next });
      expect(a.redirect, next).toBe(want);
    }
  });
});

/** A second console process reading the same cluster (its own cache). */
class Replica {
  private readonly child: ChildProcess;
  private readonly answers: Array<(line: string) => void> = [];
  readonly ready: Promise<void>;
  constructor() {
    this.child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'server/auth/testing/session-checker.ts'], {
      cwd: repoRoot,
      env: { ...process.env, KUBECONFIG: '', PORTICO_SESSION_SECRET: '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let started: () => void;
    this.ready = new Promise((r) => (started = r));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      if (line.includes('"ready"')) started();
      else this.answers.shift()?.(line);
    });
  }
  check(cookie: string): Promise<{ valid: boolean; user?: string }> {
    return new Promise((resolve) => {
      this.answers.push((line) => resolve(JSON.parse(line)));
      this.child.stdin!.write(cookie + '\n');
    });
  }
  stop(): void {
    this.child.kill();
  }
}

describe('sessions that can be ended', () => {
  async function cookieFor(username: string, password: string): Promise<string> {
    jar.clear();
    const form = new FormData();
    form.append('username', username);
    form.append('password', password);
    requestHeaders = new Headers();
    const { loginAction } = await import('./actions');
    await loginAction({}, form).catch((err: { digest?: string }) => {
      if (!String(err.digest).startsWith('NEXT_REDIRECT')) throw err;
    });
    const { SESSION_COOKIE } = await import('./session');
    const c = jar.get(SESSION_COOKIE);
    expect(c).toBeTruthy();
    return c!;
  }
  const valid = async (cookie: string) => Boolean(await (await import('./sessions')).validSession(cookie));
  /** Polls the replica until it refuses the cookie; returns how long that took. */
  async function refusedBy(replica: Replica, cookie: string): Promise<number> {
    const t0 = Date.now();
    while ((await replica.check(cookie)).valid) {
      if (Date.now() - t0 > 5_000) throw new Error('the second replica still accepts the session after 5 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - t0;
  }

  it('sign-out ends that session on this and another replica; the account\'s other sessions go on', async () => {
    const replica = new Replica();
    try {
      await replica.ready;
      const a = await cookieFor('cy', 'cy-password-1');
      const b = await cookieFor('cy', 'cy-password-1');
      expect(await replica.check(a)).toEqual({ valid: true, user: 'cy' }); // cached as valid there now
      jar.set((await import('./session')).SESSION_COOKIE, a);
      const { logoutAction } = await import('./actions');
      await logoutAction().catch((err: { digest?: string }) => {
        if (!String(err.digest).startsWith('NEXT_REDIRECT')) throw err;
      });
      expect(await valid(a)).toBe(false); // at once here
      expect(await refusedBy(replica, a)).toBeLessThanOrEqual(2_000); // within the cache time there
      expect(await valid(b)).toBe(true);
      expect((await replica.check(b)).valid).toBe(true);

      // revokeSessions (password reset, disable, group change) ends all of them
      const { revokeSessions } = await import('./sessions');
      expect(await revokeSessions('cy')).toBe(true);
      expect(await valid(b)).toBe(false);
      expect(await refusedBy(replica, b)).toBeLessThanOrEqual(2_000);
      // and a new sign-in works again
      const c = await cookieFor('cy', 'cy-password-1');
      expect(await valid(c)).toBe(true);
    } finally {
      replica.stop();
    }
  });

  it('password change, group change, disable and delete each end the account\'s sessions', async () => {
    const s = await import('./sessions');
    let c = await cookieFor('cy', 'cy-password-1');
    await s.changeAccountPassword('cy', 'cy-password-2');
    expect(await valid(c)).toBe(false);
    expect((await cookieFor('cy', 'cy-password-2').catch(() => ''))).toBeTruthy();

    c = jar.get((await import('./session')).SESSION_COOKIE)!;
    await s.changeAccountGroups('cy', []); // removed from portico:admins
    expect(await valid(c)).toBe(false);

    c = await cookieFor('cy', 'cy-password-2');
    await s.changeAccountDisabled('cy', true);
    expect(await valid(c)).toBe(false);
    // a disabled account cannot sign in either
    jar.clear();
    const form = new FormData();
    form.append('username', 'cy');
    form.append('password', 'cy-password-2');
    expect(await (await import('./actions')).loginAction({}, form)).toEqual({ error: 'Invalid username or password.' });
    await s.changeAccountDisabled('cy', false);

    c = await cookieFor('cy', 'cy-password-2');
    // a change made outside the console (kubectl) to the groups ends the session too
    cluster.kubectl(['patch', 'secret', 'portico-user-cy', '-n', 'portico-system', '--type=merge', '-p', JSON.stringify({ data: { groups: Buffer.from('portico:admins').toString('base64') } })]);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await valid(c)).toBe(false);

    c = await cookieFor('cy', 'cy-password-2');
    expect(await s.removeAccount('cy')).toBe(true);
    expect(await valid(c)).toBe(false);
  });
});
