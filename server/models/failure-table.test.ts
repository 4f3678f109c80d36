/** Seed 004's failure table, one case per row: what the Service and route pages say. */
import { describe, expect, it } from 'vitest';
import type { Ingress, Pod, Service } from '@/lib/k8s';
import { diagnoseService } from './diagnostics';
import { externalNameProblem, podProbeReason, routeFailureWarnings, sourceIpProblem, undeclaredTargetPortProblem, websocketTimeoutProblem } from './failure-table';

type Spec = NonNullable<Service['spec']>;
const svc = (name: string, spec: Partial<Spec>): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'demo' }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }], ...spec } as Spec });

function pod(name: string, app: string, o: { ready?: boolean; running?: boolean; waiting?: string; ports?: { name?: string; containerPort: number }[]; probe?: boolean } = {}): Pod {
  const ready = o.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'demo', labels: { app } },
    spec: {
      containers: [
        { name: 'web', image: 'echo', ports: o.ports ?? [{ name: 'http', containerPort: 8080 }], ...(o.probe ? { readinessProbe: { httpGet: { path: '/healthz', port: 8080 } } } : {}) },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady', message: 'containers with unready status: [web]' }) }],
      containerStatuses: [
        { name: 'web', ready, restartCount: 0, image: 'echo', imageID: '', state: o.waiting ? { waiting: { reason: o.waiting } } : (o.running ?? true) ? { running: { startedAt: '2026-01-01T00:00:00Z' } } : {} },
      ],
    },
  } as Pod;
}

const unhealthy = (podName: string, message: string, at: string) => ({ reason: 'Unhealthy', message, involvedObject: { kind: 'Pod', name: podName }, lastTimestamp: at });

describe('pod not ready: the probe reason', () => {
  it("takes the latest kubelet 'Readiness probe failed' event of that pod", () => {
    const p = pod('web-1', 'web', { ready: false, probe: true });
    const events = [
      unhealthy('web-1', 'Readiness probe failed: HTTP probe failed with statuscode: 500', '2026-01-01T00:00:01Z'),
      unhealthy('web-1', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '2026-01-01T00:00:09Z'),
      unhealthy('web-2', 'Readiness probe failed: connection refused', '2026-01-01T00:00:10Z'),
      { reason: 'Unhealthy', message: 'Liveness probe failed: x', involvedObject: { kind: 'Pod', name: 'web-1' }, lastTimestamp: '2026-01-01T00:00:20Z' },
    ];
    expect(podProbeReason(p, events)).toBe('Readiness probe failed: HTTP probe failed with statuscode: 503');
  });

  it('without an event, names the probe the running container has to pass', () => {
    expect(podProbeReason(pod('web-1', 'web', { ready: false, probe: true }))).toBe('readiness probe not passing: web: HTTP GET http://:8080/healthz');
  });

  it("a waiting container's reason wins (the probe never ran); a ready pod has none", () => {
    expect(podProbeReason(pod('web-1', 'web', { ready: false, waiting: 'CrashLoopBackOff', probe: true }), [unhealthy('web-1', 'Readiness probe failed: old', 'x')])).toBe('CrashLoopBackOff');
    expect(podProbeReason(pod('web-1', 'web', { probe: true }))).toBeUndefined();
  });

  it('the Service page lists the unready pod with that reason', () => {
    const d = diagnoseService(svc('web', {}), [], [pod('web-1', 'web'), pod('web-2', 'web', { ready: false, probe: true })], {
      events: [unhealthy('web-2', 'Readiness probe failed: Get "http://127.1.0.2:8080/healthz": connection refused', 'z')],
    });
    expect(d.problems).toEqual(['1 of 2 selected pods are not ready: web-2 (Readiness probe failed: Get "http://127.1.0.2:8080/healthz": connection refused).']);
    expect(d.selectedPods[1]).toMatchObject({ name: 'web-2', ready: false, reason: expect.stringContaining('connection refused') });
  });
});

describe('ExternalName that does not resolve', () => {
  const ext = svc('db', { type: 'ExternalName', externalName: 'db.example.invalid', selector: undefined, ports: [] });
  it('names the target and the resolver error', () => {
    expect(externalNameProblem(ext, { error: 'ENOTFOUND' })).toBe(
      'ExternalName db.example.invalid does not resolve (ENOTFOUND): routes to this service answer 503. Check the name, or use a Service without selector and manual endpoints.',
    );
    expect(diagnoseService(ext, [], [], { externalName: { error: 'ENOTFOUND' } }).problems).toHaveLength(1);
  });
  it('says nothing when it resolves, or when nothing was looked up; not an ExternalName: nothing', () => {
    expect(externalNameProblem(ext, { addresses: ['127.0.0.1'] })).toBeUndefined();
    expect(externalNameProblem(ext, undefined)).toBeUndefined();
    expect(externalNameProblem(svc('web', {}), { error: 'ENOTFOUND' })).toBeUndefined();
    expect(diagnoseService(ext, [], [], { externalName: { addresses: ['127.0.0.1'] } }).problems).toEqual([]);
  });
  it('an empty answer is a failure too', () => {
    expect(externalNameProblem(ext, { addresses: [] })).toContain('resolves to no address');
  });
});

