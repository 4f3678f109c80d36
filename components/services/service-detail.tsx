'use client';
import { IfCan } from '@/components/auth/permissions';
import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Pencil, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { deleteServiceAction, updateServiceAction } from '@/server/actions/services';
import type { ServiceDetail } from '@/lib/console/rows';
import { qk } from '../live/query-keys';
import { getApiItem } from '../live/api-fetch';
import { useApiQuery } from '../live/use-api-query';
import { EventsTable } from '../common/events-table';
import { ManifestYamlTab } from '../common/manifest-yaml-tab';
import { Badge } from '../common/badge';
import { Button, buttonClass } from '../common/button';
import { Card, EmptyState, ErrorState } from '../common/card';
import { ConfirmDialog } from '../common/confirm-dialog';
import { DataTable, type Column } from '../common/data-table';
import { ServiceEndpointsPanel } from './service-endpoints-panel';
import { BackendTlsPanel } from './backend-tls-panel';

const PORT_COLUMNS: Column<ServiceDetail['summary']['ports'][number]>[] = [
  { id: 'name', header: 'Name', cell: (p) => p.name ?? '-' },
  { id: 'port', header: 'Port', cell: (p) => p.port },
  { id: 'targetPort', header: 'Target port', cell: (p) => p.targetPort ?? p.port },
  { id: 'protocol', header: 'Protocol', cell: (p) => p.protocol ?? 'TCP' },
  { id: 'appProtocol', header: 'App protocol', cell: (p) => p.appProtocol ?? '-' },
  { id: 'nodePort', header: 'Node port', cell: (p) => p.nodePort ?? '-' },
];

import { Tabs, TabsContent, TabsList, TabsTrigger } from '../common/tabs';
import { validateObject } from '@/lib/k8s';
import { parseManifest } from '../editor/manifest-text';

