// Control plane of one gateway process: watched state -> compiled snapshot -> runtime swap
// (and, in multi-worker mode, a broadcast of the state so workers compile the same snapshot).
import { buildSnapshot, type ClusterState, type RoutingOptions, type RoutingSnapshot } from '@/lib/routing';
import type { GatewayRuntime } from '../proxy/runtime';
import { StateMirror, stateFingerprint } from './state-delta';
import type { AppliedReport, WorkerMessage } from './state-broadcast';

export type { WorkerMessage } from './state-broadcast';

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

const RESYNC_PENDING = -2;
const mirrors = new WeakMap<GatewayRuntime, { mirror: StateMirror; version: number }>();

/**
 * Apply one message from the primary (worker side). A routing-state message answers what the
 * worker now holds (version and fingerprint, for the primary's /config), or `resync` when a
 * delta does not start from the version held or the result differs from the primary's.
 */
export function applyWorkerMessage(rt: GatewayRuntime, msg: WorkerMessage, options: RoutingOptions): AppliedReport | { type: 'resync' } | undefined {
  if (msg.type === 'state' || msg.type === 'delta') {
    let held = mirrors.get(rt);
    if (!held) mirrors.set(rt, (held = { mirror: new StateMirror(), version: -1 }));
    if (msg.type === 'delta' && msg.base !== held.version) {
      // a step was missed (or a resync is pending): ask once, ignore deltas until the whole state comes
      const asked = held.version === RESYNC_PENDING;
      held.version = RESYNC_PENDING;
      return asked ? undefined : { type: 'resync' };
    }
    const state = msg.type === 'state' ? held.mirror.reset(msg.state) : held.mirror.apply(msg.delta);
    const fingerprint = stateFingerprint(state);
    if (msg.fingerprint && fingerprint !== msg.fingerprint) {
      held.version = RESYNC_PENDING; // wait for the whole state; keep serving the current snapshot
      return { type: 'resync' };
    }
    held.version = msg.version;
    const r = compile(state, options);
    applySnapshot(rt, r, undefined, state);
    // worker side: time from the primary sending the state to this worker serving it
    rt.metrics.propagation.observe(Math.max(0, Date.now() - msg.sentAt) / 1000);
    return { type: 'applied', version: msg.version, fingerprint };
  }
  if (msg.type === 'slices') rt.endpoints.replaceSlices(msg.slices);
  else if (msg.op === 'put') rt.endpoints.upsertSlice(msg.slice);
  else rt.endpoints.deleteSlice(msg.slice);
  return undefined;
}
