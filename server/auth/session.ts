/**
 * Session cookies: `base64url(JSON payload).base64url(HMAC-SHA256)`, stateless, with an
 * absolute expiry inside the signed payload (the cookie's Max-Age is only a hint to the browser).
 * A valid signature is necessary, not sufficient: server/auth/revocation.ts checks each session
 * against its account in the cluster (ended, revoked, disabled, deleted, groups changed).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'portico_session';
export const SESSION_TTL_SECONDS = 8 * 3600;

export interface Session {
  /** Username. */
  u: string;
  /** Groups the cluster sees (impersonated). */
  g: string[];
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
  /** Session id: sign-out ends this one session (server/auth/revocation.ts). */
  sid: string;
  /** The account's session generation at sign-in: revoking all of an account's sessions bumps it. */
  gen: number;
}

function mac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function signSession(key: Buffer, user: { username: string; groups: string[]; generation?: number }, nowSeconds: number, ttlSeconds = SESSION_TTL_SECONDS): string {
  const payload: Session = { u: user.username, g: user.groups, iat: nowSeconds, exp: nowSeconds + ttlSeconds, sid: randomBytes(16).toString('base64url'), gen: user.generation ?? 0 };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** Returns the session, or undefined for a missing, tampered, malformed or expired cookie. */
export function verifySession(key: Buffer, cookie: string | undefined, nowSeconds: number): Session | undefined {
  if (!cookie) return undefined;
  const dot = cookie.indexOf('.');
  if (dot <= 0 || dot !== cookie.lastIndexOf('.')) return undefined;
  const body = cookie.slice(0, dot);
  const given = Buffer.from(cookie.slice(dot + 1), 'base64url');
  const want = mac(key, body);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
  let s: Session;
  try {
    s = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof s?.u !== 'string' || !s.u || !Array.isArray(s.g) || !s.g.every((g) => typeof g === 'string')) return undefined;
  if (typeof s.sid !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(s.sid) || !Number.isSafeInteger(s.gen) || s.gen < 0) return undefined;
  if (typeof s.exp !== 'number' || typeof s.iat !== 'number' || nowSeconds >= s.exp || s.iat > nowSeconds + 60) return undefined;
  return s;
}
