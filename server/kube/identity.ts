import 'server-only';
import { cookies } from 'next/headers';
import { SESSION_COOKIE } from '../auth/session';
import { validSession } from '../auth/sessions';
import type { RequestIdentity } from './client';

/** The signed-in user on whose behalf the console calls the cluster. */
export type { RequestIdentity };

/** Requests without a valid session act as nobody: the cluster refuses them. */
export const ANONYMOUS: RequestIdentity = { username: 'system:anonymous', groups: ['system:unauthenticated'], impersonate: true };

/**
 * The user to impersonate, from the signed session cookie. Outside any HTTP request (scripts,
 * in-process tests) there is no user: calls use the kubeconfig's own identity.
 */
export async function getRequestIdentity(): Promise<RequestIdentity> {
  let jar: Awaited<ReturnType<typeof cookies>>;
  try {
    jar = await cookies();
  } catch {
    return { username: 'kubeconfig', groups: [], impersonate: false };
  }
  // Signed, unexpired and not ended in the cluster (sign-out, revocation, deleted account).
  const s = await validSession(jar.get(SESSION_COOKIE)?.value);
  return s ? { username: s.u, groups: s.g, impersonate: true } : ANONYMOUS;
}
