/**
 * Builds the topology graph from the project's objects, with health and diagnostics, layer by
 * layer: gateway and listeners, services (with the pods they select), routes, pods.
 * Which listeners a route's parentRef names and which backendRefs are Services are answered by
 * lib/routing (the rules the gateway attaches routes by); whether the gateway accepted a route
 * is its status, written by the gateway from the same lib/routing build.
 */
import { LISTENER_PROTOCOLS, isServiceRef, parentListeners, type AttachableKind } from '../routing';
import type { GatewayBackendRef, Listener, ParentReference } from '../routing';
import type { ServicePort } from '../k8s';
import { ingressFailureProblems, serviceFailureProblems } from './diagnostics';
import { conditionOf, endpointCounts, podState, selects, servesTargetPort, worst } from './objects';
import { endpointVerdict, externalNameVerdict, gatewayByService, sliceEndpoints, type ServiceGatewayView, type SliceEndpoint } from './endpoints';
import { listenerSetKey, parentOf } from '../routing/listener-record';
import type { BuildOptions, ClusterObjects, Health, ListedGateway, ListedHTTPRoute, ListedListenerSet, ListedIngress, ListedPod, ListedService, Problem, TopoEdge, TopoGraph, TopoNode } from './types';

export const GATEWAY_NODE_ID = 'gateway:portico';
export const INGRESS_HTTP_LISTENER = 'listener:ingress/http';
export const INGRESS_HTTPS_LISTENER = 'listener:ingress/https';
const CONTROLLER = 'portico.dev/gateway-controller';

export const nodeIds = {
  route: (kind: string, ns: string, name: string) => `route:${kind}/${ns}/${name}`,
  service: (ns: string, name: string) => `service:${ns}/${name}`,
  pod: (ns: string, name: string) => `pod:${ns}/${name}`,
  podGroup: (ns: string, service: string) => `pods:${ns}/${service}`,
  endpoint: (ns: string, service: string, address: string) => `endpoint:${ns}/${service}/${address}`,
  endpointGroup: (ns: string, service: string) => `endpoints:${ns}/${service}`,
  gateway: (ns: string, name: string) => `gateway:${ns}/${name}`,
  listener: (ns: string, gw: string, name: string) => `listener:${ns}/${gw}/${name}`,
  /** a ListenerSet's listener ("listenerset:" keeps it apart from a Gateway of the same name) */
  setListener: (ns: string, set: string, name: string) => `listener:${ns}/listenerset:${set}/${name}`,
};
export const edgeId = (source: string, target: string) => `${source}->${target}`;

const DAY = 86_400_000;
const healthOf = (problems: Problem[]): Health => worst(...problems.map((p) => p.severity), 'ok');
const enc = encodeURIComponent;

/** Accumulates nodes and edges; edges with the same ends merge their labels and problems. */
class GraphBuilder {
  nodes = new Map<string, TopoNode>();
  edges = new Map<string, TopoEdge & { labels: string[] }>();

  node(n: TopoNode): TopoNode {
    const cur = this.nodes.get(n.id);
    if (cur) return cur;
    this.nodes.set(n.id, n);
    return n;
  }

  edge(source: string, target: string, kind: TopoEdge['kind'], label: string | undefined, problems: Problem[] = [], base: Health = 'ok') {
    const id = edgeId(source, target);
    let e = this.edges.get(id);
    if (!e) {
      e = { id, source, target, kind, labels: [], health: base, problems: [] };
      this.edges.set(id, e);
    }
    if (label && !e.labels.includes(label)) e.labels.push(label);
    for (const p of problems) if (!e.problems.some((q) => q.code === p.code && q.message === p.message)) e.problems.push(p);
    e.health = worst(e.health, ...e.problems.map((p) => p.severity));
  }
}

/** What every layer reads: the input, the resolved options, and the graph being built. */
interface Build {
  input: ClusterObjects;
  ns: string;
  options: BuildOptions;
  now: Date;
  ingressClass: string;
  gatewayClass: string;
  g: GraphBuilder;
  /** the project's Ingresses (objects of other namespaces are ignored) */
  ingresses: ListedIngress[];
  /** the project's pods */
  pods: ListedPod[];
  /** the gateway process's health (from its admin API), drawn on the gateway and its listeners */
  process: { health: Health; problems: Problem[]; facts: [string, string][] };
  /** the gateway's endpoint view by Service name; undefined when not read */
  gw: Map<string, ServiceGatewayView> | undefined;
  /** the project's Services by name (failure-table checks of routes) */
  servicesByName: Map<string, ListedService>;
  /** the project's ListenerSets on one of our Gateways, by listenerSetKey (filled by gatewayLayer) */
  sets: Map<string, OurListenerSet>;
}

interface ServiceFacts {
  svc: ListedService;
  node: TopoNode;
  /** Selected pods. */
  pods: ListedPod[];
  ready: number;
  /** Every endpoint its slices list. */
  endpoints: SliceEndpoint[];
}

interface BackendUse {
  service: string;
  /** Port as referenced: number or name. */
  port?: number | string;
  label: string;
}

/** A listener of one of our Gateways (drawn only when a route of the project attaches to it). */
interface GatewayListener {
  id: string;
  l: Listener;
}

interface OurGateway {
  gw: ListedGateway;
  namespace: string;
  name: string;
  listeners: GatewayListener[];
}

