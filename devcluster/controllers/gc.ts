/**
 * Garbage collector: when an owner is gone, dependents that named it in ownerReferences
 * are deleted (or just lose that reference when other owners remain), for every kind.
 * Owners being deleted with the `orphan` finalizer (propagationPolicy Orphan) first have
 * their dependents released; with `foregroundDeletion`, first have them deleted.
 */
import type { KubeObject, Registry } from '../store/registry';
import { KINDS, resourceKeyOf } from '../../lib/k8s';
import { Informer, keyOf } from './informer';
import { WorkQueue } from './queue';

export const ORPHAN = 'orphan';
export const FOREGROUND = 'foregroundDeletion';

interface Ref {
  resource: string;
  namespace?: string;
  name: string;
}

export class GarbageCollector {
  private readonly informers: Informer[];
  /** uid -> objects (live, any kind) */
  private readonly uids = new Map<string, Ref>();
  /** owner uid -> dependents "resource|ns/name" */
  private readonly dependents = new Map<string, Set<string>>();
  private readonly queue: WorkQueue;

  constructor(private readonly registry: Registry) {
    this.informers = KINDS.filter((k) => k.kind !== 'Event').map(
      (k) => new Informer(registry, resourceKeyOf(k)),
    );
    this.queue = new WorkQueue((key) => this.collect(key), {
      name: 'gc',
      onError: (key, err) =>
        console.error(`[controllers] gc ${key}:`, err instanceof Error ? err.message : err),
    });
  }

  start(): void {
    for (const inf of this.informers) {
      inf.on((type, obj, old) => {
        const ref = `${inf.resource}|${keyOf(obj)}`;
        if (old)
          for (const o of old.metadata.ownerReferences ?? [])
            this.dependents.get(o.uid)?.delete(ref);
        if (type === 'DELETED') {
          // A dependent gone: an owner waiting in foreground deletion may now finish.
          for (const o of obj.metadata.ownerReferences ?? []) {
            this.dependents.get(o.uid)?.delete(ref);
            const owner = this.uids.get(o.uid);
            if (owner)
              this.queue.add(
                `${owner.resource}|${owner.namespace ? `${owner.namespace}/` : ''}${owner.name}`,
              );
          }
          if (obj.metadata.uid) {
            this.uids.delete(obj.metadata.uid);
            for (const dep of this.dependents.get(obj.metadata.uid) ?? []) this.queue.add(dep);
            this.dependents.delete(obj.metadata.uid);
          }
          return;
        }
        const fin = obj.metadata.finalizers ?? [];
        if (obj.metadata.deletionTimestamp && (fin.includes(ORPHAN) || fin.includes(FOREGROUND)))
          this.queue.add(ref);
        if (obj.metadata.uid)
          this.uids.set(obj.metadata.uid, {
            resource: inf.resource,
            namespace: obj.metadata.namespace,
            name: obj.metadata.name!,
          });
        const owners = obj.metadata.ownerReferences ?? [];
        for (const o of owners) {
          let set = this.dependents.get(o.uid);
          if (!set) this.dependents.set(o.uid, (set = new Set()));
          set.add(ref);
        }
        if (owners.length) this.queue.add(ref);
      });
    }
    for (const inf of this.informers) inf.start();
  }

  stop(): void {
    this.queue.stop();
    for (const inf of this.informers) inf.stop();
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  private ownerExists(
    owner: { uid: string; name: string; kind: string },
    dependent: KubeObject,
  ): boolean {
    const ref = this.uids.get(owner.uid);
    if (!ref) return false;
    // A namespaced owner must live in the dependent's namespace.
    return !ref.namespace || ref.namespace === dependent.metadata.namespace;
  }

  /** Orphan/foreground deletion of an owner: release or delete dependents, then drop the finalizer. */
  private finishOwner(resource: string, obj: KubeObject): void {
    const fin = obj.metadata.finalizers ?? [];
    const uid = obj.metadata.uid!;
    const deps = [...(this.dependents.get(uid) ?? [])];
    let remaining = 0;
    for (const dep of deps) {
      const [r, k] = dep.split('|');
      const d = this.informers.find((i) => i.resource === r)?.cache.get(k);
      if (!d) continue;
      if (fin.includes(ORPHAN)) {
        const refs = (d.metadata.ownerReferences ?? []).filter((o) => o.uid !== uid);
        this.registry.update(r, d.metadata.namespace, {
          ...d,
          metadata: { ...d.metadata, ownerReferences: refs },
        });
      } else {
        remaining++;
        if (!d.metadata.deletionTimestamp)
          this.registry.delete(r, d.metadata.namespace, d.metadata.name!, {
            propagationPolicy: 'Foreground',
          });
      }
    }
    if (remaining > 0 && fin.includes(FOREGROUND)) return; // requeued as each dependent goes
    const current = this.informers.find((i) => i.resource === resource)?.cache.get(keyOf(obj));
    if (!current) return;
    const rest = (current.metadata.finalizers ?? []).filter(
      (f) => f !== ORPHAN && f !== FOREGROUND,
    );
    this.registry.update(resource, current.metadata.namespace, {
      ...current,
      metadata: { ...current.metadata, finalizers: rest },
    });
  }

  private collect(ref: string): void {
    const [resource, key] = ref.split('|');
    const inf = this.informers.find((i) => i.resource === resource);
    const obj = inf?.cache.get(key);
    if (!obj) return;
    const fin = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp && (fin.includes(ORPHAN) || fin.includes(FOREGROUND))) {
      try {
        this.finishOwner(resource, obj);
      } catch (err) {
        if ((err as { code?: number }).code !== 404) throw err;
      }
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    const owners = obj.metadata.ownerReferences ?? [];
    if (!owners.length) return;
    const alive = owners.filter((o) => this.ownerExists(o, obj));
    if (alive.length === owners.length) return;
    try {
      if (alive.length === 0)
        this.registry.delete(resource, obj.metadata.namespace, obj.metadata.name!, {
          propagationPolicy: 'Background',
        });
      else
        this.registry.update(resource, obj.metadata.namespace, {
          ...obj,
          metadata: { ...obj.metadata, ownerReferences: alive },
        });
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
}
