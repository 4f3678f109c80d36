// Who may read the admin API. Bound to loopback only the machine itself can connect; bound to
// anything else (deploy/: 0.0.0.0 for kubelet probes and the console's Service) every path but
// /healthz and /readyz needs `Authorization: Bearer <token>`, and without a configured token
// the gateway refuses to start (fail closed). A token configured on loopback is required too.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Paths kubelet probes reach without credentials: they answer "ok"/"ready" and nothing else. */
export const OPEN_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

const MIN_TOKEN = 16;
const MAX_TOKEN = 4096;
/** Re-read the token file at most this often (a mounted Secret is updated in place on rotation). */
const FILE_RECHECK_MS = 1_000;

/** 127.0.0.0/8, ::1 and ::ffff:127.x.y.z, in any spelling. The unspecified addresses (0.0.0.0, ::) are not. */
export function isLoopbackAddress(address: string): boolean {
  const kind = net.isIP(address);
  if (kind === 4) return address.split('.')[0] === '127';
  if (kind !== 6) return false;
  // The URL parser writes IPv6 in its canonical form: ::1, and ::ffff:7fxx:yyyy for ::ffff:127.x.y.z.
  let canonical: string;
  try {
    canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return false; // a zone index (fe80::1%eth0): link-local, not loopback
  }
  return canonical === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(canonical);
}

/** Throws a message naming `source` when the token is unusable. */
function checkToken(token: string, source: string): string {
  if (token.length < MIN_TOKEN || token.length > MAX_TOKEN) throw new Error(`${source}: the admin token must be ${MIN_TOKEN} to ${MAX_TOKEN} characters, e.g. \`openssl rand -hex 32\` (got ${token.length})`);
  if (!/^[\x21-\x7e]+$/.test(token)) throw new Error(`${source}: the admin token must be printable ASCII without spaces`);
  return token;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export class AdminAuth {
  private expected: Buffer;
  private readAt = 0;

  private constructor(
    token: string,
    private readonly file?: string,
    private readonly onReloadError?: (message: string) => void,
  ) {
    this.expected = digest(token);
    this.readAt = Date.now();
  }

  static fromValue(token: string, source = 'GATEWAY_ADMIN_TOKEN'): AdminAuth {
    return new AdminAuth(checkToken(token, source));
  }

  static fromFile(file: string, onReloadError?: (message: string) => void): AdminAuth {
    return new AdminAuth(readTokenFile(file), file, onReloadError);
  }

  /** True when `authorization` carries the token (constant time: compares SHA-256 digests). */
  check(authorization: string | undefined): boolean {
    this.reload();
    const m = authorization ? /^Bearer[ \t]+(\S{1,4096})[ \t]*$/i.exec(authorization) : null;
    // A missing header is compared too, so no answer is faster than another.
    return timingSafeEqual(digest(m ? m[1] : ''), this.expected) && !!m;
  }

  /** A rotated Secret replaces the file's content: read again at most once a second. A file that
   * became unreadable or invalid keeps the previous token (and says so) rather than opening up. */
  private reload(): void {
    if (!this.file || Date.now() - this.readAt < FILE_RECHECK_MS) return;
    this.readAt = Date.now();
    try {
      this.expected = digest(readTokenFile(this.file));
    } catch (err) {
      this.onReloadError?.((err as Error).message);
    }
  }
}

function readTokenFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`GATEWAY_ADMIN_TOKEN_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return checkToken(text.trim(), `GATEWAY_ADMIN_TOKEN_FILE (${file})`);
}

/**
 * The admin API's authentication from the environment, for an API bound to `bindAddress`.
 * undefined: open (loopback, no token configured). Throws naming the variables when the
 * settings contradict each other or the API would be reachable beyond loopback without a token.
 */
export function adminAuthFromEnv(env: Record<string, string | undefined>, bindAddress: string, onReloadError?: (message: string) => void): AdminAuth | undefined {
  const file = env.GATEWAY_ADMIN_TOKEN_FILE;
  const value = env.GATEWAY_ADMIN_TOKEN;
  if (file && value) throw new Error('set one of GATEWAY_ADMIN_TOKEN_FILE and GATEWAY_ADMIN_TOKEN, not both');
  if (file) return AdminAuth.fromFile(file, onReloadError);
  if (value) return AdminAuth.fromValue(value);
  if (!isLoopbackAddress(bindAddress))
    throw new Error(
      `GATEWAY_ADMIN_ADDRESS=${bindAddress} is not a loopback address: the admin API then requires a bearer token. Set GATEWAY_ADMIN_TOKEN_FILE (a file holding the token, e.g. a mounted Secret) or GATEWAY_ADMIN_TOKEN, or bind it to 127.0.0.1`,
    );
  return undefined;
}
