import 'server-only';
import { cookies } from 'next/headers';
import { sessionKey } from '../auth/keys';
import { SESSION_COOKIE, verifySession } from '../auth/session';
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
  const cookie = jar.get(SESSION_COOKIE)?.value;
  if (!cookie) return ANONYMOUS;
  // No key (cluster unreachable): nobody can be verified, so nobody is signed in.
  const key = await sessionKey().catch(() => undefined);
  const s = key ? verifySession(key, cookie, Math.floor(Date.now() / 1000)) : undefined;
  return s ? { username: s.u, groups: s.g, impersonate: true } : ANONYMOUS;
}
