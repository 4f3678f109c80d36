/**
 * Service diagnostics from the usual failure table (seed 004): no endpoints, near-miss
 * selectors, unready pods with the probe's reason, an ExternalName that does not resolve,
 * source IPs lost to externalTrafficPolicy Cluster, an undeclared targetPort.
 */
import { isPodReady, matchesMapSelector, type EndpointSlice, type Event, type Pod, type Service } from '@/lib/k8s';
import { externalNameProblem, podProbeReason, sourceIpProblem, undeclaredTargetPortProblem, type NameResolution } from './failure-table';
import type { EndpointRow, NearMissPod, PodReadiness, ServiceDiagnostics } from '@/lib/console/rows';
export type { EndpointRow, NearMissPod, PodReadiness, ServiceDiagnostics };

type ServiceFields = Partial<Pick<Service, 'metadata' | 'spec'>>;
type SliceFields = Partial<Pick<EndpointSlice, 'metadata' | 'endpoints' | 'ports'>>;
type PodFields = Partial<Pick<Pod, 'metadata' | 'spec' | 'status'>>;

/** What the caller looked up beyond the objects: pod events (probe failures), the ExternalName's resolution. */
export interface DiagnosisContext {
  events?: readonly Partial<Pick<Event, 'reason' | 'message' | 'involvedObject' | 'lastTimestamp' | 'eventTime' | 'metadata'>>[];
  externalName?: NameResolution;
}

/** A Service-style selector picks the pod (empty/missing selects nothing): lib/k8s's matcher. */
export const selects = matchesMapSelector;

export function podReadiness(pod: PodFields, events: DiagnosisContext['events'] = []): PodReadiness {
  return {
    name: pod.metadata?.name ?? '',
    ready: isPodReady(pod),
    phase: pod.status?.phase ?? 'Unknown',
    reason: podProbeReason(pod, events),
    podIP: pod.status?.podIP,
  };
}

export function diagnoseService(svc: ServiceFields, slices: readonly SliceFields[], pods: readonly PodFields[], ctx: DiagnosisContext = {}): ServiceDiagnostics {
  const spec = svc.spec ?? {};
  const selector: Record<string, string> = spec.selector ?? {};
  const name = svc.metadata?.name;
  const endpoints: EndpointRow[] = [];
  for (const s of slices) {
    if (s.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    const ports = (s.ports ?? []).map((p) => ({ name: p.name || undefined, port: p.port }));
    for (const ep of s.endpoints ?? []) {
      for (const ip of ep.addresses ?? []) {
        endpoints.push({ ip, pod: ep.targetRef?.kind === 'Pod' ? ep.targetRef.name : undefined, ready: ep.conditions?.ready !== false, ports });
      }
    }
  }
  const selected = pods.filter((p) => selects(selector, p.metadata?.labels));
  const selectedPods = selected.map((p) => podReadiness(p, ctx.events));
  const problems: string[] = [];
  const nearMisses: NearMissPod[] = [];
  const keys = Object.keys(selector);
  if (spec.type === 'ExternalName') {
    const unresolved = externalNameProblem(svc, ctx.externalName);
    return { endpoints, selectedPods, problems: unresolved ? [unresolved] : [], nearMisses };
  }
  if (keys.length === 0) {
    // manual endpoints (the Service page's Endpoints panel) are the point of a selectorless Service
    if (!endpoints.some((e) => e.ready)) problems.push('The service has no selector and no ready endpoints: add the addresses it sends traffic to under Endpoints.');
  } else if (selected.length === 0) {
    problems.push(`No pod matches the selector ${keys.map((k) => `${k}=${selector[k]}`).join(', ')}: the service has no endpoints.`);
    for (const p of pods) {
      const labels: Record<string, string> = p.metadata?.labels ?? {};
      const mismatches = keys.filter((k) => labels[k] !== selector[k]).map((k) => ({ key: k, want: selector[k], has: labels[k] }));
      // Near miss: some pairs match, or the pod has every key but with other values.
      const matched = keys.length - mismatches.length;
      const sameKeys = mismatches.every((m) => m.has !== undefined);
      if (mismatches.length > 0 && (matched > 0 || sameKeys)) nearMisses.push({ pod: p.metadata?.name ?? '', mismatches });
    }
  }
  const notReady = selectedPods.filter((p) => !p.ready);
  if (notReady.length) {
    problems.push(`${notReady.length} of ${selectedPods.length} selected pods are not ready: ${notReady.map((p) => `${p.name}${p.reason ? ` (${p.reason})` : ''}`).join(', ')}.`);
  }
  for (const port of spec.ports ?? []) {
    const p = undeclaredTargetPortProblem(svc, port, pods);
    if (p) problems.push(p);
  }
  const sourceIp = sourceIpProblem(svc);
  if (sourceIp) problems.push(sourceIp);
  return { endpoints, selectedPods, problems, nearMisses };
}
