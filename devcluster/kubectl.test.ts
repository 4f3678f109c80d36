/**
 * Real kubectl (1.32 on PATH and 1.27 beside it) against a started dev cluster, default
 * validation on (so /openapi/v2 in protobuf is exercised).
 */
import { execFile, spawn } from 'node:child_process';
import { readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestCluster, waitFor, type TestCluster } from './testing/harness';

const run = promisify(execFile);
const kubectl132 = 'kubectl';
const kubectlDir = path.dirname(readlinkSync('/usr/bin/kubectl').startsWith('/') ? readlinkSync('/usr/bin/kubectl') : path.resolve('/usr/bin', readlinkSync('/usr/bin/kubectl')));
const kubectl127 = path.join(kubectlDir, 'kubectl.1.27');

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.cleanup();
});

function manifest(ns: string, port = 80, replicas = 2): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: echo
        image: portico/echo
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}, labels: {app: web}}
spec:
  selector: {app: web}
  ports: [{name: http, port: ${port}, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: ${ns}}
spec:
  ingressClassName: portico
  rules:
  - host: web.example.test
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;
}

describe.each([
  ['1.32', kubectl132, 'k132'],
  ['1.27', kubectl127, 'k127'],
])('kubectl %s', (_version, bin, ns) => {
  const k = async (...args: string[]) => {
    const { stdout } = await run(bin, ['--kubeconfig', c.kubeconfigPath, '--cache-dir', path.join(c.dataDir, `cache-${ns}`), ...args], { timeout: 20_000 });
    return stdout;
  };
  const kFail = async (...args: string[]) => {
    try {
      await k(...args);
    } catch (err) {
      return String((err as { stderr?: string }).stderr);
    }
    throw new Error(`kubectl ${args.join(' ')} unexpectedly succeeded`);
  };
  const file = (name: string, text: string) => {
    const f = path.join(c.dataDir, `${ns}-${name}.yaml`);
    writeFileSync(f, text);
    return f;
  };

  it('applies a multi-document manifest, re-applies unchanged, applies a change', async () => {
    await request(c, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
    const first = await k('apply', '-f', file('v1', manifest(ns)));
    expect(first).toContain('deployment.apps/web created');
    expect(first).toContain('service/web created');
    expect(first).toContain('ingress.networking.k8s.io/web created');
    const rvBefore = JSON.parse(await k('get', 'svc', 'web', '-n', ns, '-o', 'json')).metadata.resourceVersion;
    const again = await k('apply', '-f', file('v1', manifest(ns)));
    expect(again.match(/unchanged/g)).toHaveLength(3);
    expect(JSON.parse(await k('get', 'svc', 'web', '-n', ns, '-o', 'json')).metadata.resourceVersion).toBe(rvBefore);
    const changed = await k('apply', '-f', file('v2', manifest(ns, 81, 3)));
    expect(changed).toContain('service/web configured');
    expect(changed).toContain('deployment.apps/web configured');
    const svc = JSON.parse(await k('get', 'svc', 'web', '-n', ns, '-o', 'json'));
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 81, protocol: 'TCP', targetPort: 8080 }]);
    const dep = JSON.parse(await k('get', 'deploy', 'web', '-n', ns, '-o', 'json'));
    expect(dep.spec.replicas).toBe(3);
    expect(dep.metadata.generation).toBe(2);
  });

  it('gets as yaml, json, table and by label', async () => {
    expect(await k('get', 'ingress', 'web', '-n', ns, '-o', 'yaml')).toMatch(/kind: Ingress[\s\S]*host: web.example.test/);
    const table = await k('get', 'svc', '-n', ns);
    expect(table).toMatch(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE/);
    expect(table).toMatch(/web\s+ClusterIP/);
    expect(await k('get', 'ingress', '-n', ns)).toMatch(/web\s+portico\s+web.example.test/);
    expect(await k('get', 'all', '-n', ns, '-l', 'app=web', '-o', 'name')).toContain('service/web');
    expect((await k('get', 'svc', '-n', ns, '-l', 'app=nope', '-o', 'name')).trim()).toBe('');
  });

  it('labels, annotates and patches with all three patch types', async () => {
    expect(await k('label', 'svc', 'web', '-n', ns, 'env=dev')).toContain('labeled');
    expect(await k('annotate', 'svc', 'web', '-n', ns, 'portico.dev/description=hello')).toMatch(/service\/web annotate/);
    await k('patch', 'svc', 'web', '-n', ns, '-p', '{"spec":{"ports":[{"port":81,"targetPort":9090}]}}');
    await k('patch', 'svc', 'web', '-n', ns, '--type', 'merge', '-p', '{"spec":{"selector":{"app":"web","v":"2"}}}');
    await k('patch', 'svc', 'web', '-n', ns, '--type', 'json', '-p', '[{"op":"replace","path":"/metadata/labels/env","value":"prod"}]');
    const svc = JSON.parse(await k('get', 'svc', 'web', '-n', ns, '-o', 'json'));
    expect(svc.metadata.labels.env).toBe('prod');
    expect(svc.metadata.annotations['portico.dev/description']).toBe('hello');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 81, protocol: 'TCP', targetPort: 9090 }]);
    expect(svc.spec.selector).toEqual({ app: 'web', v: '2' });
    expect(await kFail('patch', 'svc', 'web', '-n', ns, '--type', 'json', '-p', '[{"op":"test","path":"/metadata/labels/env","value":"nope"}]')).toMatch(/Invalid|rejected/);
  });

  it('shows a change with get -w', async () => {
    const child = spawn(bin, ['--kubeconfig', c.kubeconfigPath, '--cache-dir', path.join(c.dataDir, `cache-${ns}`), 'get', 'svc', '-n', ns, '-w', '--request-timeout=10s']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => /web\s+ClusterIP/.test(out), 'initial row');
      await k('patch', 'svc', 'web', '-n', ns, '--type', 'merge', '-p', '{"spec":{"ports":[{"name":"http","port":82,"targetPort":9090}]}}');
      await waitFor(() => /82\/TCP/.test(out), 'changed row');
    } finally {
      child.kill();
    }
  });

  it('creates with the imperative generators (protobuf bodies on 1.32)', async () => {
    const gen = `${ns}-gen`;
    expect(await k('create', 'namespace', gen)).toContain(`namespace/${gen} created`);
    await k('create', 'configmap', 'cfg', '-n', gen, '--from-literal=a=b');
    await k('create', 'secret', 'generic', 'sec', '-n', gen, '--from-literal=pw=s3cret');
    await k('create', 'deployment', 'gen', '-n', gen, '--image=portico/echo', '--port=8080', '--replicas=2');
    await k('create', 'service', 'clusterip', 'gen', '-n', gen, '--tcp=80:8080');
    await k('create', 'ingress', 'gen', '-n', gen, '--class=portico', '--rule=gen.test/*=gen:80');
    await k('create', 'role', 'reader', '-n', gen, '--verb=get,list', '--resource=pods');
    expect(JSON.parse(await k('get', 'cm', 'cfg', '-n', gen, '-o', 'json')).data).toEqual({ a: 'b' });
    expect(JSON.parse(await k('get', 'secret', 'sec', '-n', gen, '-o', 'json')).data).toEqual({ pw: Buffer.from('s3cret').toString('base64') });
    const dep = JSON.parse(await k('get', 'deploy', 'gen', '-n', gen, '-o', 'json'));
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ name: 'echo', image: 'portico/echo', ports: [{ containerPort: 8080, protocol: 'TCP' }] });
    expect(JSON.parse(await k('get', 'svc', 'gen', '-n', gen, '-o', 'json')).spec.ports[0]).toMatchObject({ port: 80, targetPort: 8080 });
    const ing = JSON.parse(await k('get', 'ingress', 'gen', '-n', gen, '-o', 'json'));
    expect(ing.spec.rules[0]).toMatchObject({ host: 'gen.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gen', port: { number: 80 } } } }] } });
    expect(JSON.parse(await k('get', 'role', 'reader', '-n', gen, '-o', 'json')).rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  });

  it('dry-runs on the server, applies server-side, lists api-resources and deletes', async () => {
    const dry = await k('apply', '--dry-run=server', '-f', file('dry', manifest(ns).replace(/name: web/g, 'name: dry')));
    expect(dry).toContain('(server dry run)');
    expect(await kFail('get', 'svc', 'dry', '-n', ns)).toContain('NotFound');
    const ssa = await k('apply', '--server-side', '-f', file('ssa', manifest(ns).replace(/name: web/g, 'name: ssa')));
    expect(ssa).toContain('service/ssa serverside-applied');
    const ssa2 = await k('apply', '--server-side', '-f', file('ssa2', manifest(ns, 80, 4).replace(/name: web/g, 'name: ssa')));
    expect(ssa2).toContain('deployment.apps/ssa serverside-applied');
    expect(JSON.parse(await k('get', 'deploy', 'ssa', '-n', ns, '-o', 'json')).spec.replicas).toBe(4);
    expect((await k('auth', 'can-i', 'create', 'deployments', '-n', ns)).trim()).toBe('yes');
    const resources = await k('api-resources');
    expect(resources).toMatch(/deployments\s+deploy\s+apps\/v1\s+true\s+Deployment/);
    expect(resources).toMatch(/httproutes\s+gateway.networking.k8s.io\/v1\s+true\s+HTTPRoute/);
    expect(await k('delete', '-f', file('v1', manifest(ns)))).toContain('service "web" deleted');
    expect(await kFail('get', 'deploy', 'web', '-n', ns)).toContain('NotFound');
    expect(await k('delete', 'svc', 'ssa', '-n', ns)).toContain('deleted');
  });
});
