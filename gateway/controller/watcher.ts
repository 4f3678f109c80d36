// Informers for every kind the gateway routes from. Changes to routing kinds are applied at
// once after a quiet spell and coalesced (a few ms) into one rebuild in a burst; EndpointSlice
// changes go straight to the endpoint table.
// Gateway API kinds are optional: when their CRDs are absent (404) we say so and keep
// serving Ingress, probing again later. They are watched at the newest version the cluster
// serves that we understand (../kube/served-versions: older CRDs on real clusters).
import type { EndpointSliceLike } from '../proxy/endpoints';
import { GATEWAY_GROUP, GATEWAY_KINDS, apiPath, type GatewayKind } from '@/lib/k8s/kinds';
import { carryOver } from '@/lib/routing';
import type { KubeClient } from '../kube/client';
import { Informer } from '../kube/informer';
import { ServedVersions, compareKubeVersions, knownVersions } from '../kube/served-versions';
import { ObjectStore, routingFingerprint, type KubeObject, type StateKind } from './store';
import { slimObject } from './slim-object';

interface KindWatch {
  kind: string;
  field: StateKind | 'endpointSlices';
  /** collection path across namespaces (at the kind's main version) */
  path: string;
  optional: boolean;
  info: GatewayKind;
}

export interface WatcherEvents {
  /** routing inputs changed (coalesced); `since` = performance.now() of the first change */
  onChange(since: number): void;
  onSlice(op: 'put' | 'delete', slice: EndpointSliceLike): void;
  onSlicesReplaced(all: EndpointSliceLike[]): void;
  log(level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>): void;
}

/** Every kind the registry marks as watched by the gateway (kind registry: gateway facts). */
export function kindWatches(): KindWatch[] {
  return GATEWAY_KINDS.map((k) => ({ kind: k.kind, field: k.gateway.field, path: apiPath(k), optional: k.gateway.optional, info: k }));
}

/** How often the Gateway API versions of watched kinds are checked again (CRDs upgraded in place). */
export const VERSION_RECHECK_MS = 5 * 60_000;

/** Status-only updates are handed on at most this often (see statusChanged). */
const STATUS_FLUSH_MS = 1_000;

/** Kinds whose status we write ourselves. */
const STATUS_ONLY_KINDS = new Set<string>(GATEWAY_KINDS.filter((k) => k.gateway.writesStatus).map((k) => k.kind));

function statusCode(err: unknown): number | undefined {
  const c = (err as { code?: unknown })?.code;
  return typeof c === 'number' ? c : undefined;
}

const apiProblem = (code: number | undefined) => (code === 403 ? 'forbidden' : 'not installed');

/** Missing CRDs and missing RBAC look alike from a failed list: say which, and what fixes it. */
export function describeApiProblem(w: Pick<KindWatch, 'kind' | 'path'>, code: number | undefined): string {
  const resource = w.path.split('/').pop()!;
  const group = w.path.startsWith('/api/') ? '' : w.path.split('/')[2];
  const qualified = group ? `${resource}.${group}` : resource;
  if (code === 403)
    return `${w.kind}: cannot list ${qualified}: forbidden (403). Grant the gateway's ServiceAccount get/list/watch on ${qualified} (ClusterRole portico-gateway, deploy/rbac-gateway.yaml); ${group === GATEWAY_GROUP ? 'serving without it, checking again every 30s' : 'retrying every 2s'}`;
  if (group === GATEWAY_GROUP)
    return `${w.kind}: the API ${group}/${w.path.split('/')[3]} is not served (404): the Gateway API CRDs are not installed. Install them (README, "Install on a cluster"); serving Ingress meanwhile, checking again every 30s`;
  return `${w.kind}: the API ${w.path} is not served (404); serving without it, checking again every 30s`;
}

export class ClusterWatcher {
  readonly store = new ObjectStore();
  private informers: Array<Informer<KubeObject>> = [];
  private timers = new Set<NodeJS.Timeout>();
  private pendingSince = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushSoon: NodeJS.Immediate | undefined;
  /** performance.now() at the end of the last rebuild */
  private lastFlush = -Infinity;
  private lazyTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly missing = new Set<string>();
  /** Why each missing kind is missing: 'not installed' (404) or 'forbidden' (403). */
  readonly problems = new Map<string, string>();
  private readonly reported = new Set<string>();
  /** Gateway API versions the cluster serves (status writes read `versionOf`). */
  readonly versions: ServedVersions;
  /** Gateway API kinds being watched, and at which version */
  private readonly watching = new Map<string, { inf: Informer<KubeObject>; version: string; w: KindWatch }>();

  constructor(
    private readonly client: KubeClient,
    private readonly ev: WatcherEvents,
    private readonly debounceMs = 3,
    private readonly recheckMs = VERSION_RECHECK_MS,
  ) {
    this.versions = new ServedVersions(client);
  }

