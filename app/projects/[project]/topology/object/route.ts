import { stringify } from 'yaml';
import { getKubeClient } from '@/server/kube';
import { toActionError } from '@/server/kube/errors';
import type { ResourceName } from '@/server/kube/resources';
import { objectName, projectName } from '@/server/kube/validate';

export const dynamic = 'force-dynamic';

/** Kinds the topology side panel shows as YAML (never Secrets). */
const KINDS: Record<string, ResourceName> = { Ingress: 'ingresses', HTTPRoute: 'httproutes', Service: 'services', Pod: 'pods', Gateway: 'gateways' };

/** GET ?kind=&name=&namespace= : the object as YAML, without managedFields. */
export async function GET(request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  const u = new URL(request.url);
  const kind = u.searchParams.get('kind') ?? '';
  const name = u.searchParams.get('name') ?? '';
  const namespace = u.searchParams.get('namespace') || project;
  const resource = KINDS[kind];
  if (!resource) return new Response(`kind: must be one of ${Object.keys(KINDS).join(', ')}`, { status: 400 });
  if (!objectName.safeParse(name).success) return new Response('name: not a valid object name', { status: 400 });
  if (!projectName.safeParse(namespace).success || !projectName.safeParse(project).success) return new Response('namespace: not a valid name', { status: 400 });
  // Only Gateways may live outside the project (routes attach across namespaces).
  if (namespace !== project && kind !== 'Gateway') return new Response('namespace: must be the current project', { status: 400 });
  try {
    const kube = await getKubeClient();
    const obj = await kube.find(resource, namespace, name);
    if (!obj) return new Response(`${kind} ${namespace}/${name} not found`, { status: 404 });
    delete (obj.metadata as Record<string, unknown>).managedFields;
    return new Response(stringify(obj), { headers: { 'content-type': 'text/yaml; charset=utf-8', 'cache-control': 'no-store' } });
  } catch (err) {
    const e = toActionError(err);
    return new Response(e.message, { status: e.status });
  }
}
