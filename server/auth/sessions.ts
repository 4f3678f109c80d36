import 'server-only';
/**
 * Session checks and endings for the console process: a signed cookie is a session only while
 * its account in the cluster says so (see ./revocation.ts). Exported for the account actions
 * (Users page, password change): call revokeSessions after any change to an account.
 */
import { getAuthKubeClient } from '../kube/client';
import { deleteAccount, setDisabled, setGroups, setPassword, type AccountChangesClient } from './account-changes';
import { sessionKey } from './keys';
import { SessionStateReader, endAccountSession, revokeAccountSessions, type AccountSecretsClient } from './revocation';
import { verifySession, type Session } from './session';

const service = () => getAuthKubeClient() as Promise<unknown> as Promise<AccountSecretsClient>;
const g = globalThis as unknown as { __porticoSessionReader?: SessionStateReader };
/** One per process (on globalThis so dev-mode module reloads share it). */
export const sessionStates = (g.__porticoSessionReader ??= new SessionStateReader(service));

/** The session of a cookie: signed by us, unexpired, and not ended in the cluster. */
export async function validSession(cookie: string | undefined): Promise<Session | undefined> {
  if (!cookie) return undefined;
  // No key (cluster unreachable): nobody can be verified, so nobody is signed in.
  const key = await sessionKey().catch(() => undefined);
  const s = key ? verifySession(key, cookie, Math.floor(Date.now() / 1000)) : undefined;
  return s ? sessionStates.check(s) : undefined;
}

/** Ends every session of the account on every replica (within revocation.STATE_TTL_MS). False: no such account. */
export async function revokeSessions(username: string): Promise<boolean> {
  try {
    return await revokeAccountSessions(await service(), username);
  } finally {
    sessionStates.forget(username);
  }
}

/** Ends this one session (sign-out). */
export async function endSession(s: Session): Promise<void> {
  try {
    await endAccountSession(await service(), s);
  } finally {
    sessionStates.forget(s.u);
  }
}

/** Account changes that end the account's sessions (for the Users page and "change my password"). */
async function changed<T>(username: string, run: (kube: AccountChangesClient) => Promise<T>): Promise<T> {
  try {
    return await run((await getAuthKubeClient()) as unknown as AccountChangesClient);
  } finally {
    sessionStates.forget(username);
  }
}
export const changeAccountPassword = (username: string, password: string) => changed(username, (k) => setPassword(k, username, password));
export const changeAccountGroups = (username: string, groups: string[]) => changed(username, (k) => setGroups(k, username, groups));
export const changeAccountDisabled = (username: string, disabled: boolean) => changed(username, (k) => setDisabled(k, username, disabled));
export const removeAccount = (username: string) => changed(username, (k) => deleteAccount(k, username));
