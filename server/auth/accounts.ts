/**
 * Local console accounts, stored in the cluster as Secrets in portico-system:
 *   name `portico-user-<username>`, type `portico.dev/account`, label portico.dev/account=true,
 *   data: username, password-hash (scrypt), groups (comma-separated).
 * Read and written with the console's own service identity, never the signed-in user's.
 */
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './passwords';
import { MAX_NEW_PASSWORD_LENGTH, MIN_NEW_PASSWORD_LENGTH } from '../../lib/console/admin-input';

export const ACCOUNTS_NAMESPACE = 'portico-system';
export const ACCOUNT_TYPE = 'portico.dev/account';
export const ACCOUNT_LABEL = 'portico.dev/account';
export const ADMINS_GROUP = 'portico:admins';
/** Session state on the account (see ./revocation.ts): generation, single ended sessions, disabled. */
export const GENERATION_ANNOTATION = 'portico.dev/session-generation';
export const ENDED_ANNOTATION = 'portico.dev/ended-sessions';
export const DISABLED_ANNOTATION = 'portico.dev/disabled';
/** Longest password accepted anywhere (sign-in refuses longer input before hashing). */
export const MAX_PASSWORD_LENGTH = MAX_NEW_PASSWORD_LENGTH;
/** One minimum for every password set anywhere (the pages, the first admin, scripts): the pages' rule. */
export const MIN_PASSWORD_LENGTH = MIN_NEW_PASSWORD_LENGTH;

/** The rule every new password meets; the message names the field and the rule (undefined when fine). */
export function passwordProblem(password: string, field = 'password'): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `${field}: must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `${field}: must have at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}
const USERNAME = /^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$/;

/** The subset of the console's KubeClient that accounts need (kept narrow for tests). */
export interface SecretsClient {
  find<T>(name: 'secrets', namespace: string, objName: string): Promise<T | undefined>;
  create<T>(name: 'secrets', namespace: string, body: unknown): Promise<T>;
  list<T>(name: 'secrets', namespace: string, query?: Record<string, string>): Promise<{ items: T[] }>;
}

interface SecretObj {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

export interface Account {
  username: string;
  groups: string[];
}

/** The account's session generation (sessions signed at another one are over). */
export function sessionGeneration(annotations: Record<string, string> | undefined): number {
  const g = Number(annotations?.[GENERATION_ANNOTATION] ?? 0);
  return Number.isSafeInteger(g) && g >= 0 ? g : 0;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

export function validUsername(u: string): boolean {
  return USERNAME.test(u) && !u.startsWith('system:');
}

export const secretName = (username: string) => `portico-user-${username}`;

export async function createAccount(kube: SecretsClient, username: string, password: string, groups: string[] = []): Promise<Account> {
  if (!validUsername(username)) throw new Error('username: must be lowercase letters, digits, ".", "_" or "-" (at most 63)');
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const body = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: ACCOUNT_TYPE,
    metadata: { name: secretName(username), namespace: ACCOUNTS_NAMESPACE, labels: { [ACCOUNT_LABEL]: 'true' } },
    data: { username: b64(username), 'password-hash': b64(await hashPassword(password)), groups: b64(groups.join(',')) },
  };
  await kube.create('secrets', ACCOUNTS_NAMESPACE, body);
  return { username, groups };
}

/**
 * Checks a username and password. Unknown users cost the same scrypt work as wrong
 * passwords and get the same answer (undefined): no user enumeration.
 */
export async function authenticate(kube: SecretsClient, username: string, password: string): Promise<(Account & { generation: number }) | undefined> {
  const s = validUsername(username) ? await kube.find<SecretObj>('secrets', ACCOUNTS_NAMESPACE, secretName(username)) : undefined;
  const ok = s?.type === ACCOUNT_TYPE && unb64(s.data?.username) === username;
  const hash = ok ? unb64(s!.data?.['password-hash']) : await dummyHash();
  const match = await verifyPassword(password, hash);
  // A disabled account answers like a wrong password (after the same work).
  if (!ok || !match || s!.metadata.annotations?.[DISABLED_ANNOTATION] === 'true') return undefined;
  return { username, groups: unb64(s!.data?.groups).split(',').map((g) => g.trim()).filter(Boolean), generation: sessionGeneration(s!.metadata.annotations) };
}

export async function listAccounts(kube: SecretsClient): Promise<Account[]> {
  const list = await kube.list<SecretObj>('secrets', ACCOUNTS_NAMESPACE, { labelSelector: `${ACCOUNT_LABEL}=true` });
  return list.items
    .filter((s) => s.type === ACCOUNT_TYPE)
    .map((s) => ({ username: unb64(s.data?.username), groups: unb64(s.data?.groups).split(',').filter(Boolean) }))
    .sort((a, b) => a.username.localeCompare(b.username));
}

/**
 * PORTICO_ADMIN_PASSWORD, when set, meets the same rule as every password: a shorter one stops
 * the console at start (instrumentation.ts), naming the variable.
 */
export function adminPasswordSetting(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const given = env.PORTICO_ADMIN_PASSWORD;
  const problem = given ? passwordProblem(given, 'PORTICO_ADMIN_PASSWORD') : undefined;
  if (problem) throw new Error(problem);
  return given || undefined;
}

/**
 * On first start: when no `admin` account exists, creates it (group portico:admins) with
 * PORTICO_ADMIN_PASSWORD, or a generated password printed once on stdout.
 */
export async function ensureFirstAdmin(kube: SecretsClient, env: NodeJS.ProcessEnv = process.env, log: (s: string) => void = console.log): Promise<boolean> {
  if (await kube.find('secrets', ACCOUNTS_NAMESPACE, secretName('admin'))) return false;
  const given = adminPasswordSetting(env);
  const password = given || generatePassword();
  try {
    await createAccount(kube, 'admin', password, [ADMINS_GROUP]);
  } catch (err) {
    if ((err as { code?: number }).code === 409) return false; // another console instance won the race
    throw err;
  }
  if (!given) log(`\n  Portico console: first admin account created.\n  username: admin\n  password: ${password}\n  (shown once; set PORTICO_ADMIN_PASSWORD to choose it)\n`);
  return true;
}
