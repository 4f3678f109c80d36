// Everything the data plane reads per request, behind one object. `snapshot` is replaced by a
// single reference swap; a request reads it once and keeps that snapshot to the end.
import type { BlockList } from 'node:net';
import type { RoutingSnapshot } from '@/lib/routing';
import type pino from 'pino';
import { EndpointTable } from './endpoints';
import { UpstreamPools, defaultUpstreamOptions } from './upstream';
import { RateLimiter } from './ratelimit';
import type { LbAlgorithm } from './balancer';
import { GatewayMetrics } from '../admin/metrics';
import { defaultHealthConfig, type HealthConfig } from './health';
import { ActiveHealthChecker } from './active-health';
import { snapshotRouteIds } from '@/lib/routing/snapshot';

/** Route churn: deleted routes' metrics are dropped this long after a swap (one pass per burst). */
export const PRUNE_DELAY_MS = 200;

export interface ProxySettings {
  httpPort: number;
  httpsPort: number;
  lbAlgorithm: LbAlgorithm;
  /** Ingress routes without proxy-body-size: ingress-nginx's default 1 MiB. */
  ingressDefaultMaxBody: number | null;
  /** HTTPRoute/GRPCRoute: unlimited by default. */
  routeDefaultMaxBody: number | null;
  defaultReadTimeoutMs: number;
  rateLimitStatus: number;
  retries: number;
  health: HealthConfig;
  /** GATEWAY_TRUSTED_PROXIES: proxies whose X-Forwarded-* headers are believed (./forwarded.ts); none by default */
  trustedProxies: BlockList | undefined;
  /** GATEWAY_UPSTREAM_PIPELINE: requests in flight per upstream connection (1: no pipelining) */
  upstreamPipeline: number;
}

export const defaultProxySettings: ProxySettings = {
  httpPort: 8080,
  httpsPort: 8443,
  lbAlgorithm: 'round-robin',
  ingressDefaultMaxBody: 1024 * 1024,
  routeDefaultMaxBody: null,
  defaultReadTimeoutMs: 60_000,
  rateLimitStatus: 503,
  retries: 2,
  health: defaultHealthConfig,
  trustedProxies: undefined,
  upstreamPipeline: 1,
};

export class GatewayRuntime {
  snapshot: RoutingSnapshot | undefined;
  version = 0;
  readonly endpoints = new EndpointTable();
  readonly pools: UpstreamPools;
  readonly limiter = new RateLimiter();
  readonly activeHealth = new ActiveHealthChecker(this.endpoints);
  draining = false;
  /** requests in flight, for graceful drain */
  inflight = 0;
  accessLog: pino.Logger | undefined;
  /** called after every snapshot swap (TCP listeners, ExternalName resolution: gateway/tcp) */
  readonly onSwap: Array<(snapshot: RoutingSnapshot) => void> = [];

  constructor(
    readonly settings: ProxySettings,
    readonly metrics: GatewayMetrics,
  ) {
    this.pools = new UpstreamPools({ ...defaultUpstreamOptions, pipeline: settings.upstreamPipeline });
    this.endpoints.onRemoved = (origins) => {
      // keep pools a little while: requests already on their way finish first
      setTimeout(() => this.pools.release(origins), 5_000).unref();
    };
    // forget rate-limit buckets of idle clients
    setInterval(() => this.limiter.prune(Date.now()), 30_000).unref();
  }

  swap(snapshot: RoutingSnapshot): void {
    // our own TCP/TLS/UDP listener ports are never upstreams (./address-policy; by number, either protocol)
    const portsChanged = this.endpoints.policy?.setListenerPorts([...(snapshot.tcpListeners ?? []), ...(snapshot.tlsListeners ?? []), ...(snapshot.udpListeners ?? []), ...snapshot.listeners].map((l) => l.port));
    this.endpoints.setTargets(snapshot.backends);
    if (portsChanged) this.endpoints.reapplyPolicy();
    this.snapshot = snapshot;
    this.version++;
    this.metrics.configVersion.set(this.version);
    for (const fn of this.onSwap) fn(snapshot);
    this.pruneStatsSoon();
  }

  private pruneScheduled = false;
  /**
   * Deleted routes' request stats go after the swap (not on its latency path), once per burst of
   * swaps: collecting the ids costs ~1 ms per 10,000 routes (the sorted `routes` summary would cost
   * tens of ms).
   */
  private pruneStatsSoon(): void {
    if (this.pruneScheduled) return;
    this.pruneScheduled = true;
    setTimeout(() => {
      this.pruneScheduled = false;
      const ids = this.snapshot && snapshotRouteIds.get(this.snapshot);
      if (ids) this.metrics.retainRoutes(ids());
    }, PRUNE_DELAY_MS).unref();
  }
}
