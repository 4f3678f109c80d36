/**
 * Where to go after sign-in: only a path on this console. Browsers forgive a lot in URLs
 * (tabs and newlines are dropped, `\` is read as `/`, `//host` is another site), so anything
 * that could be read as another origin is refused rather than cleaned up.
 */
export const MAX_NEXT_LENGTH = 2048;
export const DEFAULT_NEXT = '/projects';

// C0 controls, DEL and backslashes, raw or after percent-decoding.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;
// Encoded slashes and backslashes: decoded later by someone, they change the path's meaning.
const ENCODED_SLASH = /%(2f|5c)/i;
const PROBE_ORIGIN = 'http://portico.invalid';

/** The path when it is safe to redirect to, else undefined. */
export function safeNextPath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length === 0 || next.length > MAX_NEXT_LENGTH) return undefined;
  if (!next.startsWith('/') || next.startsWith('//') || FORBIDDEN.test(next) || ENCODED_SLASH.test(next)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return undefined; // malformed escapes
  }
  if (decoded.startsWith('//') || FORBIDDEN.test(decoded)) return undefined;
  // Last word to the URL parser itself: it must stay on our origin with the same path.
  try {
    const u = new URL(next, PROBE_ORIGIN);
    if (u.origin !== PROBE_ORIGIN || !(u.pathname + u.search + u.hash).startsWith('/')) return undefined;
  } catch {
    return undefined;
  }
  return next;
}

export function safeNext(next: unknown): string {
  return safeNextPath(next) ?? DEFAULT_NEXT;
}
