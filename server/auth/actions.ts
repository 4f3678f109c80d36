'use server';
/** Sign-in and sign-out. */
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getAuthKubeClient } from '../kube/client';
import { authenticate, validUsername } from './accounts';
import { writeAudit } from './audit';
import { requestClientAddress } from './client-address';
import { currentSession } from './current';
import { sessionKey } from './keys';
import { accountAtAddressKey, loginLimiters } from './limiter';
import { parseLoginForm } from './login-input';
import { waitMessage } from './rate-limit';
import { safeNext } from './safe-next';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from './session';
import { endSession } from './sessions';
import { ensureAccounts } from './service';

export interface LoginState {
  error?: string;
}

const GENERIC = 'Invalid username or password.';

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const h = await headers();
  const address = requestClientAddress(h);
  // 1. Bounded input before anything else (no lookup, no hash; the audit line is bounded too).
  const input = parseLoginForm(form);
  if (!input.ok) {
    loginLimiters.address.fail([address], Date.now());
    await writeAudit({ user: '-', action: 'login', result: 'denied', message: `invalid input from ${address}: ${input.error}` });
    return { error: input.error };
  }
  const { username, password } = input.value;
  if (!username || !password) return { error: GENERIC };
  // 2. Limits, and the attempt counted before the hash (synchronously: parallel attempts
  //    cannot all pass the check before the first one is counted).
  const pair = accountAtAddressKey(username, address);
  const now = Date.now();
  const wait = Math.max(loginLimiters.address.retryAfterMs([address], now), loginLimiters.accountAtAddress.retryAfterMs([pair], now));
  if (wait > 0) {
    await writeAudit({ user: username, action: 'login', result: 'denied', message: `rate limited (${address})` });
    return { error: waitMessage(wait) };
  }
  const delay = loginLimiters.account.retryAfterMs([username], now);
  loginLimiters.address.fail([address], now);
  loginLimiters.accountAtAddress.fail([pair], now);
  loginLimiters.account.fail([username], now);
  // Names that cannot be accounts need no hash to be refused (their form is no secret).
  if (!validUsername(username)) {
    await writeAudit({ user: username, action: 'login', result: 'failure', message: `no such account form (${address})` });
    return { error: GENERIC };
  }
  // 3. Many failures on this account from anywhere: a growing delay, never a refusal.
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  let account;
  try {
    await ensureAccounts();
    account = await authenticate((await getAuthKubeClient()) as never, username, password);
  } catch (err) {
    return { error: `Sign-in is unavailable: ${(err as Error).message}` };
  }
  if (!account) {
    await writeAudit({ user: username, action: 'login', result: 'failure', message: address });
    return { error: GENERIC };
  }
  loginLimiters.address.refund([address]); // an address is limited on its failures, not on people signing in
  loginLimiters.accountAtAddress.succeed([pair]);
  loginLimiters.account.succeed([username]);
  const jar = await cookies();
  const proto = h.get('x-forwarded-proto') ?? '';
  jar.set(SESSION_COOKIE, signSession(await sessionKey(), account, Math.floor(Date.now() / 1000)), {
    httpOnly: true,
    sameSite: 'lax',
    secure: proto === 'https',
    path: '/',
    maxAge: SESSION_TTL_SECONDS,
  });
  await writeAudit({ user: username, action: 'login', result: 'success', message: address });
  redirect(safeNext(input.value.next));
}

/** Ends this session in the cluster (every replica refuses the cookie from now on), then drops the cookie. */
export async function logoutAction(): Promise<void> {
  const s = await currentSession();
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  if (s) {
    const ended = await endSession(s).then(
      () => undefined,
      (err: Error) => err.message,
    );
    await writeAudit({ user: s.u, action: 'logout', result: ended ? 'failure' : 'success', message: ended });
  }
  redirect('/login');
}
