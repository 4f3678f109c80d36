// Status write-back (Ingress load balancer, Gateway/GatewayClass/ListenerSet/route conditions)
// and diagnostics as Events — only while this replica holds the Lease (leader-election.ts),
// only when the desired status differs from what the object already has.
import type pino from 'pino';
import { computeStatuses, type ClusterState, type Condition, type RoutingOptions, type RoutingSnapshot, type Diagnostic } from '@/lib/routing';
import { apiPath, apiVersionOf, kindByKind } from '@/lib/k8s/kinds';
import { MERGE_PATCH, type KubeClient } from '../kube/client';
import type { PublishedAddress } from './publish-address';

type AnyObj = { metadata: { name: string; namespace?: string; generation?: number }; status?: Record<string, unknown> };

export interface StatusWriterOptions {
  /** True while this replica holds the Lease. */
  isLeader: () => boolean;
  /**
   * Addresses to publish instead of lib/routing's default (GATEWAY_PUBLISH_*). undefined: the
   * default; null: not known yet (the published Service not read): leave addresses as they are.
   */
  published?: () => PublishedAddress[] | undefined | null;
  /** Writes are coalesced: at most one pass per this many ms (default 500). */
  delayMs?: number;
  /** The version the cluster serves a kind at, when not its main one (older Gateway API CRDs; ../kube/served-versions). */
  versionOf?: (kind: string) => string | undefined;
}

/**
 * What a pass settled for one object: the desired status (the report's object), the object as
 * it was then, and the published address. lib/routing hands out the same status objects while
 * nothing an object's status depends on changed, so a pass skips an object whose three are
 * the same references again instead of comparing its status (1,000s of routes: most unchanged).
 */
interface Settled {
  want: object;
  obj: object;
  published: unknown;
}

export class StatusWriter {
  private timer: NodeJS.Timeout | undefined;
  private pending: { state: ClusterState; snapshot: RoutingSnapshot } | undefined;
  private last: { state: ClusterState; snapshot: RoutingSnapshot } | undefined;
  private running = false;
  private stopped = false;
  private eventsSent = new Set<string>();
  private settled = new Map<string, Settled>();
  private current: Promise<void> | undefined;
  /** Objects compared, skipped (settled before) and status writes made, since start (for tests). */
  readonly counts = { compared: 0, written: 0, skipped: 0 };

  constructor(
    /** keeps its connections: writes come in bursts (one per changed object) */
    private readonly client: KubeClient,
    private readonly options: RoutingOptions,
    private readonly log: pino.Logger,
    private readonly opts: StatusWriterOptions,
  ) {}

  /** Merge-patch the status subresource of `kind` namespace/name. */
  private patchStatus(kind: string, namespace: string | undefined, name: string, status: unknown): Promise<unknown> {
    const k = kindByKind(kind)!;
    const version = this.opts.versionOf?.(kind) ?? k.version;
    return this.client.request('PATCH', `${apiPath({ ...k, version }, namespace, name)}/status`, { status }, MERGE_PATCH);
  }

