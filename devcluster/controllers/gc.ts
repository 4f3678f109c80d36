/**
 * Garbage collector: when an owner is gone, dependents that named it in ownerReferences
 * are deleted (or just lose that reference when other owners remain), for every kind.
 */
import type { KubeObject, Registry } from '../store/registry';
import { KINDS, resourceKeyOf } from '../../lib/k8s';
import { Informer, keyOf } from './informer';
import { WorkQueue } from './queue';

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
          if (obj.metadata.uid) {
            this.uids.delete(obj.metadata.uid);
            for (const dep of this.dependents.get(obj.metadata.uid) ?? []) this.queue.add(dep);
          }
          return;
        }
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

  private collect(ref: string): void {
    const [resource, key] = ref.split('|');
    const inf = this.informers.find((i) => i.resource === resource);
    const obj = inf?.cache.get(key);
    if (!obj || obj.metadata.deletionTimestamp) return;
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
