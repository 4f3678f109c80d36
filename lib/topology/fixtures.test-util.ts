/** Small Kubernetes objects for the topology tests. */
import type { ContainerPort, HTTPIngressPath, ServicePort } from '../k8s';
import type { ClusterObjects, ListedEndpointSlice, ListedIngress, ListedPod, ListedService } from './types';

export const NS = 'demo';

export function pod(name: string, app: string, opts: { ready?: boolean; ip?: string; ports?: ContainerPort[]; terminating?: boolean } = {}): ListedPod {
  return {
    metadata: { name, namespace: NS, labels: { app }, ...(opts.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: 'vm', containers: [{ name: 'echo', image: 'portico/echo:1', ports: opts.ports ?? [{ name: 'http', containerPort: 8080 }] }] },
    status: {
      phase: 'Running',
      podIP: opts.ip ?? '127.1.0.1',
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', reason: opts.ready === false ? 'ContainersNotReady' : undefined }],
    },
  };
}

export function service(name: string, opts: { selector?: Record<string, string> | null; ports?: ServicePort[]; type?: NonNullable<ListedService['spec']>['type'] } = {}): ListedService {
  return {
    metadata: { name, namespace: NS },
    spec: {
      type: opts.type ?? 'ClusterIP',
      ...(opts.selector === null ? {} : { selector: opts.selector ?? { app: name } }),
      ports: opts.ports ?? [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

export function slice(serviceName: string, eps: { ip: string; pod: string; ready: boolean }[]): ListedEndpointSlice {
  return {
    metadata: { name: `${serviceName}-x`, namespace: NS, labels: { 'kubernetes.io/service-name': serviceName } },
    endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready }, targetRef: { kind: 'Pod', name: e.pod } })),
    ports: [{ name: 'http', port: 8080 }],
  };
}

export function ingress(name: string, backends: { host?: string; path: string; service: string; port?: number | string }[], extra: { annotations?: Record<string, string>; spec?: ListedIngress['spec'] } = {}): ListedIngress {
  const byHost = new Map<string | undefined, HTTPIngressPath[]>();
  for (const b of backends) {
    const port = typeof b.port === 'string' ? { name: b.port } : { number: b.port ?? 80 };
    (byHost.get(b.host) ?? byHost.set(b.host, []).get(b.host)!).push({ path: b.path, pathType: 'Prefix', backend: { service: { name: b.service, port } } });
  }
  return {
    metadata: { name, namespace: NS, annotations: extra.annotations },
    spec: { ingressClassName: 'portico', ...extra.spec, rules: [...byHost].map(([host, paths]) => ({ ...(host ? { host } : {}), http: { paths } })) },
  };
}

/** The demo project: echo Ingress on /echo -> Service echo -> two ready pods. */
export function demo(): ClusterObjects {
  return {
    namespace: NS,
    ingresses: [ingress('echo', [{ path: '/echo', service: 'echo' }])],
    httpRoutes: [],
    gateways: [],
    services: [service('echo')],
    endpointSlices: [
      slice('echo', [
        { ip: '127.1.0.1', pod: 'echo-abc-1', ready: true },
        { ip: '127.1.0.2', pod: 'echo-abc-2', ready: true },
      ]),
    ],
    pods: [pod('echo-abc-1', 'echo', { ip: '127.1.0.1' }), pod('echo-abc-2', 'echo', { ip: '127.1.0.2' }), pod('other-1', 'other', { ip: '127.1.0.9' })],
    tlsSecrets: [],
    // the gateway process live and ready (its endpoint view not read)
    gateway: { reachable: true, healthz: 200, readyz: 200 },
  };
}
