// Upstream connection pools per endpoint origin (keep-alive), created on first use and closed
// when the endpoint leaves the table (after in-flight requests finish): the gateway's own
// HTTP/1.1 pools for plain-HTTP proxying (./http1/client), undici Pools for TLS upstreams,
// mirrors and health checks.
import type { buildConnector } from 'undici';
import { Http1Pool } from './http1/client';
import { LazyPool, loadedUndici, type UpstreamDispatcher } from './lazy-undici';
import type { BackendTlsConfig } from '@/lib/routing';
import { backendTlsOptions } from './backend-tls';

export interface UpstreamOptions {
  connections: number;
  connectTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** GATEWAY_UPSTREAM_PIPELINE: > 1 pipelines bodiless GET/HEAD on plain-HTTP upstreams (./http1/client) */
  pipeline?: number;
}

export const defaultUpstreamOptions: UpstreamOptions = {
  connections: 128,
  connectTimeoutMs: 5_000,
  keepAliveTimeoutMs: 30_000,
};

/** A route's proxy-connect-timeout, and a Service's pipelining depth, get their own pool per origin. */
const poolKey = (origin: string, connectTimeoutMs: number | undefined, pipeline?: number) =>
  pipeline !== undefined ? `${origin}|${connectTimeoutMs ?? 0}|p${pipeline}` : connectTimeoutMs ? `${origin}|${connectTimeoutMs}` : origin;

export class UpstreamPools {
  private pools = new Map<string, UpstreamDispatcher>();
  /** plain-HTTP pools of the proxy hot path (./http1/client) */
  private h1Pools = new Map<string, Http1Pool>();
  constructor(private readonly opts: UpstreamOptions = defaultUpstreamOptions) {}

  /**
   * origin: "http://ip:port" (plain HTTP only); a route's proxy-connect-timeout gets its own pool,
   * so does a Service's pipelining depth (portico.dev/upstream-pipeline; undefined: the default).
   */
  h1(origin: string, connectTimeoutMs?: number, pipeline?: number): Http1Pool {
    const key = poolKey(origin, connectTimeoutMs, pipeline);
    let p = this.h1Pools.get(key);
    if (!p) {
      const u = new URL(origin);
      p = new Http1Pool(u.hostname.replace(/^\[|\]$/g, ''), Number(u.port) || 80, { connections: this.opts.connections, connectTimeoutMs: connectTimeoutMs || this.opts.connectTimeoutMs, keepAliveTimeoutMs: this.opts.keepAliveTimeoutMs, pipeline: pipeline ?? this.opts.pipeline });
      this.h1Pools.set(key, p);
    }
    return p;
  }

  /** origin: "http://ip:port" or "https://ip:port"; a route's proxy-connect-timeout gets its own pool. */
  get(origin: string, connectTimeoutMs?: number): UpstreamDispatcher {
    const key = poolKey(origin, connectTimeoutMs);
    let p = this.pools.get(key);
    if (!p) {
      p = new LazyPool(origin, {
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

  /**
   * origin: "https://ip:port" of a backend a BackendTLSPolicy targets: verified TLS (./backend-tls).
   * One pool per origin and policy effect (cfg.id), so a changed policy gets new connections.
   */
  tls(origin: string, cfg: BackendTlsConfig, connectTimeoutMs?: number): UpstreamDispatcher {
    const key = `${origin}|tls:${cfg.id}|${connectTimeoutMs ?? ''}`;
    let p = this.pools.get(key);
    if (!p) {
      // Built on the first connection: the pool (and so undici) exists by then (./lazy-undici).
      let connector: buildConnector.connector | undefined;
      const connect: buildConnector.connector = (opts, cb) => {
        connector ??= loadedUndici().buildConnector({ timeout: connectTimeoutMs || this.opts.connectTimeoutMs, ...backendTlsOptions(cfg) });
        connector({ ...opts, servername: cfg.hostname }, cb);
      };
      p = new LazyPool(origin, {
        connections: this.opts.connections,
        pipelining: 1,
        keepAliveTimeout: this.opts.keepAliveTimeoutMs,
        keepAliveMaxTimeout: 10 * 60_000,
        // undici takes the SNI from each request's Host header; the policy's hostname is the SNI
        connect,
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
    const isGone = (key: string) => {
      const bar = key.indexOf('|');
      return gone.has(bar < 0 ? key : key.slice(0, bar));
    };
    for (const [key, p] of this.pools) {
      if (!isGone(key)) continue;
      this.pools.delete(key);
      p.close().catch(() => p.destroy().catch(() => {}));
    }
    for (const [key, p] of this.h1Pools) {
      if (!isGone(key)) continue;
      this.h1Pools.delete(key);
      p.close();
    }
  }

  size(): number {
    return this.pools.size + this.h1Pools.size;
  }

  async closeAll(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    for (const p of this.h1Pools.values()) p.close();
    this.h1Pools.clear();
    await Promise.allSettled(all.map((p) => p.close()));
  }
}
