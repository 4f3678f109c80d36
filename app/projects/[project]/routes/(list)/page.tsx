import { RoutesTable } from '@/components/ingresses/routes-table';
import { ErrorState } from '@/components/common/card';
import { getRouteRows, type RouteListResult } from '@/server/queries/routes';
import type { RouteSortKey } from '@/lib/console/rows';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Routes' };

const FIRST_ROWS = 60;
const SORTS: RouteSortKey[] = ['name', 'hosts', 'age', 'status'];

export default async function RoutesPage({
  params,
  searchParams,
}: {
  params: Promise<{ project: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { project } = await params;
  const sp = await searchParams;
  const q = sp.q ?? '';
  const sort = SORTS.includes(sp.sort as RouteSortKey) ? (sp.sort as RouteSortKey) : 'name';
  const dir = sp.dir === 'desc' ? 'desc' : 'asc';
  let initial: RouteListResult | undefined;
  let error: string | undefined;
  try {
    const all = await getRouteRows(project, { q, sort, dir });
    // A screenful is enough for the first paint; 5,000 rows in the HTML would cost seconds.
    initial = all.rows.length > FIRST_ROWS ? { ...all, rows: all.rows.slice(0, FIRST_ROWS), partial: true } : all;
  } catch (err) {
    error = (err as Error).message;
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Routes</h1>
        <p className="text-sm text-slate-600">Ingress rules that send traffic from the gateway to services of project {project}.</p>
      </div>
      {error ? (
        <ErrorState title="Could not load routes" message={error} />
      ) : (
        <RoutesTable project={project} initial={initial} initialQuery={{ q, sort, dir }} />
      )}
    </div>
  );
}
