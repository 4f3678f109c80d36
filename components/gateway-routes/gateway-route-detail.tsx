'use client';
/**
 * Detail page of a Gateway API route of any kind (route-kinds.ts): overview (parents,
 * hostnames, rules, status conditions per parent Gateway), the form (every kind), the YAML
 * tab with diff-before-save and 409 handling, and
 * delete with a confirmation naming the route. Live: the watch stream refreshes the query.
 */
import { useEffect } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { toast } from 'sonner';
import { IfCan } from '@/components/auth/permissions';
import { qk } from '../live/query-keys';
import { getApiItem } from '../live/api-fetch';
import { useApiQuery } from '../live/use-api-query';
import { checkManifestText } from '../common/manifest-check';
import { ManifestYamlTab } from '../common/manifest-yaml-tab';
import { Age } from '../common/age';
import { Badge } from '../common/badge';
import { Button } from '../common/button';
import { Card, EmptyState, ErrorState } from '../common/card';
import { ConfirmDialog } from '../common/confirm-dialog';
import { DataTable, type Column } from '../common/data-table';
import type { BackendRef, ParentReference } from '@/lib/k8s';
import { routeSpec, type GatewayRouteObject, type GatewayRouteMatch, type GatewayRouteRuleView } from '@/lib/console/gateway-route-kinds';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '../common/tabs';
import { HttpRouteEditor } from './httproute-editor';
import { ROUTE_KINDS, type GatewayRouteKind, type GatewayRouteResource } from './route-kinds';
import { StreamRouteEditor } from './stream-route-editor';
import { isStreamRouteResource } from './stream-route-resources';

export type { GatewayRouteObject };

/** A rule of any route kind: backends, and matches and filters for the kinds that have them. */
type AnyRule = GatewayRouteRuleView;
const rulesOf = (obj: GatewayRouteObject): AnyRule[] => routeSpec(obj).rules ?? [];
const matchesOf = (r: AnyRule): GatewayRouteMatch[] => (r.matches?.length ? r.matches : [{}]);
const filtersOf = (r: AnyRule): string[] => (r.filters ?? []).map((f) => f.type);
const hostnamesOf = (obj: GatewayRouteObject): string[] => routeSpec(obj).hostnames ?? [];

const parentText = (p: Partial<ParentReference>) => `${p.namespace ? `${p.namespace}/` : ''}${p.name}${p.sectionName ? ` (listener ${p.sectionName})` : ''}${p.port ? `:${p.port}` : ''}`;
const backendText = (b: BackendRef) => `${b.name}:${b.port ?? ''}${b.weight !== undefined ? ` weight ${b.weight}` : ''}`;

/** What deleting stops serving, for the confirmation. */
export function trafficLines(kind: GatewayRouteKind, obj: GatewayRouteObject): string[] {
  const hosts = hostnamesOf(obj).join(', ') || 'any host';
  const matches = (r: AnyRule) => (kind.matchText ? ` ${matchesOf(r).map((m) => kind.matchText?.(m)).join(' | ')}` : '');
  return rulesOf(obj).map((r) => `${hosts}${matches(r)} → ${(r.backendRefs ?? []).map(backendText).join(', ') || 'no backend'}`);
}