/** A ListenerSet of the project attached to one of our Gateways: its listeners hang off that Gateway. */
interface OurListenerSet {
  set: ListedListenerSet;
  name: string;
  gateway: OurGateway;
  listeners: GatewayListener[];
}

export function buildTopology(input: ClusterObjects, options: BuildOptions = {}): TopoGraph {
  const ns = input.namespace;
  const b: Build = {
    input,
    ns,
    options,
    now: options.now ?? new Date(),
    ingressClass: options.ingressClass ?? 'portico',
    gatewayClass: options.gatewayClass ?? 'portico',
    g: new GraphBuilder(),
    ingresses: input.ingresses.filter((i) => i.metadata?.namespace === undefined || i.metadata.namespace === ns),
    pods: input.pods.filter((p) => (p.metadata?.namespace ?? ns) === ns),
    process: processHealth(input),
    gw: gatewayByService(input.gateway, ns),
    servicesByName: new Map(input.services.map((s) => [s.metadata?.name ?? '', s])),
    sets: new Map(),
  };
  const gateways = gatewayLayer(b);
  const services = servicesLayer(b);
  const routeCount = routesLayer(b, gateways, services);
  const grouped = podsLayer(b, services);
  return finish(b, routeCount, grouped);
}

// ---- gateway and listeners ---------------------------------------------------------------

/** The gateway node, the Ingress listeners, and our Gateways by "ns/name" (drawn on demand). */
function gatewayLayer(b: Build): Map<string, OurGateway> {
  const { g, options, ns } = b;
  g.node({
    id: GATEWAY_NODE_ID,
    kind: 'gateway',
    name: 'portico',
    label: 'Gateway portico',
    subtitle: 'Ingress and Gateway API',
    health: b.process.health,
    problems: b.process.problems,
    facts: [
      ['Class', b.ingressClass],
      ['HTTP', `:80 served on ${options.httpPort ?? 8080}`],
      ['HTTPS', `:443 served on ${options.httpsPort ?? 8443}`],
      ...b.process.facts,
    ],
    href: `/projects/${enc(ns)}/gateway`,
    layer: 0,
  });
  if (b.ingresses.length > 0) {
    listenerNode(b, INGRESS_HTTP_LISTENER, 'HTTP :80', `Ingress · served on ${options.httpPort ?? 8080}`, [['Protocol', 'HTTP'], ['Port', '80']]);
    if (b.ingresses.some((i) => (i.spec?.tls ?? []).length > 0))
      listenerNode(b, INGRESS_HTTPS_LISTENER, 'HTTPS :443', `Ingress · served on ${options.httpsPort ?? 8443}`, [['Protocol', 'HTTPS'], ['Port', '443']]);
  }
  const ours = new Map<string, OurGateway>();
  for (const gw of b.input.gateways) {
    if (gw.spec?.gatewayClassName !== b.gatewayClass) continue;
    const namespace = gw.metadata?.namespace ?? ns;
    const name = gw.metadata?.name ?? '';
    const listeners = (gw.spec?.listeners ?? []).map((l) => ({ id: nodeIds.listener(namespace, name, l.name), l }));
    if (!ours.has(`${namespace}/${name}`)) ours.set(`${namespace}/${name}`, { gw, namespace, name, listeners });
  }
  for (const set of b.input.listenerSets ?? []) {
    if ((set.metadata?.namespace ?? ns) !== ns) continue;
    const name = set.metadata?.name ?? '';
    const ref = set.spec?.parentRef;
    const gateway = ref && (ref.kind ?? 'Gateway') === 'Gateway' ? ours.get(`${ref.namespace ?? ns}/${ref.name}`) : undefined;
    if (!gateway) continue; // not on a portico Gateway
    const listeners = (set.spec?.listeners ?? []).map((l) => ({ id: nodeIds.setListener(ns, name, l.name), l }));
    b.sets.set(listenerSetKey(ns, name), { set, name, gateway, listeners });
  }
  return ours;
}

/** The gateway process as its admin API reports it: /healthz, /readyz (absent: not asked). */
function processHealth(input: ClusterObjects): Build['process'] {
  const s = input.gateway;
  if (!s) return { health: 'unknown', problems: [], facts: [['Health', 'not checked']] };
  if (!s.reachable)
    return { health: 'error', problems: [{ code: 'GatewayUnreachable', severity: 'error', message: `The gateway's admin API does not answer${s.error ? `: ${s.error}` : ''}.` }], facts: [['Health', 'unreachable']] };
  if (s.healthz !== 200)
    return { health: 'error', problems: [{ code: 'GatewayUnreachable', severity: 'error', message: `The gateway is not healthy: /healthz answered ${s.healthz}.` }], facts: [['Health', `healthz ${s.healthz}`]] };
  if (s.readyz !== 200)
    return {
      health: 'warning',
      problems: [{ code: 'GatewayNotReady', severity: 'warning', message: `The gateway is not ready (/readyz ${s.readyz}${s.readyText ? `: ${s.readyText}` : ''}).` }],
      facts: [['Health', `live, not ready${s.readyText ? ` (${s.readyText})` : ''}`]],
    };
  return { health: 'ok', problems: [], facts: [['Health', 'live and ready']] };
}

