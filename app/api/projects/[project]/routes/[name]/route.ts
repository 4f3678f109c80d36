import { NextResponse } from 'next/server';
import { getRouteDetail } from '@/server/queries/routes';
import { toActionError } from '@/server/kube/errors';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, ctx: { params: Promise<{ project: string; name: string }> }) {
  const { project, name } = await ctx.params;
  try {
    const detail = await getRouteDetail(project, name);
    if (!detail) return NextResponse.json({ message: `route ${name} not found` }, { status: 404 });
    return NextResponse.json(detail);
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}