function DeleteRoute({ kind, project, obj }: { kind: GatewayRouteKind; project: string; obj: GatewayRouteObject }) {
  const router = useRouter();
  const qc = useQueryClient();
  const name = obj.metadata.name ?? '';
  return (
    <ConfirmDialog
      title={`Delete ${kind.label} ${name}?`}
      confirmLabel={`Delete ${kind.label}`}
      trigger={
        <Button variant="secondary" className="text-red-700">
          <Trash2 className="h-4 w-4" aria-hidden /> Delete
        </Button>
      }
      onConfirm={async () => {
        const r = await kind.remove(project, name);
        if (!r.ok) {
          toast.error(r.message);
          return false;
        }
        toast.success(`${kind.label} ${name} deleted`);
        qc.removeQueries({ queryKey: qk.item(project, kind.resource, name) });
        void qc.invalidateQueries({ queryKey: qk.list(project, kind.resource) });
        router.push(`/projects/${project}/${kind.resource}`);
        return true;
      }}
    >
      <p>
        This removes the {kind.label} <strong>{name}</strong> from project <strong>{project}</strong>. The gateway stops serving:
      </p>
      <ul className="max-h-40 list-disc overflow-auto pl-5 font-mono text-xs" aria-label="Traffic that stops">
        {trafficLines(kind, obj).map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
      <p className="text-slate-500">Gateways and Services it points to are kept.</p>
    </ConfirmDialog>
  );
}

const ruleNumber: Column<AnyRule> = { id: 'n', header: '#', className: 'text-slate-500', cell: (_, i) => i + 1 };
const ruleBackends: Column<AnyRule> = { id: 'backends', header: 'Backends', className: 'font-mono text-xs', cell: (r) => (r.backendRefs ?? []).map(backendText).join(', ') || '-' };

/** Rule columns for a kind: matches and filters for the kinds that have them. */
function ruleColumns(kind: GatewayRouteKind): Column<AnyRule>[] {
  if (!kind.matchText) return [ruleNumber, ruleBackends];
  const matchText = (m: GatewayRouteMatch) => kind.matchText?.(m) ?? '';
  return [
    ruleNumber,
    { id: 'matches', header: 'Matches', className: 'font-mono text-xs', cell: (r) => matchesOf(r).map(matchText).join(' | ') },
    { id: 'filters', header: 'Filters', className: 'text-xs', cell: (r) => filtersOf(r).join(', ') || '-' },
    ruleBackends,
  ];
}

function Overview({ kind, obj }: { kind: GatewayRouteKind; obj: GatewayRouteObject }) {
  const parents = obj.status?.parents ?? [];
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Gateways" aria-label="Gateways">
          <ul className="space-y-1 text-sm">
            {(routeSpec(obj).parentRefs ?? []).map((p, i) => (
              <li key={i} className="font-mono text-xs">{parentText(p)}</li>
            ))}
          </ul>
        </Card>
        {kind.hostnames ? (
          <Card title="Hostnames" aria-label="Hostnames">
            <p className="text-sm">{hostnamesOf(obj).join(', ') || <span className="text-slate-500">Every host of the listener</span>}</p>
          </Card>
        ) : null}
      </div>
      <Card title="Rules" aria-label="Rules">
        <DataTable label="Rules table" columns={ruleColumns(kind)} rows={rulesOf(obj)} rowKey={(_, i) => String(i)} />
      </Card>
      <Card title="Status" aria-label="Status">
        {parents.length === 0 ? (
          <p className="text-sm text-slate-500">No Gateway has reported on this route yet.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {parents.map((p, i) => (
              <li key={i}>
                <span className="font-mono text-xs">{parentText(p.parentRef ?? {})}</span>
                <span className="ml-2 inline-flex flex-wrap gap-1">
                  {(p.conditions ?? []).map((c) => (
                    <Badge key={c.type} tone={c.status === 'True' ? 'green' : 'amber'} title={c.message}>
                      {c.type}: {c.status === 'True' ? 'yes' : c.reason}
                    </Badge>
                  ))}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

export function GatewayRouteDetail({ project, name, resource, initial }: { project: string; name: string; resource: GatewayRouteResource; initial: GatewayRouteObject | null }) {
  const kind = ROUTE_KINDS[resource];
  const qc = useQueryClient();
  const key = qk.item(project, resource, name);
  const q = useApiQuery<GatewayRouteObject | null>(key, initial, { item: true });
  // A change between the server render and this mount (e.g. the gateway's first status)
  // invalidated no query yet: read once more now that the live stream covers this page.
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: qk.item(project, resource, name), exact: true });
  }, [qc, resource, project, name]);
  if (q.isError && !q.data) return <ErrorState title={`Could not load the ${kind.label}`} message={(q.error as Error).message} />;
  const obj = q.data;
  if (!obj) {
    return (
      <EmptyState title={`${kind.label} ${name} does not exist`} action={<Link className="text-indigo-700 underline" href={`/projects/${project}/${resource}`}>Back to {kind.title}</Link>}>
        It may have been deleted, possibly from another tab or with kubectl.
      </EmptyState>
    );
  }
  const canWrite = kind.permission;
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href={`/projects/${project}/${resource}`} className="hover:underline">{kind.title}</Link> / <span className="text-slate-800">{name}</span>
      </nav>
      <header className="flex flex-wrap items-start gap-3">
        <div>
          <h1 className="text-xl font-semibold">{name}</h1>
          <p className="text-xs text-slate-500">
            {kind.label} · created <Age ts={obj.metadata?.creationTimestamp ?? ''} /> ago
          </p>
        </div>
        <div className="ml-auto">
          <IfCan verb="delete" resource={canWrite}>
            <DeleteRoute kind={kind} project={project} obj={obj} />
          </IfCan>
        </div>
      </header>
      <Tabs defaultValue="overview">
        <TabsList aria-label={`${kind.label} sections`}>
          <TabsTrigger value="overview">Overview</TabsTrigger>
          {kind.form ? <TabsTrigger value="edit">Edit</TabsTrigger> : null}
          <TabsTrigger value="yaml">YAML</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="pt-4">
          <Overview kind={kind} obj={obj} />
        </TabsContent>
        {kind.form ? (
          <TabsContent value="edit" className="pt-4">
            {obj.kind === 'HTTPRoute' ? (
              <HttpRouteEditor project={project} existing={obj} onSaved={(saved) => qc.setQueryData(key, saved)} />
            ) : isStreamRouteResource(resource) ? (
              <StreamRouteEditor resource={resource} project={project} existing={obj} onSaved={(saved) => qc.setQueryData(key, saved)} />
            ) : null}
          </TabsContent>
        ) : null}
        <TabsContent value="yaml" className="pt-4">
          <ManifestYamlTab
            updateResource={canWrite}
            object={obj}
            kindLabel={kind.label}
            schema={kind.editorSchema()}
            check={(text, lang) => checkManifestText(text, lang, project, kind.expected)}
            apply={async (m) => {
              const r = await kind.update(project, name, m);
              if (r.ok) qc.setQueryData(key, r.value);
              return r;
            }}
            reload={async () => {
              return (await getApiItem<GatewayRouteObject>(key).catch(() => null)) ?? undefined;
            }}
          />
        </TabsContent>
      </Tabs>
    </div>
  );
}
