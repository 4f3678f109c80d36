/**
 * Runs before every console route: refuses cross-site mutations (CSRF, on top of Next's own
 * Server Action origin check), sends requests without a session cookie to sign-in, and sets
 * the security headers (a per-request CSP nonce, frame-ancestors 'none', nosniff, Referrer-Policy).
 * The cookie's signature, expiry and revocation are checked where it is used
 * (server/auth/sessions.ts): a tampered, expired or ended session acts as nobody and the
 * pages redirect to sign-in.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { STATIC_SECURITY_HEADERS, contentSecurityPolicy, newNonce } from './server/auth/security-headers';

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

function secured<T extends NextResponse>(res: T, csp: string): T {
  res.headers.set('Content-Security-Policy', csp);
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
  return res;
}

export function proxy(req: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  if (crossSite(req)) return secured(new NextResponse('Cross-site request refused.', { status: 403, headers: { 'content-type': 'text/plain' } }), csp);
  const { pathname, search } = req.nextUrl;
  if (PUBLIC.test(pathname) || req.cookies.has(SESSION_COOKIE)) {
    // Next.js reads the nonce from the request's CSP header and puts it on its script tags.
    const headers = new Headers(req.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('x-nonce', nonce);
    return secured(NextResponse.next({ request: { headers } }), csp);
  }
  if (pathname.startsWith('/api/')) return secured(NextResponse.json({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401, message: 'Sign in first.' }, { status: 401 }), csp);
  const url = req.nextUrl.clone();
  url.pathname = '/login';
  url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return secured(NextResponse.redirect(url), csp);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image).*)'],
};
