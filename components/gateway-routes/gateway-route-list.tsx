'use client';
/**
 * The read-only list of a project's Gateway API routes of one kind (route-kinds.ts), seeded by
 * the server render and kept live by the watch stream (query key [resource, project]).
 */
import Link from 'next/link';
import { Plus } from 'lucide-react';
import { useMemo } from 'react';
import { IfCan } from '@/components/auth/permissions';
import type { GatewayRouteListData, GatewayRouteRow } from '@/lib/console/rows';
import { ROUTE_KINDS, type GatewayRouteKind, type GatewayRouteResource } from './route-kinds';
import { qk } from '../live/query-keys';
import { useApiQuery } from '../live/use-api-query';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { buttonClass } from '../common/button';
import { EmptyState, ErrorState } from '../common/card';
import { DataTable, type Column } from '../common/data-table';

type Row = GatewayRouteRow;
export type { GatewayRouteListData };

const mono = (list: string[]) => <span className="font-mono text-xs">{list.join(', ')}</span>;

/** The list's columns for a kind: a new column is one entry here. */
function columnsFor(kind: GatewayRouteKind, project: string): Column<Row>[] {
  const name: Column<Row> = {
    id: 'name',
    header: 'Name',
    cell: (r) => (
      <Link href={`/projects/${project}/${kind.resource}/${r.name}`} className="font-medium text-indigo-700 hover:underline">
        {r.name}
      </Link>
    ),
  };
  const hostnames: Column<Row> = {
    id: 'hostnames',
    header: 'Hostnames',
    cell: (r) => (r.hostnames?.length ? r.hostnames.join(', ') : <span className="text-slate-400">any</span>),
  };
  const parents: Column<Row> = { id: 'parents', header: 'Parents', cell: (r) => mono(r.parents) };
  const backends: Column<Row> = { id: 'backends', header: 'Backends', cell: (r) => mono(r.backends) };
  const status: Column<Row> = {
    id: 'status',
    header: 'Status',
    cell: (r) => (
      <span className="space-x-1">
        {r.accepted ? <Badge tone={r.accepted === 'Accepted' ? 'green' : 'amber'}>{r.accepted}</Badge> : <span className="text-slate-400">-</span>}
        {r.resolvedRefs && r.resolvedRefs !== 'Resolved' ? <Badge tone="amber">{r.resolvedRefs}</Badge> : null}
      </span>
    ),
  };
  const age: Column<Row> = { id: 'age', header: 'Age', className: 'text-slate-500', cell: (r) => <Age ts={r.creationTimestamp} /> };
  return kind.hostnames ? [name, hostnames, parents, backends, status, age] : [name, parents, backends, status, age];
}

export function GatewayRouteList({ project, resource, initial }: { project: string; resource: GatewayRouteResource; initial?: GatewayRouteListData }) {
  const kind = ROUTE_KINDS[resource];
  const q = useApiQuery<GatewayRouteListData>(qk.list(project, resource), initial);
  const data = q.data;
  const columns = useMemo(() => columnsFor(kind, project), [kind, project]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{kind.title}</h1>
          <p className="text-sm text-slate-600">{kind.intro}</p>
        </div>
        {data?.served ? (
          <IfCan verb="create" resource={kind.permission}>
            <Link href={`/projects/${project}/${resource}/new`} className={buttonClass('primary')}>
              <Plus className="h-4 w-4" aria-hidden /> Create {kind.label}
            </Link>
          </IfCan>
        ) : null}
      </div>
      {q.isError && !data ? (
        <ErrorState title={`Could not load ${kind.title}`} message={(q.error as Error).message} />
      ) : !data ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : !data.served ? (
        <EmptyState title={kind.noApi[0]}>{kind.noApi[1]}</EmptyState>
      ) : data.rows.length === 0 ? (
        <EmptyState title={`No ${kind.title} in this project`}>{kind.none}</EmptyState>
      ) : (
        <DataTable label={kind.title} framed columns={columns} rows={data.rows} rowKey={(r) => r.name} />
      )}
    </div>
  );
}
