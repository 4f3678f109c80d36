/**
 * Pure part of the EndpointSlice and Endpoints controllers: which pods back a Service, on
 * which ports (named targetPorts resolved per pod), grouped by port set as Kubernetes does.
 */
import type { KubeObject } from '../store/registry';
import { isPodReady, matchesMapSelector, type Endpoints, type ObjectReference, type Pod, type Service } from '../../lib/k8s';
import { stored } from '../store/typed';
import { canonicalJson } from './template-hash';

type Subset = NonNullable<Endpoints['subsets']>[number];

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  /** A Pod for computed slices; whatever the hand-written Endpoints named for mirrored ones. */
  targetRef?: ObjectReference;
  nodeName?: string;
}

export interface SliceGroup {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

const podReady = (pod: KubeObject) => isPodReady(stored<Pod>(pod));

/** The Service's ports as served by one pod; ports whose named targetPort the pod lacks are left out. */
export function resolvePorts(service: KubeObject, pod: KubeObject): SlicePort[] {
  const out: SlicePort[] = [];
  const containers = stored<Pod>(pod).spec?.containers ?? [];
  for (const sp of stored<Service>(service).spec?.ports ?? []) {
    const protocol = sp.protocol ?? 'TCP';
    const target = sp.targetPort ?? sp.port;
    let port: number | undefined;
    if (typeof target === 'number') port = target;
    else if (typeof target === 'string' && /^\d+$/.test(target)) port = Number(target);
    else if (typeof target === 'string')
      for (const c of containers)
        for (const cp of c.ports ?? [])
          if (cp.name === target && (cp.protocol ?? 'TCP') === protocol && port === undefined)
            port = cp.containerPort;
    if (port === undefined) continue;
    const p: SlicePort = { name: sp.name ?? '', port, protocol };
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    out.push(p);
  }
  return out;
}

/** Pods that can be endpoints: selected, with an IP, not finished. */
export function selectedPods(service: KubeObject, pods: KubeObject[]): KubeObject[] {
  const selector = stored<Service>(service).spec?.selector;
  return pods.filter((p) => {
    const status = stored<Pod>(p).status ?? {};
    return (
      p.metadata.namespace === service.metadata.namespace &&
      matchesMapSelector(selector, p.metadata.labels) &&
      typeof status.podIP === 'string' &&
      status.podIP !== '' &&
      status.phase !== 'Succeeded' &&
      status.phase !== 'Failed'
    );
  });
}

export function endpointFor(service: KubeObject, pod: KubeObject): SliceEndpoint {
  const spec = stored<Service>(service).spec ?? {};
  const podSpec = stored<Pod>(pod).spec ?? {};
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = podReady(pod);
  const ep: SliceEndpoint = {
    // selectedPods() let only pods with an IP through.
    addresses: [stored<Pod>(pod).status!.podIP!],
    conditions: {
      ready: (spec.publishNotReadyAddresses === true || ready) && !terminating,
      serving: ready,
      terminating,
    },
  };
  if (podSpec.hostname && podSpec.subdomain === service.metadata.name)
    ep.hostname = podSpec.hostname;
  ep.targetRef = {
    kind: 'Pod',
    namespace: pod.metadata.namespace!,
    name: pod.metadata.name!,
    uid: pod.metadata.uid!,
  };
  if (podSpec.nodeName) ep.nodeName = podSpec.nodeName;
  return ep;
}

export const portsKey = (ports: SlicePort[]) =>
  canonicalJson(
    [...ports].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.port - b.port)),
  );

/** Endpoints grouped by port set; one group with no endpoints when nothing is selected. */
export function computeSliceGroups(service: KubeObject, pods: KubeObject[]): SliceGroup[] {
  const groups = new Map<string, SliceGroup>();
  const sorted = selectedPods(service, pods).sort((a, b) =>
    a.metadata.name! < b.metadata.name! ? -1 : 1,
  );
  for (const pod of sorted) {
    const ports = resolvePorts(service, pod);
    const k = portsKey(ports);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ports, endpoints: [] }));
    g.endpoints.push(endpointFor(service, pod));
  }
  if (groups.size === 0) return [{ ports: [], endpoints: [] }];
  return [...groups.values()];
}

/** The legacy Endpoints subsets: ready and not-ready addresses per port set (terminating pods left out). */
export function computeEndpointsSubsets(service: KubeObject, pods: KubeObject[]): Subset[] {
  const subsets: Subset[] = [];
  for (const g of computeSliceGroups(service, pods)) {
    const addr = (e: SliceEndpoint) => ({
      ip: e.addresses[0],
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      ...(e.targetRef ? { targetRef: e.targetRef } : {}),
    });
    const live = g.endpoints.filter((e) => !e.conditions.terminating);
    const ready = live.filter((e) => e.conditions.ready).map(addr);
    const notReady = live.filter((e) => !e.conditions.ready).map(addr);
    if (!ready.length && !notReady.length) continue;
    const subset: Subset = {};
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    subset.ports = g.ports.map((p) => {
      const o: NonNullable<Subset['ports']>[number] = { port: p.port, protocol: p.protocol as 'TCP' | 'UDP' | 'SCTP' };
      if (p.name) o.name = p.name;
      if (p.appProtocol) o.appProtocol = p.appProtocol;
      return o;
    });
    subsets.push(subset);
  }
  return subsets;
}

/** Slices mirrored from a hand-written Endpoints object (for Services without a selector). */
export function mirrorGroups(endpoints: KubeObject): SliceGroup[] {
  const out: SliceGroup[] = [];
  for (const s of stored<Endpoints>(endpoints).subsets ?? []) {
    const ports: SlicePort[] = (s.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    const ep = (a: NonNullable<Subset['addresses']>[number], ready: boolean): SliceEndpoint => ({
      addresses: [a.ip],
      conditions: { ready, serving: ready, terminating: false },
      ...(a.hostname ? { hostname: a.hostname } : {}),
      ...(a.targetRef ? { targetRef: a.targetRef } : {}),
      ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    });
    const endpoints = [
      ...(s.addresses ?? []).map((a) => ep(a, true)),
      ...(s.notReadyAddresses ?? []).map((a) => ep(a, false)),
    ].filter((e) => typeof e.addresses[0] === 'string' && !e.addresses[0].includes(':'));
    out.push({ ports, endpoints });
  }
  return out;
}
