/** Bearer-token authentication with one admin token generated on first start. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Authenticator, UserInfo } from '../api/handler';

export const ADMIN_USER: UserInfo = { name: 'portico-admin', groups: ['system:masters', 'system:authenticated'] };

export function ensureAdminToken(dir: string): string {
  const file = path.join(dir, 'admin-token');
  if (existsSync(file)) {
    const t = readFileSync(file, 'utf8').trim();
    if (t) return t;
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

/** Token -> user table; later issues can add service-account and user tokens here. */
export function bearerAuthenticator(tokens: Map<string, UserInfo>): Authenticator {
  const entries = [...tokens].map(([t, u]) => [Buffer.from(t), u] as const);
  return (req: IncomingMessage) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return undefined;
    const given = Buffer.from(m[1]);
    for (const [t, user] of entries) {
      if (t.length === given.length && timingSafeEqual(t, given)) return user;
    }
    return undefined;
  };
}
