'use server';
/**
 * The Users page's actions (platform admins only): accounts are Secrets in portico-system
 * written with the console's own identity after the admin check (./guard.ts). Every change
 * ends the account's sessions at once (../auth/sessions.ts). Passwords never reach a log.
 */
import { cookies } from 'next/headers';
import type { ActionResult } from '@/lib/console/action-result';
import { changeOwnPasswordSchema, createUserSchema, optionalPasswordSchema, usernameSchema, zodFieldErrors, type ChangeOwnPasswordInput, type CreateUserInput } from '@/lib/console/admin-input';
import { ACCOUNTS_NAMESPACE, ACCOUNT_TYPE, ADMINS_GROUP, authenticate, createAccount, validUsername } from '../auth/accounts';
import { writeAudit } from '../auth/audit';
import { currentSession } from '../auth/current';
import { sessionKey } from '../auth/keys';
import { generatePassword } from '../auth/passwords';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, signSession } from '../auth/session';
import { changeAccountDisabled, changeAccountGroups, changeAccountPassword, removeAccount } from '../auth/sessions';
import { getServiceKubeClient } from '../kube/client';
import { asResult, invalid } from '../kube/errors';
import { asPlatformAdmin } from './guard';

interface AccountSecret {
  type?: string;
  data?: Record<string, string>;
}

const unb64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');
const notFound = (username: string): Extract<ActionResult<never>, { ok: false }> => ({ ok: false, status: 404, reason: 'NotFound', message: `no account "${username}"`, fieldErrors: [] });

function checkUsername(u: unknown): string | undefined {
  return typeof u === 'string' && usernameSchema.safeParse(u).success && validUsername(u) ? u : undefined;
}
const badUsername = () => invalid('username: lowercase letters, digits, ".", "_" or "-" (at most 63)', [{ field: 'username', message: 'not a valid username' }]);

/** Creates an account; the password (typed, or generated when empty) is returned once. */
export async function createUserAction(input: CreateUserInput): Promise<ActionResult<{ username: string; password: string; generated: boolean }>> {
  const parsed = createUserSchema.safeParse(input);
  const username = typeof input?.username === 'string' ? input.username.slice(0, 63) : undefined;
  return asPlatformAdmin('create account', { namespace: ACCOUNTS_NAMESPACE, name: username }, async () => {
    if (!parsed.success) return invalid('invalid account', zodFieldErrors(parsed.error));
    const { admin } = parsed.data;
    if (!validUsername(parsed.data.username)) return badUsername();
    const generated = !parsed.data.password;
    const password = parsed.data.password || generatePassword();
    return asResult(async () => {
      await createAccount((await getServiceKubeClient()) as never, parsed.data.username, password, admin ? [ADMINS_GROUP] : []);
      return { username: parsed.data.username, password, generated };
    });
  });
}

/** Sets a new password (typed, or generated when empty; returned once) and ends the account's sessions. */
export async function resetPasswordAction(username: string, password?: string): Promise<ActionResult<{ password: string; generated: boolean }>> {
  const u = checkUsername(username);
  const p = optionalPasswordSchema.safeParse(password);
  return asPlatformAdmin('reset password', { namespace: ACCOUNTS_NAMESPACE, name: u }, async () => {
    if (!u) return badUsername();
    if (!p.success) return invalid('invalid password', zodFieldErrors(p.error).map((e) => ({ ...e, field: 'password' })));
    const generated = !p.data;
    const next = p.data || generatePassword();
    return asResult(async () => {
      if (!(await changeAccountPassword(u, next))) throw Object.assign(new Error(`no account "${u}"`), { code: 404 });
      return { password: next, generated };
    }).then((r) => (!r.ok && /no account/.test(r.message) ? notFound(u) : r));
  });
}

