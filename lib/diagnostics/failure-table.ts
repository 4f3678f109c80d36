/**
 * Seed 004's "Common Issues" table, diagnosed where the symptom shows (Service and route
 * pages). Pure functions over API objects (and, for ExternalName, a resolution the caller
 * made), so each row of the table is unit-tested on its own:
 *
 * - pod not ready          -> the readiness probe's own failure (kubelet's Unhealthy event), or
 *                             what the probe checks when no event says more
 * - ExternalName fails     -> the name does not resolve (the caller's bounded lookup)
 * - source IP lost         -> externalTrafficPolicy Cluster on a LoadBalancer/NodePort Service
 * - WebSocket disconnects  -> a route to a port declaring appProtocol kubernetes.io/ws(s) with
 *                             the default 60 s read timeout: suggest proxy-read-timeout
 * - port no pod declares   -> the targetPort behind a route's backend is on no selected pod
 *
 * WebSocket signal: the Service port's appProtocol (kubernetes.io/ws, kubernetes.io/wss, the
 * standard values since Kubernetes 1.27, or plain ws/wss/websocket). It is declared before any
 * traffic flows, so the warning shows when the route is made rather than after users were cut
 * off, and it names exactly the ports that carry WebSockets (the gateway's traffic counters do
 * not tell an upgrade from a slow response). A route that already raised proxy-read-timeout
 * above the default is taken as deliberate and not flagged.
 */
import type { Container, Event, Ingress, IngressBackend, Pod, Service } from '../k8s';
import { matchesMapSelector, podNotReadyReason } from '../k8s';

type ServiceFields = Partial<Pick<Service, 'metadata' | 'spec'>>;
type PodFields = Partial<Pick<Pod, 'metadata' | 'spec' | 'status'>>;
type EventFields = Partial<Pick<Event, 'reason' | 'message' | 'involvedObject' | 'lastTimestamp' | 'eventTime' | 'metadata'>>;
type ServicePort = NonNullable<NonNullable<Service['spec']>['ports']>[number];

/** The gateway's read timeout when a route sets none (gateway/proxy/runtime.ts defaultReadTimeoutMs). */
export const DEFAULT_READ_TIMEOUT_SECONDS = 60;
/** What the diagnostic suggests for WebSocket routes (an hour, the common nginx advice). */
export const WEBSOCKET_READ_TIMEOUT_SECONDS = 3600;
export const READ_TIMEOUT_ANNOTATION = 'nginx.ingress.kubernetes.io/proxy-read-timeout';
const WS_APP_PROTOCOLS = new Set(['kubernetes.io/ws', 'kubernetes.io/wss', 'ws', 'wss', 'websocket']);

// ---- pod not ready: the probe's reason

function describeProbe(c: Container): string | undefined {
  const p = c.readinessProbe;
  if (!p) return undefined;
  if (p.httpGet) return `HTTP GET ${p.httpGet.scheme === 'HTTPS' ? 'https' : 'http'}://:${p.httpGet.port}${p.httpGet.path ?? '/'}`;
  if (p.tcpSocket) return `TCP connect to :${p.tcpSocket.port}`;
  if (p.exec) return `exec ${(p.exec.command ?? []).join(' ')}`.trim();
  const grpc = (p as { grpc?: { port?: number } }).grpc;
  if (grpc) return `gRPC health check on :${grpc.port}`;
  return undefined;
}

const eventTime = (e: EventFields) => e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';

/**
 * Why a pod is not ready, as precisely as the API tells: a waiting container's reason
 * (CrashLoopBackOff...), else for a running container that fails its readiness probe the
 * latest "Readiness probe failed: ..." event of the pod, else the probe it has to pass.
 * `events` may hold any events of the namespace; only this pod's are used.
 */
export function podProbeReason(pod: PodFields, events: readonly EventFields[] = []): string | undefined {
  const base = podNotReadyReason(pod);
  if (base === undefined) return undefined;
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.find((s) => s.state?.waiting?.reason);
  if (waiting) return base;
  const name = pod.metadata?.name;
  const failed = events
    .filter((e) => e.involvedObject?.kind === 'Pod' && e.involvedObject.name === name && e.reason === 'Unhealthy' && /^Readiness probe/i.test(e.message ?? ''))
    .sort((a, b) => eventTime(b).localeCompare(eventTime(a)))[0];
  if (failed?.message) return failed.message;
  // Running but not ready, and it has a readiness probe: that probe is what fails.
  const running = new Set(statuses.filter((s) => s.state?.running && s.ready === false).map((s) => s.name));
  const probed = (pod.spec?.containers ?? []).filter((c) => running.has(c.name) && c.readinessProbe);
  if (probed.length) return `readiness probe not passing: ${probed.map((c) => `${c.name}: ${describeProbe(c) ?? 'probe'}`).join('; ')}`;
  return base;
}

// ---- ExternalName

/** What a lookup of an ExternalName found: addresses, or the resolver's error code. */
export type NameResolution = { addresses: string[] } | { error: string };

export function externalNameProblem(svc: ServiceFields, resolution: NameResolution | undefined): string | undefined {
  const spec = svc.spec ?? {};
  if (spec.type !== 'ExternalName') return undefined;
  const target = spec.externalName ?? '';
  if (target === '') return 'The ExternalName service names no host (spec.externalName is empty): it has no endpoints.';
  if (!resolution) return undefined;
  if ('error' in resolution)
    return `ExternalName ${target} does not resolve (${resolution.error}): routes to this service answer 503. Check the name, or use a Service without selector and manual endpoints.`;
  if (resolution.addresses.length === 0) return `ExternalName ${target} resolves to no address: routes to this service answer 503.`;
  return undefined;
}

