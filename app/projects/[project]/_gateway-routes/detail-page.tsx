import 'server-only';
import { getGatewayRoute } from '@/server/queries/gateway-routes';
import { gatewayRouteKind, type GatewayRouteResource } from '@/lib/console/gateway-route-kinds';
import { ErrorState } from '@/components/common/card';
import { GatewayRouteDetail } from '@/components/gateway-routes/gateway-route-detail';

/** Server part of a route detail page (any route kind): the object as of now, then the client view keeps it live. */
export async function GatewayRouteDetailPage({ project, name, resource }: { project: string; name: string; resource: GatewayRouteResource }) {
  const loaded = await getGatewayRoute(resource, project, name).then(
    (obj) => ({ ok: true as const, obj }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title={`Could not load the ${gatewayRouteKind(resource)?.console.label ?? resource}`} message={loaded.message} />;
  return <GatewayRouteDetail project={project} name={name} resource={resource} initial={loaded.obj ?? null} />;
}
