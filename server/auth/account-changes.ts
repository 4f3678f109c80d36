/**
 * Changes to an account, each in one conditional write together with the revocation of the
 * account's sessions (no moment where the change is made and old sessions still work):
 * password change or reset, group change, disable/enable, delete. With the console's own
 * identity; the Users page and "change my password" call these through ./sessions.ts.
 */
import { ACCOUNTS_NAMESPACE, DISABLED_ANNOTATION, passwordProblem, secretName } from './accounts';
import { hashPassword } from './passwords';
import { bumpGeneration, updateAccountSecret, type AccountSecretsClient } from './revocation';

export interface AccountChangesClient extends AccountSecretsClient {
  delete(name: 'secrets', namespace: string, objName: string): Promise<unknown>;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export async function setPassword(kube: AccountChangesClient, username: string, password: string): Promise<boolean> {
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const hash = await hashPassword(password); // once, outside the retry loop
  return updateAccountSecret(kube, username, ({ data, annotations }) => {
    data['password-hash'] = b64(hash);
    bumpGeneration(annotations);
  });
}

export function setGroups(kube: AccountChangesClient, username: string, groups: string[]): Promise<boolean> {
  for (const g of groups) if (!/^[a-z0-9:._-]{1,63}$/.test(g) || g.startsWith('system:')) throw new Error(`groups: "${g.slice(0, 64)}" is not a valid group name`);
  return updateAccountSecret(kube, username, ({ data, annotations }) => {
    data.groups = b64([...new Set(groups)].join(','));
    bumpGeneration(annotations);
  });
}

export function setDisabled(kube: AccountChangesClient, username: string, disabled: boolean): Promise<boolean> {
  return updateAccountSecret(kube, username, ({ annotations }) => {
    if (disabled) annotations[DISABLED_ANNOTATION] = 'true';
    else delete annotations[DISABLED_ANNOTATION];
    bumpGeneration(annotations);
  });
}

/** Deleting the Secret ends the sessions by itself: a session needs its account. */
export async function deleteAccount(kube: AccountChangesClient, username: string): Promise<boolean> {
  try {
    await kube.delete('secrets', ACCOUNTS_NAMESPACE, secretName(username));
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 404) return false;
    throw err;
  }
}
