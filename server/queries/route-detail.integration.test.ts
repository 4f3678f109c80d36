/**
 * The route detail against a real dev cluster process: a gateway Event saying another namespace
 * owns a host of this Ingress (issue 13) is listed in its Events and shown as a warning naming
 * the host and the owner namespace. The Event is written as the gateway's status writer writes
 * it; gateway/host-ownership.int.test.ts proves the gateway writes it.
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

describe('route detail', () => {
  it('shows a HostClaimedByOtherNamespace Event as a warning naming host and owner namespace', async () => {
    cluster.apply(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: login, namespace: ${NS}}
spec:
  ingressClassName: portico
  rules:
  - host: shop.example.com
    http:
      paths: [{path: /login, pathType: Prefix, backend: {service: {name: echo, port: {number: 80}}}}]
---
apiVersion: v1
kind: Event
metadata: {name: login.host-claimed, namespace: ${NS}}
involvedObject: {kind: Ingress, name: login, namespace: ${NS}, apiVersion: networking.k8s.io/v1}
reason: HostClaimedByOtherNamespace
type: Warning
source: {component: portico-gateway}
count: 1
message: 'spec.rules[0].host: host "shop.example.com" belongs to namespace "shop", whose Ingress claimed it first (oldest creationTimestamp, then namespace/name); this Ingress gets no traffic for it'
`);
    const { getRouteDetail } = await import('./routes');
    const d = await waitFor(async () => {
      const r = await getRouteDetail(NS, 'login');
      return r && r.events.length > 0 && r;
    }, 'the route and its Event', 15_000, 200);
    expect(d.events.map((e) => [e.type, e.reason, e.source])).toEqual([['Warning', 'HostClaimedByOtherNamespace', 'portico-gateway']]);
    expect(d.row.warnings).toContain('Host shop.example.com belongs to namespace shop (it claimed the host first): this route gets no traffic for shop.example.com.');
  });
});
