import { NextResponse } from 'next/server';
import { toActionError } from '@/server/kube/errors';
import { projectName } from '@/server/kube/validate';
import { getTopology } from '@/server/topology/graph';

export const dynamic = 'force-dynamic';

/** The project's topology graph as JSON (the page's live refreshes read it). */
export async function GET(_request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  if (!projectName.safeParse(project).success) return NextResponse.json({ message: `invalid project name "${project}"` }, { status: 400 });
  try {
    return NextResponse.json(await getTopology(project), { headers: { 'cache-control': 'no-store' } });
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}
