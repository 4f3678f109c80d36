/**
 * The built-in controllers on a real dev cluster: Deployment -> pods with real names and
 * loopback IPs, echo servers answering on them, Services with ClusterIPs and
 * EndpointSlices, rollouts, garbage collection, and a restart that keeps pod IPs.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'undici';
import { startTestCluster, waitFor, type TestCluster } from '../testing/harness';
import { startDevCluster } from '../cluster';
import type { KubeObject } from '../store/registry';
import { startControllers, type RunningControllers } from './index';

type Obj = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const NS = 'default';
const SLICES = 'endpointslices.discovery.k8s.io';
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';

function deployment(
  name: string,
  replicas: number,
  image = 'portico/echo:1',
  extra: Obj = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: 'main', image, ports: [{ name: 'http', containerPort: 8080 }] }],
        },
      },
      ...extra,
    },
  };
}

const service = (name: string, spec: Obj = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: NS },
  spec: {
    selector: { app: name },
    ports: [{ name: 'web', port: 80, targetPort: 'http' }],
    ...spec,
  },
});

const isReady = (p: KubeObject) =>
  ((p.status as Obj)?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');

let cluster: TestCluster;
const reg = () => cluster.registry;
const podsOf = (app: string) =>
  reg().list('pods', { namespace: NS, labelSelector: `app=${app}` }).items;
const readyPods = (app: string, n: number) => {
  const pods = podsOf(app);
  return pods.length === n && pods.every(isReady) ? pods : undefined;
};
const slicesOf = (svc: string) =>
  reg().list(SLICES, { namespace: NS, labelSelector: `kubernetes.io/service-name=${svc}` })
    .items as Obj[];
const sliceIPs = (svc: string, onlyReady = true) =>
  slicesOf(svc)
    .flatMap((s) => s.endpoints ?? [])
    .filter((e: Obj) => !onlyReady || e.conditions?.ready)
    .map((e: Obj) => e.addresses[0])
    .sort();

async function echo(ip: string, port = 8080, path = '/hello?x=1'): Promise<Obj> {
  const res = await httpRequest(`http://${ip}:${port}${path}`, { headers: { 'x-probe': 'yes' } });
  expect(res.statusCode).toBe(200);
  return (await res.body.json()) as Obj;
}

let ctrl: RunningControllers | undefined;
beforeAll(async () => {
  // The API server without its own controllers; we start them here to hold their handle.
  cluster = await startTestCluster({ controllers: false });
  ctrl = await startControllers(cluster.registry, { dataDir: cluster.dataDir });
});
afterAll(async () => {
  await ctrl?.stop();
  await cluster?.cleanup();
});

describe('Node and Service allocation', () => {
  it('registers this machine as a Ready node with a loopback pod CIDR', () => {
    const nodes = reg().list('nodes').items as Obj[];
    expect(nodes).toHaveLength(1);
    const node = nodes[0];
    expect(node.status.conditions.find((c: Obj) => c.type === 'Ready').status).toBe('True');
    expect(node.status.addresses).toContainEqual({ type: 'InternalIP', address: '127.0.0.1' });
    expect(node.spec.podCIDR).toMatch(/^127\.(\d+)\.(\d+)\.0\/20$/);
    expect(node.spec.podCIDR.startsWith('127.0.')).toBe(false);
  });

  it('allocates ClusterIPs, keeps them on replace, and refuses a taken one', () => {
    const a = reg().create('services', NS, service('alloc-a')) as Obj;
    expect(a.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\.\d+\.\d+$/);
    expect(a.spec).toMatchObject({
      clusterIPs: [a.spec.clusterIP],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    });
    // A replace without clusterIP keeps it (kubectl replace, client-side apply).
    const { clusterIP, clusterIPs, ...rest } = a.spec;
    void clusterIP;
    void clusterIPs;
    const replaced = reg().update('services', NS, {
      ...a,
      spec: { ...rest, ports: [{ name: 'web', port: 81, targetPort: 'http' }] },
    }) as Obj;
    expect(replaced.spec.clusterIP).toBe(a.spec.clusterIP);
    expect(() =>
      reg().update('services', NS, {
        ...replaced,
        spec: { ...replaced.spec, clusterIP: '10.96.7.7', clusterIPs: ['10.96.7.7'] },
      }),
    ).toThrow(/may not change once set/);
    expect(() =>
      reg().create('services', NS, service('alloc-b', { clusterIP: a.spec.clusterIP })),
    ).toThrow(/provided IP is already allocated/);
    expect(() =>
      reg().create('services', NS, service('alloc-c', { clusterIP: '192.168.1.1' })),
    ).toThrow(/not in the valid range/);
    const headless = reg().create('services', NS, service('alloc-h', { clusterIP: 'None' })) as Obj;
    expect(headless.spec.clusterIPs).toEqual(['None']);
    const ext = reg().create('services', NS, {
      ...service('alloc-e'),
      spec: { type: 'ExternalName', externalName: 'example.com' },
    }) as Obj;
    expect(ext.spec.clusterIP).toBeUndefined();
  });

  it('allocates unique NodePorts and refuses clashes with 422', () => {
    const np = reg().create('services', NS, service('np-a', { type: 'NodePort' })) as Obj;
    const port = np.spec.ports[0].nodePort;
    expect(port).toBeGreaterThanOrEqual(30000);
    expect(port).toBeLessThanOrEqual(32767);
    let err: Obj | undefined;
    try {
      reg().create(
        'services',
        NS,
        service('np-b', { type: 'NodePort', ports: [{ name: 'web', port: 80, nodePort: port }] }),
      );
    } catch (e) {
      err = e as Obj;
    }
    expect(err?.code).toBe(422);
    expect(err?.details.causes[0]).toMatchObject({
      field: 'spec.ports[0].nodePort',
      message: expect.stringMatching(/already allocated/),
    });
    const explicit = reg().create(
      'services',
      NS,
      service('np-c', { type: 'NodePort', ports: [{ name: 'web', port: 80, nodePort: 31999 }] }),
    ) as Obj;
    expect(explicit.spec.ports[0].nodePort).toBe(31999);
    expect(() =>
      reg().create(
        'services',
        NS,
        service('np-d', { type: 'NodePort', ports: [{ name: 'web', port: 80, nodePort: 8080 }] }),
      ),
    ).toThrow(/valid range/);
    // Deleting frees the port for others.
    reg().delete('services', NS, 'np-c');
    reg().create(
      'services',
      NS,
      service('np-e', { type: 'NodePort', ports: [{ name: 'web', port: 80, nodePort: 31999 }] }),
    );
  });
});

describe('allocation inside one group commit', () => {
  it('keeps ClusterIPs and NodePorts unique when watch events arrive only after the commit', async () => {
    const np = (name: string, nodePort?: number) =>
      service(name, {
        type: 'NodePort',
        ports: [{ name: 'web', port: 80, ...(nodePort ? { nodePort } : {}) }],
      });
    const a = reg().enqueue(() => reg().create('services', NS, np('batch-a', 31555)));
    const b = reg().enqueue(() => reg().create('services', NS, np('batch-b', 31555)));
    await expect(a).resolves.toBeTruthy();
    await expect(b).rejects.toThrow(/provided port is already allocated/);
    const many = (await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        reg().enqueue(() => reg().create('services', NS, np(`batch-r${i}`))),
      ),
    )) as Obj[];
    expect(new Set(many.map((s) => s.spec.clusterIP)).size).toBe(30);
    expect(new Set(many.map((s) => s.spec.ports[0].nodePort)).size).toBe(30);
  });
});

describe('Deployment -> pods -> echo servers -> EndpointSlices', () => {
  it('runs N pods with real names and distinct loopback IPs, each answering as itself', async () => {
    reg().create('deployments.apps', NS, deployment('web', 3));
    reg().create('services', NS, service('web'));
    const pods = await waitFor(() => readyPods('web', 3), '3 ready web pods');
    const hash = pods[0].metadata.labels!['pod-template-hash'];
    expect(hash).toMatch(new RegExp(`^${SAFE}{6,10}$`));
    const ips = new Set<string>();
    for (const p of pods as Obj[]) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-${SAFE}{5}$`));
      expect(p.metadata.ownerReferences[0]).toMatchObject({
        kind: 'Deployment',
        name: 'web',
        controller: true,
      });
      expect(p.spec.nodeName).toBeTruthy();
      expect(p.status.podIP).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect(p.status.podIP.startsWith('127.0.0.')).toBe(false);
      expect(p.status.phase).toBe('Running');
      expect(p.status.containerStatuses[0]).toMatchObject({
        name: 'main',
        ready: true,
        started: true,
      });
      ips.add(p.status.podIP);
      const body = await echo(p.status.podIP);
      expect(body).toMatchObject({
        path: '/hello?x=1',
        method: 'GET',
        proto: 'HTTP/1.1',
        namespace: NS,
        pod: p.metadata.name,
      });
      expect(body.headers['x-probe']).toEqual(['yes']);
    }
    expect(ips.size).toBe(3);
    const d = await waitFor(() => {
      const x = reg().get('deployments.apps', NS, 'web') as Obj;
      return x.status?.availableReplicas === 3 &&
        x.status.observedGeneration === x.metadata.generation
        ? x
        : undefined;
    }, 'deployment status');
    expect(d.status).toMatchObject({
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(d.status.conditions.map((c: Obj) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
  });

  it('records events and keeps container logs', async () => {
    // Events are written in small batches just after the work they describe.
    const events = await waitFor(() => {
      const list = reg().list('events', { namespace: NS }).items as Obj[];
      return list.filter((e) => e.reason === 'Started').length >= 3 ? list : undefined;
    }, 'pod events');
    const about = (name: string) =>
      events.filter((e) => e.involvedObject.name === name).map((e) => e.reason);
    expect(about('web')).toContain('ScalingReplicaSet');
    const [pod] = podsOf('web');
    expect(about(pod.metadata.name!)).toEqual(
      expect.arrayContaining(['Scheduled', 'Pulled', 'Created', 'Started']),
    );
    const scaled = events.find((e) => e.reason === 'ScalingReplicaSet');
    expect(scaled.message).toMatch(/^Scaled up replica set web-\w+ from 0 to 3$/);
    expect(scaled.source.component).toBe('deployment-controller');
    await echo((pod.status as Obj).podIP, 8080, '/logged');
    const logs = ctrl!.runtime.readLogs(NS, pod.metadata.name!)!;
    expect(logs).toMatch(
      /echo server \(HTTP\/1.1, h2c, WebSocket\) listening on 127\.[\d.]+:8080\n/,
    );
    expect(logs).toMatch(/"GET \/logged HTTP\/1.1" 200 \d+/);
    expect(
      ctrl!.runtime.readLogs(NS, pod.metadata.name!, 'main', { tailLines: 1 })!.split('\n'),
    ).toHaveLength(2);
    expect(ctrl!.runtime.readLogs(NS, pod.metadata.name!, 'nope')).toBeUndefined();
    expect(ctrl!.runtime.readLogs(NS, 'no-such-pod')).toBeUndefined();
  });

  it('publishes the ready pods in one EndpointSlice and in Endpoints, with named targetPorts resolved', async () => {
    const podIPs = (podsOf('web') as Obj[]).map((p) => p.status.podIP).sort();
    await waitFor(() => sliceIPs('web').join() === podIPs.join(), 'slice with the 3 pod IPs');
    const [slice] = slicesOf('web');
    expect(slicesOf('web')).toHaveLength(1);
    expect(slice.addressType).toBe('IPv4');
    expect(slice.metadata.labels).toMatchObject({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice.metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web' });
    expect(slice.ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
    const ep = slice.endpoints[0];
    expect(ep.conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(ep.targetRef).toMatchObject({ kind: 'Pod', namespace: NS });
    expect(ep.nodeName).toBeTruthy();
    const endpoints = reg().get('endpoints', NS, 'web') as Obj;
    expect(endpoints.subsets[0].addresses.map((a: Obj) => a.ip).sort()).toEqual(podIPs);
    expect(endpoints.subsets[0].ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
  });

  it('drops a deleted pod from the slice promptly and replaces it', async () => {
    const [victim] = podsOf('web') as Obj[];
    reg().delete('pods', NS, victim.metadata.name);
    // Removed in the controllers' very next round of work: no polling interval, no timer.
    await ctrl!.idle();
    expect(sliceIPs('web', false)).not.toContain(victim.status.podIP);
    expect(JSON.stringify(reg().get('endpoints', NS, 'web'))).not.toContain(
      `"${victim.status.podIP}"`,
    );
    await waitFor(() => readyPods('web', 3), 'replacement pod');
    const names = podsOf('web').map((p) => p.metadata.name);
    expect(names).not.toContain(victim.metadata.name);
    // The old pod's server is gone.
    await expect(
      httpRequest(`http://${victim.status.podIP}:8080/`, { headersTimeout: 1000 }),
    ).rejects.toThrow();
  });

  it('scales down and up', async () => {
    const d = reg().get('deployments.apps', NS, 'web') as Obj;
    reg().update('deployments.apps', NS, { ...d, spec: { ...d.spec, replicas: 1 } });
    await waitFor(() => readyPods('web', 1), 'scaled to 1');
    await waitFor(() => sliceIPs('web').length === 1, 'slice with 1 endpoint');
    const d2 = reg().get('deployments.apps', NS, 'web') as Obj;
    reg().update('deployments.apps', NS, { ...d2, spec: { ...d2.spec, replicas: 2 } });
    await waitFor(() => readyPods('web', 2), 'scaled to 2');
  });

  it('rolls out a template change without exceeding maxSurge', async () => {
    const before = podsOf('web');
    const oldHash = before[0].metadata.labels!['pod-template-hash'];
    let maxSeen = 0;
    const stop = reg().watch('pods', { namespace: NS, labelSelector: 'app=web' }, () => {
      maxSeen = Math.max(
        maxSeen,
        podsOf('web').filter((p) => !p.metadata.deletionTimestamp).length,
      );
    });
    const d = reg().get('deployments.apps', NS, 'web') as Obj;
    const template = structuredClone(d.spec.template);
    template.spec.containers[0].image = 'portico/echo:2';
    reg().update('deployments.apps', NS, { ...d, spec: { ...d.spec, template } });
    const pods = await waitFor(() => {
      const ps = readyPods('web', 2);
      return ps && ps.every((p) => p.metadata.labels!['pod-template-hash'] !== oldHash)
        ? ps
        : undefined;
    }, 'rolled out');
    stop();
    expect(maxSeen).toBeLessThanOrEqual(3); // 2 + 25% surge rounded up
    expect((pods[0].spec as Obj).containers[0].image).toBe('portico/echo:2');
    const dep = await waitFor(() => {
      const x = reg().get('deployments.apps', NS, 'web') as Obj;
      return x.status?.updatedReplicas === 2 &&
        x.status.replicas === 2 &&
        x.status.availableReplicas === 2
        ? x
        : undefined;
    }, 'status after rollout');
    expect(dep.status.observedGeneration).toBe(dep.metadata.generation);
  });

  it('keeps a pod with an image it cannot run not ready, with the reason', async () => {
    reg().create('deployments.apps', NS, deployment('nginx', 1, 'nginx:1.27'));
    reg().create('services', NS, service('nginx'));
    const pod = (await waitFor(() => {
      const [p] = podsOf('nginx') as Obj[];
      return p?.status?.containerStatuses?.[0]?.state?.waiting ? p : undefined;
    }, 'nginx pod status')) as Obj;
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.podIP).toMatch(/^127\./);
    expect(pod.status.containerStatuses[0].state.waiting).toMatchObject({
      reason: 'ImageNotSupported',
      message: expect.stringContaining('nginx:1.27'),
    });
    expect(pod.status.conditions.find((c: Obj) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
    });
    const warning = await waitFor(
      () =>
        (reg().list('events', { namespace: NS }).items as Obj[]).find(
          (e) => e.involvedObject.name === pod.metadata.name && e.type === 'Warning',
        ),
      'warning event',
    );
    expect(warning).toMatchObject({
      reason: 'Failed',
      message: expect.stringContaining('ImageNotSupported'),
    });
    await waitFor(
      () => slicesOf('nginx')[0]?.endpoints?.length === 1,
      'nginx slice lists the not-ready pod',
    );
    expect(slicesOf('nginx')[0].endpoints[0].conditions.ready).toBe(false);
    expect(reg().get('endpoints', NS, 'nginx')).toMatchObject({
      subsets: [{ notReadyAddresses: [{ ip: pod.status.podIP }] }],
    });
    const d = reg().get('deployments.apps', NS, 'nginx') as Obj;
    expect(d.status.availableReplicas ?? 0).toBe(0);
  });

  it('runs tcp-echo images as raw TCP echo on their containerPorts', async () => {
    reg().create('pods', NS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'tcp', namespace: NS, labels: { app: 'tcp' } },
      spec: {
        containers: [
          { name: 'tcp', image: 'portico/tcp-echo:1', ports: [{ containerPort: 9000 }] },
        ],
      },
    });
    const [pod] = (await waitFor(() => readyPods('tcp', 1), 'tcp pod ready')) as Obj[];
    const sock = net.connect(9000, pod.status.podIP);
    const got = await new Promise<string>((resolve, reject) => {
      sock.on('connect', () => sock.write('ping'));
      sock.on('data', (d) => resolve(String(d)));
      sock.on('error', reject);
    });
    sock.destroy();
    expect(got).toBe('ping');
    reg().delete('pods', NS, 'tcp');
  });

  it('garbage-collects pods of a deleted Deployment and slices of a deleted Service', async () => {
    reg().delete('deployments.apps', NS, 'nginx');
    reg().delete('services', NS, 'nginx');
    await waitFor(
      () => podsOf('nginx').length === 0 && slicesOf('nginx').length === 0,
      'nginx pods and slices gone',
    );
    expect(reg().get('endpoints', NS, 'nginx')).toBeUndefined();
  });

  it('honours orphan and foreground deletion finalizers', async () => {
    const orphan = deployment('orph', 2);
    orphan.metadata.finalizers = ['orphan'];
    reg().create('deployments.apps', NS, orphan);
    await waitFor(() => podsOf('orph').length === 2, 'orph pods');
    reg().delete('deployments.apps', NS, 'orph');
    await waitFor(() => !reg().get('deployments.apps', NS, 'orph'), 'orph deployment gone');
    const left = podsOf('orph');
    expect(left).toHaveLength(2);
    expect(left.every((p) => (p.metadata.ownerReferences ?? []).length === 0)).toBe(true);
    for (const p of left) reg().delete('pods', NS, p.metadata.name!);

    const fg = deployment('fg', 2);
    fg.metadata.finalizers = ['foregroundDeletion'];
    reg().create('deployments.apps', NS, fg);
    await waitFor(() => podsOf('fg').length === 2, 'fg pods');
    reg().delete('deployments.apps', NS, 'fg');
    await waitFor(
      () => !reg().get('deployments.apps', NS, 'fg') && podsOf('fg').length === 0,
      'fg deployment and pods gone',
    );
  });

  it('mirrors hand-written Endpoints of a selectorless Service into an EndpointSlice', async () => {
    reg().create('services', NS, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'external', namespace: NS },
      spec: { ports: [{ name: 'db', port: 5432 }] },
    });
    reg().create('endpoints', NS, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external', namespace: NS },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ name: 'db', port: 15432 }] }],
    });
    const slice = await waitFor(() => slicesOf('external')[0], 'mirrored slice');
    expect(slice.metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe(
      'endpointslicemirroring-controller.k8s.io',
    );
    expect(slice.endpoints[0]).toMatchObject({
      addresses: ['192.0.2.10'],
      conditions: { ready: true },
    });
    expect(slice.ports).toEqual([{ name: 'db', port: 15432, protocol: 'TCP' }]);
  });

  it('refuses endpoint addresses in loopback or link-local outside the pod CIDR (CVE-2021-25737), 422 per address', () => {
    const podCIDR = String((reg().list('nodes').items[0].spec as Obj).podCIDR);
    const podIP = podCIDR.replace(/\.0\/20$/, '.200');
    const slice = (addresses: string[], name = 'hand') => ({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name, namespace: NS, labels: { 'kubernetes.io/service-name': 'hand' } },
      addressType: 'IPv4',
      endpoints: addresses.map((a) => ({ addresses: [a] })),
      ports: [{ name: 'http', port: 9080 }],
    });
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err as Obj;
      }
      throw new Error('accepted');
    };
    const e = refusal(() => reg().create(SLICES, NS, slice([podIP, '127.0.0.1', '169.254.169.254', '0.0.0.0'])));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.details.causes).toEqual([
      { reason: 'FieldValueInvalid', field: 'endpoints[1].addresses[0]', message: 'Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)' },
      { reason: 'FieldValueInvalid', field: 'endpoints[2].addresses[0]', message: 'Invalid value: "169.254.169.254": may not be in the link-local range (169.254.0.0/16, fe80::/10)' },
      { reason: 'FieldValueInvalid', field: 'endpoints[3].addresses[0]', message: 'Invalid value: "0.0.0.0": may not be unspecified' },
    ]);
    expect(reg().get(SLICES, NS, 'hand')).toBeUndefined();
    const v6 = refusal(() => reg().create(SLICES, NS, { ...slice(['::1', 'fe80::1', '::ffff:127.0.0.1']), addressType: 'IPv6' }));
    expect(v6.details.causes.map((c: Obj) => c.field)).toEqual(['endpoints[0].addresses[0]', 'endpoints[1].addresses[0]', 'endpoints[2].addresses[0]']);
    // the pod CIDR is this cluster's pods: allowed; an update to a refused address is refused too
    const ok = reg().create(SLICES, NS, slice([podIP, '192.0.2.1']));
    expect(refusal(() => reg().update(SLICES, NS, { ...ok, endpoints: [{ addresses: ['127.0.0.53'] }] })).code).toBe(422);
    const legacy = refusal(() =>
      reg().create('endpoints', NS, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'hand', namespace: NS }, subsets: [{ addresses: [{ ip: podIP }], notReadyAddresses: [{ ip: '127.0.0.1' }], ports: [{ port: 9080 }] }] }),
    );
    expect(legacy.code).toBe(422);
    expect(legacy.details.causes.map((c: Obj) => c.field)).toEqual(['subsets[0].notReadyAddresses[0].ip']);
    reg().delete(SLICES, NS, 'hand');
  });
});

describe('restart', () => {
  it('keeps pod IPs and rebinds the echo servers', async () => {
    const before = new Map((podsOf('web') as Obj[]).map((p) => [p.metadata.name, p.status.podIP]));
    expect(before.size).toBe(2);
    await ctrl?.stop();
    ctrl = undefined;
    await cluster.close();
    // Stopped: the pods' servers are down.
    const [ip] = [...before.values()];
    await expect(httpRequest(`http://${ip}:8080/`, { headersTimeout: 1000 })).rejects.toThrow();
    const again = await startDevCluster({
      port: 0,
      dataDir: cluster.dataDir,
      seed: false,
      quiet: true,
    });
    cluster = { ...again, dataDir: cluster.dataDir, cleanup: cluster.cleanup } as TestCluster;
    cluster.cleanup = async () => {
      await again.close();
    };
    const pods = await waitFor(() => readyPods('web', 2), 'pods ready after restart');
    for (const p of pods as Obj[]) {
      expect(p.status.podIP).toBe(before.get(p.metadata.name));
      expect((await echo(p.status.podIP)).pod).toBe(p.metadata.name);
    }
  });
});
