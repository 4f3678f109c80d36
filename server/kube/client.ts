import 'server-only';
import { Agent, request } from 'undici';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadServiceKubeConfig } from './config';
import { writeAudit } from '../auth/audit';
import { KubeError, type KubeStatus } from './errors';
import { RESOURCES, resourcePath, type ResourceName, type ResourceType } from './resources';

/**
 * Who a client acts as. Declared here, with the transport, so that this module never imports
 * the request's identity (identity -> auth/keys -> this module would close a loop); the
 * request-scoped client lives in request-client.ts.
 */
export interface RequestIdentity {
  username: string;
  groups: string[];
  /** When true, requests carry Impersonate-User/Group headers and use the console's own credentials. */
  impersonate: boolean;
}

/** Plain JSON Kubernetes object: we keep objects as the API returns them so nothing is lost. */
export type KubeObject = {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

export interface KubeList<T = KubeObject> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/**
 * Which connection pool a call waits in. Watches hold their connection for minutes, so they get
 * a pool of their own; sign-in and session checks get another, so no number of open watches or
 * busy page reads can make signing in wait (issue 15: 12 streams starved a shared pool of 64).
 */
export type Pool = 'requests' | 'auth' | 'watches';
/** Connections per pool and kubeconfig (exported for the starvation test). */
export const POOL_CONNECTIONS: Readonly<Record<Pool, number>> = { requests: 64, auth: 8, watches: 256 };

interface Connection {
  server: string;
  pools: Record<Pool, Agent>;
  headers: Record<string, string>;
}

type Headers = Record<string, string | string[]>;

const agents = new WeakMap<KubeConfig, Promise<Connection>>();

/** One connection (TLS agent + auth headers) per kubeconfig, shared by every client on it. */
export async function connectionFor(kc: KubeConfig): Promise<Connection> {
  let conn = agents.get(kc);
  if (!conn) {
    conn = (async () => {
      const cluster = kc.getCurrentCluster();
      if (!cluster) throw new Error('kubeconfig has no current cluster');
      const opts: Record<string, unknown> & { headers?: Record<string, string> } = { headers: {} };
      await kc.applyToHTTPSOptions(opts as never);
      const agent = (connections: number) =>
        new Agent({
          connect: {
            ca: opts.ca as string | undefined,
            cert: opts.cert as string | undefined,
            key: opts.key as string | undefined,
            rejectUnauthorized: cluster.skipTLSVerify ? false : true,
          },
          keepAliveTimeout: 30_000,
          connections,
        });
      const pools = { requests: agent(POOL_CONNECTIONS.requests), auth: agent(POOL_CONNECTIONS.auth), watches: agent(POOL_CONNECTIONS.watches) };
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
      if (typeof opts.auth === 'string') headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      return { server: cluster.server.replace(/\/$/, ''), pools, headers };
    })();
    agents.set(kc, conn);
  }
  return conn;
}

type Query = Record<string, string | number | boolean | undefined>;

/** Told of every successful write (not dry runs): the informer cache uses it for read-your-writes. */
export type WriteObserver = (method: string, path: string, result: unknown) => void;
// On globalThis: Next may load this module more than once per process (pages and route handlers).
const writeObservers: Set<WriteObserver> = ((globalThis as Record<symbol, unknown>)[Symbol.for('portico.kube.writeObservers')] ??= new Set()) as Set<WriteObserver>;
export function observeWrites(fn: WriteObserver): void {
  writeObservers.add(fn);
}

function qs(query?: Query): string {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * The one way the console talks to the cluster: a client bound to the request's identity.
 * Built per request (cheap: config and TLS agent are cached until the kubeconfig changes).
 */
export class KubeClient {
  constructor(
    private readonly conn: Connection,
    readonly identity: RequestIdentity,
    /** The pool of its calls (watches always use the watch pool). */
    private readonly pool: Exclude<Pool, 'watches'> = 'requests',
  ) {}

  private headers(extra?: Record<string, string>): Headers {
    const h: Headers = { ...this.conn.headers, accept: 'application/json', ...extra };
    if (this.identity.impersonate) {
      h['Impersonate-User'] = this.identity.username;
      // One header line per group (an array value is sent as repeated headers).
      if (this.identity.groups.length) h['Impersonate-Group'] = [...this.identity.groups];
    }
    return h;
  }

  /** Every mutation made on behalf of a signed-in user goes to the audit log (dry runs excepted). */
  private audit(method: string, path: string, query: Query | undefined, code: number, message?: string): void {
    // Dry runs store nothing; a refused one is still an attempt worth recording.
    if (method === 'GET' || !this.identity.impersonate || (query?.dryRun && code !== 403)) return;
    if (method === 'POST' && /\/(selfsubjectaccessreviews|selfsubjectrulesreviews|selfsubjectreviews)$/.test(path)) return;
    const m = /\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/?]+))?/.exec(path);
    void writeAudit({
      user: this.identity.username,
      action: `${method} ${path}`,
      namespace: m ? decodeURIComponent(m[1]) : undefined,
      name: m?.[3] ? decodeURIComponent(m[3]) : undefined,
      result: code < 300 ? 'success' : code === 403 ? 'denied' : 'failure',
      code,
      message,
    });
  }

  /** Raw call; throws KubeError for non-2xx answers. */
  async call<T>(method: string, path: string, opts: { query?: Query; body?: unknown; contentType?: string; signal?: AbortSignal } = {}): Promise<T> {
    const res = await request(`${this.conn.server}${path}${qs(opts.query)}`, {
      method: method as never,
      dispatcher: this.conn.pools[this.pool],
      headers: this.headers(opts.body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : undefined),
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      signal: opts.signal,
    });
    const text = await res.body.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const status: KubeStatus =
        json && typeof json === 'object' ? (json as KubeStatus) : { message: text || `HTTP ${res.statusCode}`, code: res.statusCode };
      this.audit(method, path, opts.query, res.statusCode, status.message);
      throw new KubeError(res.statusCode, status);
    }
    this.audit(method, path, opts.query, res.statusCode);
    if (method !== 'GET' && !opts.query?.dryRun) for (const fn of writeObservers) fn(method, path, json);
    return json as T;
  }

  type(name: ResourceName): ResourceType {
    return RESOURCES[name];
  }

  list<T = KubeObject>(name: ResourceName, namespace?: string, query?: Query): Promise<KubeList<T>> {
    return this.call('GET', resourcePath(RESOURCES[name], namespace), { query });
  }
  get<T = KubeObject>(name: ResourceName, namespace: string | undefined, objName: string): Promise<T> {
    return this.call('GET', resourcePath(RESOURCES[name], namespace, objName));
  }
  /** Returns undefined instead of throwing on 404. */
  async find<T = KubeObject>(name: ResourceName, namespace: string | undefined, objName: string): Promise<T | undefined> {
    try {
      return await this.get<T>(name, namespace, objName);
    } catch (err) {
      if (err instanceof KubeError && err.code === 404) return undefined;
      throw err;
    }
  }
  create<T = KubeObject>(name: ResourceName, namespace: string | undefined, body: unknown, opts: { dryRun?: boolean } = {}): Promise<T> {
    return this.call('POST', resourcePath(RESOURCES[name], namespace), { body, query: { dryRun: opts.dryRun ? 'All' : undefined } });
  }
  replace<T = KubeObject>(name: ResourceName, namespace: string | undefined, objName: string, body: unknown, opts: { dryRun?: boolean } = {}): Promise<T> {
    return this.call('PUT', resourcePath(RESOURCES[name], namespace, objName), {
      body,
      query: { dryRun: opts.dryRun ? 'All' : undefined },
    });
  }
  mergePatch<T = KubeObject>(name: ResourceName, namespace: string | undefined, objName: string, patch: unknown): Promise<T> {
    return this.call('PATCH', resourcePath(RESOURCES[name], namespace, objName), {
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  }
  delete(name: ResourceName, namespace: string | undefined, objName: string): Promise<unknown> {
    return this.call('DELETE', resourcePath(RESOURCES[name], namespace, objName));
  }

  /**
   * Streams watch events (newline-delimited JSON) until the signal aborts or the server
   * closes. Callers re-list and re-watch on close or on an ERROR event (410 Gone).
   */
  async *watch<T = KubeObject>(name: ResourceName, namespace: string | undefined, resourceVersion: string | undefined, signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    const res = await request(
      `${this.conn.server}${resourcePath(RESOURCES[name], namespace)}${qs({ watch: 1, resourceVersion, allowWatchBookmarks: true })}`,
      { method: 'GET', dispatcher: this.conn.pools.watches, headers: this.headers(), signal, bodyTimeout: 0 },
    );
    if (res.statusCode !== 200) {
      const text = await res.body.text();
      let status: KubeStatus = { message: text };
      try {
        status = JSON.parse(text);
      } catch {
        /* keep the text */
      }
      throw new KubeError(res.statusCode, status);
    }
    let buf = '';
    for await (const chunk of res.body) {
      buf += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) yield JSON.parse(line) as WatchEvent<T>;
      }
    }
  }
}

/**
 * A client acting as the console itself (its own credentials, never impersonating): for the
 * console's bookkeeping such as sign-in and namespace names, not for user requests.
 */
export async function getServiceKubeClient(): Promise<KubeClient> {
  const conn = await connectionFor(loadServiceKubeConfig());
  return new KubeClient(conn, { username: 'portico-console', groups: [], impersonate: false });
}

/**
 * The console itself, for sign-in and session checks only (accounts, session key, revocation
 * state): its calls wait in the `auth` pool, never behind watches or page reads.
 */
export async function getAuthKubeClient(): Promise<KubeClient> {
  const conn = await connectionFor(loadServiceKubeConfig());
  return new KubeClient(conn, { username: 'portico-console', groups: [], impersonate: false }, 'auth');
}
