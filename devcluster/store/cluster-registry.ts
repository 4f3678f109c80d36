/**
 * The dev cluster's REST storage semantics, shared by HTTP handlers and built-in
 * controllers: create/update/delete with defaulting -> admission -> validation -> store,
 * resourceVersion, generation, finalizers, namespace termination, list and watch.
 */
import { randomUUID, randomBytes } from 'node:crypto';
import { ApiError, type StatusCause } from './errors';
import type {
  AdmissionHook,
  AdmissionRegistry,
  DeleteOptions,
  KubeObject,
  ListOptions,
  Registry,
  WatchEvent,
  WatchEventType,
  WriteOptions,
} from './registry';
import { objectKey, SqliteStore, type Entry, type StoredEvent } from './sqlite-store';
import type { SchemaFunctions } from './schema';
import { groupVersion, resourceByKey, RESOURCES, resourceKey, servesApiVersion, type ResourceDef } from '../api/resources';
import { objectMatcher, type ObjectMatcher } from '../api/selectors';
import { deepEqual } from './deep-equal';

export interface RawWatchEvent {
  type: WatchEventType;
  /** Serialized object (the JSON of the stored object). */
  json: string;
  obj: KubeObject;
  rv: number;
}

export interface RawListResult {
  entries: Entry[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface Subscriber {
  matcher: ObjectMatcher;
  cb: (event: RawWatchEvent) => void;
  /** While the initial replay runs, live events wait here. */
  buffer: StoredEvent[] | null;
  /** Highest resourceVersion delivered (or covered by the initial state). */
  lastRv: number;
  active: boolean;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += SUFFIX_ALPHABET[bytes[i] % SUFFIX_ALPHABET.length];
  return s;
}

/** Status details naming an object of this resource (kind is the plural, as the API server sends it). */
function details(def: ResourceDef, name: string) {
  return { name, ...(def.group ? { group: def.group } : {}), kind: def.plural };
}

export function notFound(def: ResourceDef, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${resourceKey(def)} "${name}" not found`, details(def, name));
}

export function invalid(def: ResourceDef, name: string, causes: StatusCause[]): ApiError {
  const summary = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const message = `${def.kind}${def.group ? `.${def.group}` : ''} "${name}" is invalid: ${summary.length > 1 ? `[${summary.join(', ')}]` : summary[0]}`;
  return new ApiError(422, 'Invalid', message, { name, ...(def.group ? { group: def.group } : {}), kind: def.kind, causes });
}

function conflict(def: ResourceDef, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resourceKey(def)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(def, name),
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface ClusterRegistryOptions {
  schema: SchemaFunctions;
}

export class ClusterRegistry implements Registry, AdmissionRegistry {
  private hooks = new Map<string, AdmissionHook[]>();
  private subscribers = new Map<string, Set<Subscriber>>();
  private schema: SchemaFunctions;
  private terminating = new Set<string>();
  private closed = false;

  constructor(
    readonly store: SqliteStore,
    options: ClusterRegistryOptions,
  ) {
    this.schema = options.schema;
    // Namespaces that were terminating when the process stopped finish now.
    for (const { obj } of store.table('namespaces').values()) {
      if (obj.metadata.deletionTimestamp) this.scheduleNamespaceCleanup(obj.metadata.name!);
    }
  }

  def(resource: string): ResourceDef {
    const def = resourceByKey(resource);
    if (!def) throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${resource})`);
    return def;
  }

  registerAdmission(resource: string, hook: AdmissionHook): void {
    const list = this.hooks.get(resource) ?? [];
    list.push(hook);
    this.hooks.set(resource, list);
  }

  get currentResourceVersion(): string {
    return String(this.store.rv);
  }

  // ---------------------------------------------------------------- reads

  getEntry(resource: string, namespace: string | undefined, name: string): Entry | undefined {
    const def = this.def(resource);
    return this.store.get(resource, objectKey(def.namespaced ? namespace : undefined, name));
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const e = this.getEntry(resource, namespace, name);
    return e ? (JSON.parse(e.json) as KubeObject) : undefined;
  }

  list(resource: string, options: ListOptions = {}): { items: KubeObject[]; resourceVersion: string } {
    const r = this.listRaw(resource, options);
    return { items: r.entries.map((e) => JSON.parse(e.json) as KubeObject), resourceVersion: r.resourceVersion };
  }

