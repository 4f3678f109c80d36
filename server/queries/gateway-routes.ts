import 'server-only';
import { getKubeClient, KubeError } from '../kube';
import type { GatewayRouteListData, GatewayRouteRow } from '@/lib/console/rows';
import { routeSpec, type GatewayRouteObject, type GatewayRouteObjectOf, type GatewayRouteResource } from '@/lib/console/gateway-route-kinds';
import { summarizeHttpRoute } from './httproutes';
import { summarizeTcpRoute } from './tcproutes';
export type { GatewayRouteListData, GatewayRouteRow };

/** "Accepted" / "Not accepted: Reason" from the first parent that reports the condition. */
const condText = (r: GatewayRouteObject, type: string, ok: string, bad: string): string | undefined => {
  const c = (r.status?.parents ?? []).flatMap((p) => p.conditions ?? []).find((x) => x.type === type);
  return c ? (c.status === 'True' ? ok : `${bad}${c.reason ? `: ${c.reason}` : ''}`) : undefined;
};

/** The list row of any route kind: parents, hostnames (kinds that have them), backends, status. */
export function summarizeGatewayRoute(r: GatewayRouteObject): GatewayRouteRow {
  const spec = routeSpec(r);
  const backends = (spec.rules ?? []).flatMap((rule) =>
    (rule.backendRefs ?? []).map((b) => `${b.namespace ? b.namespace + '/' : ''}${b.name}:${b.port ?? ''}${b.weight !== undefined ? ` (weight ${b.weight})` : ''}`),
  );
  return {
    name: r.metadata?.name ?? '',
    ...(r.kind !== 'TCPRoute' ? { hostnames: spec.hostnames ?? [] } : {}),
    parents: (spec.parentRefs ?? []).map((p) => `${p.namespace ? p.namespace + '/' : ''}${p.name}${p.sectionName ? '#' + p.sectionName : ''}${p.port ? ':' + p.port : ''}`),
    backends: [...new Set<string>(backends)],
    accepted: condText(r, 'Accepted', 'Accepted', 'Not accepted'),
    resolvedRefs: condText(r, 'ResolvedRefs', 'Resolved', 'Unresolved'),
    creationTimestamp: r.metadata?.creationTimestamp ?? '',
  };
}

/** Kinds whose list rows say more than the common summary; every other route kind uses summarizeGatewayRoute. */
const SUMMARIES: { [R in GatewayRouteResource]?: (r: GatewayRouteObjectOf<R>) => GatewayRouteRow } = {
  httproutes: summarizeHttpRoute,
  tcproutes: summarizeTcpRoute,
};

function summarize<R extends GatewayRouteResource>(resource: R, obj: GatewayRouteObjectOf<R>): GatewayRouteRow {
  const special = SUMMARIES[resource] as ((r: GatewayRouteObjectOf<R>) => GatewayRouteRow) | undefined;
  return special ? special(obj) : summarizeGatewayRoute(obj);
}

/** A project's routes of one kind, sorted by name; `served: false` when the cluster does not serve the kind. */
export async function listGatewayRoutes<R extends GatewayRouteResource>(resource: R, project: string): Promise<GatewayRouteListData> {
  try {
    const list = await (await getKubeClient()).list<GatewayRouteObjectOf<R>>(resource, project);
    return { served: true, rows: list.items.map((o) => summarize(resource, o)).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return { served: false, rows: [] };
    throw err;
  }
}

/** One route as stored; undefined when it does not exist. */
export async function getGatewayRoute<R extends GatewayRouteResource>(resource: R, project: string, name: string): Promise<GatewayRouteObjectOf<R> | undefined> {
  return (await getKubeClient()).find<GatewayRouteObjectOf<R>>(resource, project, name);
}
