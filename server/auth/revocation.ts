/**
 * Sessions that can be ended, on every console replica: the state lives on the account Secret
 * in the cluster (never in one process), read with the console's own identity.
 *
 *   annotation portico.dev/session-generation  integer; a session signed at another
 *                                              generation is over (revokeSessions bumps it)
 *   annotation portico.dev/ended-sessions      "sid:exp,…" — single sessions ended by sign-out,
 *                                              kept until they would have expired anyway
 *   annotation portico.dev/disabled            "true": no session and no sign-in
 *
 * A session is also over when its account is gone or its groups differ from the account's
 * (so a change made with kubectl ends it too). Each replica caches an account's state for
 * at most STATE_TTL_MS, so an ended session stops working everywhere within that time.
 */
import { ACCOUNTS_NAMESPACE, ACCOUNT_TYPE, DISABLED_ANNOTATION, ENDED_ANNOTATION, GENERATION_ANNOTATION, secretName, sessionGeneration } from './accounts';
import type { Session } from './session';

export { DISABLED_ANNOTATION, ENDED_ANNOTATION, GENERATION_ANNOTATION };
/** How long a replica may trust what it last read about an account. */
export const STATE_TTL_MS = 1000;
/** Beyond this many ended-but-unexpired sessions, ending one ends them all (bounded annotation). */
const MAX_ENDED = 200;

interface AccountSecret {
  metadata: { name: string; resourceVersion?: string; annotations?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

/** The part of the console's KubeClient this needs (kept narrow for tests). */
export interface AccountSecretsClient {
  find<T>(name: 'secrets', namespace: string, objName: string): Promise<T | undefined>;
  replace<T>(name: 'secrets', namespace: string, objName: string, body: unknown): Promise<T>;
}

export interface AccountSessionState {
  generation: number;
  groups: string[];
  disabled: boolean;
  /** sid -> expiry (seconds since the epoch) */
  ended: Map<string, number>;
}

const unb64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

function parseEnded(value: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of (value ?? '').split(',')) {
    const [sid, exp] = item.split(':');
    if (sid && Number.isFinite(Number(exp))) out.set(sid, Number(exp));
  }
  return out;
}

export function stateOf(secret: AccountSecret | undefined, username: string): AccountSessionState | undefined {
  if (!secret || secret.type !== ACCOUNT_TYPE || unb64(secret.data?.username) !== username) return undefined;
  const a = secret.metadata.annotations ?? {};
  return {
    generation: sessionGeneration(a),
    groups: unb64(secret.data?.groups).split(',').map((g) => g.trim()).filter(Boolean),
    disabled: a[DISABLED_ANNOTATION] === 'true',
    ended: parseEnded(a[ENDED_ANNOTATION]),
  };
}

const sameGroups = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((g, i) => g === [...b].sort()[i]);

/** Why a correctly signed session is no longer valid, or undefined when it is. */
export function sessionEndedReason(s: Session, state: AccountSessionState | undefined): string | undefined {
  if (!state) return 'account does not exist';
  if (state.disabled) return 'account disabled';
  if (s.gen !== state.generation) return 'sessions revoked';
  if (state.ended.has(s.sid)) return 'signed out';
  if (!sameGroups(s.g, state.groups)) return 'groups changed';
  return undefined;
}

/**
 * Reads account session state with a short per-replica cache (one cluster read per account
 * and STATE_TTL_MS, however many requests). Errors are not cached.
 */
export class SessionStateReader {
  private readonly cache = new Map<string, { at: number; state: Promise<AccountSessionState | undefined> }>();

  constructor(
    private readonly client: () => Promise<AccountSecretsClient>,
    private readonly ttlMs = STATE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  read(username: string, now = Date.now()): Promise<AccountSessionState | undefined> {
    const hit = this.cache.get(username);
    if (hit && now - hit.at < this.ttlMs) return hit.state;
    const state = this.client()
      .then((kube) => kube.find<AccountSecret>('secrets', ACCOUNTS_NAMESPACE, secretName(username)))
      .then((secret) => stateOf(secret, username));
    state.catch(() => this.cache.delete(username));
    this.cache.delete(username);
    this.cache.set(username, { at: now, state });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return state;
  }

  forget(username: string): void {
    this.cache.delete(username);
  }

  /** The session if it is still valid in the cluster; undefined otherwise (also when the cluster cannot be asked). */
  async check(s: Session): Promise<Session | undefined> {
    const state = await this.read(s.u).catch(() => undefined);
    return sessionEndedReason(s, state) ? undefined : s;
  }
}

/**
 * Read-modify-write of an account Secret (its data and annotations), retried on conflicts with
 * other replicas. `change` edits copies in place. False: no such account.
 */
export async function updateAccountSecret(
  kube: AccountSecretsClient,
  username: string,
  change: (s: { annotations: Record<string, string>; data: Record<string, string> }, nowSeconds: number) => void,
): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const secret = await kube.find<AccountSecret>('secrets', ACCOUNTS_NAMESPACE, secretName(username));
    if (!secret || !stateOf(secret, username)) return false;
    const annotations = { ...(secret.metadata.annotations ?? {}) };
    const data = { ...(secret.data ?? {}) };
    change({ annotations, data }, Math.floor(Date.now() / 1000));
    try {
      // resourceVersion in the body makes the replace conditional: a concurrent change is a 409, and we retry.
      await kube.replace('secrets', ACCOUNTS_NAMESPACE, secretName(username), { ...secret, data, metadata: { ...secret.metadata, annotations } });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code !== 409 || attempt >= 8) throw err;
    }
  }
}

/** Makes every session signed so far invalid (to be done in the same write as the change that needs it). */
export function bumpGeneration(a: Record<string, string>): void {
  a[GENERATION_ANNOTATION] = String(sessionGeneration(a) + 1);
  delete a[ENDED_ANNOTATION]; // every session of the old generation is over anyway
}

/** Ends every session of the account. False: no such account. */
export function revokeAccountSessions(kube: AccountSecretsClient, username: string): Promise<boolean> {
  return updateAccountSecret(kube, username, ({ annotations }) => bumpGeneration(annotations));
}

/** Ends one session (sign-out); the account's other sessions go on. */
export function endAccountSession(kube: AccountSecretsClient, s: Session): Promise<boolean> {
  return updateAccountSecret(kube, s.u, ({ annotations: a }, now) => {
    if (sessionGeneration(a) !== s.gen) return; // already revoked
    const ended = parseEnded(a[ENDED_ANNOTATION]);
    for (const [sid, exp] of ended) if (exp <= now) ended.delete(sid);
    ended.set(s.sid, s.exp);
    if (ended.size > MAX_ENDED) return bumpGeneration(a);
    a[ENDED_ANNOTATION] = [...ended].map(([sid, exp]) => `${sid}:${exp}`).join(',');
  });
}
