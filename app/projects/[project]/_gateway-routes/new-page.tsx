import 'server-only';
import Link from 'next/link';
import { RouteYamlCreate } from '@/components/gateway-routes/route-yaml-create';
import { ROUTE_KINDS, type GatewayRouteResource } from '@/components/gateway-routes/route-kinds';

/** A route kind's create page: the manifest written in YAML or JSON. */
export function GatewayRouteNewPage({ project, resource }: { project: string; resource: GatewayRouteResource }) {
  const kind = ROUTE_KINDS[resource];
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/${resource}`} className="hover:underline">{kind.title}</Link> / New
        </p>
        <h1 className="text-xl font-semibold">Create {kind.label}</h1>
        <p className="text-sm text-slate-600">{kind.createIntro} Project: {project}. Completion and docs: Ctrl+Space.</p>
      </div>
      <RouteYamlCreate project={project} resource={resource} />
    </div>
  );
}
