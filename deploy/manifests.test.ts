// deploy/ as kubectl builds it (built-in kustomize, offline): what it contains, that the
// RBAC stays least-privilege, that the components switch what they claim to, and that a
// server-side dry run against the dev cluster accepts every object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { startCluster, type TestCluster } from '../testing/harness';
import { CACHE_RESOURCES, CACHE_VERBS } from '../lib/console/cache-rbac';
import { deployDir, kustomize, overlay, type Obj } from './testing/kustomize';
import { sharedGateway } from '../devcluster/seed';


type Rule = { apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] };



const find = (objs: Obj[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

/** Every (group, resource, verb) a set of rules grants. */
function grants(rules: Rule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs) out.add(`${g || 'core'}/${res}:${v}`);
  return out;
}

describe('deploy/ base', () => {
  const objs = kustomize();

  it('has the namespace, classes, service accounts, workloads, PDB and Services', () => {
    const names = objs.map((o) => `${o.kind}/${o.metadata.namespace ?? '-'}/${o.metadata.name}`).sort();
    for (const want of [
      'Namespace/-/portico-system',
      'ServiceAccount/portico-system/portico-gateway',
      'ServiceAccount/portico-system/portico-console',
      'ClusterRole/-/portico-gateway',
      'ClusterRole/-/portico-console',
      'Role/portico-system/portico-gateway-leader-election',
      'Role/portico-system/portico-console-accounts',
      'IngressClass/-/portico',
      'GatewayClass/-/portico',
      'Deployment/portico-system/portico-gateway',
      'Deployment/portico-system/portico-console',
      'PodDisruptionBudget/portico-system/portico-gateway',
      'Service/portico-system/portico-gateway',
      'Service/portico-system/portico-gateway-admin',
      'Service/portico-system/portico-console',
    ])
      expect(names).toContain(want);
    expect(find(objs, 'GatewayClass', 'portico')!.spec.controllerName).toBe('portico.dev/gateway-controller');
    // everything namespaced lives in portico-system
    for (const o of objs) if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'IngressClass', 'GatewayClass'].includes(o.kind)) expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe('portico-system');
  });

  it('the gateway ClusterRole reads routing inputs and writes nothing but status and events', () => {
    const g = grants(find(objs, 'ClusterRole', 'portico-gateway')!.rules);
    const reads = ['networking.k8s.io/ingresses', 'networking.k8s.io/ingressclasses', 'core/services', 'core/secrets', 'core/configmaps', 'discovery.k8s.io/endpointslices', 'core/nodes'].concat(
      ['gatewayclasses', 'gateways', 'httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes', 'referencegrants', 'listenersets', 'backendtlspolicies', 'udproutes'].map((r) => `gateway.networking.k8s.io/${r}`),
    );
    for (const r of reads) for (const v of r === 'core/nodes' ? ['get', 'list'] : ['get', 'list', 'watch']) expect(g, `${r}:${v}`).toContain(`${r}:${v}`);
    for (const entry of g) {
      const [res, verb] = entry.split(':');
      expect(res, entry).not.toContain('*');
      if (['get', 'list', 'watch'].includes(verb)) continue;
      const allowed = res.endsWith('/status') ? ['update', 'patch'].includes(verb) : res === 'core/events' && ['create', 'patch'].includes(verb);
      expect(allowed, `unexpected grant ${entry}`).toBe(true);
    }
    // the Lease is namespaced: a Role, and renewals only of its own Lease
    const leaseRules: Rule[] = find(objs, 'Role', 'portico-gateway-leader-election')!.rules;
    expect(leaseRules.find((r) => r.verbs.includes('update'))!.resourceNames).toEqual(['portico-gateway']);
    expect(leaseRules.flatMap((r) => r.verbs).sort()).toEqual(['create', 'get', 'update']);
  });

  it('the console ClusterRole impersonates, asks access reviews, reads namespace names, node addresses, GatewayClasses and what its cache mirrors', () => {
    const g = grants(find(objs, 'ClusterRole', 'portico-console')!.rules);
    const cache = Object.entries(CACHE_RESOURCES).flatMap(([group, resources]) => resources.flatMap((r) => CACHE_VERBS.map((v) => `${group || 'core'}/${r}:${v}`)));
    expect([...g].sort()).toEqual(
      [
        'authorization.k8s.io/selfsubjectaccessreviews:create',
        'core/groups:impersonate',
        'core/namespaces:get',
        'core/namespaces:list',
        'core/nodes:get',
        'core/nodes:list',
        'core/serviceaccounts:impersonate',
        'core/users:impersonate',
        // GatewayClass supportedFeatures for the route forms
        'gateway.networking.k8s.io/gatewayclasses:get',
        'gateway.networking.k8s.io/gatewayclasses:list',
        ...cache,
      ].sort(),
    );
    // never Secrets, never a write beyond its own account Secrets (Role below)
    expect([...g].some((e) => e.startsWith('core/secrets:'))).toBe(false);
    expect([...g].some((e) => /:(create|update|patch|delete)$/.test(e) && !e.includes('selfsubjectaccessreviews'))).toBe(false);
    expect([...grants(find(objs, 'Role', 'portico-console-accounts')!.rules)].every((e) => e.startsWith('core/secrets:'))).toBe(true);
  });

  it('each binding points its role at the right ServiceAccount', () => {
    for (const b of objs.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')) {
      const sa = b.metadata.name.startsWith('portico-gateway') ? 'portico-gateway' : 'portico-console';
      expect(b.subjects, b.metadata.name).toEqual([{ kind: 'ServiceAccount', name: sa, namespace: 'portico-system' }]);
      expect(find(objs, b.roleRef.kind, b.roleRef.name), `${b.metadata.name} -> ${b.roleRef.name}`).toBeDefined();
    }
  });

  it('the gateway Deployment: 2 replicas, spread, httpGet probes on the admin port, graceful stop, locked-down container', () => {
    const d = find(objs, 'Deployment', 'portico-gateway')!;
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(d.spec.replicas).toBe(2);
    expect(pod.serviceAccountName).toBe('portico-gateway');
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector.matchLabels).toEqual(d.spec.selector.matchLabels);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(c.volumeMounts).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
    const env = Object.fromEntries(c.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
    expect(env).toMatchObject({ BIND_ADDRESS: '0.0.0.0', GATEWAY_HTTP_PORT: '8080', GATEWAY_HTTPS_PORT: '8443', GATEWAY_ADMIN_PORT: '9080', GATEWAY_ADMIN_ADDRESS: '0.0.0.0' });
    expect(c.env.find((e: { name: string }) => e.name === 'POD_NAME').valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    // the kubelet probes the admin API on the pod IP (no exec, no node in the probe)
    const port = (name: string) => c.ports.find((p: { name: string }) => p.name === name)?.containerPort;
    expect(port('admin')).toBe(Number(env.GATEWAY_ADMIN_PORT));
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/readyz', port: 'admin' }, failureThreshold: 1 });
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 'admin' } });
    expect(c.readinessProbe.exec ?? c.livenessProbe.exec).toBeUndefined();
    // readiness fails first, the drain delay runs inside the gateway (no preStop sleep), and
    // delay + drain + the gateway's 5 s hard-exit margin fit in the grace period
    expect(c.lifecycle?.preStop).toBeUndefined();
    expect(Number(env.GATEWAY_DRAIN_DELAY_MS)).toBeGreaterThanOrEqual(5_000);
    expect((Number(env.GATEWAY_DRAIN_DELAY_MS) + Number(env.GATEWAY_DRAIN_MS)) / 1000 + 5).toBeLessThanOrEqual(pod.terminationGracePeriodSeconds);
    // status publishes the gateway Service's address
    const [ns, name] = env.GATEWAY_PUBLISH_SERVICE.split('/');
    expect(find(objs, 'Service', name)?.metadata.namespace).toBe(ns);
    expect(find(objs, 'Service', name)!.spec.selector).toEqual(d.spec.selector.matchLabels);
    expect(find(objs, 'PodDisruptionBudget', 'portico-gateway')!.spec).toEqual({ minAvailable: 1, selector: { matchLabels: d.spec.selector.matchLabels } });
  });

  it('the gateway Service is a NodePort mapping 80->8080 and 443->8443 (named http/https for the console)', () => {
    const s = find(objs, 'Service', 'portico-gateway')!;
    expect(s.spec.type).toBe('NodePort');
    expect(s.spec.externalTrafficPolicy).toBeUndefined(); // any node's port reaches a replica
    const ports = find(objs, 'Deployment', 'portico-gateway')!.spec.template.spec.containers[0].ports;
    const target = (name: string) => ports.find((p: { name: string }) => p.name === name).containerPort;
    expect(s.spec.ports.map((p: { name: string; port: number; targetPort: string }) => [p.name, p.port, target(p.targetPort)])).toEqual([
      ['http', 80, 8080],
      ['https', 443, 8443],
    ]);
  });

  it('the admin API: a ClusterIP Service on 9080 that the console is pointed at; the public Service does not carry it', () => {
    const admin = find(objs, 'Service', 'portico-gateway-admin')!;
    const gw = find(objs, 'Deployment', 'portico-gateway')!;
    expect(admin.spec.type).toBe('ClusterIP');
    expect(admin.spec.selector).toEqual(gw.spec.selector.matchLabels);
    expect(admin.spec.ports).toEqual([{ name: 'admin', port: 9080, targetPort: 'admin', protocol: 'TCP' }]);
    expect(find(objs, 'Service', 'portico-gateway')!.spec.ports.map((p: { targetPort: string }) => p.targetPort)).not.toContain('admin');
    const consoleEnv = find(objs, 'Deployment', 'portico-console')!.spec.template.spec.containers[0].env;
    const url = new URL(consoleEnv.find((e: { name: string }) => e.name === 'GATEWAY_ADMIN_URL').value);
    expect(url.hostname).toBe(`${admin.metadata.name}.${admin.metadata.namespace}.svc`);
    expect(Number(url.port)).toBe(admin.spec.ports[0].port);
  });

  it('the admin token: both Deployments mount the Secret portico-gateway-admin-token and point GATEWAY_ADMIN_TOKEN_FILE at its key', () => {
    for (const name of ['portico-gateway', 'portico-console']) {
      const pod = find(objs, 'Deployment', name)!.spec.template.spec;
      const c = pod.containers[0];
      const file = c.env.find((e: { name: string }) => e.name === 'GATEWAY_ADMIN_TOKEN_FILE')?.value as string;
      expect(file, name).toBeDefined();
      expect(c.env.find((e: { name: string }) => e.name === 'GATEWAY_ADMIN_TOKEN'), `${name}: no token in the manifest`).toBeUndefined();
      const mount = c.volumeMounts.find((m: { mountPath: string }) => file.startsWith(`${m.mountPath}/`));
      expect(mount, `${name} mounts ${file}`).toMatchObject({ readOnly: true });
      const vol = pod.volumes.find((v: { name: string }) => v.name === mount.name);
      expect(vol.secret.secretName).toBe('portico-gateway-admin-token');
      expect(vol.secret.items).toEqual([{ key: 'token', path: file.slice(mount.mountPath.length + 1) }]);
      // readable by the container's user only through its group (fsGroup), nobody else
      expect(vol.secret.defaultMode).toBe(0o440);
      expect(pod.securityContext.fsGroup).toBe(pod.securityContext.runAsGroup);
    }
    // the Secret itself is made at install (README), never shipped with a value in deploy/
    expect(objs.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('"Try it" in the console goes through the gateway Service, on its ports', () => {
    const svc = find(objs, 'Service', 'portico-gateway')!;
    const consoleEnv = find(objs, 'Deployment', 'portico-console')!.spec.template.spec.containers[0].env;
    for (const [name, portName] of [['GATEWAY_URL', 'http'], ['GATEWAY_HTTPS_URL', 'https']] as const) {
      const url = new URL(consoleEnv.find((e: { name: string }) => e.name === name).value);
      expect(url.protocol).toBe(`${portName}:`);
      expect(url.hostname).toBe(`${svc.metadata.name}.${svc.metadata.namespace}.svc`);
      expect(Number(url.port || (portName === 'http' ? 80 : 443))).toBe(svc.spec.ports.find((p: { name: string }) => p.name === portName).port);
    }
  });

  it('the console Deployment runs as its ServiceAccount with a writable Next cache only', () => {
    const pod = find(objs, 'Deployment', 'portico-console')!.spec.template.spec;
    const c = pod.containers[0];
    expect(pod.serviceAccountName).toBe('portico-console');
    expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(['/app/.next/cache', '/tmp', '/var/run/secrets/portico/gateway-admin']);
    expect(c.env).toContainEqual({ name: 'HOSTNAME', value: '0.0.0.0' });
  });
});

describe('deploy/components', () => {
  it('loadbalancer makes only the gateway Service a LoadBalancer that keeps client addresses', () => {
    const objs = overlay(['loadbalancer']);
    expect(find(objs, 'Service', 'portico-gateway')!.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(find(objs, 'Service', 'portico-console')!.spec.type).toBe('ClusterIP');
  });

  it('admin-network-policy: only console pods reach 9080; every other gateway port stays open', () => {
    const base = kustomize();
    const objs = overlay(['admin-network-policy']);
    expect(objs.length).toBe(base.length + 1);
    const np = find(objs, 'NetworkPolicy', 'portico-gateway-admin')!;
    expect(np.metadata.namespace).toBe('portico-system');
    expect(np.spec.podSelector.matchLabels).toEqual(find(objs, 'Deployment', 'portico-gateway')!.spec.selector.matchLabels);
    type Port = { port: number; endPort?: number };
    type Rule = { from?: Array<{ podSelector?: { matchLabels: Record<string, string> } }>; ports: Port[] };
    const rules: Rule[] = np.spec.ingress;
    const covers = (r: Rule, n: number) => r.ports.some((p) => n >= p.port && n <= (p.endPort ?? p.port));
    const open = rules.filter((r) => !r.from);
    for (const n of [8080, 8443, 8022, 9000, 9081]) expect(open.some((r) => covers(r, n)), `port ${n} open`).toBe(true);
    expect(open.some((r) => covers(r, 9080)), 'admin port open to all').toBe(false);
    const admin = rules.filter((r) => covers(r, 9080));
    expect(admin.map((r) => r.from)).toEqual([[{ podSelector: { matchLabels: find(objs, 'Deployment', 'portico-console')!.spec.selector.matchLabels } }]]);
  });

  it('shared-gateway adds only the Gateway portico, the same as the dev cluster seeds', () => {
    const base = kustomize();
    const objs = overlay(['shared-gateway']);
    expect(objs.length).toBe(base.length + 1);
    const gw = find(objs, 'Gateway', 'portico')!;
    const seeded = sharedGateway();
    expect([gw.apiVersion, gw.metadata.namespace]).toEqual([seeded.apiVersion, 'portico-system']);
    expect(gw.spec).toEqual(seeded.spec);
  });

  it('ingress-only leaves out the GatewayClass and nothing else', () => {
    const base = kustomize();
    const objs = overlay(['ingress-only']);
    expect(find(objs, 'GatewayClass', 'portico')).toBeUndefined();
    expect(objs.length).toBe(base.length - 1);
  });
});

describe('kubectl apply -k deploy/ --dry-run=server against the dev cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('serves every kind deploy/ contains', () => {
    const served = new Set(
      cluster
        .kubectl(['api-resources', '--no-headers', '-o', 'wide'])
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const cols = l.trim().split(/\s+/);
          const i = cols.findIndex((c) => c === 'true' || c === 'false'); // NAMESPACED column, then KIND
          return `${cols[i - 1]}/${cols[i + 1]}`;
        }),
    );
    const missing = [...new Set(kustomize().map((o) => `${o.apiVersion}/${o.kind}`))].filter((k) => !served.has(k));
    expect(missing, `kinds the dev cluster does not serve`).toEqual([]);
  });

  it('the shared-gateway component is accepted', () => {
    const r = spawnSync('kubectl', ['--kubeconfig', cluster.kubeconfig, 'apply', '-f', `${deployDir}/components/shared-gateway/gateway.yaml`, '--dry-run=server'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('Warning:'))).toEqual([]);
    expect(r.stdout).toContain('gateway.gateway.networking.k8s.io/portico');
  });

  it('every object is accepted and nothing is stored', () => {
    const r = spawnSync('kubectl', ['--kubeconfig', cluster.kubeconfig, 'apply', '-k', deployDir, '--dry-run=server'], { encoding: 'utf8', timeout: 60_000 });
    // (kubectl warns that the dev cluster's own portico-system namespace was not created by apply)
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('Warning:'))).toEqual([]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(kustomize().length);
    for (const l of lines) expect(l).toMatch(/ (created|configured|unchanged) \(server dry run\)$/);
    expect(() => cluster.kubectl(['get', 'deployment', 'portico-gateway', '-n', 'portico-system'])).toThrow(/not found/i);
  });
});
