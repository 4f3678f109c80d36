/**
 * computeStatuses: the desired status of every object we own, and diagnostics to surface as
 * events. It is computed while the snapshot is built (one pass), so passing the snapshot
 * built from the same state is free; otherwise it rebuilds from `state`.
 */
import type { ClusterState, RoutingSnapshot, StatusReport } from './types';
import { buildSnapshot, snapshotStatus } from './snapshot';

export function computeStatuses(state: ClusterState, snapshot?: RoutingSnapshot): StatusReport {
  const cached = snapshot ? snapshotStatus.get(snapshot) : undefined;
  if (cached) return cached;
  const s = buildSnapshot(state, snapshot?.options);
  return snapshotStatus.get(s)!;
}
