import 'server-only';
import { getHttpRoute } from '@/server/queries/httproutes';
import { getTcpRoute } from '@/server/queries/tcproutes';
import { ErrorState } from '@/components/common/card';
import { GatewayRouteDetail } from '@/components/gateway-routes/gateway-route-detail';
import type { GatewayRouteResource } from '@/components/gateway-routes/route-kinds';

const LOADERS = { httproutes: getHttpRoute, tcproutes: getTcpRoute };
const LABELS = { httproutes: 'HTTPRoute', tcproutes: 'TCPRoute' };

/** Server part of a route detail page: the object as of now, then the client view keeps it live. */
export async function GatewayRouteDetailPage({ project, name, resource }: { project: string; name: string; resource: GatewayRouteResource }) {
  const loaded = await LOADERS[resource](project, name).then(
    (obj) => ({ ok: true as const, obj }),
    (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
  );
  if (!loaded.ok) return <ErrorState title={`Could not load the ${LABELS[resource]}`} message={loaded.message} />;
  return <GatewayRouteDetail project={project} name={name} resource={resource} initial={loaded.obj ?? null} />;
}
