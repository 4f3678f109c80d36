/** Sign-in helpers for the browser tests: the admin from PORTICO_ADMIN_PASSWORD, and users made with kubectl. */
import { expect, type Page } from '@playwright/test';
import { MIN_NEW_PASSWORD_LENGTH } from '../../lib/console/admin-input';
import { hashPassword } from '../../server/auth/passwords';
import { kubectl } from './cluster';

export const ADMIN_PASSWORD = process.env.PORTICO_ADMIN_PASSWORD ?? 'e2e-admin-password';

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

/** A console account stored as the console stores it (a Secret in portico-system with a scrypt hash). */
export async function createUser(username: string, password: string, groups: string[] = []): Promise<void> {
  // Written around the console's checks: hold test passwords to the console's one minimum.
  if (password.length < MIN_NEW_PASSWORD_LENGTH) throw new Error(`createUser(${username}): password shorter than the console's minimum (${MIN_NEW_PASSWORD_LENGTH})`);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'portico.dev/account',
    metadata: { name: `portico-user-${username}`, namespace: 'portico-system', labels: { 'portico.dev/account': 'true' } },
    data: { username: b64(username), 'password-hash': b64(await hashPassword(password)), groups: b64(groups.join(',')) },
  };
  kubectl(['apply', '-f', '-'], JSON.stringify(secret));
}

export function bindUser(namespace: string, username: string, role: 'portico:project-admin' | 'portico:project-operator' | 'portico:project-viewer'): void {
  kubectl(['create', 'rolebinding', `${username}-${role.split(':')[1]}`, '-n', namespace, `--clusterrole=${role}`, `--user=${username}`]);
}
