// A gateway data plane inside the test process: the real listeners (HTTP/1.1 core, h2c, TLS)
// and request handler over real sockets, fed a snapshot built from Ingresses directly (no
// cluster). For tests of what the data plane does to requests and answers; the controller
// paths are covered by the *.int.test.ts suites.
import { buildSnapshot, type ClusterState } from '@/lib/routing';
import { GatewayRuntime, defaultProxySettings, type ProxySettings } from '../proxy/runtime';
import { GatewayMetrics } from '../admin/metrics';
import { startListeners, type Listeners } from '../proxy/servers';
import { freePort } from '../../testing/harness';

export interface TestIngress {
  name: string;
  host: string;
  annotations?: Record<string, string>;
}

export interface InProcessGateway {
  httpPort: number;
  httpsPort: number;
  rt: GatewayRuntime;
  close(): Promise<void>;
}

/** Listeners on 127.0.0.1 routing each Ingress (path "/") to one Service whose endpoint is `backend`. */
export async function startInProcessGateway(ingresses: TestIngress[], backend: { address: string; port: number }, settings: Partial<ProxySettings> = {}): Promise<InProcessGateway> {
  const rt = new GatewayRuntime({ ...defaultProxySettings, ...settings }, new GatewayMetrics(false));
  const state = {
    services: [{ metadata: { name: 'echo', namespace: 'demo' }, spec: { ports: [{ name: 'http', port: 80, targetPort: backend.port }] } }],
    ingresses: ingresses.map((i) => ({
      metadata: { name: i.name, namespace: 'demo', annotations: i.annotations ?? {} },
      spec: { ingressClassName: 'portico', rules: [{ host: i.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { name: 'http' } } } }] } }] },
    })),
  } as unknown as ClusterState;
  // routes are matched by listener port, so the ports are chosen before the snapshot
  const httpPort = await freePort();
  const httpsPort = await freePort();
  rt.swap(buildSnapshot(state, { httpPort, httpsPort }));
  rt.endpoints.replaceSlices([
    { metadata: { name: 'echo-1', namespace: 'demo', labels: { 'kubernetes.io/service-name': 'echo' } }, addressType: 'IPv4', endpoints: [{ addresses: [backend.address], conditions: { ready: true } }], ports: [{ name: 'http', port: backend.port }] },
  ] as never);
  const listeners: Listeners = await startListeners(rt, { host: '127.0.0.1', httpPort, httpsPort });
  return { httpPort, httpsPort, rt, close: () => listeners.close(0) };
}
