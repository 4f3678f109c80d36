import { GATEWAY_ROUTE_KINDS } from '@/lib/console/gateway-route-kinds';
import { getGatewayChoices } from '@/server/queries/httproutes';
import { listGatewayRoutes } from '@/server/queries/gateway-routes';
import { getTlsSecrets } from '@/server/queries/tls';
import { respondJson } from '../../../respond';

export const dynamic = 'force-dynamic';

/**
 * Lists the console reads besides Ingress routes and Services (which have their own folders):
 * every Gateway API route kind of the registry (`served: false` when the cluster has no CRD
 * for it), plus the pickers' TLS Secrets and Gateways (with the project's ListenerSets).
 */
const LISTS: Record<string, (project: string) => Promise<unknown>> = {
  ...Object.fromEntries(GATEWAY_ROUTE_KINDS.map((k) => [k.plural, (project: string) => listGatewayRoutes(k.plural, project)])),
  'tls-secrets': getTlsSecrets,
  gateways: (project) => getGatewayChoices(project, undefined, { listenerSets: true }),
};

export async function GET(_request: Request, ctx: { params: Promise<{ project: string; resource: string }> }) {
  const { project, resource } = await ctx.params;
  const load = Object.hasOwn(LISTS, resource) ? LISTS[resource] : undefined;
  if (!load) return Response.json({ message: `resource: must be one of ${Object.keys(LISTS).join(', ')}` }, { status: 404 });
  return respondJson({ project }, () => load(project));
}
