/**
 * For integration tests that act as a user without going through the sign-in form: makes the
 * user's account (a Secret, as the console stores it, with a random password) when it does not
 * exist or has other groups, and returns a session cookie valid for it. Sessions are checked
 * against their account in the cluster (./revocation.ts), so a cookie for a user without an
 * account would act as nobody.
 */
import { randomBytes } from 'node:crypto';
import { getServiceKubeClient } from '../kube/client';
import { ACCOUNTS_NAMESPACE, createAccount, secretName, sessionGeneration } from './accounts';
import { sessionKey } from './keys';
import { setGroups } from './account-changes';
import { signSession } from './session';
import { stateOf } from './revocation';

export async function testSessionCookie(username: string, groups: string[] = []): Promise<string> {
  const kube = await getServiceKubeClient();
  type S = Parameters<typeof stateOf>[0] & object;
  let secret = await kube.find<S>('secrets', ACCOUNTS_NAMESPACE, secretName(username));
  if (!secret) {
    await createAccount(kube as never, username, randomBytes(12).toString('base64url'), groups).catch((err: { code?: number }) => {
      if (err.code !== 409) throw err;
    });
  } else if (stateOf(secret, username)?.groups.slice().sort().join(',') !== [...groups].sort().join(',')) {
    await setGroups(kube as never, username, groups);
  }
  secret = await kube.find<S>('secrets', ACCOUNTS_NAMESPACE, secretName(username));
  return signSession(await sessionKey(), { username, groups, generation: sessionGeneration(secret?.metadata.annotations) }, Math.floor(Date.now() / 1000));
}
