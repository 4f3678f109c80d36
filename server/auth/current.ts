import 'server-only';
/** The signed-in user of the current request (from the session cookie). */
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { sessionKey } from './keys';
import { SESSION_COOKIE, verifySession, type Session } from './session';

export async function currentSession(): Promise<Session | undefined> {
  const jar = await cookies();
  const cookie = jar.get(SESSION_COOKIE)?.value;
  if (!cookie) return undefined;
  const key = await sessionKey().catch(() => undefined);
  return key ? verifySession(key, cookie, Math.floor(Date.now() / 1000)) : undefined;
}

/** For pages: the session, or a redirect to the sign-in page (tampered and expired cookies included). */
export async function requireSession(next?: string): Promise<Session> {
  const s = await currentSession();
  if (!s) redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  return s;
}