// ---- source IP lost

export function sourceIpProblem(svc: ServiceFields): string | undefined {
  const spec = svc.spec ?? {};
  if (spec.type !== 'LoadBalancer' && spec.type !== 'NodePort') return undefined;
  if (spec.externalTrafficPolicy === 'Local') return undefined;
  const via = spec.type === 'LoadBalancer' ? 'the load balancer' : 'node ports';
  return `Client source IPs are lost: with externalTrafficPolicy Cluster (the default) traffic from ${via} may be forwarded to another node and is source-NATed, so pods see a node address. Set externalTrafficPolicy: Local to keep the client IP (traffic then only goes to pods on the node it arrived at).`;
}

// ---- route backends: the Service port they reach

/** The Service port an Ingress backend names (by number or name); undefined when there is none. */
export function servicePortOf(svc: ServiceFields, backend: IngressBackend | undefined): ServicePort | undefined {
  const port = backend?.service?.port;
  if (!port) return svc.spec?.ports?.length === 1 ? svc.spec.ports[0] : undefined;
  return (svc.spec?.ports ?? []).find((p) => (port.name !== undefined && port.name !== '' ? p.name === port.name : p.port === port.number));
}

function ingressBackends(ing: Partial<Pick<Ingress, 'spec'>>): IngressBackend[] {
  const out: IngressBackend[] = [];
  if (ing.spec?.defaultBackend) out.push(ing.spec.defaultBackend);
  for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) if (p.backend) out.push(p.backend);
  return out;
}

const isWebSocketPort = (p: ServicePort | undefined) => !!p?.appProtocol && WS_APP_PROTOCOLS.has(p.appProtocol.toLowerCase());

/** Seconds the route waits between two reads from the backend (its annotation or the gateway's default). */
function readTimeoutSeconds(ing: Partial<Pick<Ingress, 'metadata'>>): number {
  const v = ing.metadata?.annotations?.[READ_TIMEOUT_ANNOTATION];
  const n = v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isFinite(n) ? n : DEFAULT_READ_TIMEOUT_SECONDS;
}

/** A WebSocket backend behind a route that closes idle connections after the default read timeout. */
export function websocketTimeoutProblem(ing: Partial<Pick<Ingress, 'metadata' | 'spec'>>, services: ReadonlyMap<string, ServiceFields>): string | undefined {
  const timeout = readTimeoutSeconds(ing);
  if (timeout > DEFAULT_READ_TIMEOUT_SECONDS) return undefined;
  const ws = new Set<string>();
  for (const b of ingressBackends(ing)) {
    const svc = b.service?.name ? services.get(b.service.name) : undefined;
    const port = svc && servicePortOf(svc, b);
    if (isWebSocketPort(port)) ws.add(`${b.service!.name}:${port!.name || port!.port} (appProtocol ${port!.appProtocol})`);
  }
  if (ws.size === 0) return undefined;
  return `WebSocket backend ${[...ws].join(', ')}: the gateway closes a connection after ${timeout} s without a message from the backend, so idle WebSockets are cut. Set annotation ${READ_TIMEOUT_ANNOTATION}: "${WEBSOCKET_READ_TIMEOUT_SECONDS}" (and proxy-send-timeout) on this route.`;
}

// ---- a backend port that no pod declares

function declares(pods: readonly PodFields[], targetPort: number | string): boolean | undefined {
  const declared = pods.flatMap((p) => (p.spec?.containers ?? []).flatMap((c) => c.ports ?? []));
  if (typeof targetPort === 'string' && !/^\d+$/.test(targetPort)) return declared.some((d) => d.name === targetPort);
  // Declaring a numbered port is optional in Kubernetes: only judge pods that declare some.
  if (declared.length === 0) return undefined;
  return declared.some((d) => d.containerPort === Number(targetPort));
}

/**
 * The Service port's targetPort is served by none of the selected pods. A named targetPort no
 * pod declares never gets endpoints; a number the pods do not declare (while they declare
 * others) is most often a typo. Pods declaring no ports at all are not judged.
 */
export function undeclaredTargetPortProblem(svc: ServiceFields, port: ServicePort, pods: readonly PodFields[], opts: { nameService?: boolean } = {}): string | undefined {
  const selector = svc.spec?.selector ?? {};
  if (svc.spec?.type === 'ExternalName' || Object.keys(selector).length === 0) return undefined;
  const selected = pods.filter((p) => matchesMapSelector(selector, p.metadata?.labels));
  if (selected.length === 0) return undefined;
  const tp = port.targetPort ?? port.port;
  if (declares(selected, tp) !== false) return undefined;
  const of = opts.nameService ? ` of service ${svc.metadata?.name ?? ''}` : '';
  return `targetPort ${tp} of port ${port.name || port.port}${of} is not declared by any container of the selected pods${typeof tp === 'string' && !/^\d+$/.test(tp) ? ': it gets no endpoints' : ''}.`;
}

/** The failure-table warnings of an Ingress: WebSocket read timeout and undeclared backend ports. */
export function routeFailureWarnings(ing: Partial<Pick<Ingress, 'metadata' | 'spec'>>, services: readonly ServiceFields[], pods: readonly PodFields[]): string[] {
  const byName = new Map(services.map((s) => [s.metadata?.name ?? '', s]));
  const out: string[] = [];
  const ws = websocketTimeoutProblem(ing, byName);
  if (ws) out.push(ws);
  for (const b of ingressBackends(ing)) {
    const svc = b.service?.name ? byName.get(b.service.name) : undefined;
    const port = svc && servicePortOf(svc, b);
    const p = svc && port ? undeclaredTargetPortProblem(svc, port, pods, { nameService: true }) : undefined;
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}
