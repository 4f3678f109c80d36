'use client';
import { IfCan } from '@/components/auth/permissions';
import { Plus } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import type { ServiceRow } from '@/lib/console/rows';
import { qk } from '../live/query-keys';
import { useApiQuery } from '../live/use-api-query';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { buttonClass } from '../common/button';
import { EmptyState, ErrorState } from '../common/card';

export function ServicesList({ project, initial }: { project: string; initial: ServiceRow[] }) {
  const [search, setSearch] = useState('');
  const q = useApiQuery<ServiceRow[]>(qk.list(project, 'services'), initial);
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
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="w-full text-sm" aria-label="Services">
            <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase">
              <tr>
                <th className="px-4 py-2 font-semibold">Name</th>
                <th className="px-4 py-2 font-semibold">Type</th>
                <th className="px-4 py-2 font-semibold">Cluster IP</th>
                <th className="px-4 py-2 font-semibold">Ports</th>
                <th className="px-4 py-2 font-semibold">Selector</th>
                <th className="px-4 py-2 font-semibold">Endpoints</th>
                <th className="px-4 py-2 font-semibold">Age</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.name} className="border-t border-slate-100 hover:bg-slate-50">
                  <td className="px-4 py-2.5">
                    <Link href={`/projects/${project}/services/${s.name}`} className="font-medium text-indigo-700 hover:underline">{s.name}</Link>
                  </td>
                  <td className="px-4 py-2.5">{s.headless ? 'Headless' : s.type}</td>
                  <td className="px-4 py-2.5 font-mono text-xs">{s.type === 'ExternalName' ? s.externalName : s.clusterIP || '-'}</td>
                  <td className="px-4 py-2.5 font-mono text-xs">
                    {s.ports.map((p) => `${p.name ? p.name + ' ' : ''}${p.port}${p.targetPort !== undefined ? '→' + p.targetPort : ''}/${p.protocol ?? 'TCP'}${p.nodePort ? ` (node ${p.nodePort})` : ''}`).join(', ') || '-'}
                  </td>
                  <td className="px-4 py-2.5 font-mono text-xs">{Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(', ') || '-'}</td>
                  <td className="px-4 py-2.5">
                    {s.type === 'ExternalName' ? (
                      <span className="text-slate-400">n/a</span>
                    ) : s.ready > 0 ? (
                      <Badge tone={s.notReady ? 'amber' : 'green'}>{s.ready} ready{s.notReady ? `, ${s.notReady} not ready` : ''}</Badge>
                    ) : (
                      <Badge tone="amber">no ready endpoints</Badge>
                    )}
                  </td>
                  <td className="px-4 py-2.5 text-slate-500"><Age ts={s.creationTimestamp ?? ''} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="px-4 py-6 text-center text-sm text-slate-500">No service matches “{search}”.</p>}
        </div>
      )}
    </div>
  );
}
