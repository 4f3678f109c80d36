import 'server-only';
/**
 * The console's client of the gateway admin API (server side only: the token never reaches the
 * browser). Every call presents the bearer token the gateway expects when its admin API is bound
 * beyond loopback — `GATEWAY_ADMIN_TOKEN_FILE` (deploy/ mounts the Secret
 * portico-gateway-admin-token there; re-read at most once a second, so a rotation is picked up)
 * or `GATEWAY_ADMIN_TOKEN`; with neither, the Secret portico-gateway-admin-token in
 * portico-system (key `token`), read with the console's own identity — and asks per project:
 * `namespace=<project>` unless the caller, after its own check, asks for the whole gateway.
 */
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { SYSTEM_NAMESPACE } from '@/lib/defaults';
import { getServiceKubeClient } from '../kube/client';
import { gatewayAdminUrl, type GatewayHealth } from './gateway';

/** Which namespaces to ask about. 'all': the whole view, for platform admins (the caller checks). */
export type AdminScope = { namespaces: readonly string[] } | 'all';

type Env = Record<string, string | undefined>;

const MAX_TOKEN = 4096;
const FILE_RECHECK_MS = 1_000;
let fileCache: { file: string; token: string; readAt: number } | undefined;

/** The admin token from the console's settings, or undefined (a gateway on loopback needs none).
 * Throws a message naming the variable when it is set but unusable. */
export function gatewayAdminToken(env: Env = process.env, now = Date.now()): string | undefined {
  const file = env.GATEWAY_ADMIN_TOKEN_FILE;
  if (file && env.GATEWAY_ADMIN_TOKEN) throw new Error('set one of GATEWAY_ADMIN_TOKEN_FILE and GATEWAY_ADMIN_TOKEN, not both');
  if (!file) return env.GATEWAY_ADMIN_TOKEN ? validToken(env.GATEWAY_ADMIN_TOKEN, 'GATEWAY_ADMIN_TOKEN') : undefined;
  if (fileCache?.file === file && now - fileCache.readAt < FILE_RECHECK_MS) return fileCache.token;
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ file, 'utf8');
  } catch (err) {
    throw new Error(`GATEWAY_ADMIN_TOKEN_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const token = validToken(text.trim(), `GATEWAY_ADMIN_TOKEN_FILE (${file})`);
  fileCache = { file, token, readAt: now };
  return token;
}

export const ADMIN_TOKEN_SECRET = 'portico-gateway-admin-token';
/** How long a read of the Secret is kept: found, and not found (npm start has none). */
const SECRET_TTL_MS = { found: 10_000, absent: 2_000 };
let secretCache: { token: string | undefined; until: number } | undefined;

/** The token from the Secret, or undefined when it does not exist or cannot be read. */
async function tokenFromSecret(now: number): Promise<string | undefined> {
  if (secretCache && now < secretCache.until) return secretCache.token;
  let token: string | undefined;
  try {
    const kube = await getServiceKubeClient();
    const secret = await kube.find<{ data?: Record<string, string> }>('secrets', SYSTEM_NAMESPACE, ADMIN_TOKEN_SECRET);
    const raw = secret?.data?.token ? Buffer.from(secret.data.token, 'base64').toString('utf8').trim() : undefined;
    token = raw ? validToken(raw, `Secret ${SYSTEM_NAMESPACE}/${ADMIN_TOKEN_SECRET} key token`) : undefined;
  } catch {
    token = undefined; // unreadable: the gateway's 401 then tells which settings to give
  }
  secretCache = { token, until: now + (token ? SECRET_TTL_MS.found : SECRET_TTL_MS.absent) };
  return token;
}

/** The token to present: the settings first, else the Secret. */
export async function resolveAdminToken(env: Env = process.env, now = Date.now()): Promise<string | undefined> {
  return env.GATEWAY_ADMIN_TOKEN_FILE || env.GATEWAY_ADMIN_TOKEN ? gatewayAdminToken(env, now) : tokenFromSecret(now);
}

function validToken(token: string, source: string): string {
  if (!token || token.length > MAX_TOKEN || !/^[\x21-\x7e]+$/.test(token)) throw new Error(`${source}: the gateway admin token must be 1 to ${MAX_TOKEN} printable ASCII characters without spaces`);
  return token;
}

export interface AdminCall {
  url: string;
  headers: Record<string, string>;
}

/** The request for `path` (e.g. /config, /routes/test) with `query`, scoped, with the token. */
export function buildAdminCall(path: string, query: URLSearchParams | undefined, scope: AdminScope, token: string | undefined, env: Env = process.env): AdminCall {
  const q = new URLSearchParams(query);
  q.delete('namespace'); // the scope decides, never the caller's query
  if (scope !== 'all') {
    if (scope.namespaces.length === 0) throw new Error('a scoped gateway admin call needs at least one namespace');
    for (const ns of scope.namespaces) q.append('namespace', ns);
  }
  const qs = q.toString();
  return { url: `${gatewayAdminUrl(env)}${path}${qs ? `?${qs}` : ''}`, headers: token ? { authorization: `Bearer ${token}` } : {} };
}

export interface AdminAnswer {
  status: number;
  body: unknown;
}

/** Thrown for answers the console cannot use (the gateway refused its token). */
export class GatewayAdminError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** GET on the admin API; JSON bodies parsed. A 401 becomes a GatewayAdminError naming the settings. */
export async function adminGet(path: string, opts: { query?: URLSearchParams; scope: AdminScope; timeoutMs?: number }): Promise<AdminAnswer> {
  const call = buildAdminCall(path, opts.query, opts.scope, await resolveAdminToken());
  const timeout = opts.timeoutMs ?? 1500;
  const res = await request(call.url, { headers: call.headers, headersTimeout: timeout, bodyTimeout: timeout });
  const text = await res.body.text();
  if (res.statusCode === 401)
    throw new GatewayAdminError('the gateway admin API refused the console (401): give the console the gateway\'s admin token (GATEWAY_ADMIN_TOKEN_FILE or GATEWAY_ADMIN_TOKEN)', 401);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: res.statusCode, body };
}

/** Liveness and readiness (open paths) and /config for `scope` (a refused token is reported, not thrown). */
export async function gatewayHealth(scope: AdminScope): Promise<GatewayHealth> {
  let probes: [AdminAnswer, AdminAnswer];
  try {
    probes = await Promise.all([adminGet('/healthz', { scope: 'all' }), adminGet('/readyz', { scope: 'all' })]);
  } catch (err) {
    return { reachable: false, error: (err as Error).message };
  }
  const health: GatewayHealth = { reachable: true, healthz: probes[0].status, readyz: probes[1].status };
  try {
    const c = await adminGet('/config', { scope });
    if (c.status === 200 && c.body && typeof c.body === 'object') health.config = c.body as Record<string, unknown>;
    else health.error = `the gateway admin API answered ${c.status} for /config`;
  } catch (err) {
    health.error = (err as Error).message;
  }
  return health;
}
