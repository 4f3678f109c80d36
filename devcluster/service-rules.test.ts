/**
 * The API server's Service rules (lib/k8s/validation/service-rules.ts) enforced by the dev
 * cluster, through real clients: kubectl apply and plain HTTP. Each bad Service gets a 422
 * whose cause names the field and says the rule, as kube-apiserver does; a good one is stored
 * with the ClientIP timeout defaulted.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, type TestCluster } from './testing/harness';

const run = promisify(execFile);
const NS = 'svcrules';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
  await request(c, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } });
});
afterAll(async () => {
  await c?.cleanup();
});

const svc = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { ports: [{ port: 80 }], ...spec } });
const create = (body: unknown) => request(c, 'POST', `/api/v1/namespaces/${NS}/services`, { body });
type Status = { reason?: string; details?: { causes?: { field: string; message: string; reason: string }[] } };

describe('Service rules in the dev cluster (as kube-apiserver)', () => {
  it.each([
    ['nodeport-range', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }, 'spec.ports[0].nodePort', 'Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ['affinity-timeout', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'Invalid value: 86401: must be greater than 0 and less than 86400'],
    ['affinity-zero', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }, 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'must be greater than 0'],
    ['affinity-none', { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }, 'spec.sessionAffinityConfig', 'Forbidden: must not be set when session affinity is None'],
    ['etp-clusterip', { externalTrafficPolicy: 'Local' }, 'spec.externalTrafficPolicy', 'Invalid value: "Local": may only be set for externally-accessible services'],
    ['itp-bad', { internalTrafficPolicy: 'Nearest' }, 'spec.internalTrafficPolicy', 'Unsupported value: "Nearest": supported values: "Cluster", "Local"'],
    ['lbsr-type', { loadBalancerSourceRanges: ['10.0.0.0/8'] }, 'spec.loadBalancerSourceRanges', "Forbidden: may only be used when `type` is 'LoadBalancer'"],
    ['lbsr-cidr', { type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.1'] }, 'spec.loadBalancerSourceRanges[1]', 'Invalid value: "10.0.0.1": must be a valid CIDR value'],
    ['app-proto', { ports: [{ port: 80, appProtocol: 'not a name!' }] }, 'spec.ports[0].appProtocol', 'Invalid value: "not a name!"'],
  ])('HTTP: %s gets a 422 naming the field', async (name, spec, field, message) => {
    const res = await create(svc(name, spec));
    expect(res.status).toBe(422);
    const status = res.json as Status;
    expect(status.reason).toBe('Invalid');
    const cause = status.details?.causes?.find((x) => x.field === field);
    expect(cause, JSON.stringify(status)).toBeDefined();
    expect(cause?.message).toContain(message);
    // nothing was stored
    expect((await request(c, 'GET', `/api/v1/namespaces/${NS}/services/${name}`)).status).toBe(404);
  });

  it('HTTP: a NodePort Service written back as ClusterIP drops the node ports and traffic policy it carried over', async () => {
    // the Service allocator (an admission step of the controllers) does this, as kube-apiserver's registry does
    const withControllers = await startTestCluster({ controllers: true });
    try {
      const base = `/api/v1/namespaces/default/services`;
      const body = { ...svc('retype', { type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30081 }] }), metadata: { name: 'retype', namespace: 'default' } };
      expect((await request(withControllers, 'POST', base, { body })).status).toBe(201);
      const read = (await request(withControllers, 'GET', `${base}/retype`)).json as { spec: Record<string, unknown> };
      const res = await request(withControllers, 'PUT', `${base}/retype`, { body: { ...read, spec: { ...read.spec, type: 'ClusterIP' } } });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const stored = (res.json as { spec: { type: string; externalTrafficPolicy?: string; ports: Array<{ nodePort?: number }> } }).spec;
      expect(stored.type).toBe('ClusterIP');
      expect(stored.externalTrafficPolicy).toBeUndefined();
      expect(stored.ports[0]!.nodePort).toBeUndefined();
      // a value set anew in an update is still judged (and refused) as before
      const again = (await request(withControllers, 'GET', `${base}/retype`)).json as { spec: Record<string, unknown> };
      expect((await request(withControllers, 'PUT', `${base}/retype`, { body: { ...again, spec: { ...again.spec, externalTrafficPolicy: 'Local' } } })).status).toBe(422);
    } finally {
      await withControllers.cleanup();
    }
  });

  it('HTTP: a valid NodePort Service with ClientIP affinity is stored, the timeout defaulted to 10800', async () => {
    const res = await create(svc('good', { type: 'NodePort', sessionAffinity: 'ClientIP', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30080, appProtocol: 'kubernetes.io/h2c' }] }));
    expect(res.status).toBe(201);
    const stored = (await request(c, 'GET', `/api/v1/namespaces/${NS}/services/good`)).json as { spec: Record<string, unknown> };
    expect(stored.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(stored.spec.externalTrafficPolicy).toBe('Local');
  });

  it('kubectl apply: refused with the field and rule on stderr, and an update that breaks a rule is refused too', async () => {
    const k = (...args: string[]) => run('kubectl', ['--kubeconfig', c.kubeconfigPath, '--cache-dir', path.join(c.dataDir, 'cache-svcrules'), ...args], { timeout: 20_000 });
    const f = path.join(c.dataDir, 'svcrules.yaml');
    writeFileSync(f, `apiVersion: v1\nkind: Service\nmetadata: {name: viakubectl, namespace: ${NS}}\nspec:\n  type: NodePort\n  ports: [{port: 80, nodePort: 40000}]\n`);
    const err = await k('apply', '-f', f).then(
      () => '',
      (e: { stderr?: string }) => String(e.stderr),
    );
    expect(err).toContain('spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range');
    const patch = await k('patch', 'service', 'good', '-n', NS, '--type=merge', '-p', '{"spec":{"sessionAffinityConfig":{"clientIP":{"timeoutSeconds":100000}}}}').then(
      () => '',
      (e: { stderr?: string }) => String(e.stderr),
    );
    expect(patch).toContain('spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 100000');
  });
});
