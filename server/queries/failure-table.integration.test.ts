/**
 * Seed 004's failure table through the page queries against a real dev cluster process: the
 * route detail warns about a WebSocket backend behind the default read timeout, the Service
 * detail about an ExternalName that does not resolve (`.invalid`: answered without a DNS
 * query, RFC 6761) and about source IPs lost behind a LoadBalancer.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, waitFor, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));

let cluster: TestCluster;
const NS = 'demo';

beforeAll(async () => {
  cluster = await startCluster();
  process.env.DATA_DIR = cluster.dataDir;
  delete process.env.KUBECONFIG;
  await waitFor(() => existsSync(path.join(cluster.dataDir, 'kubeconfig')), 'the kubeconfig', 30_000, 100);
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('failure table on the pages', () => {
  it('route detail: a kubernetes.io/ws backend port with the default read timeout suggests proxy-read-timeout; raising it clears the warning', async () => {
    cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: chat, namespace: ${NS}}
spec:
  selector: {app: chat}
  ports: [{name: ws, port: 80, targetPort: 8080, appProtocol: kubernetes.io/ws}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: chat, namespace: ${NS}}
spec:
  ingressClassName: portico
  rules:
  - host: chat.test
    http:
      paths: [{path: /ws, pathType: Prefix, backend: {service: {name: chat, port: {number: 80}}}}]
`);
    const { getRouteDetail } = await import('./routes');
    const d = await waitFor(async () => {
      const r = await getRouteDetail(NS, 'chat');
      return r && r.row.warnings.some((w) => w.startsWith('WebSocket')) && r;
    }, 'the WebSocket warning', 15_000, 200);
    expect(d.row.warnings).toContain(
      'WebSocket backend chat:ws (appProtocol kubernetes.io/ws): the gateway closes a connection after 60 s without a message from the backend, so idle WebSockets are cut. Set annotation nginx.ingress.kubernetes.io/proxy-read-timeout: "3600" (and proxy-send-timeout) on this route.',
    );
    cluster.kubectl(['-n', NS, 'annotate', 'ingress', 'chat', 'nginx.ingress.kubernetes.io/proxy-read-timeout=3600']);
    await waitFor(async () => {
      const r = await getRouteDetail(NS, 'chat');
      return r && !r.row.warnings.some((w) => w.startsWith('WebSocket'));
    }, 'the warning to clear', 15_000, 200);
  });

  it('service detail: an ExternalName that does not resolve, and source IPs lost behind a LoadBalancer', async () => {
    cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: db, namespace: ${NS}}
spec: {type: ExternalName, externalName: db.example.invalid}
---
apiVersion: v1
kind: Service
metadata: {name: lb, namespace: ${NS}}
spec:
  type: LoadBalancer
  selector: {app: lb}
  ports: [{port: 80, targetPort: 8080}]
`);
    const { getServiceDetail } = await import('./services');
    const db = await waitFor(() => getServiceDetail(NS, 'db'), 'the ExternalName service', 15_000, 200);
    expect(db.diagnostics.problems).toEqual([
      'ExternalName db.example.invalid does not resolve (ENOTFOUND): routes to this service answer 503. Check the name, or use a Service without selector and manual endpoints.',
    ]);
    const lb = await waitFor(() => getServiceDetail(NS, 'lb'), 'the LoadBalancer service', 15_000, 200);
    expect(lb.diagnostics.problems.some((p) => p.startsWith('Client source IPs are lost: with externalTrafficPolicy Cluster'))).toBe(true);
  });
});
