import 'server-only';
/**
 * The session signing key, shared by every console replica: PORTICO_SESSION_SECRET (at least
 * 32 characters), else the Secret `portico-session-key` in portico-system (created with a
 * random key on first use; delete it to sign everyone out), else — when the cluster cannot be
 * asked — a random key kept in $DATA_DIR/console-session.key (0600).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getAuthKubeClient } from '../kube/client';

export const SESSION_KEY_SECRET = 'portico-session-key';
const NS = 'portico-system';

let cached: Promise<Buffer> | undefined;

function fileKey(): Buffer {
  const dir = path.resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR || '.data');
  const file = path.join(dir, 'console-session.key');
  if (existsSync(file)) {
    const k = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (k.length >= 32) return k;
  }
  mkdirSync(dir, { recursive: true });
  const k = randomBytes(32);
  writeFileSync(file, k.toString('base64url') + '\n', { mode: 0o600 });
  return k;
}

async function secretKey(): Promise<Buffer> {
  const kube = await getAuthKubeClient();
  type S = { data?: Record<string, string> };
  const read = (s: S | undefined) => (s?.data?.key ? Buffer.from(s.data.key, 'base64') : undefined);
  const existing = read(await kube.find<S>('secrets', NS, SESSION_KEY_SECRET));
  if (existing && existing.length >= 32) return existing;
  const key = randomBytes(32);
  try {
    await kube.create('secrets', NS, { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: SESSION_KEY_SECRET, namespace: NS, labels: { 'app.kubernetes.io/part-of': 'portico' } }, data: { key: key.toString('base64') } });
    return key;
  } catch (err) {
    // Another replica created it first: use theirs.
    const theirs = (err as { code?: number }).code === 409 ? read(await kube.find<S>('secrets', NS, SESSION_KEY_SECRET)) : undefined;
    if (theirs) return theirs;
    throw err;
  }
}

export function sessionKey(): Promise<Buffer> {
  const fromEnv = process.env.PORTICO_SESSION_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) return Promise.reject(new Error('PORTICO_SESSION_SECRET must have at least 32 characters'));
    return Promise.resolve(Buffer.from(fromEnv, 'utf8'));
  }
  return (cached ??= secretKey().catch((err) => {
    if ((err as { code?: number }).code === 403 || (err as { code?: number }).code === 401) return fileKey();
    cached = undefined; // the cluster is not up yet: try again next time
    throw err;
  }));
}
