/**
 * Pod readiness, the one rule the dev cluster's controllers, the topology and the console's
 * diagnostics share: a pod is ready when its `Ready` condition has status "True" (what the
 * EndpointSlice controller and `kubectl get pods` go by).
 */
import type { Condition } from './schemas/meta';
import type { PodStatus } from './schemas/core';

/** The fields of a Pod readiness reads; a full Pod (or a looser object) fits. */
export interface PodReadinessInput {
  status?: Pick<PodStatus, 'conditions' | 'containerStatuses' | 'reason'> | null;
}

export function podReadyCondition(pod: PodReadinessInput): Condition | undefined {
  return (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
}

export function isPodReady(pod: PodReadinessInput): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/**
 * Why a pod is not ready, most specific first: a waiting container's reason
 * (CrashLoopBackOff, ImagePullBackOff), then the Ready condition's reason or message,
 * then the pod's own status reason. Undefined for a ready pod.
 */
export function podNotReadyReason(pod: PodReadinessInput): string | undefined {
  const cond = podReadyCondition(pod);
  if (cond?.status === 'True') return undefined;
  const waiting = (pod.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason).find(Boolean);
  return waiting ?? cond?.reason ?? cond?.message ?? pod.status?.reason;
}
