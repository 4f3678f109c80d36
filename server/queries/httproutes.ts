import 'server-only';
import { getKubeClient, KubeError, type KubeObject } from '../kube';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface HttpRouteRow {
  name: string;
  hostnames: string[];
  parents: string[];
  rules: number;
  backends: string[];
  accepted?: string;
  creationTimestamp: string;
}

export function summarizeHttpRoute(r: Obj): HttpRouteRow {
  const spec = r.spec ?? {};
  const backends = (spec.rules ?? []).flatMap((rule: Obj) =>
    (rule.backendRefs ?? []).map((b: Obj) => `${b.name}:${b.port ?? ''}${b.weight !== undefined ? ` (weight ${b.weight})` : ''}`),
  );
  const cond = (r.status?.parents ?? []).flatMap((p: Obj) => p.conditions ?? []).find((c: Obj) => c.type === 'Accepted');
  return {
    name: r.metadata?.name,
    hostnames: spec.hostnames ?? [],
    parents: (spec.parentRefs ?? []).map((p: Obj) => `${p.namespace ? p.namespace + '/' : ''}${p.name}${p.sectionName ? '#' + p.sectionName : ''}`),
    rules: (spec.rules ?? []).length,
    backends: [...new Set<string>(backends)],
    accepted: cond ? `${cond.status === 'True' ? 'Accepted' : 'Not accepted'}${cond.reason && cond.status !== 'True' ? `: ${cond.reason}` : ''}` : undefined,
    creationTimestamp: r.metadata?.creationTimestamp ?? '',
  };
}

/** HTTPRoutes of a project; `undefined` when the cluster does not serve the Gateway API. */
export async function getHttpRoutes(project: string): Promise<{ rows: HttpRouteRow[] } | undefined> {
  try {
    const list = await (await getKubeClient()).list('httproutes', project);
    return { rows: list.items.map(summarizeHttpRoute).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return undefined;
    throw err;
  }
}

export async function getHttpRoute(project: string, name: string): Promise<KubeObject | undefined> {
  return (await getKubeClient()).find('httproutes', project, name);
}
