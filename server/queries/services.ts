import 'server-only';
import { getKubeClient, type KubeObject } from '../kube';
import { cachedFind, cachedList } from '../kube/cache';
import { summarizeService, type ServiceSummary } from '../models/service';
import { diagnoseService, type ServiceDiagnostics } from '../models/diagnostics';
import { indexEndpointSlices } from '../models/route';
import { eventsFor, type KubeEvent } from './routes';
import type { ServiceRow, ServiceDetail } from '@/lib/console/rows';
export type { ServiceRow, ServiceDetail };

export async function getServiceRows(project: string): Promise<ServiceRow[]> {
  const kube = await getKubeClient();
  const [svcs, slices] = await Promise.all([cachedList('services', project, kube), cachedList('endpointslices', project, kube)]);
  const eps = indexEndpointSlices(slices);
  return svcs
    .map((s) => {
      const sum = summarizeService(s);
      const e = eps.get(sum.name);
      return { ...sum, ready: e?.ready ?? 0, notReady: e?.notReady ?? 0 };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getServiceDetail(project: string, name: string): Promise<ServiceDetail | undefined> {
  const kube = await getKubeClient();
  const service = await cachedFind('services', project, name, kube);
  if (!service) return undefined;
  const [slices, pods, ings, events] = await Promise.all([
    cachedList('endpointslices', project, kube).then((all) => all.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name)),
    cachedList('pods', project, kube),
    cachedList<Record<string, any>>('ingresses', project, kube), // eslint-disable-line @typescript-eslint/no-explicit-any
    eventsFor(project, 'Service', name).catch(() => []),
  ]);
  const routes = ings
    .filter((i) => {
      const refs = [i.spec?.defaultBackend, ...(i.spec?.rules ?? []).flatMap((r: any) => (r.http?.paths ?? []).map((p: any) => p.backend))]; // eslint-disable-line @typescript-eslint/no-explicit-any
      return refs.some((b) => b?.service?.name === name);
    })
    .map((i) => i.metadata.name as string);
  return {
    service,
    summary: summarizeService(service),
    diagnostics: diagnoseService(service, slices, pods),
    events,
    routes,
  };
}
