/** Builds the topology graph from the project's objects, with health and diagnostics. */
import { conditionOf, endpointCounts, podState, selects, servesTargetPort, worst } from './objects';
import type { BuildOptions, ClusterObjects, Health, Obj, Problem, TopoEdge, TopoGraph, TopoNode } from './types';

export const GATEWAY_NODE_ID = 'gateway:portico';
export const INGRESS_HTTP_LISTENER = 'listener:ingress/http';
export const INGRESS_HTTPS_LISTENER = 'listener:ingress/https';
const CONTROLLER = 'portico.dev/gateway-controller';

export const nodeIds = {
  route: (kind: string, ns: string, name: string) => `route:${kind}/${ns}/${name}`,
  service: (ns: string, name: string) => `service:${ns}/${name}`,
  pod: (ns: string, name: string) => `pod:${ns}/${name}`,
  podGroup: (ns: string, service: string) => `pods:${ns}/${service}`,
  gateway: (ns: string, name: string) => `gateway:${ns}/${name}`,
  listener: (ns: string, gw: string, name: string) => `listener:${ns}/${gw}/${name}`,
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

interface ServiceFacts {
  svc: Obj;
  node: TopoNode;
  /** Selected pods. */
  pods: Obj[];
  ready: number;
}

interface BackendUse {
  service: string;
  /** Port as referenced: number or name. */
  port?: number | string;
  label: string;
}

export function buildTopology(input: ClusterObjects, options: BuildOptions = {}): TopoGraph {
  const ns = input.namespace;
  const now = options.now ?? new Date();
  const ingressClass = options.ingressClass ?? 'portico';
  const gatewayClass = options.gatewayClass ?? 'portico';
  const groupAbove = options.groupPodsAbove ?? 12;
  const maxPodNodes = options.maxPodNodes ?? 600;
  const warnDays = options.expiryWarningDays ?? 14;
  const g = new GraphBuilder();

  // ---- gateway and listeners -------------------------------------------------------------
  g.node({
    id: GATEWAY_NODE_ID,
    kind: 'gateway',
    name: 'portico',
    label: 'Gateway portico',
    subtitle: 'Ingress and Gateway API',
    health: 'ok',
    problems: [],
    facts: [
      ['Class', ingressClass],
      ['HTTP', `:80 served on ${options.httpPort ?? 8080}`],
      ['HTTPS', `:443 served on ${options.httpsPort ?? 8443}`],
    ],
    href: `/projects/${enc(ns)}/gateway`,
    layer: 0,
  });
  const ingresses = input.ingresses.filter((i) => i.metadata?.namespace === undefined || i.metadata.namespace === ns);
  const listenerNode = (id: string, label: string, subtitle: string, facts: [string, string][], gatewayId = GATEWAY_NODE_ID) => {
    g.node({ id, kind: 'listener', name: label, label, subtitle, health: 'ok', problems: [], facts, layer: 1 });
    g.edge(gatewayId, id, 'gateway-listener', undefined);
  };
  if (ingresses.length > 0) {
    listenerNode(INGRESS_HTTP_LISTENER, 'HTTP :80', `Ingress · served on ${options.httpPort ?? 8080}`, [['Protocol', 'HTTP'], ['Port', '80']]);
    if (ingresses.some((i) => (i.spec?.tls ?? []).length > 0))
      listenerNode(INGRESS_HTTPS_LISTENER, 'HTTPS :443', `Ingress · served on ${options.httpsPort ?? 8443}`, [['Protocol', 'HTTPS'], ['Port', '443']]);
  }

  interface GatewayListener {
    id: string;
    name: string;
    port: number;
    protocol: string;
  }
  const gatewayListeners = new Map<string, GatewayListener[]>();
  const ourGateways = input.gateways.filter((gw) => gw.spec?.gatewayClassName === gatewayClass);
  const gatewayKey = (gwNs: string, name: string) => `${gwNs}/${name}`;
  for (const gw of ourGateways) {
    const gwNs = gw.metadata?.namespace ?? ns;
    const gwName = gw.metadata?.name;
    gatewayListeners.set(
      gatewayKey(gwNs, gwName),
      (gw.spec?.listeners ?? []).map((l: Obj) => ({ id: nodeIds.listener(gwNs, gwName, l.name), name: l.name, port: l.port, protocol: l.protocol })),
    );
  }
  // Gateway listeners are drawn only when a route of this project attaches to them.
  const ensureGatewayListener = (gwNs: string, gwName: string, l: GatewayListener) => {
    const gw = ourGateways.find((x) => (x.metadata?.namespace ?? ns) === gwNs && x.metadata?.name === gwName)!;
    const gwId = nodeIds.gateway(gwNs, gwName);
    if (!g.nodes.has(gwId)) {
      const programmed = conditionOf(gw.status?.conditions, 'Programmed') ?? conditionOf(gw.status?.conditions, 'Accepted');
      const problems: Problem[] =
        programmed?.status === 'False' ? [{ code: 'RouteNotAccepted', severity: 'error', message: `Gateway not ${programmed.type}: ${programmed.reason}` }] : [];
      g.node({
        id: gwId,
        kind: 'gateway',
        name: gwName,
        namespace: gwNs,
        label: `Gateway ${gwName}`,
        subtitle: `${gwNs} · class ${gatewayClass}`,
        health: healthOf(problems),
        problems,
        facts: [['Namespace', gwNs], ['Class', gatewayClass], ['Listeners', String((gw.spec?.listeners ?? []).length)]],
        objectKind: 'Gateway',
        layer: 0,
      });
    }
    const spec = (gw.spec?.listeners ?? []).find((x: Obj) => x.name === l.name) ?? {};
    listenerNode(l.id, `${l.name} ${l.protocol} :${l.port}`, spec.hostname ? `host ${spec.hostname}` : `${gwName}`, [
      ['Gateway', `${gwNs}/${gwName}`],
      ['Protocol', l.protocol],
      ['Port', String(l.port)],
      ...(spec.hostname ? ([['Hostname', spec.hostname]] as [string, string][]) : []),
    ], gwId);
  };

  // ---- services, endpoints, pods ---------------------------------------------------------
  const eps = endpointCounts(input.endpointSlices);
  const pods = input.pods.filter((p) => (p.metadata?.namespace ?? ns) === ns);
  const services = new Map<string, ServiceFacts>();
  for (const svc of input.services) {
    const name: string = svc.metadata?.name;
    const spec = svc.spec ?? {};
    const selected = spec.selector && Object.keys(spec.selector).length ? pods.filter((p) => selects(spec.selector, p.metadata?.labels)) : [];
    const e = eps.get(name);
    const ready = e?.ready ?? 0;
    const problems: Problem[] = [];
    const type = spec.type ?? 'ClusterIP';
    if (type !== 'ExternalName') {
      const hasSelector = spec.selector && Object.keys(spec.selector).length > 0;
      if (hasSelector && selected.length === 0) {
        const sel = Object.entries(spec.selector).map(([k, v]) => `${k}=${v}`).join(',');
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
    const portsText = (spec.ports ?? []).map((p: Obj) => `${p.port}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${p.targetPort}` : ''}/${p.protocol ?? 'TCP'}`).join(', ');
    const node = g.node({
      id: nodeIds.service(ns, name),
      kind: 'service',
      name,
      namespace: ns,
      label: name,
      subtitle: type === 'ExternalName' ? `ExternalName ${spec.externalName}` : `${type} · ${ready}/${selected.length || e?.ready || 0} ready`,
      health: healthOf(problems),
      problems,
      facts: [
        ['Type', type],
        ['Cluster IP', spec.clusterIP ?? '—'],
        ['Ports', portsText || '—'],
        ['Selector', Object.entries(spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || '—'],
        ['Endpoints', `${ready} ready, ${e?.notReady ?? 0} not ready`],
      ],
      href: `/projects/${enc(ns)}/services/${enc(name)}`,
      objectKind: 'Service',
      layer: 3,
    });
    services.set(name, { svc, node, pods: selected, ready });
  }

  // ---- routes ------------------------------------------------------------------------------
  const missingService = (name: string): TopoNode =>
    g.node({
      id: nodeIds.service(ns, name),
      kind: 'service',
      name,
      namespace: ns,
      label: name,
      subtitle: 'missing',
      health: 'error',
      problems: [{ code: 'ServiceMissing', severity: 'error', message: `Service ${name} does not exist: requests get 500.` }],
      facts: [['Status', 'Not found in the project']],
      objectKind: 'Service',
      layer: 3,
      missing: true,
    });

  /** route -> service edge with the backend's diagnostics. */
  const backendEdge = (routeId: string, use: BackendUse) => {
    const sf = services.get(use.service);
    const problems: Problem[] = [];
    if (!sf) {
      missingService(use.service);
      problems.push({ code: 'ServiceMissing', severity: 'error', message: `Backend service ${use.service} does not exist.` });
    } else {
      const ports: Obj[] = sf.svc.spec?.ports ?? [];
      const external = sf.svc.spec?.type === 'ExternalName';
      if (use.port !== undefined && use.port !== '' && !external && !ports.some((p) => p.port === Number(use.port) || p.name === use.port))
        problems.push({ code: 'ServicePortMissing', severity: 'error', message: `Service ${use.service} has no port ${use.port}.` });
      if (!external && sf.ready === 0) problems.push({ code: 'NoReadyEndpoints', severity: 'error', message: `Service ${use.service} has no ready endpoints.` });
      const notServed = sf.node.problems.find((p) => p.code === 'TargetPortNotServed');
      if (notServed) problems.push(notServed);
    }
    g.edge(routeId, nodeIds.service(ns, use.service), 'route-service', use.label, problems);
  };

  const tlsProblems = (secretNames: string[]): Problem[] => {
    const out: Problem[] = [];
    for (const s of secretNames) {
      const info = input.tlsSecrets.find((t) => t.name === s);
      if (!info) out.push({ code: 'TlsSecretMissing', severity: 'error', message: `TLS secret ${s} does not exist.` });
      else if (info.error || !info.notAfter) out.push({ code: 'TlsSecretMissing', severity: 'error', message: `TLS secret ${s}: ${info.error ?? 'no certificate'}.` });
      else {
        const left = Date.parse(info.notAfter) - now.getTime();
        if (left <= 0) out.push({ code: 'TlsSecretExpired', severity: 'error', message: `TLS secret ${s} expired on ${info.notAfter.slice(0, 10)}.` });
        else if (left < warnDays * DAY)
          out.push({ code: 'TlsSecretExpiringSoon', severity: 'warning', message: `TLS secret ${s} expires on ${info.notAfter.slice(0, 10)}.` });
      }
    }
    return out;
  };

  let routeCount = 0;
  for (const ing of ingresses) {
    routeCount += 1;
    const name: string = ing.metadata?.name;
    const id = nodeIds.route('Ingress', ns, name);
    const spec = ing.spec ?? {};
    const ann: Record<string, string> = ing.metadata?.annotations ?? {};
    const cls = spec.ingressClassName ?? ann['kubernetes.io/ingress.class'];
    const served = cls === undefined || cls === ingressClass;
    const problems: Problem[] = [];
    if (!served) problems.push({ code: 'RouteNotServed', severity: 'warning', message: `Ingress class ${cls} is not served by the portico gateway.` });
    const tlsSecrets = (spec.tls ?? []).map((t: Obj) => t.secretName).filter(Boolean) as string[];
    const tlsP = tlsProblems(tlsSecrets);
    problems.push(...tlsP);
    const canary = ann['nginx.ingress.kubernetes.io/canary'] === 'true';
    const canaryWeight = ann['nginx.ingress.kubernetes.io/canary-weight'];
    const hosts: string[] = [...new Set<string>((spec.rules ?? []).map((r: Obj) => r.host ?? '*'))];
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
    const portOf = (b: Obj) => b.service?.port?.name ?? b.service?.port?.number;
    for (const rule of spec.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        if (!p.backend?.service?.name) continue;
        backendEdge(id, { service: p.backend.service.name, port: portOf(p.backend), label: `${rule.host ?? '*'}${p.path ?? '/'}${weight}` });
      }
    }
    if (spec.defaultBackend?.service?.name)
      backendEdge(id, { service: spec.defaultBackend.service.name, port: portOf(spec.defaultBackend), label: `* (default)${weight}` });
  }

  const gatewayRoutes: [string, Obj][] = [
    ...input.httpRoutes.map((r) => ['HTTPRoute', r] as [string, Obj]),
    ...(input.tcpRoutes ?? []).map((r) => ['TCPRoute', r] as [string, Obj]),
    ...(input.tlsRoutes ?? []).map((r) => ['TLSRoute', r] as [string, Obj]),
  ];
  for (const [kind, route] of gatewayRoutes) {
    routeCount += 1;
    const name: string = route.metadata?.name;
    const id = nodeIds.route(kind, ns, name);
    const spec = route.spec ?? {};
    const hostnames: string[] = spec.hostnames ?? [];
    const problems: Problem[] = [];
    const parentStatuses: Obj[] = (route.status?.parents ?? []).filter((p: Obj) => p.controllerName === CONTROLLER);
    const attach: { listenerId: string; problems: Problem[] }[] = [];
    for (const ref of spec.parentRefs ?? []) {
      if ((ref.kind ?? 'Gateway') !== 'Gateway') continue;
      const gwNs = ref.namespace ?? ns;
      const listeners = gatewayListeners.get(gatewayKey(gwNs, ref.name));
      if (!listeners) continue; // not a portico gateway
      const st = parentStatuses.find(
        (p) => p.parentRef?.name === ref.name && (p.parentRef?.namespace ?? ns) === gwNs && (p.parentRef?.sectionName ?? '') === (ref.sectionName ?? ''),
      );
      const accepted = conditionOf(st?.conditions, 'Accepted');
      const refProblems: Problem[] = [];
      if (accepted?.status === 'False')
        refProblems.push({
          code: 'RouteNotAccepted',
          severity: 'error',
          message: `Not accepted by ${gwNs}/${ref.name}: ${accepted.reason}${accepted.message ? ` (${accepted.message})` : ''}`,
        });
      else if (!accepted)
        refProblems.push({ code: 'RouteNotAccepted', severity: 'warning', message: `No status from the gateway for parent ${gwNs}/${ref.name} yet.` });
      const resolved = conditionOf(st?.conditions, 'ResolvedRefs');
      if (resolved?.status === 'False')
        refProblems.push({ code: 'ServiceMissing', severity: 'error', message: `References not resolved: ${resolved.reason}${resolved.message ? ` (${resolved.message})` : ''}` });
      problems.push(...refProblems.filter((p) => !problems.some((q) => q.message === p.message)));
      const wanted = kind === 'TCPRoute' ? ['TCP'] : kind === 'TLSRoute' ? ['TLS'] : ['HTTP', 'HTTPS'];
      const matching = listeners.filter(
        (l) => (!ref.sectionName || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port) && wanted.includes(l.protocol),
      );
      for (const l of matching) {
        ensureGatewayListener(gwNs, ref.name, l);
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
        ['Parents', (spec.parentRefs ?? []).map((r: Obj) => `${r.namespace ?? ns}/${r.name}${r.sectionName ? `#${r.sectionName}` : ''}`).join(', ') || '—'],
        ['Accepted', parentStatuses.map((p) => `${p.parentRef?.name}: ${conditionOf(p.conditions, 'Accepted')?.reason ?? '?'}`).join(', ') || 'no status yet'],
      ],
      objectKind: kind,
      layer: 2,
    });
    for (const a of attach) g.edge(a.listenerId, id, 'listener-route', undefined, a.problems);
    for (const rule of spec.rules ?? []) {
      const refs: Obj[] = (rule.backendRefs ?? []).filter((b: Obj) => (b.kind ?? 'Service') === 'Service' && (b.group ?? '') === '' && (b.namespace ?? ns) === ns);
      const total = refs.reduce((s, b) => s + (b.weight ?? 1), 0);
      const host = hostnames[0] ?? '*';
      // Layer-4 routes have no paths: TCP by port, TLS by SNI name.
      const labels: string[] =
        kind === 'TCPRoute' ? ['TCP'] : kind === 'TLSRoute' ? [`TLS ${host}`] : ((rule.matches ?? []).length ? rule.matches.map((m: Obj) => m.path?.value ?? '/') : ['/']).map((p: string) => `${host}${p}`);
      for (const b of refs) {
        const w = b.weight ?? 1;
        const split = refs.length > 1 ? ` · ${total ? Math.round((w / total) * 100) : 0}%` : '';
        for (const label of labels) backendEdge(id, { service: b.name, port: b.port, label: `${label}${split}` });
      }
    }
  }

  // ---- service -> pods -------------------------------------------------------------------
  const totalSelected = new Set([...services.values()].flatMap((s) => s.pods.map((p) => p.metadata?.name))).size;
  const grouped: string[] = [];
  for (const [svcName, sf] of services) {
    if (sf.pods.length === 0) continue;
    const svcPorts: Obj[] = sf.svc.spec?.ports ?? [];
    const portLabel = svcPorts.map((p) => `${p.port}→${p.targetPort ?? p.port}`).join(', ');
    const group = sf.pods.length > groupAbove || (totalSelected > maxPodNodes && sf.pods.length > 1);
    if (group) {
      grouped.push(svcName);
      const members = sf.pods
        .map((p) => ({ name: p.metadata?.name as string, ready: podState(p).ready, podIP: p.status?.podIP as string | undefined }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const readyN = members.filter((m) => m.ready).length;
      const health: Health = readyN === members.length ? 'ok' : readyN === 0 ? 'error' : 'warning';
      const problems: Problem[] =
        readyN < members.length ? [{ code: 'PodNotReady', severity: health === 'error' ? 'error' : 'warning', message: `${members.length - readyN} of ${members.length} pods not ready.` }] : [];
      const gid = nodeIds.podGroup(ns, svcName);
      g.node({
        id: gid,
        kind: 'pod-group',
        name: svcName,
        namespace: ns,
        label: `${members.length} pods`,
        subtitle: `${readyN}/${members.length} ready · ${svcName}`,
        health,
        problems,
        facts: [['Service', svcName], ['Pods', String(members.length)], ['Ready', String(readyN)]],
        layer: 4,
        members,
      });
      g.edge(sf.node.id, gid, 'service-pod', portLabel, problems.length ? problems : [], health === 'ok' ? 'ok' : health);
      continue;
    }
    for (const pod of sf.pods) {
      const podName: string = pod.metadata?.name;
      const st = podState(pod);
      const podProblems: Problem[] = st.ready
        ? []
        : [{ code: 'PodNotReady', severity: 'error', message: `Pod ${podName} is ${st.terminating ? 'terminating' : 'not ready'}${st.reason ? `: ${st.reason}` : ''}.` }];
      const pid = nodeIds.pod(ns, podName);
      const containers: Obj[] = pod.spec?.containers ?? [];
      g.node({
        id: pid,
        kind: 'pod',
        name: podName,
        namespace: ns,
        label: podName,
        subtitle: `${st.ready ? 'ready' : st.terminating ? 'terminating' : 'not ready'}${pod.status?.podIP ? ` · ${pod.status.podIP}` : ''}`,
        health: st.ready ? 'ok' : 'error',
        problems: podProblems,
        facts: [
          ['Phase', st.phase],
          ['Ready', st.ready ? 'yes' : `no${st.reason ? ` (${st.reason})` : ''}`],
          ['Pod IP', pod.status?.podIP ?? '—'],
          ['Node', pod.spec?.nodeName ?? '—'],
          ['Containers', containers.map((c) => `${c.name} (${c.image})`).join(', ') || '—'],
          ['Ports', containers.flatMap((c) => (c.ports ?? []).map((p: Obj) => `${p.name ? `${p.name}:` : ''}${p.containerPort}`)).join(', ') || '—'],
        ],
        href: `/projects/${enc(ns)}/services/${enc(svcName)}`,
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
      g.edge(sf.node.id, pid, 'service-pod', portLabel, edgeProblems);
    }
  }

  const nodes = [...g.nodes.values()].sort((a, b) => a.layer - b.layer || a.id.localeCompare(b.id));
  const edges: TopoEdge[] = [...g.edges.values()]
    .map(({ labels, ...e }) => ({ ...e, label: labels.length ? (labels.length > 3 ? `${labels.slice(0, 3).join(', ')} +${labels.length - 3}` : labels.join(', ')) : undefined }))
    .sort((a, b) => a.id.localeCompare(b.id));
  // A route's health includes its backends'.
  for (const n of nodes) {
    if (n.kind !== 'route') continue;
    const out = edges.filter((e) => e.source === n.id);
    const backend = worst(...out.map((e) => e.health), 'ok');
    if (backend !== 'ok' && n.health !== 'error') n.health = worst(n.health, backend === 'error' ? 'warning' : backend);
  }
  return { namespace: ns, nodes, edges, counts: { routes: routeCount, services: input.services.length, pods: pods.length }, grouped };
}
