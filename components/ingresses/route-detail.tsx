'use client';
import { IfCan } from '@/components/auth/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Lock, Plus } from 'lucide-react';
import Link from 'next/link';
import { updateRouteAction } from '@/server/actions/routes';
import type { RouteDetail } from '@/lib/console/rows';
import { ingressEditorSchema, validateManifestText } from '../common/manifest-check';
import { qk } from '../live/query-keys';
import { getApiItem } from '../live/api-fetch';
import { useApiQuery } from '../live/use-api-query';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { Card, EmptyState, ErrorState } from '../common/card';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../common/tabs';
import { AccessPanel } from './access-panel';
import { BackendHealthBadge } from './backend-badge';
import { DeleteRouteDialog } from './delete-route-dialog';
import { EventsTable } from '../common/events-table';
import { ManifestYamlTab } from '../common/manifest-yaml-tab';

function KeyValues({ label, values, empty }: { label: string; values: Record<string, string>; empty: string }) {
  const entries = Object.entries(values);
  return (
    <Card title={label} aria-label={label}>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <dl className="grid grid-cols-[minmax(10rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
          {entries.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono text-xs break-all text-slate-600">{k}</dt>
              <dd className="font-mono text-xs break-all">{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

export function RouteDetailView({ project, name, initial }: { project: string; name: string; initial: RouteDetail | null }) {
  const qc = useQueryClient();
  const key = qk.item(project, 'routes', name);
  const q = useApiQuery<RouteDetail | null>(key, initial, { item: true });
  if (q.isError && !q.data) return <ErrorState title="Could not load the route" message={(q.error as Error).message} />;
  const d = q.data;
  if (!d) {
    return (
      <EmptyState title={`Route ${name} does not exist`} action={<Link className="text-indigo-700 underline" href={`/projects/${project}/routes`}>Back to routes</Link>}>
        It may have been deleted, possibly from another tab or with kubectl.
      </EmptyState>
    );
  }
  const { row, ingress, events } = d;
  const meta = ingress.metadata;
  const annotations = Object.fromEntries(Object.entries(meta.annotations ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration'));
  const spec = (ingress.spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/routes`} className="hover:underline">Routes</Link> / <span className="text-slate-800">{name}</span>
      </nav>
      <header className="flex flex-wrap items-start gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-semibold">{row.name}</h1>
          {(row.alias || row.description) && (
            <p className="text-sm text-slate-600">
              {row.alias && <span className="font-medium">{row.alias}</span>}
              {row.alias && row.description && ' · '}
              {row.description}
            </p>
          )}
          <div className="mt-1.5 flex flex-wrap items-center gap-2 text-xs text-slate-500">
            <span>Address: {row.address || 'not assigned yet'}</span>
            {row.tls && <Badge tone="blue"><Lock className="h-3 w-3" aria-hidden />TLS</Badge>}
            {spec.ingressClassName && <Badge>class {spec.ingressClassName}</Badge>}
            <span>
              Created <Age ts={row.creationTimestamp} /> ago
            </span>
          </div>
        </div>
        <div className="ml-auto flex gap-2">
          <IfCan verb="delete" resource="ingresses.networking.k8s.io">
            <DeleteRouteDialog project={project} row={row} />
          </IfCan>
        </div>
      </header>
      {row.warnings.length > 0 && (
        <div role="alert" className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          <ul>
            {row.warnings.map((w) => <li key={w}>{w}</li>)}
          </ul>
        </div>
      )}
      <Tabs defaultValue="overview">
        <TabsList aria-label="Route sections">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="access">Access</TabsTrigger>
          <TabsTrigger value="events">Events ({events.length})</TabsTrigger>
          <TabsTrigger value="yaml">YAML</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="space-y-4 pt-4">
          <Card title="Rules" aria-label="Rules">
            {row.paths.length === 0 && !row.defaultBackend ? (
              <p className="text-sm text-slate-500">No rules.</p>
            ) : (
              <table className="w-full text-sm" aria-label="Rules table">
                <thead className="text-left text-xs text-slate-500 uppercase">
                  <tr>
                    <th className="py-1 pr-3 font-medium">Host</th>
                    <th className="py-1 pr-3 font-medium">Path</th>
                    <th className="py-1 pr-3 font-medium">Path type</th>
                    <th className="py-1 pr-3 font-medium">Backend</th>
                    <th className="py-1 font-medium">Health</th>
                  </tr>
                </thead>
                <tbody>
                  {row.paths.map((p, i) => (
                    <tr key={i} className="border-t border-slate-100">
                      <td className="py-1.5 pr-3">
                        {p.host}
                        {row.tlsHosts.includes(p.host) && <Lock className="ml-1 inline h-3 w-3 text-indigo-600" aria-label="TLS" />}
                      </td>
                      <td className="py-1.5 pr-3 font-mono text-xs">{p.path}</td>
                      <td className="py-1.5 pr-3 text-xs">{p.pathType}</td>
                      <td className="py-1.5 pr-3">
                        <Link href={`/projects/${project}/services/${p.backend.service}`} className="text-indigo-700 hover:underline">{p.backend.service}</Link>
                        <span className="text-slate-500">:{p.backend.port}</span>
                      </td>
                      <td className="py-1.5"><BackendHealthBadge b={p.backend} /></td>
                    </tr>
                  ))}
                  {row.defaultBackend && (
                    <tr className="border-t border-slate-100">
                      <td className="py-1.5 pr-3 text-slate-500" colSpan={3}>Default backend (no rule matched)</td>
                      <td className="py-1.5 pr-3">
                        <Link href={`/projects/${project}/services/${row.defaultBackend.service}`} className="text-indigo-700 hover:underline">{row.defaultBackend.service}</Link>
                        <span className="text-slate-500">:{row.defaultBackend.port}</span>
                      </td>
                      <td className="py-1.5"><BackendHealthBadge b={row.defaultBackend} /></td>
                    </tr>
                  )}
                </tbody>
              </table>
            )}
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <KeyValues label="Annotations" values={annotations} empty="No annotations." />
            <KeyValues label="Labels" values={meta.labels ?? {}} empty="No labels." />
          </div>
        </TabsContent>
        <TabsContent value="access" className="pt-4">
          <AccessPanel project={project} row={row} />
        </TabsContent>
        <TabsContent value="events" className="pt-4">
          <EventsTable events={events} />
        </TabsContent>
        <TabsContent value="yaml" className="pt-4">
          <ManifestYamlTab
            object={ingress}
            kindLabel="Route"
            schema={ingressEditorSchema()}
            check={(text, lang) => validateManifestText(text, lang, project)}
            apply={async (m) => {
              const r = await updateRouteAction(project, name, m);
              if (r.ok) void qc.invalidateQueries({ queryKey: key });
              return r;
            }}
            reload={async () => {
              const d = await getApiItem<RouteDetail>(key).catch(() => null);
              return d?.ingress;
            }}
          />
        </TabsContent>
      </Tabs>
      <p className="text-xs text-slate-400">
        <IfCan verb="create" resource="ingresses.networking.k8s.io"><Link href={`/projects/${project}/routes/new`} className="inline-flex items-center gap-1 hover:underline"><Plus className="h-3 w-3" aria-hidden />Create another route</Link></IfCan>
      </p>
    </div>
  );
}