/** status.loadBalancer.ingress: the addresses the load balancer answers on (IP or host name, with ports if given). */
function loadBalancerAddresses(svc: ServiceDetail['service']): string[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter((a) => a !== '');
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export function ServiceDetailView({ project, name, initial }: { project: string; name: string; initial: ServiceDetail | null }) {
  const router = useRouter();
  const qc = useQueryClient();
  const key = qk.item(project, 'services', name);
  const q = useApiQuery<ServiceDetail | null>(key, initial, { item: true });
  if (q.isError && !q.data) return <ErrorState title="Could not load the service" message={(q.error as Error).message} />;
  const d = q.data;
  if (!d) {
    return (
      <EmptyState title={`Service ${name} does not exist`} action={<Link className="text-indigo-700 underline" href={`/projects/${project}/services`}>Back to services</Link>} />
    );
  }
  const { summary: s, diagnostics: diag } = d;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/services`} className="hover:underline">Services</Link> / <span className="text-slate-800">{name}</span>
      </nav>
      <header className="flex items-start gap-3">
        <h1 className="text-xl font-semibold">{name}</h1>
        <Badge>{s.headless ? 'Headless' : s.type}</Badge>
        <div className="ml-auto flex gap-2">
          <IfCan verb="update" resource="services">
            <Link href={`/projects/${project}/services/${name}/edit`} className={buttonClass()}>
              <Pencil className="h-4 w-4" aria-hidden /> Edit
            </Link>
          </IfCan>
          <IfCan verb="delete" resource="services">
          <ConfirmDialog
            title={`Delete service ${name}?`}
            confirmLabel="Delete service"
            trigger={
              <Button className="text-red-700">
                <Trash2 className="h-4 w-4" aria-hidden /> Delete
              </Button>
            }
            onConfirm={async () => {
              const r = await deleteServiceAction(project, name);
              if (!r.ok) {
                toast.error(r.message);
                return false;
              }
              toast.success(`Service ${name} deleted`);
              void qc.invalidateQueries({ queryKey: qk.list(project, 'services') });
              router.push(`/projects/${project}/services`);
              return true;
            }}
          >
            <p>
              This removes the Service <strong>{name}</strong> and its endpoints from project <strong>{project}</strong>. Pods are kept.
            </p>
            {d.routes.length > 0 && (
              <p className="text-amber-800">
                {d.routes.length} route{d.routes.length > 1 ? 's' : ''} will lose their backend: {d.routes.join(', ')}.
              </p>
            )}
          </ConfirmDialog>
          </IfCan>
        </div>
      </header>
      {diag.problems.length > 0 && (
        <section role="alert" aria-label="Diagnostics" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p className="flex items-center gap-1.5 font-semibold"><AlertTriangle className="h-4 w-4" aria-hidden /> Problems found</p>
          <ul className="mt-1 list-disc pl-5">
            {diag.problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
          {diag.nearMisses.length > 0 && (
            <div className="mt-2">
              <p className="font-medium">Pods whose labels nearly match the selector:</p>
              <ul className="list-disc pl-5">
                {diag.nearMisses.slice(0, 10).map((n) => (
                  <li key={n.pod}>
                    <span className="font-mono">{n.pod}</span>:{' '}
                    {n.mismatches.map((m) => (m.has === undefined ? `missing ${m.key}=${m.want}` : `${m.key}=${m.has} (selector wants ${m.want})`)).join(', ')}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}
      <Tabs defaultValue="overview">
        <TabsList aria-label="Service sections">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="events">Events ({d.events.length})</TabsTrigger>
          <TabsTrigger value="yaml">YAML</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="space-y-4 pt-4">
          <Card title="Details">
            <dl className="grid grid-cols-2 gap-4 md:grid-cols-4">
              <Fact label="Type">{s.headless ? 'ClusterIP (headless)' : s.type}</Fact>
              <Fact label={s.type === 'ExternalName' ? 'External name' : 'Cluster IP'}>
                <span className="font-mono text-xs">{s.type === 'ExternalName' ? s.externalName : s.clusterIP || '-'}</span>
              </Fact>
              <Fact label="Selector">
                <span className="font-mono text-xs">{Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}</span>
              </Fact>
              {s.type === 'NodePort' || s.type === 'LoadBalancer' ? (
                <Fact label="Node ports">
                  <span className="font-mono text-xs">{s.ports.map((p) => `${p.port}→${p.nodePort ?? 'pending'}/${p.protocol ?? 'TCP'}`).join(', ') || '-'}</span>
                </Fact>
              ) : null}
              {s.type === 'LoadBalancer' ? (
                <Fact label="Load balancer address">
                  <span className="font-mono text-xs">{loadBalancerAddresses(d.service).join(', ') || 'pending'}</span>
                </Fact>
              ) : null}
              {d.service.spec?.sessionAffinity === 'ClientIP' ? (
                <Fact label="Session affinity">
                  ClientIP, {String((d.service.spec as { sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } } }).sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800)} s
                </Fact>
              ) : null}
              <Fact label="Routes using it">
                {d.routes.length ? d.routes.map((r) => <Link key={r} href={`/projects/${project}/routes/${r}`} className="mr-2 text-indigo-700 hover:underline">{r}</Link>) : 'none'}
              </Fact>
            </dl>
          </Card>
          <Card title="Ports">
            <DataTable label="Service ports" columns={PORT_COLUMNS} rows={s.ports} rowKey={(_, i) => String(i)} />
          </Card>
          <ServiceEndpointsPanel project={project} service={name} ports={s.ports} />
          <BackendTlsPanel project={project} service={name} />
          <Card title="Selected pods">
            {diag.selectedPods.length === 0 ? (
              <p className="text-sm text-slate-500">No pod matches the selector.</p>
            ) : (
              <ul className="space-y-1 text-sm" aria-label="Selected pods">
                {diag.selectedPods.map((p) => (
                  <li key={p.name} className="flex items-center gap-2">
                    <span className="font-mono text-xs">{p.name}</span>
                    <span className="font-mono text-xs text-slate-500">{p.podIP}</span>
                    {p.ready ? <Badge tone="green">ready</Badge> : <Badge tone="amber">not ready{p.reason ? `: ${p.reason}` : ''}</Badge>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </TabsContent>
        <TabsContent value="events" className="pt-4">
          <EventsTable events={d.events} />
        </TabsContent>
        <TabsContent value="yaml" className="pt-4">
          <ManifestYamlTab
            updateResource="services"
            object={d.service}
            kindLabel="Service"
            check={(text, lang) => {
              const p = parseManifest(text, lang);
              if (!p.ok) return { reason: p.problems[0]?.message, causes: [] };
              const causes = validateObject(p.value);
              return { reason: causes[0] ? `${causes[0].field}: ${causes[0].message}` : undefined, causes };
            }}
            apply={async (m) => {
              const r = await updateServiceAction(project, name, m);
              if (r.ok) void qc.invalidateQueries({ queryKey: key });
              return r;
            }}
            reload={async () => {
              const d = await getApiItem<ServiceDetail>(key).catch(() => null);
              return d?.service;
            }}
          />
        </TabsContent>
      </Tabs>
    </div>
  );
}