/** Disables (sign-in refused, sessions ended) or enables an account. Admins cannot disable themselves. */
export async function setUserDisabledAction(username: string, disabled: boolean): Promise<ActionResult<null>> {
  const u = checkUsername(username);
  return asPlatformAdmin(disabled ? 'disable account' : 'enable account', { namespace: ACCOUNTS_NAMESPACE, name: u }, async (s) => {
    if (!u || typeof disabled !== 'boolean') return badUsername();
    if (u === s.u && disabled) return invalid('you cannot disable your own account');
    return asResult(async () => {
      if (!(await changeAccountDisabled(u, disabled))) return Promise.reject(Object.assign(new Error(`no account "${u}"`), { code: 404 }));
      return null;
    }).then((r) => (!r.ok && /no account/.test(r.message) ? notFound(u) : r));
  });
}

/** Deletes an account (its sessions end with it). Admins cannot delete themselves. */
export async function deleteUserAction(username: string): Promise<ActionResult<null>> {
  const u = checkUsername(username);
  return asPlatformAdmin('delete account', { namespace: ACCOUNTS_NAMESPACE, name: u }, async (s) => {
    if (!u) return badUsername();
    if (u === s.u) return invalid('you cannot delete your own account');
    const r = await asResult(() => removeAccount(u));
    return r.ok ? (r.value ? { ok: true, value: null } : notFound(u)) : r;
  });
}

/** Grants or removes portico:admins (the account's sessions end: they carry the old groups). */
export async function setUserAdminAction(username: string, admin: boolean): Promise<ActionResult<null>> {
  const u = checkUsername(username);
  return asPlatformAdmin(admin ? 'grant portico:admins' : 'remove portico:admins', { namespace: ACCOUNTS_NAMESPACE, name: u }, async (s) => {
    if (!u || typeof admin !== 'boolean') return badUsername();
    if (u === s.u && !admin) return invalid('you cannot remove yourself from portico:admins');
    return asResult(async () => {
      const kube = await getServiceKubeClient();
      const secret = await kube.find<AccountSecret>('secrets', ACCOUNTS_NAMESPACE, `portico-user-${u}`);
      if (!secret || secret.type !== ACCOUNT_TYPE) return false;
      const groups = unb64(secret.data?.groups).split(',').map((g) => g.trim()).filter((g) => g && g !== ADMINS_GROUP);
      return changeAccountGroups(u, admin ? [...groups, ADMINS_GROUP] : groups);
    }).then((r): ActionResult<null> => (r.ok ? (r.value ? { ok: true, value: null } : notFound(u)) : r));
  });
}

/**
 * The signed-in user changes their own password (current password required). Their other
 * sessions end; this browser gets a fresh session cookie.
 */
export async function changeOwnPasswordAction(input: ChangeOwnPasswordInput): Promise<ActionResult<null>> {
  const s = await currentSession();
  if (!s) return { ok: false, status: 401, reason: 'Unauthorized', message: 'sign in first', fieldErrors: [] };
  const parsed = changeOwnPasswordSchema.safeParse(input);
  if (!parsed.success) return invalid('invalid password', zodFieldErrors(parsed.error));
  const kube = (await getServiceKubeClient()) as never;
  if (!(await authenticate(kube, s.u, parsed.data.current))) {
    await writeAudit({ user: s.u, action: 'change own password', namespace: ACCOUNTS_NAMESPACE, name: s.u, result: 'denied', code: 403, message: 'wrong current password' });
    return { ok: false, status: 403, reason: 'Forbidden', message: 'the current password is wrong', fieldErrors: [{ field: 'current', message: 'wrong password' }] };
  }
  const r = await asResult(() => changeAccountPassword(s.u, parsed.data.password));
  await writeAudit({ user: s.u, action: 'change own password', namespace: ACCOUNTS_NAMESPACE, name: s.u, result: r.ok ? 'success' : 'failure', message: r.ok ? undefined : r.message });
  if (!r.ok) return r;
  const account = await authenticate(kube, s.u, parsed.data.password);
  if (account) {
    const jar = await cookies();
    jar.set(SESSION_COOKIE, signSession(await sessionKey(), account, Math.floor(Date.now() / 1000)), { httpOnly: true, sameSite: 'lax', path: '/', maxAge: SESSION_TTL_SECONDS });
  }
  return { ok: true, value: null };
}
