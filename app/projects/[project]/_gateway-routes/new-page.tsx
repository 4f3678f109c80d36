import 'server-only';
import Link from 'next/link';
import { RouteYamlCreate } from '@/components/gateway-routes/route-yaml-create';
import { ROUTE_KINDS, type GatewayRouteResource } from '@/components/gateway-routes/route-kinds';
import { StreamRouteEditor } from '@/components/gateway-routes/stream-route-editor';
import { isStreamRouteResource } from '@/components/gateway-routes/stream-route-resources';

/** A route kind's create page: the form (Form/YAML/JSON switch) for kinds that have one, else the manifest in YAML or JSON. */
export function GatewayRouteNewPage({ project, resource, mode }: { project: string; resource: GatewayRouteResource; mode?: string }) {
  const kind = ROUTE_KINDS[resource];
  const form = isStreamRouteResource(resource);
  return (
    <div className="mx-auto max-w-6xl space-y-4">
      <div>
        <p className="text-sm text-slate-500">
          <Link href={`/projects/${encodeURIComponent(project)}/${resource}`} className="hover:underline">{kind.title}</Link> / New
        </p>
        <h1 className="text-xl font-semibold">Create {kind.label}</h1>
        <p className="text-sm text-slate-600">
          {kind.createIntro} Project: {project}.{form ? '' : ' Completion and docs: Ctrl+Space.'}
        </p>
      </div>
      {form ? <StreamRouteEditor resource={resource} project={project} initialMode={mode === 'yaml' || mode === 'json' ? mode : 'form'} /> : <RouteYamlCreate project={project} resource={resource} />}
    </div>
  );
}
