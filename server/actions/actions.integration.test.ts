/**
 * The console's server actions against a real dev cluster process (spawned, not imported:
 * the console never imports devcluster/), through the real kubeconfig it writes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../../testing/harness';

vi.mock('server-only', () => ({}));

let cluster: TestCluster;
let dataDir: string;


beforeAll(async () => {
  // a dev cluster process (spawned, not imported: the console never imports devcluster/)
  cluster = await startCluster();
  dataDir = cluster.dataDir;
  process.env.DATA_DIR = dataDir;
  delete process.env.KUBECONFIG;
  const deadline = Date.now() + 30_000;
  const { listProjects } = await import('../queries/projects');
  while (Date.now() < deadline) {
    if (existsSync(path.join(dataDir, 'kubeconfig'))) {
      const ok = await listProjects().then((p) => p.includes('demo')).catch(() => false);
      if (ok) return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('dev cluster did not start with the demo project');
});

afterAll(async () => {
  await cluster?.stop();
});

const ingress = (name: string, host = `${name}.example.test`) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, annotations: { 'portico.dev/alias': 'x' } },
  spec: { ingressClassName: 'portico', rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }] },
});

describe('route actions', () => {
  it('dry run stores nothing; create stores; the name check sees it', async () => {
    const { createRouteAction, checkRouteNameAction, getRouteAction } = await import('./routes');
    const dry = await createRouteAction('demo', ingress('it-a'), { dryRun: true });
    expect(dry.ok).toBe(true);
    expect((await getRouteAction('demo', 'it-a')).ok).toBe(false);
    expect(await checkRouteNameAction('demo', 'it-a')).toEqual({ ok: true, value: { available: true } });
    const made = await createRouteAction('demo', ingress('it-a'));
    expect(made.ok && made.value.metadata.namespace).toBe('demo');
    const check = await checkRouteNameAction('demo', 'it-a');
    expect(check.ok && check.value.available).toBe(false);
    expect((await checkRouteNameAction('demo', 'Bad_Name')).ok && true).toBe(true);
  });

  it('refuses invalid input with field errors and a namespace outside the project', async () => {
    const { createRouteAction } = await import('./routes');
    const bad = await createRouteAction('demo', ingress('it-bad', 'bad_host!'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.status).toBe(422);
      expect(bad.fieldErrors.map((f) => f.field)).toContain('spec.rules[0].host');
    }
    const other = await createRouteAction('demo', { ...ingress('it-ns'), metadata: { name: 'it-ns', namespace: 'kube-system' } });
    expect(!other.ok && other.fieldErrors[0]?.field).toBe('metadata.namespace');
    const notIngress = await createRouteAction('demo', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } });
    expect(!notIngress.ok && notIngress.fieldErrors.map((f) => f.field)).toEqual(expect.arrayContaining(['apiVersion', 'kind']));
  });

  it('a stale resourceVersion on update comes back as Conflict; delete removes', async () => {
    const { createRouteAction, updateRouteAction, deleteRouteAction, getRouteAction } = await import('./routes');
    const made = await createRouteAction('demo', ingress('it-c'));
    if (!made.ok) throw new Error(made.message);
    const stale = structuredClone(made.value);
    const first = await updateRouteAction('demo', 'it-c', { ...made.value, metadata: { ...made.value.metadata, labels: { a: '1' } } });
    expect(first.ok).toBe(true);
    const second = await updateRouteAction('demo', 'it-c', { ...stale, metadata: { ...stale.metadata, labels: { b: '2' } } });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.status).toBe(409);
      expect(second.reason).toBe('Conflict');
      expect(second.message).toContain('Someone else changed route it-c');
    }
    expect(await deleteRouteAction('demo', 'it-c')).toEqual({ ok: true, value: { name: 'it-c' } });
    const gone = await getRouteAction('demo', 'it-c');
    expect(!gone.ok && gone.status).toBe(404);
  });
});

describe('service and TLS actions', () => {
  it('creates and lists services', async () => {
    const { createServiceAction, listServicesAction } = await import('./services');
    const r = await createServiceAction('demo', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'it-svc' }, spec: { selector: { app: 'x' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
    expect(r.ok).toBe(true);
    const list = await listServicesAction('demo');
    expect(list.ok && list.value.find((s) => s.name === 'it-svc')?.ports[0]).toMatchObject({ name: 'http', port: 80, targetPort: 8080 });
    const bad = await createServiceAction('demo', { apiVersion: 'v1', kind: 'Service', metadata: { name: '9bad' }, spec: { ports: [{ port: 80 }] } });
    expect(!bad.ok && bad.fieldErrors[0]?.field).toBe('metadata.name');
  });

  it('TLS secrets: checks cert/key match and host coverage, never returns key material', async () => {
    const forge = (await import('node-forge')).default;
    const makeCert = (cn: string) => {
      const keys = forge.pki.rsa.generateKeyPair(1024);
      const cert = forge.pki.createCertificate();
      cert.publicKey = keys.publicKey;
      cert.serialNumber = '01';
      cert.validity.notBefore = new Date(Date.now() - 60_000);
      cert.validity.notAfter = new Date(Date.now() + 86_400_000);
      cert.setSubject([{ name: 'commonName', value: cn }]);
      cert.setIssuer([{ name: 'commonName', value: cn }]);
      cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: cn }] }]);
      cert.sign(keys.privateKey, forge.md.sha256.create());
      return { certificate: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
    };
    const { createTlsSecretAction, listTlsSecretsAction } = await import('./tls');
    const a = makeCert('*.it.test');
    const b = makeCert('other.test');
    const mismatch = await createTlsSecretAction('demo', { name: 'it-tls', certificate: a.certificate, key: b.key });
    expect(!mismatch.ok && mismatch.fieldErrors[0]).toEqual({ field: 'key', message: 'key does not match the certificate' });
    const uncovered = await createTlsSecretAction('demo', { name: 'it-tls', ...a }, { hosts: ['x.other.test'] });
    expect(!uncovered.ok && uncovered.message).toContain('does not cover x.other.test');
    const garbage = await createTlsSecretAction('demo', { name: 'it-tls', certificate: 'nope', key: a.key });
    expect(!garbage.ok && garbage.fieldErrors[0]?.field).toBe('certificate');
    const ok = await createTlsSecretAction('demo', { name: 'it-tls', ...a }, { hosts: ['www.it.test'] });
    expect(ok.ok && ok.value.sans).toEqual(['*.it.test']);
    const list = await listTlsSecretsAction('demo');
    expect(list.ok).toBe(true);
    const found = list.ok ? list.value.find((s) => s.name === 'it-tls') : undefined;
    expect(found?.subject).toContain('*.it.test');
    expect(JSON.stringify(list)).not.toContain('PRIVATE KEY');
  });
});

describe('watch stream', () => {
  it('delivers a change made after the watch started', async () => {
    const { followResource } = await import('../kube/watch-stream');
    const { createRouteAction } = await import('./routes');
    const abort = new AbortController();
    const seen: string[] = [];
    const done = followResource('ingresses', 'demo', abort.signal, (m) => seen.push(`${m.type} ${m.name}`), () => {});
    await new Promise((r) => setTimeout(r, 500));
    await createRouteAction('demo', ingress('it-watch'));
    const deadline = Date.now() + 5000;
    while (!seen.includes('ADDED it-watch') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await done;
    expect(seen).toContain('ADDED it-watch');
  });
});

describe('Gateway API route actions', () => {
  const gateway = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'it-gw', namespace: 'demo' },
    spec: { gatewayClassName: 'portico', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'pg', port: 5432, protocol: 'TCP' }] },
  };
  const httpRoute = (name: string, host = `${name}.example.test`) => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name },
    spec: {
      parentRefs: [{ name: 'it-gw', sectionName: 'http' }],
      hostnames: [host],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/canary' } }], backendRefs: [{ name: 'echo', port: 80, weight: 80 }, { name: 'echo', port: 80, weight: 20 }] }],
    },
  });

  it('HTTPRoute: gateway choices, dry run, create, field errors, conflict, delete', async () => {
    const { getKubeClient } = await import('../kube');
    await (await getKubeClient()).create('gateways', 'demo', gateway);
    const a = await import('./httproutes');
    const choices = await a.listGatewayChoicesAction('demo');
    // HTTPRoute choices: the TCP listener pg takes no HTTPRoute
    expect(choices.ok && choices.value.find((g) => g.name === 'it-gw')?.listeners.map((l) => l.name)).toEqual(['http']);

    expect((await a.createHttpRouteAction('demo', httpRoute('it-h'), { dryRun: true })).ok).toBe(true);
    expect((await a.getHttpRouteAction('demo', 'it-h')).ok).toBe(false);
    const made = await a.createHttpRouteAction('demo', httpRoute('it-h'));
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const list = await a.listHttpRoutesAction('demo');
    expect(list.ok && list.value?.rows.map((r) => r.name)).toContain('it-h');

    const bad = await a.createHttpRouteAction('demo', httpRoute('it-bad', 'Bad_Host'));
    expect(!bad.ok && bad.fieldErrors.map((f) => f.field)).toEqual(['spec.hostnames[0]']);
    const wrongKind = await a.createHttpRouteAction('demo', ingress('it-wrong'));
    expect(!wrongKind.ok && wrongKind.fieldErrors.map((f) => f.field)).toEqual(expect.arrayContaining(['apiVersion', 'kind']));

    const stale = made.value;
    const first = await a.updateHttpRouteAction('demo', 'it-h', { ...stale, spec: { ...(stale.spec as object), hostnames: ['one.example.test'] } });
    expect(first.ok).toBe(true);
    const second = await a.updateHttpRouteAction('demo', 'it-h', { ...stale, spec: { ...(stale.spec as object), hostnames: ['two.example.test'] } });
    expect(!second.ok && [second.status, second.reason]).toEqual([409, 'Conflict']);
    expect(!second.ok && second.message).toContain('Someone else changed HTTPRoute it-h');
    const renamed = await a.updateHttpRouteAction('demo', 'it-h', { ...stale, metadata: { ...stale.metadata, name: 'other' } });
    expect(!renamed.ok && renamed.fieldErrors[0]?.field).toBe('metadata.name');

    expect(await a.deleteHttpRouteAction('demo', 'it-h')).toEqual({ ok: true, value: { name: 'it-h' } });
    const gone = await a.getHttpRouteAction('demo', 'it-h');
    expect(!gone.ok && gone.status).toBe(404);
  });

  it('TCPRoute: create, replace, refuses a route without rules, list', async () => {
    const a = await import('./tcproutes');
    const tcp = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TCPRoute',
      metadata: { name: 'it-tcp' },
      spec: { parentRefs: [{ name: 'it-gw', sectionName: 'pg' }], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
    };
    const made = await a.createTcpRouteAction('demo', tcp);
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const updated = await a.updateTcpRouteAction('demo', 'it-tcp', { ...made.value, metadata: { ...made.value.metadata, labels: { tier: 'db' } } });
    expect(updated.ok && updated.value.metadata.labels).toEqual({ tier: 'db' });
    const empty = await a.createTcpRouteAction('demo', { ...tcp, metadata: { name: 'it-empty' }, spec: { parentRefs: tcp.spec.parentRefs, rules: [] } });
    expect(!empty.ok && empty.fieldErrors[0]?.field).toBe('spec.rules');
    const list = await a.listTcpRoutesAction('demo');
    expect(list.ok && list.value?.rows.map((r) => r.name)).toEqual(['it-tcp']);
  });

  it('the watch stream follows TCPRoutes', async () => {
    const { followResource, WATCHED } = await import('../kube/watch-stream');
    expect(WATCHED).toContain('tcproutes');
    const { createTcpRouteAction } = await import('./tcproutes');
    const abort = new AbortController();
    const seen: string[] = [];
    const done = followResource('tcproutes', 'demo', abort.signal, (m) => seen.push(`${m.type} ${m.name}`), () => {});
    await new Promise((r) => setTimeout(r, 500));
    await createTcpRouteAction('demo', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TCPRoute',
      metadata: { name: 'it-tcp-watch' },
      spec: { parentRefs: [{ name: 'it-gw' }], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
    });
    const deadline = Date.now() + 5000;
    while (!seen.includes('ADDED it-tcp-watch') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    abort.abort();
    await done;
    expect(seen).toContain('ADDED it-tcp-watch');
  });
});
