// Per-client rate limits (ingress-nginx limit-rps / limit-connections semantics: keyed by
// route and client address). Token bucket refilled lazily; idle entries pruned.

interface Bucket {
  tokens: number;
  last: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private conns = new Map<string, number>();

  /** true if allowed (consumes a token). rps > 0; burst >= 1 */
  take(key: string, rps: number, burst: number, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: burst, last: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.last) / 1000) * rps);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Concurrent requests per key; returns false when at the limit. Call release() after. */
  acquire(key: string, limit: number): boolean {
    const n = this.conns.get(key) ?? 0;
    if (n >= limit) return false;
    this.conns.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = this.conns.get(key) ?? 0;
    if (n <= 1) this.conns.delete(key);
    else this.conns.set(key, n - 1);
  }

  /** Drop buckets full again (idle); bounded memory under many client addresses. */
  prune(now: number, maxIdleMs = 60_000): void {
    for (const [k, b] of this.buckets) if (now - b.last > maxIdleMs) this.buckets.delete(k);
  }

  get size(): number {
    return this.buckets.size + this.conns.size;
  }
}
