/** The kinds the console reads and writes, as REST coordinates. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const r = (group: string, version: string, plural: string, kind: string, namespaced = true): ResourceType => ({
  group,
  version,
  plural,
  kind,
  namespaced,
});

export const RESOURCES = {
  namespaces: r('', 'v1', 'namespaces', 'Namespace', false),
  services: r('', 'v1', 'services', 'Service'),
  pods: r('', 'v1', 'pods', 'Pod'),
  secrets: r('', 'v1', 'secrets', 'Secret'),
  events: r('', 'v1', 'events', 'Event'),
  endpointslices: r('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  ingresses: r('networking.k8s.io', 'v1', 'ingresses', 'Ingress'),
  ingressclasses: r('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  deployments: r('apps', 'v1', 'deployments', 'Deployment'),
  httproutes: r('gateway.networking.k8s.io', 'v1', 'httproutes', 'HTTPRoute'),
  gateways: r('gateway.networking.k8s.io', 'v1', 'gateways', 'Gateway'),
  tcproutes: r('gateway.networking.k8s.io', 'v1alpha2', 'tcproutes', 'TCPRoute'),
  tlsroutes: r('gateway.networking.k8s.io', 'v1alpha2', 'tlsroutes', 'TLSRoute'),
} as const;

export type ResourceName = keyof typeof RESOURCES;

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function resourcePath(t: ResourceType, namespace?: string, name?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const ns = t.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${t.plural}${tail}`;
}
