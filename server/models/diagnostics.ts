/** Service diagnostics from the usual failure table: no endpoints, near-miss selectors, unready pods, undeclared targetPort. */
import type { EndpointRow, NearMissPod, PodReadiness, ServiceDiagnostics } from '@/lib/console/rows';
export type { EndpointRow, NearMissPod, PodReadiness, ServiceDiagnostics };
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels?.[k] === selector[k]);
}

export function podReadiness(pod: Obj): PodReadiness {
  const cond = (pod.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
  const waiting = (pod.status?.containerStatuses ?? []).map((c: Obj) => c.state?.waiting?.reason).find(Boolean);
  return {
    name: pod.metadata?.name,
    ready: cond?.status === 'True',
    phase: pod.status?.phase ?? 'Unknown',
    reason: cond?.status === 'True' ? undefined : (waiting ?? cond?.reason ?? cond?.message ?? pod.status?.reason),
    podIP: pod.status?.podIP,
  };
}

export function diagnoseService(svc: Obj, slices: Obj[], pods: Obj[]): ServiceDiagnostics {
  const spec = svc.spec ?? {};
  const selector: Record<string, string> = spec.selector ?? {};
  const name = svc.metadata?.name;
  const endpoints: EndpointRow[] = [];
  for (const s of slices) {
    if (s.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    const ports = (s.ports ?? []).map((p: Obj) => ({ name: p.name || undefined, port: p.port }));
    for (const ep of s.endpoints ?? []) {
      for (const ip of ep.addresses ?? []) {
        endpoints.push({ ip, pod: ep.targetRef?.kind === 'Pod' ? ep.targetRef.name : undefined, ready: ep.conditions?.ready !== false, ports });
      }
    }
  }
  const selected = pods.filter((p) => selects(selector, p.metadata?.labels));
  const selectedPods = selected.map(podReadiness);
  const problems: string[] = [];
  const nearMisses: NearMissPod[] = [];
  const keys = Object.keys(selector);
  if (spec.type === 'ExternalName') return { endpoints, selectedPods, problems, nearMisses };
  if (keys.length === 0) {
    problems.push('The service has no selector: its endpoints must be managed by hand.');
  } else if (selected.length === 0) {
    problems.push(`No pod matches the selector ${keys.map((k) => `${k}=${selector[k]}`).join(', ')}: the service has no endpoints.`);
    for (const p of pods) {
      const labels: Record<string, string> = p.metadata?.labels ?? {};
      const mismatches = keys.filter((k) => labels[k] !== selector[k]).map((k) => ({ key: k, want: selector[k], has: labels[k] }));
      // Near miss: some pairs match, or the pod has every key but with other values.
      const matched = keys.length - mismatches.length;
      const sameKeys = mismatches.every((m) => m.has !== undefined);
      if (mismatches.length > 0 && (matched > 0 || sameKeys)) nearMisses.push({ pod: p.metadata?.name, mismatches });
    }
  }
  const notReady = selectedPods.filter((p) => !p.ready);
  if (notReady.length) {
    problems.push(`${notReady.length} of ${selectedPods.length} selected pods are not ready: ${notReady.map((p) => `${p.name}${p.reason ? ` (${p.reason})` : ''}`).join(', ')}.`);
  }
  if (selected.length) {
    const declared = selected.flatMap((p) => (p.spec?.containers ?? []).flatMap((c: Obj) => c.ports ?? [])) as Obj[];
    for (const port of spec.ports ?? []) {
      const tp = port.targetPort ?? port.port;
      const found =
        typeof tp === 'string' && !/^\d+$/.test(tp)
          ? declared.some((d) => d.name === tp)
          : declared.some((d) => d.containerPort === Number(tp));
      if (!found) {
        problems.push(`targetPort ${tp} of port ${port.name ?? port.port} is not declared by any container of the selected pods.`);
      }
    }
  }
  return { endpoints, selectedPods, problems, nearMisses };
}
