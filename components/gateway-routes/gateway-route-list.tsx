'use client';
/**
 * The read-only list of a project's Gateway API routes (HTTPRoutes or TCPRoutes), seeded by
 * the server render and kept live by the watch stream (query key [resource, project]).
 */
import Link from 'next/link';
import { Plus } from 'lucide-react';
import { useMemo } from 'react';
import { IfCan } from '@/components/auth/permissions';
import type { HttpRouteRow } from '@/lib/console/rows';
import type { TcpRouteRow } from '@/lib/console/rows';
import { ROUTE_KINDS, type GatewayRouteResource } from './route-kinds';
import { qk } from '../live/query-keys';
import { useApiQuery } from '../live/use-api-query';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { buttonClass } from '../common/button';
import { EmptyState, ErrorState } from '../common/card';
import { DataTable, type Column } from '../common/data-table';

type Row = HttpRouteRow | TcpRouteRow;
/** `served: false` when the cluster does not serve the kind (no CRD). */
export type GatewayRouteListData = { served: boolean; rows: Row[] };

const mono = (list: string[]) => <span className="font-mono text-xs">{list.join(', ')}</span>;

/** The list's columns per kind: a new column is one entry here. */
function columnsFor(resource: GatewayRouteResource, project: string): Column<Row>[] {
  const name: Column<Row> = {
    id: 'name',
    header: 'Name',
    cell: (r) => (
      <Link href={`/projects/${project}/${resource}/${r.name}`} className="font-medium text-indigo-700 hover:underline">
        {r.name}
      </Link>
    ),
  };
  const parents: Column<Row> = { id: 'parents', header: 'Parents', cell: (r) => mono(r.parents) };
  const backends: Column<Row> = { id: 'backends', header: 'Backends', cell: (r) => mono(r.backends) };
  const status: Column<Row> = {
    id: 'status',
    header: 'Status',
    cell: (r) => (
      <span className="space-x-1">
        {r.accepted ? <Badge tone={r.accepted === 'Accepted' ? 'green' : 'amber'}>{r.accepted}</Badge> : <span className="text-slate-400">-</span>}
        {'resolvedRefs' in r && r.resolvedRefs && r.resolvedRefs !== 'Resolved' ? <Badge tone="amber">{r.resolvedRefs}</Badge> : null}
      </span>
    ),
  };
  const age: Column<Row> = { id: 'age', header: 'Age', className: 'text-slate-500', cell: (r) => <Age ts={r.creationTimestamp} /> };
  if (resource === 'tcproutes') return [name, parents, backends, status, age];
  const hostnames: Column<Row> = {
    id: 'hostnames',
    header: 'Hostnames',
    cell: (r) => ('hostnames' in r && r.hostnames.length ? r.hostnames.join(', ') : <span className="text-slate-400">any</span>),
  };
  return [name, hostnames, parents, backends, status, age];
}

const TEXT: Record<GatewayRouteResource, { title: string; intro: string; noApi: [string, string]; none: string }> = {
  httproutes: {
    title: 'HTTPRoutes',
    intro: 'Gateway API routes attached to gateways of class portico.',
    noApi: ['The cluster does not serve the Gateway API', 'Install the Gateway API CRDs to use HTTPRoutes.'],
    none: 'Create one with the form or in YAML, attached to a Gateway listener.',
  },
  tcproutes: {
    title: 'TCPRoutes',
    intro: "Raw TCP forwarded by the gateway's TCP listeners (port P, or 8000 + P below 1024).",
    noApi: ['The cluster does not serve TCPRoutes', 'Install the Gateway API experimental CRDs (v1alpha2) to use TCPRoutes.'],
    none: 'Create one in YAML, attached to a Gateway listener with protocol TCP.',
  },
};

export function GatewayRouteList({ project, resource, initial }: { project: string; resource: GatewayRouteResource; initial?: GatewayRouteListData }) {
  const kind = ROUTE_KINDS[resource];
  const text = TEXT[resource];
  const q = useApiQuery<GatewayRouteListData>(qk.list(project, resource), initial);
  const data = q.data;
  const columns = useMemo(() => columnsFor(resource, project), [resource, project]);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold">{text.title}</h1>
          <p className="text-sm text-slate-600">{text.intro}</p>
        </div>
        {data?.served ? (
          <IfCan verb="create" resource={`${resource}.gateway.networking.k8s.io`}>
            <Link href={`/projects/${project}/${resource}/new`} className={buttonClass('primary')}>
              <Plus className="h-4 w-4" aria-hidden /> Create {kind.label}
            </Link>
          </IfCan>
        ) : null}
      </div>
      {q.isError && !data ? (
        <ErrorState title={`Could not load ${text.title}`} message={(q.error as Error).message} />
      ) : !data ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : !data.served ? (
        <EmptyState title={text.noApi[0]}>{text.noApi[1]}</EmptyState>
      ) : data.rows.length === 0 ? (
        <EmptyState title={`No ${text.title} in this project`}>{text.none}</EmptyState>
      ) : (
        <DataTable label={text.title} framed columns={columns} rows={data.rows} rowKey={(r) => r.name} />
      )}
    </div>
  );
}
