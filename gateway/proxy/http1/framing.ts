// Request framing rules of RFC 9112 that llhttp (strict mode, as node:http uses it) leaves to
// the server. llhttp already refuses: differing or repeated Content-Length, non-digit lengths,
// Transfer-Encoding together with Content-Length, chunked twice or not last (it reports the
// error only after the head callback for "Transfer-Encoding: gzip", so that is checked here too),
// whitespace before the colon, obs-fold, bare CR, versions other than 0.9/1.x/2.0.
// What is left is checked on the raw header list the parser hands over: one pass, no allocation.

/**
 * Status for a request head the server must refuse (RFC 9112 §2.3, §3.2, §6.1), or 0.
 * `major` 0 is HTTP/0.9: `versioned` tells an explicit "HTTP/0.9" (505) from a request line
 * without any version (400: not a valid HTTP/1.1 request-line).
 */
export function framingError(major: number, minor: number, raw: readonly string[], versioned: boolean): number {
  // HTTP/2.0 in an HTTP/1 request line, or HTTP/0.9: versions we do not serve (RFC 9110 §15.6.6)
  if (major !== 1) return major === 0 && !versioned ? 400 : 505;
  let hosts = 0;
  let host = '';
  let te: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i];
    if (n.length === 4) {
      if (sameName(n, 'host')) {
        hosts++;
        host = raw[i + 1];
      }
    } else if (n.length === 17 && sameName(n, 'transfer-encoding')) te = te === undefined ? raw[i + 1] : `${te}, ${raw[i + 1]}`;
  }
  // §3.2: more than one Host, or one that is not uri-host[:port]; none on HTTP/1.1
  if (hosts > 1 || (hosts === 1 && !validAuthority(host)) || (hosts === 0 && minor >= 1)) return 400;
  if (te !== undefined) {
    // §6.1: on HTTP/1.0 the framing is faulty whatever it says
    if (minor === 0) return 400;
    const t = te.trim().toLowerCase();
    // only chunked is understood: another coding before it is 501 (nginx does the same), a body
    // whose length the last coding does not give cannot be framed at all (400)
    if (t !== 'chunked') return /,\s*chunked$/.test(t) ? 501 : 400;
  }
  return 0;
}

/** Case-insensitive compare with a lower-case name of the same length, without a new string. */
function sameName(n: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) if ((n.charCodeAt(i) | 32) !== lower.charCodeAt(i)) return false;
  return true;
}

// uri-host[:port] (RFC 3986 §3.2.2): IP-literal in brackets or reg-name (unreserved,
// pct-encoded, sub-delims; IPv4 is a reg-name too). Never "@" (userinfo), "/", spaces, controls.
const REG_NAME = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%!$&\'()*+,;=') REG_NAME[c.charCodeAt(0)] = 1;
const IP_LITERAL = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF:.vV-._~!$&\'()*+,;=') IP_LITERAL[c.charCodeAt(0)] = 1;

/** The last authority found valid: most requests repeat the Host of the one before. */
let lastValid = '';

/** True for an empty Host (allowed by §3.2) or uri-host[:port]. */
export function validAuthority(h: string): boolean {
  if (h === lastValid) return true;
  if (!checkAuthority(h)) return false;
  lastValid = h;
  return true;
}

function checkAuthority(h: string): boolean {
  const len = h.length;
  if (len > 1024) return false;
  let i = 0;
  if (len > 0 && h.charCodeAt(0) === 91 /* [ */) {
    i = 1;
    while (i < len && h.charCodeAt(i) !== 93 /* ] */) {
      const c = h.charCodeAt(i);
      if (c > 127 || IP_LITERAL[c] === 0) return false;
      i++;
    }
    if (i === len || i === 1) return false;
    i++;
  } else {
    while (i < len) {
      const c = h.charCodeAt(i);
      if (c === 58 /* : */) break;
      if (c > 127 || REG_NAME[c] === 0) return false;
      i++;
    }
  }
  if (i === len) return true;
  if (h.charCodeAt(i) !== 58) return false;
  // port = *DIGIT
  for (i++; i < len; i++) {
    const c = h.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The authority of an absolute-form request target ("http://a.example:8080/x"), or undefined
 * for origin-form. RFC 9112 §3.2.2: it replaces the Host header. Null when it is malformed
 * (userinfo, bad characters): answer 400.
 */
export function absoluteFormAuthority(url: string): string | null | undefined {
  if (url.charCodeAt(0) === 47 /* / */) return undefined;
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  if (!m) return undefined; // asterisk-form, authority-form: the router answers those
  return m[1].length > 0 && validAuthority(m[1]) ? m[1] : null;
}
