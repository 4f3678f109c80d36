import 'server-only';
import { getHttpRoutes } from '@/server/queries/httproutes';
import { getTcpRoutes } from '@/server/queries/tcproutes';
import type { GatewayRouteResource } from '@/components/gateway-routes/route-kinds';
import { ErrorState } from '@/components/common/card';
import { GatewayRouteList } from '@/components/gateway-routes/gateway-route-list';

const LOADERS = { httproutes: getHttpRoutes, tcproutes: getTcpRoutes };
const TITLES = { httproutes: 'HTTPRoutes', tcproutes: 'TCPRoutes' };

/** Server part of a route list page: the first rows, then GatewayRouteList keeps them live. */
export async function GatewayRouteListPage({ project, resource }: { project: string; resource: GatewayRouteResource }) {
  const loaded = await LOADERS[resource](project).then(
    (data) => ({ ok: true as const, data }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title={`Could not load ${TITLES[resource]}`} message={loaded.message} />;
  return <GatewayRouteList project={project} resource={resource} initial={{ served: !!loaded.data, rows: loaded.data?.rows ?? [] }} />;
}
