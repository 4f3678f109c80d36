import { NextResponse } from 'next/server';
import { getRouteRows } from '@/server/queries/routes';
import { toActionError } from '@/server/kube/errors';
import { projectName } from '@/server/kube/validate';
import type { RouteSortKey } from '@/lib/console/rows';

export const dynamic = 'force-dynamic';

const SORTS: RouteSortKey[] = ['name', 'hosts', 'age', 'status'];

/** Routes list rows, searched and sorted on the server (?q=&sort=&dir=). */
export async function GET(request: Request, ctx: { params: Promise<{ project: string }> }) {
  const { project } = await ctx.params;
  if (!projectName.safeParse(project).success) return NextResponse.json({ message: 'invalid project' }, { status: 400 });
  const url = new URL(request.url);
  const sortParam = url.searchParams.get('sort') as RouteSortKey | null;
  try {
    const result = await getRouteRows(project, {
      q: url.searchParams.get('q') ?? '',
      sort: sortParam && SORTS.includes(sortParam) ? sortParam : 'name',
      dir: url.searchParams.get('dir') === 'desc' ? 'desc' : 'asc',
    });
    return NextResponse.json(result);
  } catch (err) {
    const e = toActionError(err);
    return NextResponse.json(e, { status: e.status });
  }
}
