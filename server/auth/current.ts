import 'server-only';
/** The signed-in user of the current request (from the session cookie, checked against the cluster). */
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE, type Session } from './session';
import { validSession } from './sessions';

export async function currentSession(): Promise<Session | undefined> {
  const jar = await cookies();
  return validSession(jar.get(SESSION_COOKIE)?.value);
}

/** For pages: the session, or a redirect to the sign-in page (tampered, expired and ended sessions included). */
export async function requireSession(next?: string): Promise<Session> {
  const s = await currentSession();
  if (!s) redirect(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  return s;
}
