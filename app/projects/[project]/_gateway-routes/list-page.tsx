import 'server-only';
import { listGatewayRoutes } from '@/server/queries/gateway-routes';
import { gatewayRouteKind, type GatewayRouteResource } from '@/lib/console/gateway-route-kinds';
import { ErrorState } from '@/components/common/card';
import { GatewayRouteList } from '@/components/gateway-routes/gateway-route-list';

/** Server part of a route list page (any route kind): the first rows, then GatewayRouteList keeps them live. */
export async function GatewayRouteListPage({ project, resource }: { project: string; resource: GatewayRouteResource }) {
  const loaded = await listGatewayRoutes(resource, project).then(
    (data) => ({ ok: true as const, data }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title={`Could not load ${gatewayRouteKind(resource)?.console.title ?? resource}`} message={loaded.message} />;
  return <GatewayRouteList project={project} resource={resource} initial={loaded.data} />;
}
