import 'server-only';
import { getKubeClient } from '../kube';
import { cachedFind, cachedList } from '../kube/cache';
import { summarizeService } from '../models/service';
import { diagnoseService } from '../models/diagnostics';
import { indexEndpointSlices } from '../models/route';
import { eventsFor } from './routes';
import type { ServiceRow, ServiceDetail } from '@/lib/console/rows';
import type { Ingress, Service } from '@/lib/k8s';
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
  const service = await cachedFind<Service>('services', project, name, kube);
  if (!service) return undefined;
  const [slices, pods, ings, events] = await Promise.all([
    cachedList('endpointslices', project, kube).then((all) => all.filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === name)),
    cachedList('pods', project, kube),
    cachedList<Ingress>('ingresses', project, kube),
    eventsFor(project, 'Service', name).catch(() => []),
  ]);
  const routes = ings
    .filter((i) => {
      const refs = [i.spec?.defaultBackend, ...(i.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
      return refs.some((b) => b?.service?.name === name);
    })
    .map((i) => i.metadata.name ?? '');
  return {
    service,
    summary: summarizeService(service),
    diagnostics: diagnoseService(service, slices, pods),
    events,
    routes,
  };
}
