import { NextResponse } from 'next/server';
import { getProjectGatewayOverview } from '@/server/queries/gateway-overview';

export const dynamic = 'force-dynamic';

/** The gateway as this project sees it; `?scope=all`: the whole gateway (platform admins only, else 403). */
export async function GET(request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  const scope = new URL(request.url).searchParams.get('scope') ?? 'project';
  if (scope !== 'project' && scope !== 'all') return NextResponse.json({ message: 'scope: must be "project" or "all"' }, { status: 400 });
  const r = await getProjectGatewayOverview(project, { wholeGateway: scope === 'all' });
  if (!r.ok) return NextResponse.json({ message: r.message, fieldErrors: r.fieldErrors }, { status: r.status });
  return NextResponse.json(r.value, { headers: { 'cache-control': 'no-store' } });
}
