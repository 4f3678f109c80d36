'use server';
/** Sign-in and sign-out. */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServiceKubeClient } from '../kube/client';
import { authenticate } from './accounts';
import { writeAudit } from './audit';
import { sessionKey } from './keys';
import { loginLimiters } from './limiter';
import { waitMessage } from './rate-limit';
import { ensureAccounts } from './service';
import { currentSession } from './current';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from './session';

export interface LoginState {
  error?: string;
}

const GENERIC = 'Invalid username or password.';

/** Only same-site relative paths: never an open redirect. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/projects';
}

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const username = String(form.get('username') ?? '').trim().toLowerCase();
  const password = String(form.get('password') ?? '');
  const h = await headers();
  const ip = (h.get('x-forwarded-for') ?? '').split(',')[0]?.trim() || h.get('x-real-ip') || 'local';
  const now = Date.now();
  const wait = Math.max(loginLimiters.user.retryAfterMs([username], now), loginLimiters.ip.retryAfterMs([ip], now));
  if (wait > 0) {
    await writeAudit({ user: username || '-', action: 'login', result: 'denied', message: 'rate limited' });
    return { error: waitMessage(wait) };
  }
  if (!username || !password) return { error: GENERIC };
  let account;
  try {
    await ensureAccounts();
    account = await authenticate((await getServiceKubeClient()) as never, username, password);
  } catch (err) {
    return { error: `Sign-in is unavailable: ${(err as Error).message}` };
  }
  if (!account) {
    loginLimiters.user.fail([username], Date.now());
    loginLimiters.ip.fail([ip], Date.now());
    await writeAudit({ user: username, action: 'login', result: 'failure' });
    return { error: GENERIC };
  }
  loginLimiters.user.succeed([username]);
  const jar = await cookies();
  const proto = h.get('x-forwarded-proto') ?? '';
  jar.set(SESSION_COOKIE, signSession(await sessionKey(), account, Math.floor(Date.now() / 1000)), {
    httpOnly: true,
    sameSite: 'lax',
    secure: proto === 'https',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
  await writeAudit({ user: username, action: 'login', result: 'success' });
  redirect(safeNext(form.get('next')));
}

export async function logoutAction(): Promise<void> {
  const s = await currentSession();
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  if (s) await writeAudit({ user: s.u, action: 'logout', result: 'success' });
  redirect('/login');
}
