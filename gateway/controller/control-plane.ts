// Control plane of one gateway process: watched state -> compiled snapshot -> runtime swap
// (and, in multi-worker mode, a broadcast of the state so workers compile the same snapshot).
import { buildSnapshot, carryOver, type ClusterState, type RoutingOptions, type RoutingSnapshot } from '@/lib/routing';
import { routingFingerprint, type KubeObject } from './store';
import type { GatewayRuntime } from '../proxy/runtime';
import type { EndpointSliceLike } from '../proxy/endpoints';

export type WorkerMessage =
  | { type: 'state'; version: number; state: ClusterState; since: number; sentAt: number }
  | { type: 'slices'; slices: EndpointSliceLike[] }
  | { type: 'slice'; op: 'put' | 'delete'; slice: EndpointSliceLike };

export interface BuildResult {
  snapshot: RoutingSnapshot;
  buildMs: number;
}

export function compile(state: ClusterState, options: RoutingOptions): BuildResult {
  const t0 = performance.now();
  const snapshot = buildSnapshot(state, options);
  return { snapshot, buildMs: performance.now() - t0 };
}

/** Apply a compiled snapshot and record how long the change took to serve. */
export function applySnapshot(rt: GatewayRuntime, r: BuildResult, since: number | undefined, state?: ClusterState): void {
  rt.swap(r.snapshot);
  if (state) rt.activeHealth.configure(state);
  rt.metrics.buildSeconds.observe(r.buildMs / 1000);
  if (since) rt.metrics.propagation.observe((performance.now() - since) / 1000);
}

/**
 * Worker side: every 'state' message arrives as fresh objects (structured clone over IPC).
 * lib/routing caches compiled fragments per object, so hand it back the object it saw last
 * time for every object whose uid and resourceVersion are unchanged: a change to one Ingress
 * then recompiles one Ingress in the workers too. A new version that differs only in status
 * (our own status write) gets what was compiled for the previous one (carryOver).
 */
export class StateInterner {
  private prev = new Map<string, Map<string, unknown>>();
  /** field -> "ns/name|uid" -> the object handed out last time */
  private prevByName = new Map<string, Map<string, unknown>>();

  intern(state: ClusterState): ClusterState {
    const out: Record<string, unknown[]> = {};
    const next = new Map<string, Map<string, unknown>>();
    const nextByName = new Map<string, Map<string, unknown>>();
    for (const [field, list] of Object.entries(state) as Array<[string, unknown[] | undefined]>) {
      if (!Array.isArray(list)) continue;
      const before = this.prev.get(field);
      const beforeByName = this.prevByName.get(field);
      const now = new Map<string, unknown>();
      const nowByName = new Map<string, unknown>();
      out[field] = list.map((o) => {
        const m = (o as { metadata?: { namespace?: string; name?: string; uid?: string; resourceVersion?: string } }).metadata;
        if (!m?.resourceVersion) return o; // static config: no versions to trust
        const name = `${m.namespace ?? ''}/${m.name}|${m.uid ?? ''}`;
        const key = `${name}|${m.resourceVersion}`;
        let kept = before?.get(key);
        if (!kept) {
          kept = o;
          const older = beforeByName?.get(name) as KubeObject | undefined;
          if (older && routingFingerprint(older) === routingFingerprint(o as KubeObject)) carryOver(older, o as KubeObject);
        }
        now.set(key, kept);
        nowByName.set(name, kept);
        return kept;
      });
      next.set(field, now);
      nextByName.set(field, nowByName);
    }
    this.prev = next;
    this.prevByName = nextByName;
    return out as ClusterState;
  }
}

const interners = new WeakMap<GatewayRuntime, StateInterner>();

/** Apply one message from the primary (worker side). */
export function applyWorkerMessage(rt: GatewayRuntime, msg: WorkerMessage, options: RoutingOptions): void {
  if (msg.type === 'state') {
    let interner = interners.get(rt);
    if (!interner) interners.set(rt, (interner = new StateInterner()));
    const state = interner.intern(msg.state);
    const r = compile(state, options);
    applySnapshot(rt, r, undefined, state);
    // worker side: time from the primary sending the state to this worker serving it
    rt.metrics.propagation.observe(Math.max(0, Date.now() - msg.sentAt) / 1000);
  } else if (msg.type === 'slices') rt.endpoints.replaceSlices(msg.slices);
  else if (msg.op === 'put') rt.endpoints.upsertSlice(msg.slice);
  else rt.endpoints.deleteSlice(msg.slice);
}