  /**
   * A kind watched at an older version moves to a newer one once the cluster serves it (CRDs
   * upgraded in place): the new list replaces the store's objects of that kind, routing keeps
   * serving the old ones meanwhile.
   */
  private async recheckVersions(): Promise<void> {
    if (this.watching.size) this.versions.invalidate(GATEWAY_GROUP); // a fresh answer, not the cached one
    for (const [kind, cur] of this.watching) {
      if (this.stopped) return;
      const v = await this.versions.pick(cur.w.info).catch(() => undefined);
      if (v === undefined || compareKubeVersions(v, cur.version) >= 0 || this.watching.get(kind) !== cur) continue;
      this.ev.log('info', `${kind}: the cluster now serves ${GATEWAY_GROUP}/${v}: watching it there instead of ${cur.version}`);
      this.dropInformer(cur.inf);
      void this.startKind(cur.w);
    }
  }

  private dropInformer(inf: Informer<KubeObject>): void {
    inf.stop();
    const i = this.informers.indexOf(inf);
    if (i >= 0) this.informers.splice(i, 1);
    for (const [kind, cur] of this.watching) if (cur.inf === inf) this.watching.delete(kind);
  }

  /**
   * The collection path to watch `w` at: Gateway API kinds at the newest served version we
   * understand; undefined when the cluster serves none of them (treated as not installed).
   * A failed discovery (other than 404) falls back to the main version: the list then says why.
   */
  private async watchPath(w: KindWatch): Promise<string | undefined> {
    if (w.info.group !== GATEWAY_GROUP) return w.path;
    let version: string | undefined;
    try {
      version = await this.versions.pick(w.info);
    } catch {
      return w.path;
    }
    if (version === undefined) return undefined;
    if (version !== w.info.version && !this.reported.has(`${w.kind}@${version}`)) {
      this.reported.add(`${w.kind}@${version}`);
      this.ev.log('info', `${w.kind}: the cluster serves ${GATEWAY_GROUP}/${version}, not ${w.info.version}: watching and writing status at ${version}`);
    }
    return apiPath({ ...w.info, version });
  }

  /** Resolves after every available kind has been listed once. */
  async start(): Promise<void> {
    await Promise.all(kindWatches().map((w) => this.startKind(w)));
    const recheck = setInterval(() => void this.recheckVersions(), this.recheckMs);
    recheck.unref();
    this.timers.add(recheck);
  }

