/** A generated project of any size, for scale tests and the layout benchmark. */
import type { Endpoint } from '../k8s';
import type { ClusterObjects, ListedEndpointSlice, ListedIngress, ListedPod, ListedService } from './types';

export interface SyntheticSize {
  routes: number;
  services: number;
  pods: number;
  namespace?: string;
  /** Every n-th pod is not ready (0 = all ready). */
  notReadyEvery?: number;
}

export function syntheticCluster(size: SyntheticSize): ClusterObjects {
  const ns = size.namespace ?? 'synthetic';
  const pad = (n: number) => String(n).padStart(4, '0');
  const services: ListedService[] = [];
  const pods: ListedPod[] = [];
  const slices: ListedEndpointSlice[] = [];
  const ingresses: ListedIngress[] = [];
  for (let s = 0; s < size.services; s++) {
    const name = `svc-${pad(s)}`;
    services.push({
      metadata: { name, namespace: ns },
      spec: { type: 'ClusterIP', clusterIP: `10.96.${s >> 8}.${s & 255}`, selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] },
    });
    const endpoints: Endpoint[] = [];
    const per = Math.floor(size.pods / size.services) + (s < size.pods % size.services ? 1 : 0);
    for (let p = 0; p < per; p++) {
      const idx = pods.length;
      const ready = !size.notReadyEvery || idx % size.notReadyEvery !== 0;
      const ip = `127.${1 + (idx >> 16)}.${(idx >> 8) & 255}.${idx & 255}`;
      pods.push({
        metadata: { name: `${name}-7d9f8c6b5-${pad(p)}`, namespace: ns, labels: { app: name } },
        spec: { nodeName: 'dev', containers: [{ name: 'echo', image: 'echo', ports: [{ containerPort: 8080 }] }] },
        status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
      });
      endpoints.push({ addresses: [ip], conditions: { ready }, targetRef: { kind: 'Pod', name: `${name}-7d9f8c6b5-${pad(p)}` } });
    }
    slices.push({ metadata: { name: `${name}-abc`, namespace: ns, labels: { 'kubernetes.io/service-name': name } }, endpoints, ports: [{ name: 'http', port: 8080 }] });
  }
  for (let r = 0; r < size.routes; r++) {
    const svc = `svc-${pad(r % Math.max(1, size.services))}`;
    ingresses.push({
      metadata: { name: `route-${pad(r)}`, namespace: ns },
      spec: {
        ingressClassName: 'portico',
        rules: [{ host: `r${r}.example.test`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } }] } }],
      },
    });
  }
  return { namespace: ns, ingresses, httpRoutes: [], gateways: [], services, endpointSlices: slices, pods, tlsSecrets: [] };
}
