/**
 * Login throttling: after a few failures a key (username, client address) must wait, and the
 * wait doubles with every further failure up to a cap. Success clears the key. In memory:
 * one console process; bounded so a flood of keys cannot grow it without limit.
 */
export interface RateLimitOptions {
  freeAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Failures older than this are forgotten. */
  windowMs?: number;
  maxKeys?: number;
}

interface Entry {
  failures: number;
  last: number;
  blockedUntil: number;
}

export class LoginRateLimiter {
  private readonly entries = new Map<string, Entry>();
  private readonly o: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions = {}) {
    this.o = { freeAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000, windowMs: 15 * 60_000, maxKeys: 10_000, ...options };
  }

  /** Milliseconds the caller must still wait for any of the keys (0 = may try now). */
  retryAfterMs(keys: string[], now: number): number {
    let wait = 0;
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e && e.blockedUntil > now) wait = Math.max(wait, e.blockedUntil - now);
    }
    return wait;
  }

  fail(keys: string[], now: number): void {
    for (const k of keys) {
      let e = this.entries.get(k);
      if (!e || now - e.last > this.o.windowMs) e = { failures: 0, last: now, blockedUntil: 0 };
      e.failures += 1;
      e.last = now;
      const over = e.failures - this.o.freeAttempts;
      if (over >= 0) e.blockedUntil = now + Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.min(over, 20));
      this.entries.delete(k);
      this.entries.set(k, e);
    }
    while (this.entries.size > this.o.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Takes back one counted attempt that turned out to succeed (attempts are counted before the check). */
  refund(keys: string[]): void {
    for (const k of keys) {
      const e = this.entries.get(k);
      if (!e) continue;
      e.failures -= 1;
      if (e.failures <= 0) this.entries.delete(k);
      else if (e.failures < this.o.freeAttempts) e.blockedUntil = 0;
    }
  }

  succeed(keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }
}

export function waitMessage(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return `Too many failed sign-in attempts. Try again in ${s >= 60 ? `${Math.ceil(s / 60)} minute${s >= 120 ? 's' : ''}` : `${s} second${s === 1 ? '' : 's'}`}.`;
}
