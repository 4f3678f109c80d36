/**
 * A keyed work queue like client-go's: a key queued many times is processed once, never
 * concurrently with itself; failures are retried with a bounded backoff. Processing starts
 * on the next macrotask, so watch callbacks (which run inside a registry write) never
 * re-enter the registry.
 */
export interface WorkQueueOptions {
  name: string;
  /** Retries per key before giving up until the key is queued again. */
  maxRetries?: number;
  onError?: (key: string, err: unknown) => void;
}

export class WorkQueue {
  private pending = new Set<string>();
  private retries = new Map<string, number>();
  private timers = new Set<NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly process: (key: string) => void | Promise<void>,
    private readonly options: WorkQueueOptions,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    this.schedule();
  }

  /** Queues the key again after `ms` (deadlines, backoff). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.add(key);
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    while (this.pending.size && !this.stopped) {
      const [key] = this.pending;
      this.pending.delete(key);
      try {
        await this.process(key);
        this.retries.delete(key);
      } catch (err) {
        const n = (this.retries.get(key) ?? 0) + 1;
        if (n <= (this.options.maxRetries ?? 8)) {
          this.retries.set(key, n);
          this.addAfter(key, Math.min(5_000, 20 * 2 ** n));
        } else {
          this.retries.delete(key);
        }
        this.options.onError?.(key, err);
      }
    }
    this.scheduled = false;
    if (this.pending.size && !this.stopped) this.schedule();
    else for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when nothing is queued (tests, shutdown). */
  idle(): Promise<void> {
    if (!this.pending.size && !this.scheduled) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
