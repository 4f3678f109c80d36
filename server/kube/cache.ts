import 'server-only';
/**
 * Informer cache for the console's reads: one list+watch per (resource, namespace), made
 * with the console's own identity and kept warm while requested recently. Every read is
 * still authorized for the signed-in user (an access review per user, verb, resource and
 * namespace, remembered briefly), so nobody sees through the cache what RBAC denies them.
 *
 * When the console's identity may not list or watch a kind (deploy/ RBAC without read
 * rights, a kind the cluster does not serve), reads go straight to the API as the user.
 * Writes made through this console are waited for (bounded) before the next read answers.
 */
import { getServiceKubeClient, observeWrites, type KubeClient, type KubeObject } from './client';
import { getKubeClient } from './request-client';
import { KubeError } from './errors';
import { isConsoleKind, kindByPlural, resourceKeyOf } from '@/lib/k8s/kinds';
import { RESOURCES, type ResourceName } from './resources';
import { mayI } from '../auth/access';

const env = process.env;
/** An informer nobody read for this long is stopped. */
const IDLE_MS = Number(env.PORTICO_CACHE_IDLE_MS) || 5 * 60_000;
/** How long an access review's answer is reused for the same user, verb, resource and namespace. */
export const ACCESS_TTL_MS = Number(env.PORTICO_CACHE_ACCESS_TTL_MS) || 30_000;
/** After the console's identity failed to list a kind, reads go direct for this long before retrying. */
const RETRY_AFTER_MS = 30_000;
/** A read waits at most this long for the cache to reach a write of this console, then reads direct. */
const WRITE_WAIT_MS = 2_000;

type Waiter = { done: () => boolean; resolve: () => void };
/** A live-update subscriber (server/live/shared-watch.ts): each change, or RESYNC after a re-list (changes may have been missed). */
export type ChangeListener = (ev: { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: KubeObject } | { type: 'RESYNC' }) => void;

const rvNumber = (rv: string | undefined): bigint | undefined => (rv && /^\d+$/.test(rv) ? BigInt(rv) : undefined);

/** One resource of one namespace (or of all: namespace ''), mirrored in memory. */
class Informer {
  private readonly items = new Map<string, KubeObject>();
  private rv: string | undefined;
  private version = 0;
  private sorted: { version: number; items: KubeObject[] } | undefined;
  private readonly abort = new AbortController();
  private waiters: Waiter[] = [];
  /** The highest resourceVersion this console wrote to this resource and namespace. */
  private expectRv: bigint | undefined;
  private expectGone = new Map<string, string | undefined>();
  /** True while the watch is broken: reads go direct until it is back. */
  stale = false;
  /** Live-update streams fed from this informer's one watch (it is not stopped while they listen). */
  readonly listeners = new Set<ChangeListener>();
  lastUsed = Date.now();
  readonly synced: Promise<void>;
  private markSynced!: () => void;
  private markFailed!: (err: unknown) => void;

  constructor(
    readonly resource: ResourceName,
    readonly namespace: string,
    private readonly onFail: (err: unknown) => void,
  ) {
    this.synced = new Promise((resolve, reject) => {
      this.markSynced = resolve;
      this.markFailed = reject;
    });
    this.synced.catch(() => undefined);
    void this.run();
  }

