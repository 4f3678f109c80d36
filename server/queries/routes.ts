import 'server-only';
import { getKubeClient, type KubeObject } from '../kube';
import { cachedFind, cachedItems } from '../kube/cache';
import { summarizeService, type ServiceSummary } from '../models/service';
import {
  filterRoutes,
  indexEndpointSlices,
  sortRoutes,
  summarizeRoute,
  type RouteRow,
  type RouteSortKey,
} from '../models/route';
import { hostOwnershipWarnings } from '../models/route-events';
import { routeFailureWarnings } from '../models/failure-table';
import type { RouteListResult, RouteDetail, KubeEvent } from '@/lib/console/rows';
import type { Event, Ingress, Pod, Service } from '@/lib/k8s';
export type { RouteListResult, RouteDetail, KubeEvent };

export interface RouteListQuery {
  q?: string;
  sort?: RouteSortKey;
  dir?: 'asc' | 'desc';
}

async function backendsOf(project: string) {
  const kube = await getKubeClient();
  const [svcs, slices] = await Promise.all([cachedItems('services', project, kube), cachedItems('endpointslices', project, kube)]);
  const services = new Map<string, ServiceSummary>(svcs.map((s) => [s.metadata.name, summarizeService(s)]));
  return { kube, svcs, slices, services, eps: indexEndpointSlices(slices as KubeObject[]) };
}

type Inputs = { svcs: readonly KubeObject[]; slices: readonly KubeObject[] };
/** Rows per cached Ingress array, reused while neither the routes nor their backends changed. */
const rowsMemo = new WeakMap<readonly KubeObject[], Inputs & { rows: RouteRow[] }>();

/** Routes of a project as list rows, filtered and sorted on the server. */
export async function getRouteRows(project: string, query: RouteListQuery = {}): Promise<RouteListResult> {
  const kube = await getKubeClient();
  const [{ svcs, slices, services, eps }, ings] = await Promise.all([backendsOf(project), cachedItems('ingresses', project, kube)]);
  const hit = rowsMemo.get(ings);
  let all: RouteRow[];
  if (hit && hit.svcs === svcs && hit.slices === slices) all = hit.rows;
  else {
    all = ings.map((i) => summarizeRoute(i, services, eps));
    rowsMemo.set(ings, { svcs, slices, rows: all });
  }
  const matched = filterRoutes(all, query.q ?? '');
  const rows = sortRoutes(matched, query.sort ?? 'name', query.dir ?? 'asc');
  return { rows, total: all.length, matched: matched.length };
}

export async function eventsFor(project: string, kind: string, name: string): Promise<KubeEvent[]> {
  const kube = await getKubeClient();
  const list = await kube.list<Event>('events', project, {
    fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}`,
  });
  return list.items
    .filter((e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name)
    .map((e) => ({
      type: e.type ?? 'Normal',
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: e.count ?? 1,
      lastTimestamp: e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '',
      source: e.source?.component ?? e.reportingComponent ?? '',
    }))
    .sort((a, b) => b.lastTimestamp.localeCompare(a.lastTimestamp));
}

/** One route with backend health and events; undefined when it does not exist. */
export async function getRouteDetail(project: string, name: string): Promise<RouteDetail | undefined> {
  const { kube, svcs, services, eps } = await backendsOf(project);
  const ingress = await cachedFind<Ingress>('ingresses', project, name, kube);
  if (!ingress) return undefined;
  const [events, pods] = await Promise.all([eventsFor(project, 'Ingress', name).catch(() => []), cachedItems('pods', project, kube)]);
  const row = summarizeRoute(ingress, services, eps);
  // Seed 004's failure table where a route shows it: WebSocket read timeout, undeclared backend ports.
  const hostWarnings = [...hostOwnershipWarnings(ingress, events), ...routeFailureWarnings(ingress, svcs as Service[], pods as Pod[])];
  return { ingress, row: hostWarnings.length ? { ...row, warnings: [...row.warnings, ...hostWarnings] } : row, events };
}
