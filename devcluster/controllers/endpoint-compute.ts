/**
 * Pure part of the EndpointSlice and Endpoints controllers: which pods back a Service, on
 * which ports (named targetPorts resolved per pod), grouped by port set as Kubernetes does.
 */
import type { KubeObject } from '../store/registry';
import { isPodReady, matchesMapSelector, type Pod } from '../../lib/k8s';
import { stored } from '../store/typed';
import { canonicalJson } from './template-hash';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

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
  targetRef?: { kind: 'Pod'; namespace: string; name: string; uid: string };
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
  const containers = ((pod.spec as Obj | undefined)?.containers ?? []) as Obj[];
  for (const sp of ((service.spec as Obj | undefined)?.ports ?? []) as Obj[]) {
    const protocol = sp.protocol ?? 'TCP';
    const target = sp.targetPort ?? sp.port;
    let port: number | undefined;
    if (typeof target === 'number') port = target;
    else if (typeof target === 'string' && /^\d+$/.test(target)) port = Number(target);
    else if (typeof target === 'string')
      for (const c of containers)
        for (const cp of (c.ports ?? []) as Obj[])
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
  const selector = (service.spec as Obj | undefined)?.selector as
    Record<string, string> | undefined;
  return pods.filter((p) => {
    const status = (p.status ?? {}) as Obj;
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
  const spec = (service.spec ?? {}) as Obj;
  const podSpec = (pod.spec ?? {}) as Obj;
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = podReady(pod);
  const ep: SliceEndpoint = {
    addresses: [(pod.status as Obj).podIP],
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
export function computeEndpointsSubsets(service: KubeObject, pods: KubeObject[]): Obj[] {
  const subsets: Obj[] = [];
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
    const subset: Obj = {};
    if (ready.length) subset.addresses = ready;
    if (notReady.length) subset.notReadyAddresses = notReady;
    subset.ports = g.ports.map((p) => {
      const o: Obj = { port: p.port, protocol: p.protocol };
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
  for (const s of ((endpoints as Obj).subsets ?? []) as Obj[]) {
    const ports: SlicePort[] = ((s.ports ?? []) as Obj[]).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol ?? 'TCP',
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    const ep = (a: Obj, ready: boolean): SliceEndpoint => ({
      addresses: [a.ip],
      conditions: { ready, serving: ready, terminating: false },
      ...(a.hostname ? { hostname: a.hostname } : {}),
      ...(a.targetRef ? { targetRef: a.targetRef } : {}),
      ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    });
    const endpoints = [
      ...((s.addresses ?? []) as Obj[]).map((a) => ep(a, true)),
      ...((s.notReadyAddresses ?? []) as Obj[]).map((a) => ep(a, false)),
    ].filter((e) => typeof e.addresses[0] === 'string' && !e.addresses[0].includes(':'));
    out.push({ ports, endpoints });
  }
  return out;
}
