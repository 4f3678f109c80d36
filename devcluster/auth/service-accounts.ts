/**
 * Tokens for the product's own service identities (ServiceAccounts in portico-system). The
 * dev cluster mints an opaque bearer token per identity on first start and writes it with
 * a ready kubeconfig under $DATA_DIR:
 *   $DATA_DIR/serviceaccounts/<name>.token
 *   $DATA_DIR/serviceaccounts/<name>.kubeconfig
 * (stable across restarts; delete the files to rotate).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { UserInfo } from '../api/handler';
import { CONSOLE_SA, GATEWAY_SA, SYSTEM_NS } from './bootstrap-policy';

export const SERVICE_ACCOUNTS = [CONSOLE_SA, GATEWAY_SA];

export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return {
    name: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

export function serviceAccountDir(dataDir: string): string {
  return path.join(dataDir, 'serviceaccounts');
}

/** Returns token -> user for each product identity, creating tokens that do not exist yet. */
export function ensureServiceAccountTokens(dataDir: string): Array<{ name: string; token: string; user: UserInfo; tokenFile: string; kubeconfigFile: string }> {
  const dir = serviceAccountDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return SERVICE_ACCOUNTS.map((name) => {
    const tokenFile = path.join(dir, `${name}.token`);
    let token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '';
    if (!token) {
      token = randomBytes(32).toString('base64url');
      writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
    }
    return { name, token, user: serviceAccountUser(SYSTEM_NS, name), tokenFile, kubeconfigFile: path.join(dir, `${name}.kubeconfig`) };
  });
}