describe('source IP lost', () => {
  it('LoadBalancer with the default (Cluster) policy: explains SNAT and suggests Local', () => {
    const m = sourceIpProblem(svc('web', { type: 'LoadBalancer' }));
    expect(m).toMatch(/^Client source IPs are lost: with externalTrafficPolicy Cluster/);
    expect(m).toContain('Set externalTrafficPolicy: Local');
    expect(sourceIpProblem(svc('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' }))).toBe(m);
    expect(diagnoseService(svc('web', { type: 'LoadBalancer' }), [], [pod('web-1', 'web')]).problems).toEqual([m]);
  });
  it('Local keeps the client IP; a ClusterIP Service has no external traffic', () => {
    expect(sourceIpProblem(svc('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }))).toBeUndefined();
    expect(sourceIpProblem(svc('web', { type: 'ClusterIP' }))).toBeUndefined();
    expect(sourceIpProblem(svc('web', { type: 'NodePort' }))).toContain('node ports');
  });
});

const ingress = (annotations: Record<string, string>, port: { number?: number; name?: string }, service = 'chat'): Ingress =>
  ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'chat', namespace: 'demo', annotations },
    spec: { rules: [{ host: 'chat.test', http: { paths: [{ path: '/ws', pathType: 'Prefix', backend: { service: { name: service, port } } }] } }] },
  }) as Ingress;

describe('WebSocket cut by the read timeout', () => {
  const chat = svc('chat', { ports: [{ name: 'ws', port: 80, targetPort: 8080, appProtocol: 'kubernetes.io/ws' }, { name: 'api', port: 81, targetPort: 8080 }] });
  const services = new Map([['chat', chat]]);

  it('a route to a kubernetes.io/ws port with the default timeout: suggests proxy-read-timeout', () => {
    expect(websocketTimeoutProblem(ingress({}, { number: 80 }), services)).toBe(
      'WebSocket backend chat:ws (appProtocol kubernetes.io/ws): the gateway closes a connection after 60 s without a message from the backend, so idle WebSockets are cut. Set annotation nginx.ingress.kubernetes.io/proxy-read-timeout: "3600" (and proxy-send-timeout) on this route.',
    );
    expect(websocketTimeoutProblem(ingress({}, { name: 'ws' }), services)).toContain('chat:ws');
    expect(websocketTimeoutProblem(ingress({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' }, { number: 80 }), services)).toContain('after 30 s');
  });
  it('a raised timeout, or a port without the ws appProtocol: nothing', () => {
    expect(websocketTimeoutProblem(ingress({ 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' }, { number: 80 }), services)).toBeUndefined();
    expect(websocketTimeoutProblem(ingress({}, { number: 81 }), services)).toBeUndefined();
    expect(websocketTimeoutProblem(ingress({}, { number: 80 }, 'missing'), services)).toBeUndefined();
  });
});

describe('a backend port no pod declares', () => {
  it('named targetPort: never gets endpoints', () => {
    const s = svc('web', { ports: [{ name: 'http', port: 80, targetPort: 'web' }] });
    expect(undeclaredTargetPortProblem(s, s.spec!.ports![0], [pod('web-1', 'web')])).toBe('targetPort web of port http is not declared by any container of the selected pods: it gets no endpoints.');
  });
  it('numbered targetPort the pods do not declare; pods declaring no ports are not judged', () => {
    const s = svc('web', { ports: [{ name: 'http', port: 80, targetPort: 9999 }] });
    expect(undeclaredTargetPortProblem(s, s.spec!.ports![0], [pod('web-1', 'web')])).toContain('targetPort 9999 of port http');
    expect(undeclaredTargetPortProblem(s, s.spec!.ports![0], [pod('web-1', 'web', { ports: [] })])).toBeUndefined();
    expect(undeclaredTargetPortProblem(s, s.spec!.ports![0], [pod('other', 'db')])).toBeUndefined();
  });
  it('the route page names the service of the backend it uses, once', () => {
    const s = svc('web', { ports: [{ name: 'http', port: 80, targetPort: 'web' }, { name: 'ok', port: 81, targetPort: 8080 }] });
    const ing = ingress({}, { number: 80 }, 'web');
    ing.spec!.defaultBackend = { service: { name: 'web', port: { name: 'http' } } };
    expect(routeFailureWarnings(ing, [s], [pod('web-1', 'web')])).toEqual(['targetPort web of port http of service web is not declared by any container of the selected pods: it gets no endpoints.']);
    expect(routeFailureWarnings(ingress({}, { number: 81 }, 'web'), [s], [pod('web-1', 'web')])).toEqual([]);
  });
});
