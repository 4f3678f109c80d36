import { GATEWAY_ROUTE_KINDS, gatewayRouteKind } from '@/lib/console/gateway-route-kinds';
import { getGatewayRoute } from '@/server/queries/gateway-routes';
import { respondJson } from '../../../../respond';

export const dynamic = 'force-dynamic';

/** One Gateway API route as stored, of any route kind of the registry (Ingress routes and Services have their own folders). */
export async function GET(_request: Request, ctx: { params: Promise<{ project: string; resource: string; name: string }> }) {
  const { project, resource, name } = await ctx.params;
  const kind = gatewayRouteKind(resource);
  if (!kind) return Response.json({ message: `resource: must be one of ${GATEWAY_ROUTE_KINDS.map((k) => k.plural).join(', ')}` }, { status: 404 });
  return respondJson({ project, name }, () => getGatewayRoute(kind.plural, project, name), `${resource} ${name} not found`);
}
