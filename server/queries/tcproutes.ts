import 'server-only';
import { getKubeClient, KubeError } from '../kube';
import type { TcpRouteRow } from '@/lib/console/rows';
import type { TCPRoute } from '@/lib/k8s';
export type { TcpRouteRow };

const condText = (r: TCPRoute, type: string, ok: string, bad: string): string | undefined => {
  const c = (r.status?.parents ?? []).flatMap((p) => p.conditions ?? []).find((x) => x.type === type);
  return c ? (c.status === 'True' ? ok : `${bad}${c.reason ? `: ${c.reason}` : ''}`) : undefined;
};

export function summarizeTcpRoute(r: TCPRoute): TcpRouteRow {
  const spec: Partial<TCPRoute['spec']> = r.spec ?? {};
  const backends = (spec.rules ?? []).flatMap((rule) =>
    (rule.backendRefs ?? []).map((b) => `${b.namespace ? b.namespace + '/' : ''}${b.name}:${b.port ?? ''}${b.weight !== undefined ? ` (weight ${b.weight})` : ''}`),
  );
  return {
    name: r.metadata?.name ?? '',
    parents: (spec.parentRefs ?? []).map((p) => `${p.namespace ? p.namespace + '/' : ''}${p.name}${p.sectionName ? '#' + p.sectionName : ''}${p.port ? ':' + p.port : ''}`),
    backends: [...new Set<string>(backends)],
    accepted: condText(r, 'Accepted', 'Accepted', 'Not accepted'),
    resolvedRefs: condText(r, 'ResolvedRefs', 'Resolved', 'Unresolved'),
    creationTimestamp: r.metadata?.creationTimestamp ?? '',
  };
}

/** TCPRoutes (Gateway API v1) of a project; `undefined` when the cluster does not serve them. */
export async function getTcpRoutes(project: string): Promise<{ rows: TcpRouteRow[] } | undefined> {
  try {
    const list = await (await getKubeClient()).list<TCPRoute>('tcproutes', project);
    return { rows: list.items.map(summarizeTcpRoute).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return undefined;
    throw err;
  }
}

export async function getTcpRoute(project: string, name: string): Promise<TCPRoute | undefined> {
  return (await getKubeClient()).find<TCPRoute>('tcproutes', project, name);
}