  private async startKind(w: KindWatch): Promise<void> {
    if (this.stopped) return;
    const path = await this.watchPath(w);
    if (this.stopped) return;
    if (path === undefined) {
      // the group is served, only not this kind at a version we know: say so, not "CRDs not installed"
      const groupServed = (await this.versions.served(GATEWAY_GROUP).catch(() => undefined)) !== undefined;
      return this.notServed(w, 404, groupServed ? `not served at any version we understand (${knownVersions(w.info).join(', ')})` : undefined);
    }
    const isSlice = w.field === 'endpointSlices';
    const field = w.field as StateKind;
    const keep = (o: KubeObject) => (w.kind === 'Secret' ? ObjectStore.keepSecret(o) : w.kind === 'ConfigMap' ? ObjectStore.keepConfigMap(o) : true);
    const onPut = (raw: KubeObject) => {
      const obj = slimObject(raw);
      if (isSlice) return this.ev.onSlice('put', obj as unknown as EndpointSliceLike);
      if (!keep(obj)) {
        // a Secret may change type away from TLS: make sure it is gone
        if (this.store.get(field, obj.metadata.namespace, obj.metadata.name)) {
          this.store.remove(field, obj);
          this.changed();
        }
        return;
      }
      // Our own status writes come back as updates: store them (the status writer compares
      // against them) but do not rebuild routes when nothing routing reads has changed.
      const prev = this.store.get(field, obj.metadata.namespace, obj.metadata.name);
      this.store.put(field, obj);
      if (prev && STATUS_ONLY_KINDS.has(w.kind) && routingFingerprint(prev) === routingFingerprint(obj)) {
        // routes exactly as before: what lib/routing compiled for prev serves obj (no recompile)
        carryOver(prev, obj);
        this.statusChanged();
        return;
      }
      this.changed();
    };
    // Each (re)list is authoritative: resync our view from it.
    const onList = (items: KubeObject[]) => {
      if (isSlice) return this.ev.onSlicesReplaced(items.map((o) => slimObject(o) as unknown as EndpointSliceLike));
      // keep the objects we already hold when unchanged: compiled routes are cached per object
      this.store.replace(field, items.filter(keep).map((o) => this.store.sameVersion(field, o) ?? slimObject(o)));
      this.changed();
    };
    const inf = new Informer<KubeObject>(this.client, path, {
      onList,
      onEvent: (type, o) => {
        if (type !== 'DELETED') return onPut(o);
        if (isSlice) return this.ev.onSlice('delete', o as unknown as EndpointSliceLike);
        this.store.remove(field, o);
        this.changed();
      },
      onError: (err) => {
        if (this.stopped) return;
        // the version we watch went away (CRDs replaced): ask discovery again and start over
        if (statusCode(err) === 404 && w.info.group === GATEWAY_GROUP && this.informers.includes(inf)) {
          this.dropInformer(inf);
          this.versions.invalidate(GATEWAY_GROUP);
          this.ev.log('warn', `${w.kind}: ${path} is no longer served (404): checking which version is`);
          this.later(() => void this.startKind(w), 1_000);
          return;
        }
        this.ev.log('warn', `${w.kind}: watch error, restarting`, { err: String((err as Error)?.message ?? err).split('\n')[0] });
      },
    });
    // The first list doubles as the probe: a 404 (CRD not installed) must not become an endless watch error loop.
    try {
      await inf.start();
    } catch (err) {
      inf.stop();
      const code = statusCode(err);
      if (w.optional && (code === 404 || code === 403)) {
        if (code === 404 && w.info.group === GATEWAY_GROUP) this.versions.invalidate(GATEWAY_GROUP);
        return this.notServed(w, code);
      }
      // once per kind and status code: a refused list every 2 s must not flood the log
      const key = `${w.kind}/${code}`;
      if (!this.reported.has(key)) this.ev.log('error', code === 403 ? describeApiProblem(w, code) : `${w.kind}: list failed, retrying every 2s`, { err: String((err as Error)?.message ?? err).split('\n')[0] });
      this.reported.add(key);
      this.later(() => void this.startKind(w), 2_000);
      return;
    }
    if (this.stopped) return inf.stop();
    this.informers.push(inf);
    if (w.info.group === GATEWAY_GROUP) this.watching.set(w.kind, { inf, version: path.split('/')[3], w });
    if (this.missing.has(w.kind) || this.problems.has(w.kind)) this.ev.log('info', `${w.kind}: API available now; watching it`);
    this.missing.delete(w.kind);
    this.problems.delete(w.kind);
    for (const k of this.reported) if (k.startsWith(`${w.kind}/`)) this.reported.delete(k);
  }

  /** An optional kind the cluster does not serve (404) or lets us read (403): one log line per change, probe again in 30 s. */
  private notServed(w: KindWatch, code: 404 | 403, detail?: string): void {
    if (!this.missing.has(w.kind) || this.problems.get(w.kind) !== apiProblem(code)) {
      this.ev.log('warn', detail ? `${w.kind}: ${detail}; serving without it, checking again every 30s` : describeApiProblem(w, code));
    }
    this.missing.add(w.kind);
    this.problems.set(w.kind, apiProblem(code));
    this.later(() => void this.startKind(w), 30_000);
  }

  private later(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /**
   * Status-only updates (our own writes coming back, 1,000s after a start) need no rebuild, but
   * the state handed on (workers, status writer) should hold them: one quiet flush a second at
   * most, unless a real change flushes them first (they must not all ride on the next route
   * change's delta to the workers: that one is on the latency path).
   */
  private statusChanged(): void {
    if (this.flushTimer || this.flushSoon || this.lazyTimer) return;
    this.lazyTimer = setTimeout(() => {
      this.lazyTimer = undefined;
      if (!this.flushTimer && !this.flushSoon) this.ev.onChange(0);
    }, STATUS_FLUSH_MS);
    this.lazyTimer.unref();
  }

  /**
   * A change after a quiet spell is applied at once (setImmediate: the events read in the same
   * I/O batch join it); one within `debounceMs` of the last rebuild waits for the window to end,
   * so a burst (kubectl apply of 1,000 objects) still costs one rebuild per window.
   */
  private changed(): void {
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = undefined;
    if (this.pendingSince === 0) this.pendingSince = performance.now();
    if (this.flushTimer || this.flushSoon) return;
    const wait = this.lastFlush + this.debounceMs - performance.now();
    if (wait <= 0) this.flushSoon = setImmediate(this.flush);
    else this.flushTimer = setTimeout(this.flush, wait);
  }

  private readonly flush = (): void => {
    this.flushTimer = undefined;
    this.flushSoon = undefined;
    if (this.stopped) return;
    const since = this.pendingSince;
    this.pendingSince = 0;
    this.ev.onChange(since);
    this.lastFlush = performance.now();
  };

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.flushSoon) clearImmediate(this.flushSoon);
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    for (const i of this.informers) i.stop();
  }
}
