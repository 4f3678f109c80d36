/**
 * Security headers for every console response (set by proxy.ts; next.config.mjs adds the
 * static ones to /_next assets, which the proxy does not see).
 *
 * The CSP allows scripts only with this response's nonce (Next.js puts it on its own script
 * tags when it finds it in the request's Content-Security-Policy header) and what those load
 * ('strict-dynamic': Next's chunks, Monaco's lazily loaded modules). No 'unsafe-eval' in
 * production: Monaco 0.55 and monaco-yaml run without eval (their workers are our own bundled
 * files, allowed by worker-src 'self'); `next dev` alone needs it for React's dev tooling.
 * Styles allow 'unsafe-inline': Monaco and React `style=` attributes set inline styles, and
 * styles cannot run code.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** The headers every response carries besides the CSP. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** 128 random bits, base64: unguessable and new for every response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
