// The gateway with the portico-gateway ServiceAccount's token and nothing but deploy/'s
// RBAC: it routes, leads, writes status; take one rule away and the failure is visible.
// The dev cluster enforces RBAC and issues the token ($DATA_DIR/serviceaccounts/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { childLogs, request, startCluster, startGateway, waitFor, type TestCluster, type TestGateway } from '../testing/harness';
import { stringify } from 'yaml';
import { deployRbac } from './testing/kustomize';


let cluster: TestCluster;
let gw: TestGateway | undefined;
let saKubeconfig: string;



const gatewayService = (type: string) => `apiVersion: v1
kind: Service
metadata: {name: portico-gateway, namespace: portico-system}
spec:
  type: ${type}
  selector: {app.kubernetes.io/name: portico-gateway}
  ports:
  - {name: http, port: 80, targetPort: 8080}
`;

const asGateway = (args: string[]) => spawnSync('kubectl', ['--kubeconfig', saKubeconfig, ...args], { encoding: 'utf8', timeout: 30_000 });
const canI = (...args: string[]) => asGateway(['auth', 'can-i', ...args]).stdout.trim().split(/\s/)[0]; // 'yes' | 'no' (kubectl may add a reason)

beforeAll(async () => {
  cluster = await startCluster();
  saKubeconfig = path.join(cluster.dataDir, 'serviceaccounts', 'portico-gateway.kubeconfig');
  await waitFor(() => existsSync(saKubeconfig), `the dev cluster to write ${saKubeconfig}`, 10_000, 100);
  // Only deploy/'s rules: drop the dev cluster's own grant to this ServiceAccount.
  cluster.kubectl(['delete', 'clusterrolebinding', 'portico:gateway', '--ignore-not-found']);
  cluster.apply(deployRbac('portico-gateway').map((o) => stringify(o)).join('---\n'));
}, 120_000);

afterAll(async () => {
  await gw?.stop();
  await cluster?.stop();
});

