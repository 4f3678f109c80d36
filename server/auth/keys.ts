import 'server-only';
/**
 * The session signing key: PORTICO_SESSION_SECRET (at least 32 characters) or a random key
 * kept in $DATA_DIR/console-session.key (0600), so restarts keep sessions valid and
 * deleting the file signs everyone out.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

let cached: Buffer | undefined;

export function sessionKey(): Buffer {
  if (cached) return cached;
  const fromEnv = process.env.PORTICO_SESSION_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('PORTICO_SESSION_SECRET must have at least 32 characters');
    return (cached = Buffer.from(fromEnv, 'utf8'));
  }
  const dir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR || '.data');
  const file = path.join(dir, 'console-session.key');
  if (existsSync(file)) {
    const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (k.length >= 32) return (cached = k);
  }
  mkdirSync(dir, { recursive: true });
  const k = randomBytes(32);
  writeFileSync(file, k.toString('base64url') + '\n', { mode: 0o600, flag: 'w' });
  return (cached = k);
}
