'use client';
import { IfCan } from '@/components/auth/permissions';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { AlertTriangle, ArrowDown, ArrowUp, ArrowUpDown, Lock, Plus, Search } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RouteRow, RouteSortKey } from '@/lib/console/rows';
import type { RouteListResult } from '@/lib/console/rows';
import { getApi } from '../live/api-fetch';
import { qk } from '../live/query-keys';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { buttonClass } from '../common/button';
import { EmptyState, ErrorState, Skeleton } from '../common/card';

const col = createColumnHelper<RouteRow>();
const GRID = 'grid grid-cols-[minmax(12rem,1.3fr)_minmax(10rem,1fr)_minmax(16rem,2fr)_5rem_minmax(9rem,1fr)_4.5rem] gap-3';

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

  const columns = useMemo(
    () => [
      col.accessor('name', { id: 'name', header: 'Name' }),
      col.accessor('hosts', { id: 'hosts', header: 'Hosts' }),
      col.accessor('paths', { id: 'paths', header: 'Paths → backends' }),
      col.accessor('tls', { id: 'tls', header: 'TLS' }),
      col.accessor('warnings', { id: 'status', header: 'Status' }),
      col.accessor('creationTimestamp', { id: 'age', header: 'Age' }),
    ],
    [],
  );
  const rows = query.data?.rows ?? [];
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, getRowId: (r) => r.name });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 56,
    overscan: 12,
  });

  const sortable: Record<string, RouteSortKey | undefined> = { name: 'name', hosts: 'hosts', status: 'status', age: 'age' };
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
        <div role="table" aria-label="Routes" aria-rowcount={rows.length + 1} className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div role="rowgroup">
            {table.getHeaderGroups().map((hg) => (
              <div role="row" key={hg.id} className={`${GRID} border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-semibold text-slate-600 uppercase`}>
                {hg.headers.map((h) => {
                  const key = sortable[h.column.id];
                  const active = key && sort === key;
                  return (
                    <div role="columnheader" key={h.id} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                      {key ? (
                        <button type="button" onClick={() => toggleSort(key)} className="inline-flex items-center gap-1 uppercase hover:text-slate-900" aria-label={`Sort by ${String(h.column.columnDef.header)}`}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          {active ? dir === 'asc' ? <ArrowUp className="h-3 w-3" /> : <ArrowDown className="h-3 w-3" /> : <ArrowUpDown className="h-3 w-3 opacity-40" />}
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          {rows.length === 0 ? (
            <p className="px-4 py-8 text-center text-sm text-slate-500">No route matches “{q}”.</p>
          ) : (
            <div ref={scrollRef} role="rowgroup" className="max-h-[calc(100vh-13rem)] overflow-auto" data-testid="routes-scroll">
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((vi) => {
                  const r = table.getRowModel().rows[vi.index]!.original;
                  return (
                    <div
                      role="row"
                      key={r.name}
                      data-index={vi.index}
                      ref={virtualizer.measureElement}
                      aria-rowindex={vi.index + 2}
                      className={`${GRID} absolute inset-x-0 border-b border-slate-100 px-4 py-2.5 text-sm hover:bg-slate-50`}
                      style={{ transform: `translateY(${vi.start}px)` }}
                    >
                      <RouteCells project={project} r={r} />
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function RouteCells({ project, r }: { project: string; r: RouteRow }) {
  const shown = r.paths.slice(0, 3);
  return (
    <>
      <div role="cell" className="min-w-0">
        <Link href={`/projects/${project}/routes/${r.name}`} className="block truncate font-medium text-indigo-700 hover:underline">
          {r.name}
        </Link>
        {r.alias && <p className="truncate text-xs text-slate-500">{r.alias}</p>}
      </div>
      <div role="cell" className="min-w-0 text-slate-700">
        {r.hosts.length ? r.hosts.map((h) => <p key={h} className="truncate">{h}</p>) : <span className="text-slate-400">any host</span>}
      </div>
      <div role="cell" className="min-w-0 font-mono text-xs text-slate-700">
        {shown.map((p, i) => (
          <p key={i} className="truncate">
            {p.path} → {p.backend.service}:{p.backend.port}
          </p>
        ))}
        {r.paths.length > shown.length && <p className="text-slate-400">+{r.paths.length - shown.length} more</p>}
        {r.paths.length === 0 && r.defaultBackend && <p className="truncate">default → {r.defaultBackend.service}:{r.defaultBackend.port}</p>}
      </div>
      <div role="cell">{r.tls ? <Badge tone="blue"><Lock className="h-3 w-3" aria-hidden />TLS</Badge> : <span className="text-slate-400">-</span>}</div>
      <div role="cell" className="min-w-0 space-y-0.5">
        {r.warnings.length > 0 && (
          <Badge tone="amber" title={r.warnings.join('\n')} aria-label={`Warning: ${r.warnings.join('; ')}`} className="max-w-full">
            <AlertTriangle className="h-3 w-3 shrink-0" aria-hidden />
            {/* Long messages end in an ellipsis inside the column; the title has them whole. */}
            <span className="truncate">{r.warnings.length === 1 ? r.warnings[0] : `${r.warnings.length} problems`}</span>
          </Badge>
        )}
        <p className="truncate text-xs text-slate-500">{r.address || 'no address yet'}</p>
      </div>
      <div role="cell" className="text-slate-500">
        <Age ts={r.creationTimestamp} />
      </div>
    </>
  );
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
