// Informers for every kind the gateway routes from. Changes to routing kinds are applied at
// once after a quiet spell and coalesced (a few ms) into one rebuild in a burst; EndpointSlice
// changes go straight to the endpoint table.
// Gateway API kinds are optional: when their CRDs are absent (404) we say so and keep
// serving Ingress, probing again later.
import type { EndpointSliceLike } from '../proxy/endpoints';
import { GATEWAY_GROUP, GATEWAY_KINDS, apiPath } from '@/lib/k8s/kinds';
import { carryOver } from '@/lib/routing';
import type { KubeClient } from '../kube/client';
import { Informer } from '../kube/informer';
import { ObjectStore, routingFingerprint, type KubeObject, type StateKind } from './store';
import { slimObject } from './slim-object';

interface KindWatch {
  kind: string;
  field: StateKind | 'endpointSlices';
  /** collection path across namespaces */
  path: string;
  optional: boolean;
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
  return GATEWAY_KINDS.map((k) => ({ kind: k.kind, field: k.gateway.field, path: apiPath(k), optional: k.gateway.optional }));
}

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

  constructor(
    private readonly client: KubeClient,
    private readonly ev: WatcherEvents,
    private readonly debounceMs = 3,
  ) {}

  /** Resolves after every available kind has been listed once. */
  async start(): Promise<void> {
    await Promise.all(kindWatches().map((w) => this.startKind(w)));
  }

  private async startKind(w: KindWatch): Promise<void> {
    if (this.stopped) return;
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
    const inf = new Informer<KubeObject>(this.client, w.path, {
      onList,
      onEvent: (type, o) => {
        if (type !== 'DELETED') return onPut(o);
        if (isSlice) return this.ev.onSlice('delete', o as unknown as EndpointSliceLike);
        this.store.remove(field, o);
        this.changed();
      },
      onError: (err) => {
        if (!this.stopped) this.ev.log('warn', `${w.kind}: watch error, restarting`, { err: String((err as Error)?.message ?? err).split('\n')[0] });
      },
    });
    // The first list doubles as the probe: a 404 (CRD not installed) must not become an endless watch error loop.
    try {
      await inf.start();
    } catch (err) {
      inf.stop();
      const code = statusCode(err);
      if (w.optional && (code === 404 || code === 403)) {
        if (!this.missing.has(w.kind) || this.problems.get(w.kind) !== apiProblem(code)) this.ev.log('warn', describeApiProblem(w, code));
        this.missing.add(w.kind);
        this.problems.set(w.kind, apiProblem(code));
        this.later(() => void this.startKind(w), 30_000);
        return;
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
    if (this.missing.has(w.kind) || this.problems.has(w.kind)) this.ev.log('info', `${w.kind}: API available now; watching it`);
    this.missing.delete(w.kind);
    this.problems.delete(w.kind);
    for (const k of this.reported) if (k.startsWith(`${w.kind}/`)) this.reported.delete(k);
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
