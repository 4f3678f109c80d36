// Upstream connection pools: one undici Pool per endpoint origin (keep-alive), created on
// first use and closed when the endpoint leaves the table (after in-flight requests finish).
import { Pool, type Dispatcher } from 'undici';

export interface UpstreamOptions {
  connections: number;
  connectTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export const defaultUpstreamOptions: UpstreamOptions = {
  connections: 128,
  connectTimeoutMs: 5_000,
  keepAliveTimeoutMs: 30_000,
};

export class UpstreamPools {
  private pools = new Map<string, Dispatcher>();
  constructor(private readonly opts: UpstreamOptions = defaultUpstreamOptions) {}

  /** origin: "http://ip:port" or "https://ip:port"; a route's proxy-connect-timeout gets its own pool. */
  get(origin: string, connectTimeoutMs?: number): Dispatcher {
    const key = connectTimeoutMs ? `${origin}|${connectTimeoutMs}` : origin;
    let p = this.pools.get(key);
    if (!p) {
      p = new Pool(origin, {
        connections: this.opts.connections,
        pipelining: 1,
        keepAliveTimeout: this.opts.keepAliveTimeoutMs,
        keepAliveMaxTimeout: 10 * 60_000,
        connect: { timeout: connectTimeoutMs || this.opts.connectTimeoutMs, rejectUnauthorized: false },
        // We forward upstream bodies as they come; no size cap here (route policies apply).
        maxResponseSize: -1,
      });
      this.pools.set(key, p);
    }
    return p;
  }

  /** Graceful: let in-flight requests finish, then close. */
  release(origins: readonly string[]): void {
    const gone = new Set<string>();
    for (const o of origins) {
      gone.add(o);
      gone.add(o.replace(/^http:/, 'https:'));
    }
    for (const [key, p] of this.pools) {
      const bar = key.indexOf('|');
      if (!gone.has(bar < 0 ? key : key.slice(0, bar))) continue;
      this.pools.delete(key);
      p.close().catch(() => p.destroy().catch(() => {}));
    }
  }

  size(): number {
    return this.pools.size;
  }

  async closeAll(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(all.map((p) => p.close()));
  }
}
