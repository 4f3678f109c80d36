/**
 * Request-target normalisation shared by the gateway and the console ("which route would
 * serve this URL"). What we match on is exactly what we send upstream, so a path can't
 * be matched as one thing and served as another:
 * - absolute-form ("http://h/p") is reduced to its path;
 * - percent-encoded unreserved characters are decoded (RFC 3986 6.2.2.2), other escapes
 *   get upper-case hex; so "%2e%2e" is "..", but "%2F" stays an escaped byte inside a
 *   segment (never a separator);
 * - "." and ".." segments are removed (RFC 3986 5.2.4), never climbing above "/";
 * - control characters, spaces, "#", "\" and broken escapes are rejected (400).
 * Repeated slashes are kept (as Envoy does by default).
 */
export type ParsedTarget =
  | { ok: true; path: string; query: string; target: string }
  | { ok: false; error: string };

const HEX = '0123456789ABCDEF';

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function isUnreserved(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95 || c === 126
  );
}

export function parseRequestTarget(raw: string): ParsedTarget {
  let target = raw;
  if (target.length === 0) return { ok: false, error: 'empty request target' };
  if (target.charCodeAt(0) !== 47 /* / */) {
    const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
    if (!m) return { ok: false, error: 'request target must start with "/" (origin-form) or be an absolute URL' };
    target = target.slice(m[0].length);
    if (target === '' || target.charCodeAt(0) === 63 /* ? */) target = '/' + target;
  }
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q);

  // One scan: reject bad characters, and see whether any rewriting is needed.
  let needsWork = false;
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c <= 32 || c === 127 || c === 35 /* # */ || c === 92 /* \ */) {
      return { ok: false, error: `request target contains a forbidden character (code ${c}) at ${i}` };
    }
    if (c === 37 /* % */) {
      if (i + 2 >= target.length || hexVal(target.charCodeAt(i + 1)) < 0 || hexVal(target.charCodeAt(i + 2)) < 0) {
        return { ok: false, error: `broken percent-escape at ${i}` };
      }
      if (i < rawPath.length) needsWork = true;
    } else if (c === 46 /* . */ && i < rawPath.length && target.charCodeAt(i - 1) === 47) {
      needsWork = true;
    }
  }
  if (!needsWork) return { ok: true, path: rawPath, query, target };

  // Decode unreserved escapes, upper-case the others.
  let decoded = '';
  for (let i = 0; i < rawPath.length; i++) {
    const c = rawPath.charCodeAt(i);
    if (c === 37) {
      const v = hexVal(rawPath.charCodeAt(i + 1)) * 16 + hexVal(rawPath.charCodeAt(i + 2));
      if (isUnreserved(v)) decoded += String.fromCharCode(v);
      else decoded += '%' + HEX[v >> 4] + HEX[v & 15];
      i += 2;
    } else decoded += rawPath[i];
  }
  const path = removeDotSegments(decoded);
  return { ok: true, path, query, target: path + query };
}

/** RFC 3986 5.2.4 on an absolute path; the result always starts with "/". */
export function removeDotSegments(path: string): string {
  const segs = path.split('/');
  const out: string[] = [];
  // segs[0] is '' (leading slash)
  for (let i = 1; i < segs.length; i++) {
    const s = segs[i];
    const last = i === segs.length - 1;
    if (s === '.') {
      if (last) out.push('');
    } else if (s === '..') {
      if (out.length > 0) out.pop();
      if (last) out.push('');
    } else out.push(s);
  }
  return '/' + out.join('/');
}
