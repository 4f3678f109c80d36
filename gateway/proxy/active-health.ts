// Optional active HTTP health checks, per Service, enabled by annotations on the Service:
//   portico.dev/health-check-path: /healthz      (required to enable)
//   portico.dev/health-check-interval: "5"       (seconds, default 5, min 1)
//   portico.dev/health-check-timeout: "2"        (seconds, default 2)
// An endpoint failing its check (non-2xx/3xx, timeout, connect error) is skipped by the
// balancer until a check passes again. Probes go to each ready endpoint of the Service.
import type { ClusterState } from '@/lib/routing';
import type { EndpointTable, Endpoint } from './endpoints';
import { loadUndici } from './lazy-undici';

export const HEALTH_PATH_ANNOTATION = 'portico.dev/health-check-path';

interface CheckSpec {
  path: string;
  intervalMs: number;
  timeoutMs: number;
}

export class ActiveHealthChecker {
  private specs = new Map<string, CheckSpec>(); // "ns/service" -> spec
  private timer: NodeJS.Timeout | undefined;
  private lastRun = new Map<string, number>();
  private running = new Set<Endpoint>();

  constructor(private readonly table: EndpointTable) {}

  configure(state: ClusterState): void {
    const next = new Map<string, CheckSpec>();
    for (const s of state.services ?? []) {
      const a = s.metadata.annotations ?? {};
      const path = a[HEALTH_PATH_ANNOTATION];
      if (!path || !path.startsWith('/')) continue;
      const sec = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
      next.set(`${s.metadata.namespace ?? 'default'}/${s.metadata.name}`, { path, intervalMs: Math.max(1, sec(a['portico.dev/health-check-interval'], 5)) * 1000, timeoutMs: sec(a['portico.dev/health-check-timeout'], 2) * 1000 });
    }
    // endpoints of services no longer checked become "unknown" again
    for (const set of this.table.allSets()) {
      const svc = `${set.target.namespace}/${set.target.service}`;
      if (!next.has(svc)) for (const e of set.ready) e.health.activeOk = undefined;
    }
    this.specs = next;
    if (next.size > 0 && !this.timer) {
      this.timer = setInterval(() => this.tick(), 500);
      this.timer.unref();
    } else if (next.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const set of this.table.allSets()) {
      const svc = `${set.target.namespace}/${set.target.service}`;
      const spec = this.specs.get(svc);
      if (!spec) continue;
      if (now - (this.lastRun.get(set.key) ?? 0) < spec.intervalMs) continue;
      this.lastRun.set(set.key, now);
      for (const e of [...set.ready, ...set.terminating]) void this.probe(e, spec);
    }
  }

  private async probe(e: Endpoint, spec: CheckSpec): Promise<void> {
    if (this.running.has(e)) return;
    this.running.add(e);
    try {
      const { request } = await loadUndici();
      const r = await request(`${e.origin}${spec.path}`, { method: 'GET', headersTimeout: spec.timeoutMs, bodyTimeout: spec.timeoutMs, headers: { 'user-agent': 'portico-gateway-health' } });
      await r.body.dump();
      e.health.activeOk = r.statusCode >= 200 && r.statusCode < 400;
      if (!e.health.activeOk) e.health.lastError = `active check ${spec.path} answered ${r.statusCode}`;
    } catch (err) {
      e.health.activeOk = false;
      e.health.lastError = `active check ${spec.path} failed: ${(err as Error).message}`;
    } finally {
      this.running.delete(e);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
