/** Small readers over Kubernetes objects used by the topology builder. */
import { isPodReady, matchesMapSelector } from '../k8s';
import { podProbeReason } from '../diagnostics/failure-table';
import type { Condition } from '../k8s';
import type { ListedEndpointSlice, ListedPod } from './types';

/** A Service-style selector picks the pod (empty/missing selects nothing): lib/k8s's matcher. */
export const selects = matchesMapSelector;

export interface PodState {
  ready: boolean;
  terminating: boolean;
  phase: string;
  reason?: string;
}

/** lib/k8s's readiness rule, plus: a terminating pod counts as not ready here. */
export function podState(pod: ListedPod): PodState {
  const terminating = !!pod.metadata?.deletionTimestamp;
  return {
    ready: isPodReady(pod) && !terminating,
    terminating,
    phase: pod.status?.phase ?? 'Pending',
    // The readiness probe it fails, when that is what keeps it not ready (failure table).
    reason: podProbeReason(pod),
  };
}

export interface EndpointCounts {
  ready: number;
  notReady: number;
  /** Endpoint addresses that are ready, for pod lookup. */
  readyIPs: Set<string>;
}

/** Ready/not-ready endpoints per Service name (Kubernetes: a nil `ready` means ready). */
export function endpointCounts(slices: readonly ListedEndpointSlice[]): Map<string, EndpointCounts> {
  const out = new Map<string, EndpointCounts>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const cur = out.get(svc) ?? { ready: 0, notReady: 0, readyIPs: new Set<string>() };
    for (const ep of s.endpoints ?? []) {
      const ready = ep.conditions?.ready !== false;
      for (const ip of ep.addresses ?? []) {
        if (ready) {
          cur.ready += 1;
          cur.readyIPs.add(ip);
        } else cur.notReady += 1;
      }
    }
    out.set(svc, cur);
  }
  return out;
}

/** Does a pod serve a Service port's targetPort? 'yes', 'no' (certain), or 'unknown'. */
export function servesTargetPort(pod: ListedPod, targetPort: number | string | undefined, port: number): 'yes' | 'no' | 'unknown' {
  const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  const tp = targetPort ?? port;
  if (typeof tp === 'string' && !/^\d+$/.test(tp)) {
    // A named targetPort must be declared by a container, or the endpoint is left out.
    return declared.some((p) => p.name === tp) ? 'yes' : 'no';
  }
  const n = Number(tp);
  if (declared.length === 0) return 'unknown';
  return declared.some((p) => p.containerPort === n) ? 'yes' : 'no';
}

export function worst(...hs: ('ok' | 'warning' | 'error' | 'unknown')[]): 'ok' | 'warning' | 'error' | 'unknown' {
  if (hs.includes('error')) return 'error';
  if (hs.includes('warning')) return 'warning';
  if (hs.length > 0 && hs.every((h) => h === 'unknown')) return 'unknown';
  return 'ok';
}

export function conditionOf(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return (conditions ?? []).find((c) => c.type === type);
}
