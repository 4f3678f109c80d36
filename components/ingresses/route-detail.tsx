'use client';
import { IfCan } from '@/components/auth/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Lock, Pencil, Plus } from 'lucide-react';
import Link from 'next/link';
import { updateRouteAction } from '@/server/actions/routes';
import type { RouteDetail, RouteRow } from '@/lib/console/rows';
import type { Ingress } from '@/lib/k8s';
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
import { ConvertDialog } from './convert-dialog';
import { EventsTable } from '../common/events-table';
import { ManifestYamlTab } from '../common/manifest-yaml-tab';
import { DataTable, type Column } from '../common/data-table';

/** A rule path, or the default backend (no host, path or path type). */
type RuleRow = { host?: string; path?: string; pathType?: string; backend: RouteRow['paths'][number]['backend'] };

function ruleRows(row: RouteRow): RuleRow[] {
  return [...row.paths, ...(row.defaultBackend ? [{ backend: row.defaultBackend }] : [])];
}

function ruleColumns(project: string, tlsHosts: string[]): Column<RuleRow>[] {
  return [
    {
      id: 'host',
      header: 'Host',
      cell: (p) =>
        p.host === undefined ? (
          <span className="text-slate-500">Default backend (no rule matched)</span>
        ) : (
          <>
            {p.host}
            {tlsHosts.includes(p.host) && <Lock className="ml-1 inline h-3 w-3 text-indigo-600" aria-label="TLS" />}
          </>
        ),
    },
    { id: 'path', header: 'Path', className: 'font-mono text-xs', cell: (p) => p.path },
    { id: 'pathType', header: 'Path type', className: 'text-xs', cell: (p) => p.pathType },
    {
      id: 'backend',
      header: 'Backend',
      cell: (p) => (
        <>
          <Link href={`/projects/${project}/services/${p.backend.service}`} className="text-indigo-700 hover:underline">{p.backend.service}</Link>
          <span className="text-slate-500">:{p.backend.port}</span>
        </>
      ),
    },
    { id: 'health', header: 'Health', cell: (p) => <BackendHealthBadge b={p.backend} /> },
  ];
}

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
  const spec: Partial<Ingress['spec']> = ingress.spec ?? {};

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
          <IfCan verb="update" resource="ingresses.networking.k8s.io">
            <Link href={`/projects/${project}/routes/${name}/edit`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
              <Pencil className="h-4 w-4" aria-hidden /> Edit
            </Link>
          </IfCan>
          <IfCan verb="create" resource="httproutes.gateway.networking.k8s.io">
            <ConvertDialog project={project} name={name} />
          </IfCan>
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
              <DataTable label="Rules table" columns={ruleColumns(project, row.tlsHosts)} rows={ruleRows(row)} rowKey={(_, i) => String(i)} />
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
            updateResource="ingresses.networking.k8s.io"
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
