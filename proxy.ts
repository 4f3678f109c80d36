/**
 * Runs before every console route: refuses cross-site mutations (CSRF, on top of Next's own
 * Server Action origin check) and sends requests without a session cookie to sign-in.
 * The cookie's signature and expiry are checked where it is used (server/kube/identity.ts):
 * a tampered or expired cookie acts as nobody and the pages redirect to sign-in.
 */
import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIE = 'portico_session';
const PUBLIC = /^\/(login(\/|$)|_next\/|favicon\.ico$|icon\.svg$|robots\.txt$)/;

function crossSite(req: NextRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return false;
  if (req.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export function proxy(req: NextRequest) {
  if (crossSite(req)) return new NextResponse('Cross-site request refused.', { status: 403, headers: { 'content-type': 'text/plain' } });
  const { pathname, search } = req.nextUrl;
  if (PUBLIC.test(pathname) || req.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  if (pathname.startsWith('/api/')) return NextResponse.json({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401, message: 'Sign in first.' }, { status: 401 });
  const url = req.nextUrl.clone();
  url.pathname = '/login';
  url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
