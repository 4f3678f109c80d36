/**
 * Records core/v1 Events about objects, like client-go's event recorder: repeated events
 * (same object, type, reason and message) bump `count` and `lastTimestamp` instead of
 * piling up, and events older than an hour are pruned (the API server's event TTL).
 */
import type { KubeObject, Registry } from '../store/registry';

export type EventType = 'Normal' | 'Warning';

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const TTL_MS = 60 * 60 * 1000;

export class EventRecorder {
  private readonly seen = new Map<string, { namespace: string; name: string }>();
  private pruneTimer?: NodeJS.Timeout;
  private flushTimer?: NodeJS.Timeout;
  private readonly pending: Array<{
    obj: KubeObject;
    type: EventType;
    reason: string;
    message: string;
    at: string;
  }> = [];

  constructor(
    private readonly registry: Registry,
    private readonly component: string,
    private readonly host: string,
  ) {}

  startPruning(intervalMs = 5 * 60 * 1000): void {
    this.pruneTimer = setInterval(() => this.prune(), intervalMs);
    this.pruneTimer.unref?.();
  }

  stop(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
  }

  /**
   * Queues an event. Events are written shortly after, in a batch, so the controllers'
   * own (durably synced) writes are never queued behind them.
   */
  record(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.pending.push({ obj, type, reason, message, at: now() });
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 20);
  }

  /** Writes queued events now (tests, shutdown). */
  flush(): void {
    for (const e of this.pending.splice(0)) this.write(e.obj, e.type, e.reason, e.message, e.at);
  }

  private write(
    obj: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    t: string,
  ): void {
    const namespace = obj.metadata.namespace || 'default';
    const dedupKey = `${obj.metadata.uid}|${type}|${reason}|${message}`;
    try {
      const known = this.seen.get(dedupKey);
      const existing = known && this.registry.get('events', known.namespace, known.name);
      if (existing) {
        const count = typeof existing.count === 'number' ? existing.count + 1 : 2;
        this.registry.update('events', known!.namespace, { ...existing, count, lastTimestamp: t });
        return;
      }
      // Like client-go: <object>.<unix nanoseconds in hex>.
      const nanos = BigInt(Date.now()) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6));
      const name = `${obj.metadata.name}.${nanos.toString(16)}`;
      this.registry.create('events', namespace, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name,
          ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
          uid: obj.metadata.uid,
          resourceVersion: obj.metadata.resourceVersion,
        },
        reason,
        message,
        type,
        source: { component: this.component, host: this.host },
        reportingComponent: this.component,
        reportingInstance: `${this.component}-${this.host}`,
        firstTimestamp: t,
        lastTimestamp: t,
        count: 1,
      });
      this.seen.set(dedupKey, { namespace, name });
      if (this.seen.size > 5000) this.seen.delete(this.seen.keys().next().value!);
    } catch (err) {
      // Events are best effort: a terminating namespace or a gone object must not fail a controller.
      void err;
    }
  }

  /** Deletes this component's events whose last occurrence is older than the TTL. */
  prune(olderThanMs = TTL_MS): void {
    const cutoff = Date.now() - olderThanMs;
    for (const e of this.registry.list('events').items) {
      if (
        (e.reportingComponent ?? (e.source as { component?: string } | undefined)?.component) !==
        this.component
      )
        continue;
      const last = Date.parse(String(e.lastTimestamp ?? e.metadata.creationTimestamp));
      if (last < cutoff)
        try {
          this.registry.delete('events', e.metadata.namespace, e.metadata.name!);
        } catch {
          // already gone
        }
    }
  }
}
