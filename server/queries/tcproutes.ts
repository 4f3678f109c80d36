import 'server-only';
import { getKubeClient, KubeError, type KubeObject } from '../kube';
import type { TcpRouteRow } from '@/lib/console/rows';
export type { TcpRouteRow };

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const condText = (r: Obj, type: string, ok: string, bad: string): string | undefined => {
  const c = (r.status?.parents ?? []).flatMap((p: Obj) => p.conditions ?? []).find((x: Obj) => x.type === type);
  return c ? (c.status === 'True' ? ok : `${bad}${c.reason ? `: ${c.reason}` : ''}`) : undefined;
};

export function summarizeTcpRoute(r: Obj): TcpRouteRow {
  const spec = r.spec ?? {};
  const backends = (spec.rules ?? []).flatMap((rule: Obj) =>
    (rule.backendRefs ?? []).map((b: Obj) => `${b.namespace ? b.namespace + '/' : ''}${b.name}:${b.port ?? ''}${b.weight !== undefined ? ` (weight ${b.weight})` : ''}`),
  );
  return {
    name: r.metadata?.name,
    parents: (spec.parentRefs ?? []).map((p: Obj) => `${p.namespace ? p.namespace + '/' : ''}${p.name}${p.sectionName ? '#' + p.sectionName : ''}${p.port ? ':' + p.port : ''}`),
    backends: [...new Set<string>(backends)],
    accepted: condText(r, 'Accepted', 'Accepted', 'Not accepted'),
    resolvedRefs: condText(r, 'ResolvedRefs', 'Resolved', 'Unresolved'),
    creationTimestamp: r.metadata?.creationTimestamp ?? '',
  };
}

/** TCPRoutes (Gateway API v1alpha2) of a project; `undefined` when the cluster does not serve them. */
export async function getTcpRoutes(project: string): Promise<{ rows: TcpRouteRow[] } | undefined> {
  try {
    const list = await (await getKubeClient()).list('tcproutes', project);
    return { rows: list.items.map(summarizeTcpRoute).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return undefined;
    throw err;
  }
}

export async function getTcpRoute(project: string, name: string): Promise<KubeObject | undefined> {
  return (await getKubeClient()).find('tcproutes', project, name);
}