function listenerNode(b: Build, id: string, label: string, subtitle: string, facts: [string, string][], gatewayId = GATEWAY_NODE_ID, own: Problem[] = []) {
  // A listener serves only while the gateway process does; its own status adds to that.
  const problems = [...b.process.problems.map((p) => ({ ...p, message: `Listener ${label}: ${p.message}` })), ...own];
  const health = b.process.health === 'unknown' && own.length === 0 ? 'unknown' : healthOf(problems);
  b.g.node({ id, kind: 'listener', name: label, label, subtitle, health, problems, facts, layer: 1 });
  b.g.edge(gatewayId, id, 'gateway-listener', undefined);
}

/** A Gateway's or ListenerSet's listener's own status, as the gateway wrote it. */
function listenerStatusProblems(gw: ListedGateway | ListedListenerSet, l: Listener): { problems: Problem[]; facts: [string, string][] } {
  const st = (gw.status?.listeners ?? []).find((x) => x.name === l.name);
  if (!st) return { problems: [{ code: 'ListenerNotProgrammed', severity: 'warning', message: `Listener ${l.name}: no status from the gateway yet.` }], facts: [['Status', 'none yet']] };
  const problems: Problem[] = [];
  for (const type of ['Accepted', 'Programmed', 'ResolvedRefs']) {
    const c = conditionOf(st.conditions, type);
    if (c?.status === 'False') problems.push({ code: 'ListenerNotProgrammed', severity: 'error', message: `Listener ${l.name} not ${type}: ${c.reason}${c.message ? ` (${c.message})` : ''}` });
  }
  const conflicted = conditionOf(st.conditions, 'Conflicted');
  if (conflicted?.status === 'True') problems.push({ code: 'ListenerNotProgrammed', severity: 'warning', message: `Listener ${l.name} conflicted: ${conflicted.reason}` });
  const programmed = conditionOf(st.conditions, 'Programmed');
  return { problems, facts: [['Status', programmed ? `Programmed ${programmed.status}${programmed.reason ? ` (${programmed.reason})` : ''}` : '—']] };
}

/** Draws a Gateway of ours (once); its node id. */
function drawGatewayNode(b: Build, ours: OurGateway): string {
  const { gw, namespace: gwNs, name: gwName } = ours;
  const gwId = nodeIds.gateway(gwNs, gwName);
  if (!b.g.nodes.has(gwId)) {
    const programmed = conditionOf(gw.status?.conditions, 'Programmed') ?? conditionOf(gw.status?.conditions, 'Accepted');
    const problems: Problem[] =
      programmed?.status === 'False' ? [{ code: 'RouteNotAccepted', severity: 'error', message: `Gateway not ${programmed.type}: ${programmed.reason}` }] : [];
    b.g.node({
      id: gwId,
      kind: 'gateway',
      name: gwName,
      namespace: gwNs,
      label: `Gateway ${gwNs}/${gwName}`,
      subtitle: `${gwNs} · class ${b.gatewayClass}`,
      health: healthOf(problems),
      problems,
      facts: [['Namespace', gwNs], ['Class', b.gatewayClass], ['Listeners', String(ours.listeners.length)]],
      objectKind: 'Gateway',
      layer: 0,
    });
  }
  return gwId;
}

/** Draws a Gateway of ours (once) and one of its listeners. */
function drawGatewayListener(b: Build, ours: OurGateway, { id, l }: GatewayListener) {
  const { gw, namespace: gwNs, name: gwName } = ours;
  const gwId = drawGatewayNode(b, ours);
  const status = listenerStatusProblems(gw, l);
  listenerNode(b, id, `${l.name} ${l.protocol} :${l.port}`, l.hostname ? `host ${l.hostname}` : `${gwName}`, [
    ['Gateway', `${gwNs}/${gwName}`],
    ['Protocol', l.protocol],
    ['Port', String(l.port)],
    ...(l.hostname ? ([['Hostname', l.hostname]] as [string, string][]) : []),
    ...status.facts,
  ], gwId, status.problems);
}

/** Draws a ListenerSet's listener, hanging off the set's parent Gateway (drawn once). */
function drawSetListener(b: Build, s: OurListenerSet, { id, l }: GatewayListener) {
  const gwId = drawGatewayNode(b, s.gateway);
  const status = listenerStatusProblems(s.set, l);
  const accepted = conditionOf(s.set.status?.conditions, 'Accepted');
  const own: Problem[] =
    accepted?.status === 'False' ? [{ code: 'ListenerNotProgrammed', severity: 'error', message: `ListenerSet ${s.name} not Accepted: ${accepted.reason}` }, ...status.problems] : status.problems;
  listenerNode(b, id, `${l.name} ${l.protocol} :${l.port}`, `ListenerSet ${s.name}${l.hostname ? ` · host ${l.hostname}` : ''}`, [
    ['ListenerSet', `${b.ns}/${s.name}`],
    ['Gateway', `${s.gateway.namespace}/${s.gateway.name}`],
    ['Protocol', l.protocol],
    ['Port', String(l.port)],
    ...(l.hostname ? ([['Hostname', l.hostname]] as [string, string][]) : []),
    ...status.facts,
  ], gwId, own);
}

// ---- services (and the pods they select) -------------------------------------------------

