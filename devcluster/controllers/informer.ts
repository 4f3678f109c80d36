/**
 * A shared-informer-like cache of one resource: list, then watch from the list's
 * resourceVersion, keeping a map of current objects and calling a handler per change.
 */
import type { KubeObject, Registry, WatchEventType } from '../store/registry';

export type InformerHandler = (
  type: WatchEventType,
  obj: KubeObject,
  old: KubeObject | undefined,
) => void;

export const keyOf = (o: { metadata: { namespace?: string; name?: string } }) =>
  o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : String(o.metadata.name);

export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export class Informer {
  readonly cache = new Map<string, KubeObject>();
  private handlers: InformerHandler[] = [];
  private unsubscribe?: () => void;

  constructor(
    private readonly registry: Registry,
    readonly resource: string,
  ) {}

  on(handler: InformerHandler): this {
    this.handlers.push(handler);
    return this;
  }

  start(): void {
    const { items, resourceVersion } = this.registry.list(this.resource);
    for (const o of items) this.cache.set(keyOf(o), o);
    this.unsubscribe = this.registry.watch(this.resource, { resourceVersion }, (ev) => {
      const k = keyOf(ev.object);
      const old = this.cache.get(k);
      if (ev.type === 'DELETED') this.cache.delete(k);
      else this.cache.set(k, ev.object);
      this.emit(ev.type, ev.object, old);
    });
    for (const o of items) this.emit('ADDED', o, undefined);
  }

  private emit(type: WatchEventType, obj: KubeObject, old: KubeObject | undefined): void {
    for (const h of this.handlers) {
      try {
        h(type, obj, old);
      } catch (err) {
        console.error(`[controllers] ${this.resource} handler failed:`, err);
      }
    }
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.cache.get(namespace ? `${namespace}/${name}` : name);
  }

  list(namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.cache.values())
      if (!namespace || o.metadata.namespace === namespace) out.push(o);
    return out;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
