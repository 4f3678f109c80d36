import 'server-only';
import { getKubeClient } from '../kube';
import { cachedFind, cachedList } from '../kube/cache';
import { summarizeService } from '../models/service';
import { diagnoseService } from '../models/diagnostics';
import { indexEndpointSlices } from '../models/route';
import { matchesMapSelector, isPodReady } from '@/lib/k8s';
import { resolveExternalName } from './external-name-lookup';
import { eventsFor } from './routes';
import type { ServiceRow, ServiceDetail } from '@/lib/console/rows';
import type { Ingress, Pod, Service } from '@/lib/k8s';

/** Events of (at most 5) selected pods that are not ready: kubelet's probe failures name the reason. */
async function unreadyPodEvents(project: string, service: Service, pods: readonly Pod[]) {
  const selector = service.spec?.selector ?? {};
  const unready = pods.filter((p) => matchesMapSelector(selector, p.metadata?.labels) && !isPodReady(p)).slice(0, 5);
  const lists = await Promise.all(unready.map((p) => eventsFor(project, 'Pod', p.metadata.name ?? '').catch(() => [])));
  return lists.flatMap((list, i) => list.map((e) => ({ ...e, involvedObject: { kind: 'Pod', name: unready[i].metadata.name }, lastTimestamp: e.lastTimestamp })));
}
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
    diagnostics: diagnoseService(service, slices, pods, {
      events: await unreadyPodEvents(project, service, pods as Pod[]),
      externalName: service.spec?.type === 'ExternalName' && service.spec.externalName ? await resolveExternalName(service.spec.externalName) : undefined,
    }),
    events,
    routes,
  };
}