function servicesLayer(b: Build): Map<string, ServiceFacts> {
  const eps = endpointCounts(b.input.endpointSlices);
  const listed = sliceEndpoints(b.input.endpointSlices);
  const services = new Map<string, ServiceFacts>();
  for (const svc of b.input.services) {
    const name = svc.metadata?.name ?? '';
    const spec = svc.spec ?? {};
    const selector = spec.selector ?? {};
    const hasSelector = Object.keys(selector).length > 0;
    const selected = hasSelector ? b.pods.filter((p) => selects(selector, p.metadata?.labels)) : [];
    const e = eps.get(name);
    const ready = e?.ready ?? 0;
    const problems: Problem[] = [];
    const type = spec.type ?? 'ClusterIP';
    if (type !== 'ExternalName') {
      if (hasSelector && selected.length === 0) {
        const sel = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
        problems.push({ code: 'NoMatchingPods', severity: 'error', message: `No pod matches the selector ${sel}.` });
      }
      if (ready === 0 && (hasSelector || e)) {
        problems.push({ code: 'NoReadyEndpoints', severity: 'error', message: `Service ${name} has no ready endpoints: requests get 503.` });
      } else if (selected.some((p) => !podState(p).ready)) {
        const n = selected.filter((p) => !podState(p).ready).length;
        problems.push({ code: 'PodNotReady', severity: 'warning', message: `${n} of ${selected.length} selected pods not ready.` });
      }
      for (const sp of spec.ports ?? []) {
        const checks = selected.map((p) => servesTargetPort(p, sp.targetPort, sp.port));
        if (checks.length > 0 && checks.every((c) => c === 'no'))
          problems.push({
            code: 'TargetPortNotServed',
            severity: 'error',
            message: `targetPort ${sp.targetPort ?? sp.port} (port ${sp.port}) is not declared by any container of the selected pods.`,
          });
      }
    }
    const endpoints = type === 'ExternalName' ? [] : (listed.get(name) ?? []);
    problems.push(...gatewayServiceProblems(b, name, endpoints));
    problems.push(...serviceFailureProblems(svc));
    const portsText = (spec.ports ?? []).map((p) => `${p.port}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${p.targetPort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ');
    const node = b.g.node({
      id: nodeIds.service(b.ns, name),
      kind: 'service',
      name,
      namespace: b.ns,
      label: name,
      subtitle: type === 'ExternalName' ? `ExternalName ${spec.externalName}` : `${type} · ${ready}/${selected.length || e?.ready || 0} ready`,
      health: healthOf(problems),
      problems,
      facts: [
        ['Type', type],
        ['Cluster IP', spec.clusterIP ?? '—'],
        ['Ports', portsText || '—'],
        ['Selector', Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ') || '—'],
        ['Endpoints', `${ready} ready, ${e?.notReady ?? 0} not ready`],
      ],
      href: `/projects/${enc(b.ns)}/services/${enc(name)}`,
      objectKind: 'Service',
      layer: 3,
    });
    services.set(name, { svc, node, pods: selected, ready, endpoints });
  }
  return services;
}

/** The Service's share of what the gateway reports: endpoints it ejected or whose check fails. */
function gatewayServiceProblems(b: Build, name: string, endpoints: SliceEndpoint[]): Problem[] {
  const view = b.gw?.get(name);
  if (!view) return [];
  const all = view.backends.flatMap((x) => x.endpoints);
  const down = new Set(all.filter((e) => e.state === 'ejected' || e.state === 'check-failing').map((e) => e.address));
  if (down.size === 0) return [];
  const total = new Set([...all.map((e) => e.address), ...endpoints.map((e) => e.address)]).size;
  const severity = down.size >= total ? 'error' : 'warning';
  return [{ code: 'EndpointEjected', severity, message: `${down.size} of ${total} endpoints of ${name} are out of the gateway's rotation (ejected or failing their health check).` }];
}

// ---- routes ----------------------------------------------------------------------------------

/** Ingresses, then HTTPRoutes, TCPRoutes and TLSRoutes; returns how many routes were drawn. */
function routesLayer(b: Build, gateways: Map<string, OurGateway>, services: Map<string, ServiceFacts>): number {
  const backend = (routeId: string, use: BackendUse) => backendEdge(b, services, routeId, use);
  for (const ing of b.ingresses) ingressRoute(b, ing, backend);
  const gatewayRoutes: GatewayRoute[] = [
    ...b.input.httpRoutes.map((r): GatewayRoute => ({ kind: 'HTTPRoute', ...r, spec: r.spec && { ...r.spec, rules: (r.spec.rules ?? []).map((x) => ({ ...x, paths: (x.matches ?? []).map((m) => m.path?.value ?? '/') })) } })),
    ...(b.input.tcpRoutes ?? []).map((r): GatewayRoute => ({ kind: 'TCPRoute', ...r })),
    ...(b.input.tlsRoutes ?? []).map((r): GatewayRoute => ({ kind: 'TLSRoute', ...r })),
  ];
  for (const route of gatewayRoutes) gatewayApiRoute(b, gateways, route, backend);
  return b.ingresses.length + gatewayRoutes.length;
}

/** route -> service edge with the backend's diagnostics. */
function backendEdge(b: Build, services: Map<string, ServiceFacts>, routeId: string, use: BackendUse) {
  const sf = services.get(use.service);
  const problems: Problem[] = [];
  if (!sf) {
    missingService(b, use.service);
    problems.push({ code: 'ServiceMissing', severity: 'error', message: `Backend service ${use.service} does not exist.` });
  } else {
    const ports: ServicePort[] = sf.svc.spec?.ports ?? [];
    const external = sf.svc.spec?.type === 'ExternalName';
    if (use.port !== undefined && use.port !== '' && !external && !ports.some((p) => p.port === Number(use.port) || p.name === use.port))
      problems.push({ code: 'ServicePortMissing', severity: 'error', message: `Service ${use.service} has no port ${use.port}.` });
    if (!external && sf.ready === 0) problems.push({ code: 'NoReadyEndpoints', severity: 'error', message: `Service ${use.service} has no ready endpoints.` });
    const notServed = sf.node.problems.find((p) => p.code === 'TargetPortNotServed');
    if (notServed) problems.push(notServed);
  }
  b.g.edge(routeId, nodeIds.service(b.ns, use.service), 'route-service', use.label, problems);
}

function missingService(b: Build, name: string): TopoNode {
  return b.g.node({
    id: nodeIds.service(b.ns, name),
    kind: 'service',
    name,
    namespace: b.ns,
    label: name,
    subtitle: 'missing',
    health: 'error',
    problems: [{ code: 'ServiceMissing', severity: 'error', message: `Service ${name} does not exist: requests get 500.` }],
    facts: [['Status', 'Not found in the project']],
    objectKind: 'Service',
    layer: 3,
    missing: true,
  });
}

function tlsProblems(b: Build, secretNames: string[]): Problem[] {
  const warnDays = b.options.expiryWarningDays ?? 14;
  const out: Problem[] = [];
  for (const s of secretNames) {
    const info = b.input.tlsSecrets.find((t) => t.name === s);
    if (!info) out.push({ code: 'TlsSecretMissing', severity: 'error', message: `TLS secret ${s} does not exist.` });
    else if (info.error || !info.notAfter) out.push({ code: 'TlsSecretMissing', severity: 'error', message: `TLS secret ${s}: ${info.error ?? 'no certificate'}.` });
    else {
      const left = Date.parse(info.notAfter) - b.now.getTime();
      if (left <= 0) out.push({ code: 'TlsSecretExpired', severity: 'error', message: `TLS secret ${s} expired on ${info.notAfter.slice(0, 10)}.` });
      else if (left < warnDays * DAY)
        out.push({ code: 'TlsSecretExpiringSoon', severity: 'warning', message: `TLS secret ${s} expires on ${info.notAfter.slice(0, 10)}.` });
    }
  }
  return out;
}

function ingressRoute(b: Build, ing: ListedIngress, backend: (routeId: string, use: BackendUse) => void) {
  const { g, ns, ingressClass } = b;
  const name = ing.metadata?.name ?? '';
  const id = nodeIds.route('Ingress', ns, name);
  const spec = ing.spec ?? {};
  const ann: Record<string, string> = ing.metadata?.annotations ?? {};
  const cls = spec.ingressClassName ?? ann['kubernetes.io/ingress.class'];
  const served = cls === undefined || cls === ingressClass;
  const problems: Problem[] = [];
  if (!served) problems.push({ code: 'RouteNotServed', severity: 'warning', message: `Ingress class ${cls} is not served by the portico gateway.` });
  const tlsSecrets = (spec.tls ?? []).map((t) => t.secretName).filter((s): s is string => !!s);
  const tlsP = tlsProblems(b, tlsSecrets);
  problems.push(...tlsP);
  problems.push(...ingressFailureProblems(ing, b.servicesByName));
  const canary = ann['nginx.ingress.kubernetes.io/canary'] === 'true';
  const canaryWeight = ann['nginx.ingress.kubernetes.io/canary-weight'];
  const hosts = [...new Set<string>((spec.rules ?? []).map((r) => r.host ?? '*'))];
  g.node({
    id,
    kind: 'route',
    name,
    namespace: ns,
    label: name,
    subtitle: `Ingress · ${hosts.join(', ') || '*'}${canary ? ' · canary' : ''}`,
    health: healthOf(problems),
    problems,
    facts: [
      ['Kind', 'Ingress'],
      ['Class', cls ?? `${ingressClass} (default)`],
      ['Hosts', hosts.join(', ') || '*'],
      ['TLS', tlsSecrets.join(', ') || 'none'],
      ...(canary ? ([['Canary', `weight ${canaryWeight ?? '0'}%`]] as [string, string][]) : []),
      ...(ann['portico.dev/alias'] ? ([['Alias', ann['portico.dev/alias']]] as [string, string][]) : []),
    ],
    href: `/projects/${enc(ns)}/routes/${enc(name)}`,
    objectKind: 'Ingress',
    layer: 2,
  });
  if (served) {
    g.edge(INGRESS_HTTP_LISTENER, id, 'listener-route', undefined);
    if (tlsSecrets.length > 0 || (spec.tls ?? []).length > 0) g.edge(INGRESS_HTTPS_LISTENER, id, 'listener-route', undefined, tlsP);
  }
  const weight = canary ? ` · ${canaryWeight ?? 0}%` : '';
  type Backend = NonNullable<typeof spec.defaultBackend>;
  const portOf = (x: Backend) => x.service?.port?.name ?? x.service?.port?.number;
  for (const rule of spec.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      if (!p.backend?.service?.name) continue;
      backend(id, { service: p.backend.service.name, port: portOf(p.backend), label: `${rule.host ?? '*'}${p.path ?? '/'}${weight}` });
    }
  }
  if (spec.defaultBackend?.service?.name) backend(id, { service: spec.defaultBackend.service.name, port: portOf(spec.defaultBackend), label: `* (default)${weight}` });
}

/** HTTPRoute, TCPRoute and TLSRoute as the topology reads them (HTTPRoute rules: their path values). */
interface GatewayRoute {
  kind: Exclude<AttachableKind, 'GRPCRoute'>;
  metadata?: { name?: string };
  spec?: { parentRefs?: ParentReference[]; hostnames?: string[]; rules?: Array<{ backendRefs?: GatewayBackendRef[]; paths?: string[] }> };
  status?: ListedHTTPRoute['status'];
}

function gatewayApiRoute(b: Build, gateways: Map<string, OurGateway>, route: GatewayRoute, backend: (routeId: string, use: BackendUse) => void) {
  const { g, ns } = b;
  const { kind } = route;
  const name = route.metadata?.name ?? '';
  const id = nodeIds.route(kind, ns, name);
  const spec = route.spec ?? {};
  const hostnames = spec.hostnames ?? [];
  const problems: Problem[] = [];
  const parentStatuses = (route.status?.parents ?? []).filter((p) => p.controllerName === CONTROLLER);
  const attach: { listenerId: string; problems: Problem[] }[] = [];
  for (const ref of spec.parentRefs ?? []) {
    const parent = parentOf(ref, ns);
    const ours = parent?.kind === 'Gateway' ? gateways.get(parent.key) : undefined;
    const set = parent?.kind === 'ListenerSet' ? b.sets.get(parent.key) : undefined;
    if (!parent || (!ours && !set)) continue; // not a portico gateway (or a set on one)
    const gwNs = parent.namespace;
    const st = parentStatuses.find(
      (p) =>
        p.parentRef.name === ref.name &&
        (p.parentRef.kind ?? 'Gateway') === parent.kind &&
        (p.parentRef.namespace ?? ns) === gwNs &&
        (p.parentRef.sectionName ?? '') === (ref.sectionName ?? ''),
    );
    const accepted = conditionOf(st?.conditions, 'Accepted');
    const refProblems: Problem[] = [];
    if (accepted?.status === 'False')
      refProblems.push({
        code: 'RouteNotAccepted',
        severity: 'error',
        message: `Not accepted by ${gwNs}/${ref.name}: ${accepted.reason}${accepted.message ? ` (${accepted.message})` : ''}`,
      });
    else if (!accepted) refProblems.push({ code: 'RouteNotAccepted', severity: 'warning', message: `No status from the gateway for parent ${gwNs}/${ref.name} yet.` });
    const resolved = conditionOf(st?.conditions, 'ResolvedRefs');
    if (resolved?.status === 'False')
      refProblems.push({ code: 'ServiceMissing', severity: 'error', message: `References not resolved: ${resolved.reason}${resolved.message ? ` (${resolved.message})` : ''}` });
    problems.push(...refProblems.filter((p) => !problems.some((q) => q.message === p.message)));
    for (const l of parentListeners((ours ?? set)?.listeners ?? [], ref, LISTENER_PROTOCOLS[kind])) {
      if (ours) drawGatewayListener(b, ours, l);
      else if (set) drawSetListener(b, set, l);
      attach.push({ listenerId: l.id, problems: refProblems });
    }
  }
  g.node({
    id,
    kind: 'route',
    name,
    namespace: ns,
    label: name,
    subtitle: `${kind} · ${hostnames.join(', ') || '*'}`,
    health: healthOf(problems),
    problems,
    facts: [
      ['Kind', kind],
      ['Hostnames', hostnames.join(', ') || '*'],
      ['Parents', (spec.parentRefs ?? []).map((r) => `${r.namespace ?? ns}/${r.name}${r.sectionName ? `#${r.sectionName}` : ''}`).join(', ') || '—'],
      ['Accepted', parentStatuses.map((p) => `${p.parentRef.name}: ${conditionOf(p.conditions, 'Accepted')?.reason ?? '?'}`).join(', ') || 'no status yet'],
    ],
    objectKind: kind,
    layer: 2,
  });
  for (const a of attach) g.edge(a.listenerId, id, 'listener-route', undefined, a.problems);
  const host = hostnames[0] ?? '*';
  for (const rule of spec.rules ?? []) {
    const refs = (rule.backendRefs ?? []).filter((r) => isServiceRef(r) && (r.namespace ?? ns) === ns);
    const total = refs.reduce((s, r) => s + (r.weight ?? 1), 0);
    // Layer-4 routes have no paths: TCP by port, TLS by SNI name.
    const labels = kind === 'TCPRoute' ? ['TCP'] : kind === 'TLSRoute' ? [`TLS ${host}`] : (rule.paths?.length ? rule.paths : ['/']).map((p) => `${host}${p}`);
    for (const r of refs) {
      const w = r.weight ?? 1;
      const split = refs.length > 1 ? ` · ${total ? Math.round((w / total) * 100) : 0}%` : '';
      for (const label of labels) backend(id, { service: r.name, port: r.port, label: `${label}${split}` });
    }
  }
}

// ---- service -> pods -----------------------------------------------------------------------

function podsLayer(b: Build, services: Map<string, ServiceFacts>): string[] {
  const groupAbove = b.options.groupPodsAbove ?? 12;
  const maxPodNodes = b.options.maxPodNodes ?? 600;
  const totalSelected = new Set([...services.values()].flatMap((s) => s.pods.map((p) => p.metadata?.name))).size;
  const grouped: string[] = [];
  for (const [svcName, sf] of services) {
    const svcPorts = sf.svc.spec?.ports ?? [];
    const portLabel = svcPorts.map((p) => `${p.port}→${p.targetPort ?? p.port}`).join(', ');
    endpointsOf(b, svcName, sf, groupAbove);
    if (sf.pods.length === 0) continue;
    if (sf.pods.length > groupAbove || (totalSelected > maxPodNodes && sf.pods.length > 1)) {
      grouped.push(svcName);
      podGroup(b, svcName, sf, portLabel);
    } else for (const pod of sf.pods) podNode(b, svcName, sf, svcPorts, portLabel, pod);
  }
  return grouped;
}

/**
 * Service -> endpoint edges for what is not a selected pod: manual addresses, slices of other
 * sources, and an ExternalName's target; each coloured by the gateway's view of it.
 */
function endpointsOf(b: Build, svcName: string, sf: ServiceFacts, groupAbove: number) {
  const spec = sf.svc.spec ?? {};
  if (spec.type === 'ExternalName' && spec.externalName) {
    const v = externalNameVerdict(spec.externalName, b.gw, svcName);
    const id = nodeIds.endpoint(b.ns, svcName, spec.externalName);
    b.g.node({
      id,
      kind: 'endpoint',
      name: spec.externalName,
      namespace: b.ns,
      label: spec.externalName,
      subtitle: `ExternalName · ${v.addresses.length ? v.addresses.join(', ') : v.state}`,
      health: v.health,
      problems: v.problems,
      facts: [['Service', svcName], ['Kind', 'ExternalName target'], ...v.facts],
      layer: 4,
      state: v.state,
    });
    b.g.edge(sf.node.id, id, 'service-endpoint', 'DNS', v.problems, v.health === 'unknown' ? 'unknown' : 'ok');
    return;
  }
  const podIPs = new Set(sf.pods.map((p) => p.status?.podIP).filter(Boolean));
  const podNames = new Set(sf.pods.map((p) => p.metadata?.name));
  const own = sf.endpoints.filter((e) => !(e.pod && podNames.has(e.pod)) && !podIPs.has(e.address));
  if (own.length === 0) return;
  const verdicts = own.map((ep) => ({ ep, v: endpointVerdict(ep, `Endpoint ${ep.address}`, b.gw, svcName) }));
  const portsOf = (ep: SliceEndpoint) => ep.ports.map((p) => `${p.name ? `${p.name}:` : ''}${p.port ?? '*'}`).join(', ');
  if (own.length > groupAbove) {
    const okN = verdicts.filter((x) => x.v.health === 'ok').length;
    const health: Health = okN === own.length ? 'ok' : okN === 0 ? 'error' : 'warning';
    const problems: Problem[] = okN < own.length ? [{ code: 'EndpointNotReady', severity: health === 'error' ? 'error' : 'warning', message: `${own.length - okN} of ${own.length} endpoints not serving.` }] : [];
    const gid = nodeIds.endpointGroup(b.ns, svcName);
    b.g.node({
      id: gid,
      kind: 'pod-group',
      name: svcName,
      namespace: b.ns,
      label: `${own.length} endpoints`,
      subtitle: `${okN}/${own.length} serving · ${svcName}`,
      health,
      problems,
      facts: [['Service', svcName], ['Endpoints', String(own.length)], ['Serving', String(okN)]],
      layer: 4,
      members: verdicts.map(({ ep, v }) => ({ name: ep.address, ready: v.health === 'ok', podIP: ep.address })),
    });
    b.g.edge(sf.node.id, gid, 'service-endpoint', undefined, problems, health === 'ok' ? 'ok' : health);
    return;
  }
  for (const { ep, v } of verdicts) {
    const id = nodeIds.endpoint(b.ns, svcName, ep.address);
    const source = ep.pod ? `pod ${ep.pod}` : ep.managedBy === 'console.portico.dev' ? 'manual (console)' : ep.managedBy ? `manual (${ep.managedBy})` : 'manual';
    b.g.node({
      id,
      kind: 'endpoint',
      name: ep.address,
      namespace: b.ns,
      label: ep.address,
      subtitle: `${v.state} · ${portsOf(ep) || 'no ports'}`,
      health: v.health,
      problems: v.problems,
      facts: [['Service', svcName], ['Address', ep.address], ['Ports', portsOf(ep) || '—'], ['Source', source], ['EndpointSlice', ep.slice], ['Slice says', ep.terminating ? 'terminating' : ep.ready ? 'ready' : 'not ready'], ...v.facts],
      href: `/projects/${enc(b.ns)}/services/${enc(svcName)}`,
      layer: 4,
      podIP: ep.address,
      state: v.state,
    });
    b.g.edge(sf.node.id, id, 'service-endpoint', portsOf(ep) || undefined, v.problems, v.health === 'unknown' ? 'unknown' : 'ok');
  }
}

function podGroup(b: Build, svcName: string, sf: ServiceFacts, portLabel: string) {
  const members = sf.pods
    .map((p) => ({ name: p.metadata?.name ?? '', ready: podState(p).ready, podIP: p.status?.podIP }))
    .sort((x, y) => x.name.localeCompare(y.name));
  const readyN = members.filter((m) => m.ready).length;
  const health: Health = readyN === members.length ? 'ok' : readyN === 0 ? 'error' : 'warning';
  const problems: Problem[] =
    readyN < members.length ? [{ code: 'PodNotReady', severity: health === 'error' ? 'error' : 'warning', message: `${members.length - readyN} of ${members.length} pods not ready.` }] : [];
  const gid = nodeIds.podGroup(b.ns, svcName);
  b.g.node({
    id: gid,
    kind: 'pod-group',
    name: svcName,
    namespace: b.ns,
    label: `${members.length} pods`,
    subtitle: `${readyN}/${members.length} ready · ${svcName}`,
    health,
    problems,
    facts: [['Service', svcName], ['Pods', String(members.length)], ['Ready', String(readyN)]],
    layer: 4,
    members,
  });
  b.g.edge(sf.node.id, gid, 'service-pod', portLabel, problems.length ? problems : [], health === 'ok' ? 'ok' : health);
}

function podNode(b: Build, svcName: string, sf: ServiceFacts, svcPorts: ServicePort[], portLabel: string, pod: ListedPod) {
  const podName = pod.metadata?.name ?? '';
  const st = podState(pod);
  const podProblems: Problem[] = st.ready
    ? []
    : [{ code: 'PodNotReady', severity: 'error', message: `Pod ${podName} is ${st.terminating ? 'terminating' : 'not ready'}${st.reason ? `: ${st.reason}` : ''}.` }];
  // What the gateway says of this pod as an endpoint (ejected, check failing) outranks "ready".
  const asEndpoint = sf.endpoints.find((e) => e.pod === podName || (!!pod.status?.podIP && e.address === pod.status.podIP));
  const gv = asEndpoint && st.ready ? endpointVerdict(asEndpoint, `Pod ${podName}`, b.gw, svcName) : undefined;
  const gwDown = gv && (gv.state === 'ejected' || gv.state === 'check failing') ? gv : undefined;
  if (gwDown) podProblems.push(...gwDown.problems);
  const podWord = gwDown ? gwDown.state : st.ready ? 'ready' : st.terminating ? 'terminating' : 'not ready';
  const pid = nodeIds.pod(b.ns, podName);
  const containers = pod.spec?.containers ?? [];
  b.g.node({
    id: pid,
    kind: 'pod',
    name: podName,
    namespace: b.ns,
    label: podName,
    subtitle: `${podWord}${pod.status?.podIP ? ` · ${pod.status.podIP}` : ''}`,
    health: st.ready && !gwDown ? 'ok' : 'error',
    problems: podProblems,
    state: podWord,
    facts: [
      ['Phase', st.phase],
      ['Ready', st.ready ? 'yes' : `no${st.reason ? ` (${st.reason})` : ''}`],
      ['Pod IP', pod.status?.podIP ?? '—'],
      ['Node', pod.spec?.nodeName ?? '—'],
      ['Containers', containers.map((c) => `${c.name} (${c.image})`).join(', ') || '—'],
      ['Ports', containers.flatMap((c) => (c.ports ?? []).map((p) => `${p.name ? `${p.name}:` : ''}${p.containerPort}`)).join(', ') || '—'],
      ...(gv?.facts ?? []),
    ],
    href: `/projects/${enc(b.ns)}/services/${enc(svcName)}`,
    objectKind: 'Pod',
    layer: 4,
    podIP: pod.status?.podIP,
  });
  const edgeProblems: Problem[] = [...podProblems];
  for (const sp of svcPorts) {
    if (servesTargetPort(pod, sp.targetPort, sp.port) === 'no')
      edgeProblems.push({
        code: 'TargetPortNotServed',
        severity: typeof sp.targetPort === 'string' && !/^\d+$/.test(sp.targetPort) ? 'error' : 'warning',
        message: `Pod ${podName} declares no container port ${sp.targetPort ?? sp.port}.`,
      });
  }
  b.g.edge(sf.node.id, pid, 'service-pod', portLabel, edgeProblems);
}

// ---- the graph -------------------------------------------------------------------------------

function finish(b: Build, routeCount: number, grouped: string[]): TopoGraph {
  const nodes = [...b.g.nodes.values()].sort((x, y) => x.layer - y.layer || x.id.localeCompare(y.id));
  const edges: TopoEdge[] = [...b.g.edges.values()]
    .map(({ labels, ...e }) => ({ ...e, label: labels.length ? (labels.length > 3 ? `${labels.slice(0, 3).join(', ')} +${labels.length - 3}` : labels.join(', ')) : undefined }))
    .sort((x, y) => x.id.localeCompare(y.id));
  // A route's health includes its backends'.
  for (const n of nodes) {
    if (n.kind !== 'route') continue;
    const out = edges.filter((e) => e.source === n.id);
    const backend = worst(...out.map((e) => e.health), 'ok');
    if (backend !== 'ok' && n.health !== 'error') n.health = worst(n.health, backend === 'error' ? 'warning' : backend);
  }
  return { namespace: b.ns, nodes, edges, counts: { routes: routeCount, services: b.input.services.length, pods: b.pods.length }, grouped };
}
