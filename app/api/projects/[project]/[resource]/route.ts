import { getGatewayChoices } from '@/server/queries/httproutes';
import { getTcpRoutes } from '@/server/queries/tcproutes';
import { getHttpRoutes } from '@/server/queries/httproutes';
import { getTlsSecrets } from '@/server/queries/tls';
import { respondJson } from '../../../respond';

export const dynamic = 'force-dynamic';

/** A Gateway API route list; `served: false` when the cluster has no CRD for the kind. */
const routeList = (load: (project: string) => Promise<{ rows: unknown[] } | undefined>) => async (project: string) => {
  const data = await load(project);
  return { served: !!data, rows: data?.rows ?? [] };
};

/** Lists the console reads besides Ingress routes and Services (which have their own folders). */
const LISTS: Record<string, (project: string) => Promise<unknown>> = {
  httproutes: routeList(getHttpRoutes),
  tcproutes: routeList(getTcpRoutes),
  'tls-secrets': getTlsSecrets,
  gateways: (project) => getGatewayChoices(project),
};

export async function GET(_request: Request, ctx: { params: Promise<{ project: string; resource: string }> }) {
  const { project, resource } = await ctx.params;
  const load = Object.hasOwn(LISTS, resource) ? LISTS[resource] : undefined;
  if (!load) return Response.json({ message: `resource: must be one of ${Object.keys(LISTS).join(', ')}` }, { status: 404 });
  return respondJson({ project }, () => load(project));
}
