/**
 * A keyed work queue like client-go's: a key queued many times is processed once, never
 * concurrently with itself; failures are retried with a bounded backoff. Processing starts
 * on the next macrotask, so watch callbacks (which run inside a registry write) never
 * re-enter the registry.
 */
export interface WorkQueueOptions {
  name: string;
  /** Retries per key before giving up until the key is queued again (default: never give up). */
  maxRetries?: number;
  onError?: (key: string, err: unknown) => void;
}

export class WorkQueue {
  private pending = new Set<string>();
  private retries = new Map<string, number>();
  private delayed = new Map<string, { timer: NodeJS.Timeout; at: number }>();
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
    const at = Date.now() + ms;
    const existing = this.delayed.get(key);
    if (existing && existing.at <= at) return; // one timer per key: the earliest wins
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    timer.unref?.();
    this.delayed.set(key, { timer, at });
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
        if (n <= (this.options.maxRetries ?? Infinity)) {
          this.retries.set(key, n);
          this.addAfter(key, Math.min(5_000, 20 * 2 ** Math.min(n, 10)));
        } else {
          this.retries.delete(key);
        }
        // Report the first failures of a key, then every 20th, so a stuck key cannot flood the log.
        if (n <= 3 || n % 20 === 0) this.options.onError?.(key, err);
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
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
