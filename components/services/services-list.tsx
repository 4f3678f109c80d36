'use client';
import { IfCan } from '@/components/auth/permissions';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { ServiceRow } from '@/lib/console/rows';
import { qk } from '../live/query-keys';
import { useApiQuery } from '../live/use-api-query';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { buttonClass } from '../common/button';
import { EmptyState, ErrorState } from '../common/card';
import { DataTable, type Column } from '../common/data-table';

/** The services list's columns: a new column is one entry here. */
function serviceColumns(project: string): Column<ServiceRow>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      cell: (s) => (
        <Link href={`/projects/${project}/services/${s.name}`} className="font-medium text-indigo-700 hover:underline">
          {s.name}
        </Link>
      ),
    },
    { id: 'type', header: 'Type', cell: (s) => (s.headless ? 'Headless' : s.type) },
    { id: 'clusterIP', header: 'Cluster IP', className: 'font-mono text-xs', cell: (s) => (s.type === 'ExternalName' ? s.externalName : s.clusterIP || '-') },
    {
      id: 'ports',
      header: 'Ports',
      className: 'font-mono text-xs',
      cell: (s) => s.ports.map((p) => `${p.name ? p.name + ' ' : ''}${p.port}${p.targetPort !== undefined ? '→' + p.targetPort : ''}/${p.protocol ?? 'TCP'}${p.nodePort ? ` (node ${p.nodePort})` : ''}`).join(', ') || '-',
    },
    { id: 'selector', header: 'Selector', className: 'font-mono text-xs', cell: (s) => Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(', ') || '-' },
    {
      id: 'endpoints',
      header: 'Endpoints',
      cell: (s) =>
        s.type === 'ExternalName' ? (
          <span className="text-slate-400">n/a</span>
        ) : s.ready > 0 ? (
          <Badge tone={s.notReady ? 'amber' : 'green'}>{s.ready} ready{s.notReady ? `, ${s.notReady} not ready` : ''}</Badge>
        ) : (
          <Badge tone="amber">no ready endpoints</Badge>
        ),
    },
    { id: 'age', header: 'Age', className: 'text-slate-500', cell: (s) => <Age ts={s.creationTimestamp ?? ''} /> },
  ];
}

export function ServicesList({ project, initial }: { project: string; initial: ServiceRow[] }) {
  const [search, setSearch] = useState('');
  const q = useApiQuery<ServiceRow[]>(qk.list(project, 'services'), initial);
  const columns = useMemo(() => serviceColumns(project), [project]);
  if (q.isError && !q.data) return <ErrorState title="Could not load services" message={(q.error as Error).message} />;
  const rows = (q.data ?? []).filter((s) => !search || s.name.includes(search.toLowerCase()));
  const createLink = (
    <IfCan verb="create" resource="services">
      <Link href={`/projects/${project}/services/new`} className={buttonClass('primary')}>
        <Plus className="h-4 w-4" aria-hidden /> Create service
      </Link>
    </IfCan>
  );
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <input type="search" aria-label="Search services" placeholder="Search services" value={search} onChange={(e) => setSearch(e.target.value)} className="h-9 w-80 rounded-md border border-slate-300 bg-white px-3 text-sm outline-none focus:border-indigo-500" />
        <span className="ml-auto">{createLink}</span>
      </div>
      {(q.data ?? []).length === 0 ? (
        <EmptyState title="No services in this project yet" action={createLink}>
          A service gives a set of pods one stable name and port; routes send traffic to services.
        </EmptyState>
      ) : (
        <DataTable label="Services" framed columns={columns} rows={rows} rowKey={(s) => s.name} empty={<>No service matches “{search}”.</>} />
      )}
    </div>
  );
}