  stop(): void {
    this.abort.abort();
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  /** Objects sorted by name, as the API lists them; the same array until something changes. */
  snapshot(): KubeObject[] {
    if (this.sorted?.version !== this.version) {
      const items = [...this.items.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
      this.sorted = { version: this.version, items };
    }
    return this.sorted.items;
  }

  get(name: string): KubeObject | undefined {
    return this.items.get(name);
  }

  /** The map key: the name, or namespace/name for an informer over all namespaces (names repeat across them). */
  private idOf(o: KubeObject): string {
    return this.namespace ? o.metadata.name : `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  }

  /** A write by this console: reads wait until the watch has delivered it. */
  expectWrite(method: string, name: string | undefined, result: KubeObject | undefined): void {
    const rv = rvNumber(result?.metadata?.resourceVersion);
    if (rv !== undefined && !(method === 'DELETE' && result?.kind === 'Status')) {
      if (this.expectRv === undefined || rv > this.expectRv) this.expectRv = rv;
    }
    // A deletion may answer with a Status (no version): wait for the name to disappear instead.
    if (method === 'DELETE' && name) this.expectGone.set(name, this.items.get(name)?.metadata.uid);
    this.notify();
  }

  private caughtUp(): boolean {
    for (const [name, uid] of this.expectGone) {
      const cur = this.items.get(name);
      if (!cur || (uid && cur.metadata.uid !== uid)) this.expectGone.delete(name);
    }
    if (this.expectGone.size) return false;
    if (this.expectRv === undefined) return true;
    const have = rvNumber(this.rv);
    if (have !== undefined && have >= this.expectRv) {
      this.expectRv = undefined;
      return true;
    }
    return false;
  }

  /** Resolves true once the cache holds this console's writes, false after `ms`. */
  waitForWrites(ms: number): Promise<boolean> {
    if (this.caughtUp()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, ms);
      const waiter: Waiter = {
        done: () => this.caughtUp(),
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.waiters.push(waiter);
    });
  }

  private notify(): void {
    if (!this.waiters.length) return;
    const left: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.done()) w.resolve();
      else left.push(w);
    }
    this.waiters = left;
  }

  private async relist(kube: KubeClient): Promise<void> {
    const list = await kube.list(this.resource, this.namespace);
    this.items.clear();
    for (const o of list.items) this.items.set(this.idOf(o), o);
    this.rv = list.metadata.resourceVersion;
    this.version++;
    this.stale = false;
    this.markSynced();
    this.notify();
    this.emit({ type: 'RESYNC' });
  }

  private emit(ev: Parameters<ChangeListener>[0]): void {
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch {
        /* one stream's failure is not the informer's */
      }
    }
  }

  private async run(): Promise<void> {
    let backoff = 250;
    let synced = false;
    const { signal } = this.abort;
    while (!signal.aborted) {
      try {
        const kube = await getServiceKubeClient();
        if (this.rv === undefined) {
          await this.relist(kube);
          synced = true;
        }
        for await (const ev of kube.watch(this.resource, this.namespace, this.rv, signal)) {
          backoff = 250;
          this.stale = false;
          if (ev.type === 'ERROR') {
            // Usually 410 Expired: our version is too old to watch from; list again.
            this.rv = undefined;
            break;
          }
          // Tests only: a slow watch, to prove reads wait for this console's writes.
          if (state.testEventDelayMs) await new Promise((r) => setTimeout(r, state.testEventDelayMs));
          const o = ev.object;
          if (ev.type === 'ADDED' || ev.type === 'MODIFIED') this.items.set(this.idOf(o), o);
          else if (ev.type === 'DELETED') this.items.delete(this.idOf(o));
          if (ev.type !== 'BOOKMARK') this.version++;
          this.rv = o.metadata?.resourceVersion ?? this.rv;
          this.notify();
          if (ev.type !== 'BOOKMARK') this.emit({ type: ev.type, object: o });
        }
      } catch (err) {
        if (signal.aborted) return;
        if (!synced) {
          this.markFailed(err);
          this.onFail(err);
          return;
        }
        this.stale = true;
        if (err instanceof KubeError && err.code === 410) this.rv = undefined;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }
}

interface CacheState {
  informers: Map<string, Informer>;
  /** (resource/namespace) -> time until which reads go direct (the console could not list it). */
  unavailable: Map<string, number>;
  access: Map<string, { allowed: boolean; until: number }>;
  sweeper?: ReturnType<typeof setInterval>;
  testEventDelayMs?: number;
}

// One cache per process even if Next loads this module more than once.
const state: CacheState = ((globalThis as Record<symbol, unknown>)[Symbol.for('portico.kube.cache')] ??= {
  informers: new Map(),
  unavailable: new Map(),
  access: new Map(),
}) as CacheState;

const keyOf = (resource: ResourceName, namespace: string) => `${resource}/${namespace}`;

function ensureSweeper(): void {
  if (state.sweeper) return;
  state.sweeper = setInterval(() => {
    const now = Date.now();
    for (const [k, inf] of state.informers) {
      if (inf.listeners.size === 0 && now - inf.lastUsed > IDLE_MS) {
        inf.stop();
        state.informers.delete(k);
      }
    }
    for (const [k, a] of state.access) if (a.until < now) state.access.delete(k);
  }, Math.min(60_000, IDLE_MS));
  state.sweeper.unref?.();
}

/** False when reads of this resource and namespace must go direct (cache off, or the console may not list it). */
function cacheUsable(resource: ResourceName, namespace: string): boolean {
  if (env.PORTICO_CACHE === 'off') return false;
  const key = keyOf(resource, namespace);
  const until = state.unavailable.get(key);
  if (until !== undefined) {
    if (until > Date.now()) return false;
    state.unavailable.delete(key);
  }
  return true;
}

/** The informer for a resource and namespace, started on first use. */
function informerFor(resource: ResourceName, namespace: string): Informer {
  const key = keyOf(resource, namespace);
  let inf = state.informers.get(key);
  if (!inf) {
    ensureSweeper();
    const created: Informer = new Informer(resource, namespace, (err) => {
      if (state.informers.get(key) === created) state.informers.delete(key);
      state.unavailable.set(key, Date.now() + RETRY_AFTER_MS);
      if (!(err instanceof KubeError && (err.code === 403 || err.code === 404))) console.warn(`[cache] ${key}: ${(err as Error).message}; reading direct`);
    });
    inf = created;
    state.informers.set(key, inf);
  }
  inf.lastUsed = Date.now();
  return inf;
}

function forbidden(kube: KubeClient, verb: string, resource: ResourceName, namespace: string): KubeError {
  const t = RESOURCES[resource];
  const full = resourceKeyOf(t);
  const message = `${full} is forbidden: User "${kube.identity.username}" cannot ${verb} resource "${t.plural}" in API group "${t.group}" in the namespace "${namespace}"`;
  return new KubeError(403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message, details: { kind: t.plural } });
}

/** Asks the cluster whether the request's user may `verb` the resource in the namespace (answer kept ACCESS_TTL_MS). */
export async function authorize(kube: KubeClient, verb: string, resource: ResourceName, namespace: string): Promise<void> {
  const id = kube.identity;
  const key = JSON.stringify([id.impersonate ? id.username : '(kubeconfig)', id.impersonate ? id.groups : [], verb, resource, namespace]);
  const now = Date.now();
  let hit = state.access.get(key);
  if (!hit || hit.until < now) {
    const t = RESOURCES[resource];
    const allowed = await mayI(kube, { verb, group: t.group, resource: t.plural, namespace });
    hit = { allowed, until: now + ACCESS_TTL_MS };
    state.access.set(key, hit);
  }
  if (!hit.allowed) throw forbidden(kube, verb, resource, namespace);
}

/**
 * For a user already authorized: a synced informer that holds this console's writes, or
 * undefined (read direct). Authorizing first means nobody makes the console watch a
 * namespace they may not read.
 */
async function readyInformer(resource: ResourceName, namespace: string): Promise<Informer | undefined> {
  const inf = informerFor(resource, namespace);
  try {
    await inf.synced;
  } catch {
    return undefined;
  }
  if (inf.stale) return undefined;
  return (await inf.waitForWrites(WRITE_WAIT_MS)) ? inf : undefined;
}

/** The objects of a resource in a namespace, sorted by name, as the request's user may list them. */
export async function cachedList<T = KubeObject>(resource: ResourceName, namespace: string, kube?: KubeClient): Promise<T[]> {
  // A copy: callers may sort it. The objects themselves are shared: never mutate them.
  return (await cachedItems<T>(resource, namespace, kube)).slice();
}

/**
 * Like cachedList, but the cache's own array (read-only; the same array until something
 * changes, so callers can memoize work derived from it). Direct reads give a fresh array.
 */
export async function cachedItems<T = KubeObject>(resource: ResourceName, namespace: string, kube?: KubeClient): Promise<readonly T[]> {
  kube ??= await getKubeClient();
  if (!cacheUsable(resource, namespace)) return (await kube.list<T>(resource, namespace)).items;
  await authorize(kube, 'list', resource, namespace);
  const inf = await readyInformer(resource, namespace);
  if (!inf) return (await kube.list<T>(resource, namespace)).items;
  return inf.snapshot() as unknown as readonly T[];
}

/**
 * The objects of a resource in a namespace ('' = all namespaces) as the console ITSELF may
 * list them, with no check of the signed-in user: only for callers that checked the user's
 * access and return a filtered, user-safe view (e.g. the Gateways a project's routes may use).
 * Read-only; direct reads (cache off or not allowed) use the console's identity too.
 */
export async function serviceItems<T = KubeObject>(resource: ResourceName, namespace: string): Promise<readonly T[]> {
  if (cacheUsable(resource, namespace)) {
    const inf = await readyInformer(resource, namespace);
    if (inf) return inf.snapshot() as unknown as readonly T[];
  }
  return (await (await getServiceKubeClient()).list<T>(resource, namespace || undefined)).items;
}

/** One object (undefined when absent), as the request's user may get it. */
export async function cachedFind<T = KubeObject>(resource: ResourceName, namespace: string, name: string, kube?: KubeClient): Promise<T | undefined> {
  kube ??= await getKubeClient();
  if (!cacheUsable(resource, namespace)) return kube.find<T>(resource, namespace, name);
  await authorize(kube, 'get', resource, namespace);
  const inf = await readyInformer(resource, namespace);
  if (!inf) return kube.find<T>(resource, namespace, name);
  return inf.get(name) as T | undefined;
}

/**
 * Live changes of a resource in a namespace from the shared informer (one watch per process,
 * however many streams), for a user the cluster allows to watch it (else a 403 KubeError).
 * Undefined: the cache cannot serve it (off, or the console may not list it): follow direct.
 */
export async function subscribeChanges(resource: ResourceName, namespace: string, kube: KubeClient, listener: ChangeListener): Promise<(() => void) | undefined> {
  if (!cacheUsable(resource, namespace)) return undefined;
  await authorize(kube, 'watch', resource, namespace);
  const inf = informerFor(resource, namespace);
  try {
    await inf.synced;
  } catch {
    return undefined;
  }
  inf.listeners.add(listener);
  return () => {
    inf.listeners.delete(listener);
    inf.lastUsed = Date.now();
  };
}

/** What the cache holds (for tests and diagnostics). */
export function cacheStats(): { informers: { key: string; items: number; stale: boolean; listeners: number }[]; unavailable: string[] } {
  return {
    informers: [...state.informers].map(([key, inf]) => ({ key, items: inf.snapshot().length, stale: inf.stale, listeners: inf.listeners.size })),
    unavailable: [...state.unavailable.keys()],
  };
}

/** Tests only: delays every watch event by `ms` before the cache applies it. */
export function delayWatchEventsForTests(ms: number): void {
  state.testEventDelayMs = ms;
}

/** Stops every informer and forgets every answer (tests). */
export function resetCache(): void {
  for (const inf of state.informers.values()) inf.stop();
  state.informers.clear();
  state.unavailable.clear();
  state.access.clear();
}

const WRITE_PATH = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/namespaces\/([^/]+)\/([^/?]+)(?:\/([^/?]+))?/;

/** Maps an API write to the informer it concerns (if one is running) and tells it to expect it. */
export function noteWrite(method: string, path: string, result: unknown): void {
  const m = WRITE_PATH.exec(path);
  if (!m) return;
  const [, group = '', ns, plural, pathName] = m;
  const k = kindByPlural(plural!, group);
  if (!k || !isConsoleKind(k)) return;
  const resource: ResourceName = k.plural;
  const inf = state.informers.get(keyOf(resource, decodeURIComponent(ns!)));
  if (!inf) return;
  const obj = result && typeof result === 'object' ? (result as KubeObject) : undefined;
  inf.expectWrite(method, pathName ? decodeURIComponent(pathName) : obj?.metadata?.name, obj);
}

const registered = globalThis as Record<symbol, unknown>;
if (!registered[Symbol.for('portico.kube.cache.observer')]) {
  registered[Symbol.for('portico.kube.cache.observer')] = true;
  observeWrites(noteWrite);
}