  /**
   * Lists in key order. With `limit`, returns a continue token that encodes the list's
   * resourceVersion and the last key: later pages are served from the same snapshot
   * (current state rolled back through the event log), or 410 when it is gone.
   */
  listRaw(resource: string, options: ListOptions & { limit?: number; continue?: string; exactResourceVersion?: number }): RawListResult {
    const def = this.def(resource);
    const matcher = objectMatcher(def, options.labelSelector, options.fieldSelector, def.namespaced ? options.namespace : undefined);
    let snapshotRv = this.store.rv;
    let startAfter = '';
    if (options.continue) {
      const token = decodeContinue(options.continue);
      snapshotRv = token.rv;
      startAfter = token.start;
      if (snapshotRv < this.store.rv && (snapshotRv < this.store.compactedRv || snapshotRv < this.store.snapshotFloorRv)) {
        throw new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.');
      }
    } else if (options.exactResourceVersion !== undefined) {
      snapshotRv = options.exactResourceVersion;
      if (snapshotRv > this.store.rv) {
        throw new ApiError(504, 'Timeout', `Too large resource version: ${snapshotRv}, current: ${this.store.rv}`);
      }
      if (snapshotRv < this.store.rv && (snapshotRv < this.store.compactedRv || snapshotRv < this.store.snapshotFloorRv)) {
        throw new ApiError(410, 'Expired', `too old resource version: ${snapshotRv} (${Math.max(this.store.compactedRv, this.store.snapshotFloorRv)})`);
      }
    }
    const prefix = def.namespaced && options.namespace ? `${options.namespace}/` : '';
    const { keys, lookup } = this.snapshot(resource, snapshotRv);
    let i = startAfter ? upperBound(keys, startAfter) : prefix ? lowerBound(keys, prefix) : 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const entries: Entry[] = [];
    for (; i < keys.length; i++) {
      const key = keys[i];
      if (prefix && !key.startsWith(prefix)) break;
      const e = lookup(key);
      if (!e || !matcher(e.obj)) continue;
      if (entries.length >= limit) {
        const last = entries[entries.length - 1];
        const lastKey = objectKey(def.namespaced ? last.obj.metadata.namespace : undefined, last.obj.metadata.name!);
        return { entries, resourceVersion: String(snapshotRv), continue: encodeContinue(snapshotRv, lastKey) };
      }
      entries.push(e);
    }
    return { entries, resourceVersion: String(snapshotRv) };
  }

  /** The sorted keys and a lookup for the state of `resource` as of `rv`. */
  private snapshot(resource: string, rv: number): { keys: string[]; lookup: (k: string) => Entry | undefined } {
    const table = this.store.table(resource);
    if (rv >= this.store.rv) return { keys: this.store.sortedKeys(resource), lookup: (k) => table.get(k) };
    const overlay = new Map<string, Entry | undefined>();
    const events = this.store.events;
    for (let i = events.length - 1; i >= 0 && events[i].rv > rv; i--) {
      const ev = events[i];
      if (ev.resource !== resource) continue;
      overlay.set(ev.key, ev.type === 'ADDED' ? undefined : ev.old);
    }
    if (overlay.size === 0) return { keys: this.store.sortedKeys(resource), lookup: (k) => table.get(k) };
    const keySet = new Set(this.store.sortedKeys(resource));
    for (const [k, v] of overlay) {
      if (v) keySet.add(k);
      else keySet.delete(k);
    }
    return { keys: [...keySet].sort(), lookup: (k) => (overlay.has(k) ? overlay.get(k) : table.get(k)) };
  }

  // ---------------------------------------------------------------- watch

  watch(
    resource: string,
    options: ListOptions & { resourceVersion?: string },
    onEvent: (event: WatchEvent) => void,
  ): () => void {
    return this.watchRaw(resource, options, (ev) => onEvent({ type: ev.type, object: JSON.parse(ev.json) as KubeObject }), { initial: false });
  }

