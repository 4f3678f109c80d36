// Endpoint table: backend key ("ns/service:port") -> the pod endpoints behind it, read from
// EndpointSlices. Rebuilt per Service when its slices change; route snapshots are untouched.
import type { BackendTarget, ObjectMetaInput, RefusedBackend } from '@/lib/routing';
import type { EndpointSlice } from '@/lib/k8s';
import { HealthState } from './health';
import type { AddressPolicy } from './address-policy';

/** An EndpointSlice as the endpoint table reads it: the lib/k8s schema type, metadata with its name. */
export type EndpointSliceLike = { metadata: ObjectMetaInput } & Partial<Pick<EndpointSlice, 'addressType' | 'endpoints' | 'ports'>>;

/** One upstream address. Shared across snapshots (same origin -> same object), so health and
 * in-flight counts survive route and endpoint rebuilds. */
export class Endpoint {
  readonly origin: string;
  readonly health = new HealthState();
  inflight = 0;
  /** Stable short id used for affinity cookies. */
  readonly id: string;
  constructor(
    readonly address: string,
    readonly port: number,
    public pod: string | undefined,
  ) {
    this.origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    this.id = shortHash(`${address}:${port}`);
  }
}

export interface EndpointSet {
  readonly key: string;
  readonly target: BackendTarget;
  /** Ready endpoints. */
  readonly ready: readonly Endpoint[];
  /** Serving-but-terminating endpoints: used only when nothing is ready (drain during rollouts). */
  readonly terminating: readonly Endpoint[];
  /** Round-robin cursor (mutable, per set). */
  cursor: number;
  /** Addresses the upstream address policy refused (never endpoints); absent when none. */
  readonly refused?: readonly RefusedBackend[];
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export function shortHash(s: string): string {
  // FNV-1a 32-bit: fast, stable, good enough for cookie ids and consistent hashing.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export class EndpointTable {
  /** "ns/service" -> slices by name */
  private slices = new Map<string, Map<string, EndpointSliceLike>>();
  /** backend key -> target (from the current snapshot) */
  private targets = new Map<string, BackendTarget>();
  /** backend key -> set */
  private sets = new Map<string, EndpointSet>();
  /** origin -> endpoint, shared */
  private endpoints = new Map<string, Endpoint>();
  version = 0;
  /** called with origins no longer referenced (to close their pools) */
  onRemoved?: (origins: string[]) => void;
  /** Upstream address policy (./address-policy): decided here, per endpoint, when a set is
   * built; a refused address never becomes an Endpoint. None: every address is used (unit tests). */
  policy?: AddressPolicy;
  /** the set of refused addresses changed (see refused()); called later, never inside a rebuild */
  onRefusedChanged?: () => void;
  private refusedKey = '[]';
  private refusedTimer: NodeJS.Immediate | undefined;

  get(key: string): EndpointSet | undefined {
    return this.sets.get(key);
  }

  allSets(): IterableIterator<EndpointSet> {
    return this.sets.values();
  }

  allEndpoints(): IterableIterator<Endpoint> {
    return this.endpoints.values();
  }

  /** New snapshot: the set of backend keys may have changed. */
  setTargets(backends: ReadonlyMap<string, BackendTarget>): void {
    this.targets = new Map(backends);
    const next = new Map<string, EndpointSet>();
    for (const [key, target] of this.targets) {
      const prev = this.sets.get(key);
      next.set(key, prev && sameTarget(prev, target) ? prev : this.compute(key, target));
    }
    for (const [key, s] of this.sets) if (s.refused && !next.has(key)) this.noteRefused();
    this.sets = next;
    this.gc();
    this.version++;
  }

  /** Replace every slice (initial list or a full state message). */
  replaceSlices(all: readonly EndpointSliceLike[]): void {
    this.slices.clear();
    for (const s of all) this.putSlice(s);
    this.recomputeAll();
  }

  upsertSlice(slice: EndpointSliceLike): void {
    const svc = this.putSlice(slice);
    if (svc) this.recomputeService(svc);
  }

  deleteSlice(slice: EndpointSliceLike): void {
    const svc = serviceOf(slice);
    if (!svc) return;
    const m = this.slices.get(svc);
    if (m) {
      m.delete(slice.metadata.name);
      if (m.size === 0) this.slices.delete(svc);
    }
    this.recomputeService(svc);
  }

  slicesList(): EndpointSliceLike[] {
    const out: EndpointSliceLike[] = [];
    for (const m of this.slices.values()) for (const s of m.values()) out.push(s);
    return out;
  }

  private putSlice(slice: EndpointSliceLike): string | undefined {
    const svc = serviceOf(slice);
    if (!svc) return undefined;
    let m = this.slices.get(svc);
    if (!m) this.slices.set(svc, (m = new Map()));
    m.set(slice.metadata.name, slice);
    return svc;
  }

  private recomputeService(svc: string): void {
    for (const [key, target] of this.targets) {
      if (`${target.namespace}/${target.service}` === svc) this.sets.set(key, this.compute(key, target));
    }
    this.gc();
    this.version++;
  }

  private recomputeAll(): void {
    for (const [key, target] of this.targets) this.sets.set(key, this.compute(key, target));
    this.gc();
    this.version++;
  }

  /** The policy changed (e.g. TCP listener ports): decide every set again. */
  reapplyPolicy(): void {
    this.recomputeAll();
  }

  /** Addresses the policy refused, one per Service/address/port, sorted (stable for comparisons). */
  refused(): RefusedBackend[] {
    const out = new Map<string, RefusedBackend>();
    for (const s of this.sets.values()) for (const r of s.refused ?? []) out.set(`${r.namespace}/${r.service}/${r.address}/${r.port}`, r);
    return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  }

  /** After any rebuild that may have changed refusals: tell the controller once, later. */
  private noteRefused(): void {
    if (!this.onRefusedChanged || this.refusedTimer) return;
    this.refusedTimer = setImmediate(() => {
      this.refusedTimer = undefined;
      const key = JSON.stringify(this.refused());
      if (key === this.refusedKey) return;
      this.refusedKey = key;
      this.onRefusedChanged?.();
    });
  }

  private compute(key: string, target: BackendTarget): EndpointSet {
    const ready: Endpoint[] = [];
    const terminating: Endpoint[] = [];
    let refused: RefusedBackend[] | undefined;
    const slices = this.slices.get(`${target.namespace}/${target.service}`);
    if (slices && !target.invalid) {
      const seen = new Set<string>();
      for (const slice of slices.values()) {
        if (slice.addressType && slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') continue;
        const p = (slice.ports ?? []).find((sp) => (sp.name ?? '') === (target.endpointPortName ?? ''));
        const port = p?.port ?? (typeof target.targetPort === 'number' ? target.targetPort : undefined);
        if (!port) continue;
        for (const ep of slice.endpoints ?? []) {
          const c = ep.conditions ?? {};
          const isReady = c.ready !== false; // nil means ready
          const isServing = c.serving ?? isReady;
          const isTerminating = c.terminating === true;
          for (const addr of ep.addresses ?? []) {
            const id = `${addr}:${port}`;
            if (seen.has(id)) continue;
            seen.add(id);
            const no = this.policy?.check(addr, port);
            if (no) {
              const r: RefusedBackend = { namespace: target.namespace, service: target.service, address: addr, port, message: no.message };
              if (target.externalName) r.externalName = target.externalName;
              (refused ??= []).push(r);
              continue;
            }
            const e = this.endpoint(addr, port, ep.targetRef?.name);
            if (isReady && !isTerminating) ready.push(e);
            else if (isServing) terminating.push(e);
          }
        }
      }
    }
    if (refused || this.sets.get(key)?.refused) this.noteRefused();
    return refused ? { key, target, ready, terminating, cursor: 0, refused } : { key, target, ready, terminating, cursor: 0 };
  }

  private endpoint(address: string, port: number, pod: string | undefined): Endpoint {
    const k = `${address}:${port}`;
    let e = this.endpoints.get(k);
    if (!e) this.endpoints.set(k, (e = new Endpoint(address, port, pod)));
    else if (pod) e.pod = pod;
    return e;
  }

  /** Drop endpoints no set references any more. */
  private gc(): void {
    const live = new Set<Endpoint>();
    for (const s of this.sets.values()) {
      for (const e of s.ready) live.add(e);
      for (const e of s.terminating) live.add(e);
    }
    const removed: string[] = [];
    for (const [k, e] of this.endpoints) {
      if (!live.has(e)) {
        this.endpoints.delete(k);
        removed.push(e.origin);
      }
    }
    if (removed.length && this.onRemoved) this.onRemoved(removed);
  }
}

function sameTarget(set: EndpointSet, t: BackendTarget): boolean {
  const prev = set.target;
  return prev.endpointPortName === t.endpointPortName && prev.targetPort === t.targetPort && prev.invalid === t.invalid && prev.tls?.id === t.tls?.id;
}

function serviceOf(slice: EndpointSliceLike): string | undefined {
  const svc = slice.metadata.labels?.[SERVICE_NAME_LABEL];
  if (!svc) return undefined;
  return `${slice.metadata.namespace ?? 'default'}/${svc}`;
}
