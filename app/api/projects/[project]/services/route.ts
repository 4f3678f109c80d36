import { NextResponse } from 'next/server';
import { getServiceRows } from '@/server/queries/services';
import { toActionError } from '@/server/kube/errors';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  try {
    return NextResponse.json(await getServiceRows(project));
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}