  /**
   * Subscribes to changes. With resourceVersion N, first replays every retained event after
   * N (410 Expired when N is older than the log); with `initial` and no N (or "0"), first
   * sends a synthetic ADDED for every matching object. Replay and subscription happen in
   * the same tick, so nothing is missed or duplicated.
   */
  watchRaw(
    resource: string,
    options: ListOptions & { resourceVersion?: string },
    cb: (event: RawWatchEvent) => void,
    { initial = true }: { initial?: boolean } = {},
  ): () => void {
    const def = this.def(resource);
    const namespace = def.namespaced ? options.namespace : undefined;
    const matcher = objectMatcher(def, options.labelSelector, options.fieldSelector, namespace);
    const rvText = options.resourceVersion;
    let from: number | undefined;
    if (rvText && rvText !== '0') {
      if (!/^\d+$/.test(rvText)) throw new ApiError(400, 'BadRequest', `invalid resource version: ${JSON.stringify(rvText)}`);
      from = Number(rvText);
      if (from < this.store.compactedRv) {
        throw new ApiError(410, 'Expired', `too old resource version: ${from} (${this.store.compactedRv + 1})`);
      }
    }
    // Subscribe first (buffering), then replay: writes made by callbacks during the replay
    // are neither lost nor duplicated.
    const sub: Subscriber = { matcher, cb, buffer: [], lastRv: this.store.rv, active: true };
    let set = this.subscribers.get(resource);
    if (!set) {
      set = new Set();
      this.subscribers.set(resource, set);
    }
    set.add(sub);
    const deliver = (out: RawWatchEvent | undefined) => {
      if (!out || !sub.active) return;
      try {
        cb(out);
      } catch {
        // A broken watcher must never fail a write.
      }
    };
    if (from !== undefined) {
      const events = this.store.events;
      const end = events.length;
      for (let i = this.store.eventIndexAfter(from); i < end; i++) {
        if (events[i].resource === resource) deliver(transition(events[i], matcher));
      }
      sub.lastRv = end ? Math.max(from, events[end - 1].rv) : from;
    } else if (initial) {
      sub.lastRv = this.store.rv;
      for (const e of this.listRaw(resource, { namespace, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector }).entries) {
        deliver({ type: 'ADDED', json: e.json, obj: e.obj, rv: Number(e.obj.metadata.resourceVersion) });
      }
    }
    const buffered = sub.buffer!;
    for (let i = 0; i < buffered.length; i++) this.deliverTo(sub, buffered[i]);
    sub.buffer = null;
    return () => {
      sub.active = false;
      this.subscribers.get(resource)?.delete(sub);
    };
  }

  private deliverTo(sub: Subscriber, ev: StoredEvent): void {
    if (!sub.active || ev.rv <= sub.lastRv) return;
    sub.lastRv = ev.rv;
    const out = transition(ev, sub.matcher);
    if (!out) return;
    try {
      sub.cb(out);
    } catch {
      // A broken watcher must never fail a write.
    }
  }

