'use client';
import { IfCan } from '@/components/auth/permissions';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Lock, Plus, Search } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import type { RouteRow, RouteSortKey } from '@/lib/console/rows';
import type { RouteListResult } from '@/lib/console/rows';
import { getApi } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { buttonClass } from '../common/button';
import { EmptyState, ErrorState, Skeleton } from '../common/card';
import { DataTable, type Column } from '../common/data-table';


function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

export function RoutesTable({
  project,
  initial,
  initialQuery,
}: {
  project: string;
  initial?: RouteListResult;
  initialQuery: { q: string; sort: RouteSortKey; dir: 'asc' | 'desc' };
}) {
  const pathname = usePathname();
  const [search, setSearch] = useState(initialQuery.q);
  const [sort, setSort] = useState<RouteSortKey>(initialQuery.sort);
  const [dir, setDir] = useState<'asc' | 'desc'>(initialQuery.dir);
  const q = useDebounced(search.trim(), 200);

  // Keep the URL shareable without a navigation round trip.
  useEffect(() => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (sort !== 'name') p.set('sort', sort);
    if (dir !== 'asc') p.set('dir', dir);
    const s = p.toString();
    window.history.replaceState(null, '', s ? `${pathname}?${s}` : pathname);
  }, [q, sort, dir, pathname]);

  const qc = useQueryClient();
  // Seed the cache with the server-rendered rows once per mount (fresher than any cached copy).
  useState(() => {
    // A partial first page is stored as already stale, so the full list is fetched right away.
    if (initial) qc.setQueryData(qk.list(project, 'routes', { q: initialQuery.q, sort: initialQuery.sort, dir: initialQuery.dir }), initial, { updatedAt: initial.partial ? 1 : Date.now() });
    return true;
  });
  const key = qk.list(project, 'routes', { q, sort, dir });
  const query = useQuery({
    queryKey: key,
    queryFn: () => getApi<RouteListResult>(key),
    placeholderData: keepPreviousData,
  });

  const toggleSort = (key: RouteSortKey) => {
    if (sort === key) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDir('asc');
    }
  };

  const rows = query.data?.rows ?? [];
  const columns = useMemo(() => routeColumns(project), [project]);
  const total = query.data?.total ?? 0;

  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <div className="relative max-w-md flex-1">
          <Search className="pointer-events-none absolute top-2.5 left-2.5 h-4 w-4 text-slate-400" aria-hidden />
          <input
            type="search"
            aria-label="Search routes"
            placeholder="Search by name, alias, host, path or service"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="h-9 w-full rounded-md border border-slate-300 bg-white pr-3 pl-8 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-200"
          />
        </div>
        <span className="text-sm text-slate-500" aria-live="polite" data-testid="routes-count">
          {query.data ? (q ? `${query.data.matched} of ${total} routes` : `${total} route${total === 1 ? '' : 's'}`) : ''}
        </span>
        <IfCan verb="create" resource="ingresses.networking.k8s.io">
          <Link href={`/projects/${project}/routes/new`} className={buttonClass('primary', 'md', 'ml-auto')}>
            <Plus className="h-4 w-4" aria-hidden /> Create route
          </Link>
        </IfCan>
      </div>

      {query.isError && !query.data ? (
        <ErrorState
          title="Could not load routes"
          message={(query.error as Error).message}
          action={
            <button className={buttonClass('secondary', 'sm')} onClick={() => query.refetch()}>
              Retry
            </button>
          }
        />
      ) : query.isPending ? (
        <RoutesTableSkeleton />
      ) : total === 0 ? (
        <EmptyState
          title="No routes in this project yet"
          action={
            <IfCan verb="create" resource="ingresses.networking.k8s.io">
              <Link href={`/projects/${project}/routes/new`} className={buttonClass('primary')}>
                <Plus className="h-4 w-4" aria-hidden /> Create route
              </Link>
            </IfCan>
          }
        >
          A route exposes a service of this project through the gateway, by host name and path.
        </EmptyState>
      ) : (
        <DataTable
          label="Routes"
          columns={columns}
          rows={rows}
          rowKey={(r) => r.name}
          sort={{ key: sort, dir, onSort: (k) => toggleSort(k as RouteSortKey) }}
          virtual={{ estimateSize: 56, maxHeight: 'calc(100vh - 13rem)', testId: 'routes-scroll' }}
          empty={<>No route matches “{q}”.</>}
          className="rounded-lg border border-slate-200 bg-white shadow-sm"
        />
      )}
    </div>
  );
}

/** The routes list's columns: a new column is one entry here. */
function routeColumns(project: string): Column<RouteRow>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      width: 'minmax(12rem,1.3fr)',
      sortKey: 'name',
      cell: (r) => (
        <>
          <Link href={`/projects/${project}/routes/${r.name}`} className="block truncate font-medium text-indigo-700 hover:underline">
            {r.name}
          </Link>
          {r.alias && <p className="truncate text-xs text-slate-500">{r.alias}</p>}
        </>
      ),
    },
    {
      id: 'hosts',
      header: 'Hosts',
      width: 'minmax(10rem,1fr)',
      sortKey: 'hosts',
      className: 'text-slate-700',
      cell: (r) => (r.hosts.length ? r.hosts.map((h) => <p key={h} className="truncate">{h}</p>) : <span className="text-slate-400">any host</span>),
    },
    {
      id: 'paths',
      header: 'Paths → backends',
      width: 'minmax(16rem,2fr)',
      className: 'font-mono text-xs text-slate-700',
      cell: (r) => {
        const shown = r.paths.slice(0, 3);
        return (
          <>
            {shown.map((p, i) => (
              <p key={i} className="truncate">
                {p.path} → {p.backend.service}:{p.backend.port}
              </p>
            ))}
            {r.paths.length > shown.length && <p className="text-slate-400">+{r.paths.length - shown.length} more</p>}
            {r.paths.length === 0 && r.defaultBackend && <p className="truncate">default → {r.defaultBackend.service}:{r.defaultBackend.port}</p>}
          </>
        );
      },
    },
    {
      id: 'tls',
      header: 'TLS',
      width: '5rem',
      cell: (r) => (r.tls ? <Badge tone="blue"><Lock className="h-3 w-3" aria-hidden />TLS</Badge> : <span className="text-slate-400">-</span>),
    },
    {
      id: 'status',
      header: 'Status',
      width: 'minmax(9rem,1fr)',
      sortKey: 'status',
      className: 'space-y-0.5',
      cell: (r) => (
        <>
          {r.warnings.length > 0 && (
            <Badge tone="amber" title={r.warnings.join('\n')} aria-label={`Warning: ${r.warnings.join('; ')}`} className="max-w-full">
              <AlertTriangle className="h-3 w-3 shrink-0" aria-hidden />
              {/* Long messages end in an ellipsis inside the column; the title has them whole. */}
              <span className="truncate">{r.warnings.length === 1 ? r.warnings[0] : `${r.warnings.length} problems`}</span>
            </Badge>
          )}
          <p className="truncate text-xs text-slate-500">{r.address || 'no address yet'}</p>
        </>
      ),
    },
    { id: 'age', header: 'Age', width: '4.5rem', sortKey: 'age', className: 'text-slate-500', cell: (r) => <Age ts={r.creationTimestamp} /> },
  ];
}

export function RoutesTableSkeleton() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" aria-busy="true" aria-label="Loading routes">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex gap-4 py-2.5">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-4 w-32" />
          <Skeleton className="h-4 flex-1" />
          <Skeleton className="h-4 w-16" />
        </div>
      ))}
    </div>
  );
}
