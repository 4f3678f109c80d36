import 'server-only';
import { getKubeClient, KubeError } from '../kube';
import type { HttpRouteRow, GatewayChoice } from '@/lib/console/rows';
import type { HTTPRoute } from '@/lib/k8s';
export type { HttpRouteRow, GatewayChoice };

export function summarizeHttpRoute(r: HTTPRoute): HttpRouteRow {
  const spec: Partial<HTTPRoute['spec']> = r.spec ?? {};
  const backends = (spec.rules ?? []).flatMap((rule) =>
    (rule.backendRefs ?? []).map((b) => `${b.name}:${b.port ?? ''}${b.weight !== undefined ? ` (weight ${b.weight})` : ''}`),
  );
  const conditions = (r.status?.parents ?? []).flatMap((p) => p.conditions ?? []);
  const cond = conditions.find((c) => c.type === 'Accepted');
  // accepted, but a backend is unusable (BackendNotFound, BackendNotPermitted...): say so in the list
  const refs = conditions.find((c) => c.type === 'ResolvedRefs' && c.status === 'False');
  return {
    name: r.metadata?.name ?? '',
    hostnames: spec.hostnames ?? [],
    parents: (spec.parentRefs ?? []).map((p) => `${p.namespace ? p.namespace + '/' : ''}${p.name}${p.sectionName ? '#' + p.sectionName : ''}`),
    rules: (spec.rules ?? []).length,
    backends: [...new Set<string>(backends)],
    accepted: cond ? `${cond.status === 'True' ? 'Accepted' : 'Not accepted'}${cond.reason && cond.status !== 'True' ? `: ${cond.reason}` : ''}${refs?.reason ? ` (backends: ${refs.reason})` : ''}` : undefined,
    creationTimestamp: r.metadata?.creationTimestamp ?? '',
  };
}

/** HTTPRoutes of a project; `undefined` when the cluster does not serve the Gateway API. */
export async function getHttpRoutes(project: string): Promise<{ rows: HttpRouteRow[] } | undefined> {
  try {
    const list = await (await getKubeClient()).list<HTTPRoute>('httproutes', project);
    return { rows: list.items.map(summarizeHttpRoute).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return undefined;
    throw err;
  }
}

export async function getHttpRoute(project: string, name: string): Promise<HTTPRoute | undefined> {
  return (await getKubeClient()).find<HTTPRoute>('httproutes', project, name);
}

/** Gateways a route of the project may attach to: see ./gateway-choices. */
export { getGatewayChoices } from './gateway-choices';