  private queue: StoredEvent[] = [];
  private delivering = false;
  /** Events of the batch being committed; published once the batch is durable. */
  private deferred: StoredEvent[] | null = null;
  private pendingOps: Array<{ fn: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
  private batchScheduled = false;

  /**
   * Group commit for HTTP writes: operations queued in the same event-loop turn run in one
   * database transaction (one fsync); each caller's promise settles only after the commit,
   * and watchers see the events only then. A refused operation does not affect the others.
   */
  enqueue<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pendingOps.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.batchScheduled) {
        this.batchScheduled = true;
        setImmediate(() => this.runBatch());
      }
    });
  }

  private runBatch(): void {
    this.batchScheduled = false;
    const ops = this.pendingOps;
    this.pendingOps = [];
    if (!ops.length) return;
    const results: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    this.deferred = [];
    try {
      this.store.transaction(() => {
        for (const op of ops) {
          try {
            results.push({ ok: true, value: op.fn() });
          } catch (err) {
            if ((err as { code?: unknown })?.code && String((err as { code: unknown }).code).startsWith('SQLITE')) throw err;
            results.push({ ok: false, err });
          }
        }
      });
    } catch (err) {
      this.deferred = null;
      console.error('[devcluster] storage failure; the batch was rolled back:', err);
      for (const op of ops) op.reject(new ApiError(500, 'InternalError', `storage failure: ${(err as Error).message}`));
      return;
    }
    const events = this.deferred;
    this.deferred = null;
    for (const ev of events) this.publish(ev);
    ops.forEach((op, i) => {
      const r = results[i];
      if (r.ok) op.resolve(r.value);
      else op.reject(r.err);
    });
  }

  /** Delivers in resourceVersion order even when a watcher writes from its callback. */
  private publish(ev: StoredEvent): void {
    if (this.deferred) {
      this.deferred.push(ev);
      return;
    }
    this.queue.push(ev);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const e = this.queue[i];
        const subs = this.subscribers.get(e.resource);
        if (!subs) continue;
        for (const sub of [...subs]) {
          if (sub.buffer) sub.buffer.push(e);
          else this.deliverTo(sub, e);
        }
      }
    } finally {
      this.queue = [];
      this.delivering = false;
    }
  }

  // ---------------------------------------------------------------- writes

  private admit(def: ResourceDef, request: Parameters<AdmissionHook>[0]): KubeObject | undefined {
    let obj = request.object;
    for (const hook of this.hooks.get(resourceKey(def)) ?? []) {
      const out = hook({ ...request, object: obj });
      if (out) obj = out;
    }
    return obj;
  }

  private validate(def: ResourceDef, obj: KubeObject, old?: KubeObject): void {
    const causes = this.schema.validateObject(obj, old);
    if (causes.length) throw invalid(def, obj.metadata.name ?? '', causes);
  }

  private checkTypeMeta(def: ResourceDef, obj: KubeObject): void {
    if (!isRecord(obj) || !isRecord(obj.metadata)) {
      if (isRecord(obj) && obj.metadata !== undefined) {
        throw invalid(def, '', [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: metadata must be an object', field: 'metadata' }]);
      }
      if (!isRecord(obj)) throw new ApiError(400, 'BadRequest', 'the body of the request must be a JSON object');
    }
    const gv = groupVersion(def);
    if (obj.apiVersion !== undefined && obj.apiVersion !== gv && !servesApiVersion(def, obj.apiVersion)) {
      throw new ApiError(400, 'BadRequest', `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (obj.kind !== undefined && obj.kind !== def.kind) {
      throw new ApiError(400, 'BadRequest', `the kind in the data (${String(obj.kind)}) does not match the expected kind (${def.kind})`);
    }
  }

  private resolveNamespace(def: ResourceDef, namespace: string | undefined, obj: KubeObject): string | undefined {
    if (!def.namespaced) {
      delete obj.metadata.namespace;
      return undefined;
    }
    const ns = namespace ?? obj.metadata.namespace;
    if (!ns) throw new ApiError(400, 'BadRequest', 'the namespace of the provided object is missing');
    if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
      throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = ns;
    return ns;
  }

  /** A copy of a written object with apiVersion/kind from the table and its namespace settled. */
  private incoming(resource: string, namespace: string | undefined, input: KubeObject): { def: ResourceDef; obj: KubeObject; ns: string | undefined } {
    const def = this.def(resource);
    this.checkTypeMeta(def, input);
    const obj = clone(input);
    obj.metadata ??= {};
    obj.apiVersion = groupVersion(def);
    obj.kind = def.kind;
    return { def, obj, ns: this.resolveNamespace(def, namespace, obj) };
  }

  create(resource: string, namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const { def, obj, ns } = this.incoming(resource, namespace, input);
    if (!obj.metadata.name) {
      if (obj.metadata.generateName && typeof obj.metadata.generateName === 'string') {
        obj.metadata.name = obj.metadata.generateName + randomSuffix();
      } else {
        throw invalid(def, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
      }
    }
    if (typeof obj.metadata.name !== 'string') {
      throw invalid(def, '', [{ reason: 'FieldValueTypeInvalid', message: 'Invalid value: name must be a string', field: 'metadata.name' }]);
    }
    if (ns) {
      const nsEntry = this.store.get('namespaces', ns);
      if (!nsEntry) throw new ApiError(404, 'NotFound', `namespaces "${ns}" not found`, { name: ns, kind: 'namespaces' });
      if (nsEntry.obj.metadata.deletionTimestamp) {
        throw new ApiError(403, 'Forbidden', `${resourceKey(def)} "${obj.metadata.name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
          ...details(def, obj.metadata.name),
          causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
        });
      }
    }
    const md = obj.metadata;
    md.uid = randomUUID();
    md.creationTimestamp = now();
    delete md.resourceVersion;
    delete md.deletionTimestamp;
    delete md.deletionGracePeriodSeconds;
    delete md.managedFields;
    delete md.selfLink;
    if (options.managedFields) md.managedFields = options.managedFields;
    if (def.tracksGeneration) md.generation = 1;
    else delete md.generation;
    if (def.status) delete obj.status;

    let out = this.schema.applyDefaults(obj);
    out = this.admit(def, { operation: 'CREATE', resource, namespace: ns, object: out, dryRun: !!options.dryRun }) ?? out;
    this.validate(def, out);
    const key = objectKey(ns, out.metadata.name!);
    if (this.store.get(resource, key)) {
      throw new ApiError(409, 'AlreadyExists', `${resourceKey(def)} "${out.metadata.name}" already exists`, details(def, out.metadata.name!));
    }
    if (options.dryRun) return out;
    this.assertOpen();
    const ev = this.store.commit(resource, 'ADDED', key, out);
    this.publish(ev);
    return clone(ev.entry.obj);
  }

  update(resource: string, namespace: string | undefined, input: KubeObject, options: WriteOptions = {}): KubeObject {
    const { def, obj, ns } = this.incoming(resource, namespace, input);
    const name = obj.metadata.name;
    if (!name || typeof name !== 'string') {
      throw invalid(def, '', [{ reason: 'FieldValueRequired', message: 'Required value: name is required', field: 'metadata.name' }]);
    }
    const key = objectKey(ns, name);
    const existing = this.store.get(resource, key);
    if (!existing) throw notFound(def, name);
    const old = existing.obj;
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw conflict(def, name);
    if (obj.metadata.uid && obj.metadata.uid !== old.metadata.uid) {
      throw new ApiError(409, 'Conflict', `Precondition failed: UID in precondition: ${String(obj.metadata.uid)}, UID in object meta: ${old.metadata.uid}`, { name, kind: def.plural });
    }

    let next: KubeObject;
    if (options.subresource === 'status') {
      next = clone(old);
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
    } else {
      next = obj;
      const md = next.metadata;
      md.uid = old.metadata.uid;
      md.creationTimestamp = old.metadata.creationTimestamp;
      if (old.metadata.deletionTimestamp) {
        md.deletionTimestamp = old.metadata.deletionTimestamp;
        md.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
        const added = (md.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
        if (added.length) {
          throw invalid(def, name, [{ reason: 'FieldValueForbidden', message: 'Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ' + JSON.stringify(added), field: 'metadata.finalizers' }]);
        }
      } else {
        delete md.deletionTimestamp;
        delete md.deletionGracePeriodSeconds;
      }
      if (old.metadata.generation !== undefined) md.generation = old.metadata.generation;
      else delete md.generation;
      delete md.selfLink;
      if (md.managedFields === undefined && old.metadata.managedFields !== undefined) md.managedFields = old.metadata.managedFields;
      if (def.status) {
        if (old.status === undefined) delete next.status;
        else next.status = clone(old.status);
      }
    }
    delete next.metadata.resourceVersion;
    if (options.managedFields) next.metadata.managedFields = options.managedFields;

    next = this.schema.applyDefaults(next);
    next = this.admit(def, { operation: 'UPDATE', resource, subresource: options.subresource, namespace: ns, object: next, oldObject: old, dryRun: !!options.dryRun }) ?? next;
    this.validate(def, next, old);
    if (def.tracksGeneration && options.subresource !== 'status' && !deepEqual(next.spec, old.spec)) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }

    const finishing = !!next.metadata.deletionTimestamp && !(next.metadata.finalizers ?? []).length;
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (!finishing && deepEqual(next, old)) return clone(old); // a no-op write stores nothing
    delete next.metadata.resourceVersion;
    if (options.dryRun) return next;
    this.assertOpen();
    const ev = this.store.commit(resource, finishing ? 'DELETED' : 'MODIFIED', key, next);
    this.publish(ev);
    if (finishing) this.afterRemoval(def, ns);
    return clone(ev.entry.obj);
  }

  delete(resource: string, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObject {
    const def = this.def(resource);
    const ns = def.namespaced ? namespace : undefined;
    const key = objectKey(ns, name);
    const existing = this.store.get(resource, key);
    if (!existing) throw notFound(def, name);
    const old = existing.obj;

    if (resource === 'namespaces') {
      if (old.metadata.deletionTimestamp) return clone(old);
      const next = clone(old);
      next.metadata.deletionTimestamp = now();
      next.metadata.deletionGracePeriodSeconds = 0;
      next.status = { ...(isRecord(next.status) ? next.status : {}), phase: 'Terminating' };
      if (options.dryRun) return next;
      this.assertOpen();
      const ev = this.store.commit(resource, 'MODIFIED', key, next);
      this.publish(ev);
      this.scheduleNamespaceCleanup(name);
      return clone(ev.entry.obj);
    }

    if ((old.metadata.finalizers ?? []).length) {
      if (old.metadata.deletionTimestamp) return clone(old);
      const next = clone(old);
      next.metadata.deletionTimestamp = now();
      next.metadata.deletionGracePeriodSeconds = 0;
      if (options.dryRun) return next;
      this.assertOpen();
      const ev = this.store.commit(resource, 'MODIFIED', key, next);
      this.publish(ev);
      return clone(ev.entry.obj);
    }

    this.admit(def, { operation: 'DELETE', resource, namespace: ns, oldObject: old, dryRun: !!options.dryRun });
    if (options.dryRun) return clone(old);
    this.assertOpen();
    const ev = this.store.commit(resource, 'DELETED', key, clone(old));
    this.publish(ev);
    this.afterRemoval(def, ns);
    return clone(ev.entry.obj);
  }

  /** Deletes every matching object; returns what was deleted (or marked for deletion). */
  deleteCollection(resource: string, options: ListOptions & DeleteOptions): KubeObject[] {
    const items = this.listRaw(resource, options).entries.map((e) => e.obj);
    const out: KubeObject[] = [];
    for (const o of items) {
      try {
        out.push(this.delete(resource, o.metadata.namespace, o.metadata.name!, options));
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 404)) throw err;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- namespaces

  private afterRemoval(def: ResourceDef, ns: string | undefined): void {
    if (ns && this.terminating.has(ns)) this.scheduleNamespaceCleanup(ns);
  }

  private scheduleNamespaceCleanup(ns: string): void {
    this.terminating.add(ns);
    setImmediate(() => this.cleanupNamespace(ns));
  }

  /** Deletes a terminating namespace's contents, then the namespace once it is empty. */
  private cleanupNamespace(ns: string): void {
    if (this.closed) return;
    const nsEntry = this.store.get('namespaces', ns);
    if (!nsEntry || !nsEntry.obj.metadata.deletionTimestamp) {
      this.terminating.delete(ns);
      return;
    }
    let remaining = 0;
    for (const def of RESOURCES) {
      if (!def.namespaced || def.review) continue;
      const resource = resourceKey(def);
      for (const e of this.listRaw(resource, { namespace: ns }).entries) {
        if (e.obj.metadata.deletionTimestamp) {
          remaining++;
          continue;
        }
        try {
          const res = this.delete(resource, ns, e.obj.metadata.name!);
          if (res.metadata.deletionTimestamp && this.store.get(resource, objectKey(ns, e.obj.metadata.name!))) remaining++;
        } catch {
          remaining++;
        }
      }
    }
    if (remaining > 0) return; // finalizer removal re-triggers cleanup
    this.terminating.delete(ns);
    const current = this.store.get('namespaces', ns);
    if (!current || (current.obj.metadata.finalizers ?? []).length) return;
    const ev = this.store.commit('namespaces', 'DELETED', ns, clone(current.obj));
    this.publish(ev);
  }

  private assertOpen(): void {
    if (this.closed) throw new ApiError(503, 'ServiceUnavailable', 'the dev cluster is shutting down');
  }

  close(): void {
    this.runBatch(); // settle queued writes before the store closes
    this.closed = true;
    this.subscribers.clear();
  }
}

/** What a watcher with `matcher` sees for a stored event (selector transitions included). */
function transition(ev: StoredEvent, matcher: ObjectMatcher): RawWatchEvent | undefined {
  const nowMatches = matcher(ev.entry.obj);
  const base = { json: ev.entry.json, obj: ev.entry.obj, rv: ev.rv };
  if (ev.type === 'ADDED') return nowMatches ? { type: 'ADDED', ...base } : undefined;
  if (ev.type === 'DELETED') {
    const wasMatching = ev.old ? matcher(ev.old.obj) : nowMatches;
    return wasMatching ? { type: 'DELETED', ...base } : undefined;
  }
  if (!ev.old) return { type: nowMatches ? 'MODIFIED' : 'DELETED', ...base };
  const wasMatching = matcher(ev.old.obj);
  if (wasMatching && nowMatches) return { type: 'MODIFIED', ...base };
  if (!wasMatching && nowMatches) return { type: 'ADDED', ...base };
  if (wasMatching && !nowMatches) return { type: 'DELETED', ...base };
  return undefined;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof parsed.rv === 'number' && typeof parsed.start === 'string' && parsed.start) return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through
  }
  throw new ApiError(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