  /** apiVersion of a kind as the cluster serves it (Events name it in involvedObject). */
  private apiVersionOf(kind: Diagnostic['object']['kind']): string {
    const version = this.opts.versionOf?.(kind);
    return version ? apiVersionOf({ group: kindByKind(kind).group, version }) : apiVersionOf(kind);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Resolves once no pass is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timer || this.running) await (this.running ? this.current : new Promise((r) => setTimeout(r, 5)));
  }

  /** Write the last state again (leadership gained, published address changed). */
  refresh(): void {
    if (!this.pending && this.last) this.pending = this.last;
    this.kick();
  }

  /** Called after each rebuild; writes are coalesced (at most one pass per 500 ms, off the routing path). */
  schedule(state: ClusterState, snapshot: RoutingSnapshot): void {
    this.pending = { state, snapshot };
    this.last = this.pending;
    this.kick();
  }

  private kick(): void {
    if (this.timer || this.stopped || !this.opts.isLeader()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.flush();
    }, this.opts.delayMs ?? 500);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    if (this.running || !this.pending || !this.opts.isLeader()) return;
    this.running = true;
    const { state, snapshot } = this.pending;
    this.pending = undefined;
    try {
      const report = computeStatuses(state, snapshot);
      const published = this.opts.published?.();
      // One index per list and pass: a linear search per status is quadratic with 1,000s of routes.
      const indexes = new Map<unknown[], Map<string, AnyObj>>();
      const find = <T extends AnyObj>(list: T[] | undefined, ns: string | undefined, name: string): T | undefined => {
        if (!list) return undefined;
        let index = indexes.get(list);
        if (!index) {
          index = new Map();
          for (const o of list) if (!index.has(`${o.metadata.namespace ?? ''}/${o.metadata.name}`)) index.set(`${o.metadata.namespace ?? ''}/${o.metadata.name}`, o);
          indexes.set(list, index);
        }
        return index.get(`${ns ?? ''}/${name}`) as T | undefined;
      };
      const settled = new Map<string, Settled>();
      // Comparing is synchronous work (1,000s of statuses after a storm of our writes coming
      // back): give the event loop (routing changes, requests) a turn every few ms.
      let slice = performance.now();
      const breathe = async () => {
        if (performance.now() - slice < 4) return;
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      };
      /**
       * Bring one object's status to `want` unless this pass or an earlier one settled the same
       * desired status against the same object. `differs` compares, `patch` writes.
       */
      const reconcile = async (key: string, want: object, obj: AnyObj | undefined, differs: (obj: AnyObj) => boolean, patch: () => Promise<unknown>, what: string) => {
        if (!obj) return;
        const prev = this.settled.get(key);
        const now: Settled = { want, obj, published };
        if (prev && prev.want === want && prev.obj === obj && prev.published === published) {
          this.counts.skipped++;
          settled.set(key, prev);
          return;
        }
        this.counts.compared++;
        await breathe();
        if (differs(obj) && !(await this.write(patch, what))) return; // not settled: tried again next pass
        settled.set(key, now);
      };
      for (const s of report.ingresses) {
        const obj = find(state.ingresses as AnyObj[], s.namespace, s.name);
        if (s.served && published === null) continue;
        const want = s.served ? (published ? { ingress: published } : s.loadBalancer) : { ingress: [] };
        await reconcile(
          `Ingress/${s.namespace}/${s.name}`,
          s,
          obj,
          (o) => !sameJson(normLb((o.status as { loadBalancer?: unknown } | undefined)?.loadBalancer ?? {}), normLb(want)),
          () => this.patchStatus('Ingress', s.namespace, s.name, { loadBalancer: want }),
          `Ingress ${s.namespace}/${s.name}`,
        );
      }
      for (const s of report.gatewayClasses) {
        const obj = find(state.gatewayClasses as AnyObj[], undefined, s.name);
        let conditions: K8sCondition[] = [];
        await reconcile(
          `GatewayClass/${s.name}`,
          s,
          obj,
          (o) => {
            conditions = withTimes(s.conditions, (o.status?.conditions as K8sCondition[]) ?? [], o.metadata.generation);
            return !sameConditions(conditions, o.status?.conditions as K8sCondition[]) || !sameJson(s.supportedFeatures, o.status?.supportedFeatures ?? []);
          },
          () => this.patchStatus('GatewayClass', undefined, s.name, { conditions, supportedFeatures: s.supportedFeatures }),
          `GatewayClass ${s.name}`,
        );
      }
      for (const s of report.gateways) {
        const obj = find(state.gateways as AnyObj[], s.namespace, s.name);
        let status: Record<string, unknown> = {};
        await reconcile(
          `Gateway/${s.namespace}/${s.name}`,
          s,
          obj,
          (o) => {
            const old = o.status as { addresses?: unknown[]; conditions?: K8sCondition[]; listeners?: Array<{ name: string; conditions?: K8sCondition[] }> } | undefined;
            status = {
              ...(s.attachedListenerSets !== undefined ? { attachedListenerSets: s.attachedListenerSets } : {}),
              addresses: published === null ? (old?.addresses ?? []) : published ? published.map((a) => (a.ip ? { type: 'IPAddress', value: a.ip } : { type: 'Hostname', value: a.hostname })) : s.addresses,
              conditions: withTimes(s.conditions, old?.conditions ?? [], o.metadata.generation),
              listeners: s.listeners.map((l) => ({ ...l, conditions: withTimes(l.conditions, old?.listeners?.find((x) => x.name === l.name)?.conditions ?? [], o.metadata.generation) })),
            };
            return !sameJson(strip(status), strip(old ?? {}));
          },
          () => this.patchStatus('Gateway', s.namespace, s.name, status),
          `Gateway ${s.namespace}/${s.name}`,
        );
      }
      for (const s of report.listenerSets) {
        const obj = find(state.listenerSets as AnyObj[] | undefined, s.namespace, s.name);
        let status: Record<string, unknown> = {};
        await reconcile(
          `ListenerSet/${s.namespace}/${s.name}`,
          s,
          obj,
          (o) => {
            const old = o.status as { conditions?: K8sCondition[]; listeners?: Array<{ name: string; conditions?: K8sCondition[] }> } | undefined;
            status = {
              conditions: withTimes(s.conditions, old?.conditions ?? [], o.metadata.generation),
              listeners: s.listeners.map((l) => ({ ...l, conditions: withTimes(l.conditions, old?.listeners?.find((x) => x.name === l.name)?.conditions ?? [], o.metadata.generation) })),
            };
            return !sameJson(strip(status), strip(old ?? {}));
          },
          () => this.patchStatus('ListenerSet', s.namespace, s.name, status),
          `ListenerSet ${s.namespace}/${s.name}`,
        );
      }
      const ourController = this.options.controllerName ?? 'portico.dev/gateway-controller';
      for (const s of report.policies) {
        const obj = find(state.backendTLSPolicies as AnyObj[] | undefined, s.namespace, s.name);
        let ancestors: unknown[] = [];
        await reconcile(
          `${s.kind}/${s.namespace}/${s.name}`,
          s,
          obj,
          (o) => {
            const old = (o.status as { ancestors?: Array<{ ancestorRef: unknown; controllerName: string; conditions?: K8sCondition[] }> } | undefined)?.ancestors ?? [];
            // keep other controllers' entries; replace ours
            const others = old.filter((a) => a.controllerName !== ourController);
            const ours = s.ancestors.map((a) => ({ ...a, conditions: withTimes(a.conditions, old.find((x) => sameJson(x.ancestorRef, a.ancestorRef))?.conditions ?? [], o.metadata.generation) }));
            ancestors = [...others, ...ours];
            return !sameJson(strip({ ancestors }), strip({ ancestors: old }));
          },
          () => this.patchStatus(s.kind, s.namespace, s.name, { ancestors }),
          `${s.kind} ${s.namespace}/${s.name}`,
        );
      }
      for (const s of report.routes) {
        const api = kindByKind(s.kind);
        const obj = find(state[api.gateway.field] as AnyObj[] | undefined, s.namespace, s.name);
        let parents: unknown[] = [];
        await reconcile(
          `${s.kind}/${s.namespace}/${s.name}`,
          s,
          obj,
          (o) => {
            const old = (o.status as { parents?: Array<{ parentRef: unknown; controllerName: string; conditions?: K8sCondition[] }> } | undefined)?.parents ?? [];
            // keep other controllers' entries; replace ours
            const others = old.filter((p) => p.controllerName !== ourController);
            const ours = s.parents.map((p) => ({ ...p, conditions: withTimes(p.conditions, old.find((x) => sameJson(x.parentRef, p.parentRef))?.conditions ?? [], o.metadata.generation) }));
            parents = [...others, ...ours];
            return !sameJson(strip({ parents }), strip({ parents: old }));
          },
          () => this.patchStatus(s.kind, s.namespace, s.name, { parents }),
          `${s.kind} ${s.namespace}/${s.name}`,
        );
      }
      this.settled = settled; // objects gone from the report are forgotten
      for (const d of report.diagnostics) await this.event(d);
      // A problem that went away and comes back later is news again: forget resolved ones.
      const current = new Set(report.diagnostics.map(eventKey));
      for (const k of this.eventsSent) if (!current.has(k)) this.eventsSent.delete(k);
    } catch (err) {
      this.log.error({ err: String((err as Error)?.stack ?? err) }, 'status computation failed');
    } finally {
      this.running = false;
      if (this.pending) this.kick();
    }
  }

  /** true when written (or the object is gone: nothing left to write) */
  private async write(fn: () => Promise<unknown>, what: string): Promise<boolean> {
    try {
      await fn();
      this.counts.written++;
      return true;
    } catch (err) {
      if (code(err) === 404) return true;
      if (this.stopped) return false; // connections closed under a write in flight: not news
      this.log.warn({ err: String((err as Error)?.message ?? err) }, `status write failed for ${what}`);
      return false;
    }
  }

  private async event(d: Diagnostic): Promise<void> {
    const ns = d.object.namespace ?? 'default';
    const key = eventKey(d);
    if (this.eventsSent.has(key)) return;
    this.eventsSent.add(key);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      await this.client.request('POST', `/api/v1/namespaces/${encodeURIComponent(ns)}/events`, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${d.object.name}.`, namespace: ns },
        involvedObject: { kind: d.object.kind, name: d.object.name, namespace: d.object.namespace, apiVersion: this.apiVersionOf(d.object.kind) },
        reason: d.reason,
        message: d.field ? `${d.field}: ${d.message}` : d.message,
        type: d.severity === 'error' ? 'Warning' : 'Normal',
        source: { component: 'portico-gateway' },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      });
    } catch (err) {
      this.log.warn({ err: String((err as Error)?.message ?? err) }, 'could not record event');
    }
  }
}

const eventKey = (d: Diagnostic): string => `${d.object.kind}/${d.object.namespace ?? 'default'}/${d.object.name}/${d.reason}/${d.message}`;

type K8sCondition = Condition & { lastTransitionTime?: string };

function code(err: unknown): number | undefined {
  return (err as { code?: number })?.code;
}

/** Keep lastTransitionTime when a condition's status did not change. */
function withTimes(want: Condition[], old: K8sCondition[], generation: number | undefined): K8sCondition[] {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return want.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    return { ...c, observedGeneration: c.observedGeneration ?? generation, lastTransitionTime: prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now };
  });
}

function sameConditions(a: K8sCondition[], b: K8sCondition[] | undefined): boolean {
  return sameJson(strip(a), strip(b ?? []));
}

/** Compare ignoring lastTransitionTime and key order. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) if (k !== 'lastTransitionTime' && (v as Record<string, unknown>)[k] !== undefined) out[k] = strip((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function normLb(v: unknown): unknown {
  const lb = v as { ingress?: unknown[] };
  return strip({ ingress: lb?.ingress ?? [] });
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