describe('the gateway as its ServiceAccount with deploy/ RBAC only', () => {
  it('the token has exactly the expected rights', () => {
    expect(asGateway(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']).stdout).toBe('system:serviceaccount:portico-system:portico-gateway');
    expect(canI('watch', 'ingresses.networking.k8s.io', '-A')).toBe('yes');
    expect(canI('patch', 'ingresses.networking.k8s.io', '--subresource=status', '-A')).toBe('yes');
    expect(canI('patch', 'ingresses.networking.k8s.io', '-A')).toBe('no');
    expect(canI('delete', 'secrets', '-A')).toBe('no');
    expect(canI('update', 'leases.coordination.k8s.io/portico-gateway', '-n', 'portico-system')).toBe('yes');
    expect(canI('update', 'leases.coordination.k8s.io/other', '-n', 'portico-system')).toBe('no');
    expect(canI('create', 'leases.coordination.k8s.io', '-n', 'default')).toBe('no');
  });

  it('routes /echo, takes the Lease, writes status, sees every Gateway API kind', async () => {
    // deploy/'s publish setting and a NodePort Service as deploy/ has it: status gets the
    // addresses of the nodes (the dev cluster's one node: InternalIP 127.0.0.1)
    cluster.apply(gatewayService('NodePort'));
    gw = await startGateway({ KUBECONFIG: saKubeconfig, POD_NAME: 'gw-sa', GATEWAY_PUBLISH_SERVICE: 'portico-system/portico-gateway', GATEWAY_PUBLISH_INTERVAL_S: '0.5', GATEWAY_LEASE_DURATION_S: '3' });
    const r = await waitFor(async () => {
      const x = await request({ port: gw!.httpPort, path: '/echo' });
      return x.status === 200 ? x : undefined;
    }, '/echo through the gateway', 60_000, 200);
    expect(r.json().namespace).toBe('demo');
    await waitFor(() => {
      const l = JSON.parse(cluster.kubectl(['get', 'lease', 'portico-gateway', '-n', 'portico-system', '-o', 'json']));
      return l.spec?.holderIdentity === 'gw-sa';
    }, 'the Lease', 15_000, 200);
    await waitFor(() => JSON.parse(cluster.kubectl(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json'])).status?.loadBalancer?.ingress?.[0]?.ip === '127.0.0.1', 'Ingress status', 15_000, 200);
    const config = (await gw.admin('/config')).body;
    expect(config.leader).toBe(true);
    expect(config.missingApis).toEqual([]);
    expect(childLogs(gw.child).join('\n')).not.toMatch(/forbidden/i);
  }, 120_000);

  it('GATEWAY_PUBLISH_SERVICE: status follows the gateway Service (LoadBalancer ingress, then NodePort nodes)', async () => {
    const ingressIps = () => (JSON.parse(cluster.kubectl(['get', 'ingress', 'echo', '-n', 'demo', '-o', 'json'])).status?.loadBalancer?.ingress ?? []).map((i: { ip?: string; hostname?: string }) => i.ip ?? i.hostname);
    cluster.apply(gatewayService('LoadBalancer'));
    cluster.kubectl(['patch', 'service', 'portico-gateway', '-n', 'portico-system', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }, { hostname: 'lb.example.com' }] } } })]);
    await waitFor(() => JSON.stringify(ingressIps()) === JSON.stringify(['203.0.113.10', 'lb.example.com']), 'the load balancer address in Ingress status', 15_000, 200);
    expect((await gw!.admin('/config')).body.publish).toMatchObject({ service: 'portico-system/portico-gateway', addresses: [{ ip: '203.0.113.10' }, { hostname: 'lb.example.com' }] });
    // NodePort: the nodes' addresses (the dev cluster's one node: InternalIP 127.0.0.1), read with deploy/'s nodes rule
    cluster.kubectl(['patch', 'service', 'portico-gateway', '-n', 'portico-system', '--type=merge', '-p', JSON.stringify({ spec: { type: 'NodePort' } })]);
    await waitFor(() => JSON.stringify(ingressIps()) === JSON.stringify(['127.0.0.1']), 'the node address in Ingress status', 15_000, 200);
    expect(childLogs(gw!.child).join('\n')).not.toMatch(/forbidden/i);
  }, 60_000);

  it('without the ingresses/status rule, status writes fail with a clear error', async () => {
    const role = deployRbac('portico-gateway').find((o) => o.kind === 'ClusterRole')!;
    role.rules = role.rules!.filter((rule: { resources?: string[] }) => !rule.resources?.includes('ingresses/status'));
    cluster.apply(stringify(role));
    await waitFor(() => canI('patch', 'ingresses.networking.k8s.io', '--subresource=status', '-A') === 'no', 'the narrower role to apply', 10_000, 200);

    cluster.apply(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: rbac-probe, namespace: demo}
spec:
  ingressClassName: portico
  rules:
  - http:
      paths:
      - {path: /rbac-probe, pathType: Prefix, backend: {service: {name: echo, port: {number: 80}}}}
`);
    // routing still works (reads are allowed) ...
    await waitFor(async () => (await request({ port: gw!.httpPort, path: '/rbac-probe' })).status === 200, '/rbac-probe routed', 15_000, 200);
    // ... the status write is refused, and the log says which object and why
    const line = await waitFor(() => childLogs(gw!.child).find((l) => l.includes('status write failed for Ingress demo/rbac-probe')), 'the failure in the gateway log', 15_000, 200);
    expect(line).toMatch(/403|forbidden/i);
    const ing = JSON.parse(cluster.kubectl(['get', 'ingress', 'rbac-probe', '-n', 'demo', '-o', 'json']));
    expect(ing.status?.loadBalancer?.ingress ?? []).toEqual([]);
  }, 60_000);

  it('without the Lease rules, the replica says once, clearly, that it cannot lead, in the log, /config and /metrics', async () => {
    const role = deployRbac('portico-gateway').find((o) => o.kind === 'Role')!;
    expect(role.metadata.name).toBe('portico-gateway-leader-election');
    role.rules = [];
    cluster.apply(stringify(role));
    const logs = () => childLogs(gw!.child).filter((l) => l.includes('cannot get Lease portico-system/portico-gateway: forbidden'));
    const line = await waitFor(() => logs()[0], 'the Lease refusal in the log', 15_000, 200);
    expect(line).toContain('Role portico-gateway-leader-election');
    const config = (await gw!.admin('/config')).body;
    expect(config.leader).toBe(false);
    expect(config.leaderElection.problem).toMatchObject({ verb: 'get', code: 403, reason: 'Forbidden' });
    const metrics = String((await gw!.admin('/metrics')).body);
    expect(metrics).toMatch(/portico_gateway_leader_election_errors_total\{operation="get",reason="Forbidden"\} [1-9]/);
    expect(metrics).toMatch(/^portico_gateway_leader 0$/m);
    // retried every retry period (1 s here), logged once
    await new Promise((r) => setTimeout(r, 2_500));
    expect(logs().length).toBe(1);
  }, 60_000);
});
