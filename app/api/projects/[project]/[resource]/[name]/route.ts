import { getHttpRoute } from '@/server/queries/httproutes';
import { getTcpRoute } from '@/server/queries/tcproutes';
import { respondJson } from '../../../../respond';

export const dynamic = 'force-dynamic';

/** One Gateway API route as stored (Ingress routes and Services have their own folders). */
const ITEMS: Record<string, (project: string, name: string) => Promise<unknown>> = {
  httproutes: getHttpRoute,
  tcproutes: getTcpRoute,
};

export async function GET(_request: Request, ctx: { params: Promise<{ project: string; resource: string; name: string }> }) {
  const { project, resource, name } = await ctx.params;
  const load = Object.hasOwn(ITEMS, resource) ? ITEMS[resource] : undefined;
  if (!load) return Response.json({ message: `resource: must be one of ${Object.keys(ITEMS).join(', ')}` }, { status: 404 });
  return respondJson({ project, name }, () => load(project, name), `${resource} ${name} not found`);
}
