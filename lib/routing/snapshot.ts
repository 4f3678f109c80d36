/** buildSnapshot: ClusterState -> immutable, compiled RoutingSnapshot. */
import type {
  CertificateEntry,
  CertificateTable,
  ClusterState,
  ListenerInfo,
  MatchRequest,
  MatchResult,
  RouteSummary,
  RoutingOptions,
  RoutingSnapshot,
  StatusReport,
} from './types';
import { BuildContext } from './context';
import { compileIngresses } from './ingress';
import { compileGateways } from './gateway';
import { validationLookup } from './frontend-validation';
import { tlsListenersOf } from './tls';
import { reportExternalNameFailures } from './external-names';
import { reportRefusedBackends } from './backend-policy';
import { PortTable, matchRequest, type MatchContext } from './table';

/** Status computed alongside each snapshot (read by computeStatuses). */
export const snapshotStatus = new WeakMap<RoutingSnapshot, StatusReport>();
/** The ids of every HTTP route a snapshot serves (the gateway drops deleted routes' metrics), without building the sorted summary. */
export const snapshotRouteIds = new WeakMap<RoutingSnapshot, () => Set<string>>();

class CertTable implements CertificateTable {
  readonly fallback?: CertificateEntry;
  constructor(
    readonly entries: readonly CertificateEntry[],
    private readonly byHost: Map<string, CertificateEntry>,
  ) {
    this.fallback = byHost.get('*') ?? [...entries].sort((a, b) => (a.key < b.key ? -1 : 1))[0];
  }
  lookup(serverName: string): CertificateEntry | undefined {
    const h = serverName.toLowerCase();
    const e = this.byHost.get(h);
    if (e) return e;
    // Ingress TLS hosts: "*.foo.com" covers one label; Gateway listener wildcards more. Try nearest first.
    let i = h.indexOf('.');
    while (i > 0) {
      const w = this.byHost.get('*' + h.slice(i));
      if (w) return w;
      i = h.indexOf('.', i + 1);
    }
    return undefined;
  }
}

export function buildSnapshot(state: ClusterState, options?: RoutingOptions): RoutingSnapshot {
  const ctx = new BuildContext(state, options);
  const ingressHostOwners = compileIngresses(ctx);
  compileGateways(ctx, ingressHostOwners);
  reportExternalNameFailures(ctx);
  reportRefusedBackends(ctx);

  const ports = new Map<number, PortTable>();
  for (const [port, b] of ctx.buckets) ports.set(port, new PortTable(b, ingressHostOwners));
  // Ingress always serves the two main ports, even with no routes yet.
  const listeners: ListenerInfo[] = [...ctx.portProtocols].map(([port, protocol]) => ({ port, protocol })).sort((a, b) => a.port - b.port);

  const mctx: MatchContext = {
    ports,
    httpPort: ctx.options.httpPort,
    httpsPort: ctx.options.httpsPort,
    publicHttpPort: ctx.options.publicHttpPort,
    publicHttpsPort: ctx.options.publicHttpsPort,
    servedPort: (p) => ctx.servedPort(p),
  };

  // The route summary is for /config and the console: built on first use, not on the hot path.
  let routes: RouteSummary[] | undefined;
  const summarize = (): RouteSummary[] => {
    const out: RouteSummary[] = [];
    for (const [port, b] of ctx.buckets) {
      const all = [...b.exact.values(), ...b.oneLabel.values(), ...b.multiLabel.values(), b.catchAll].flat();
      for (const e of all) out.push({ route: e.route, listenerPort: port, host: e.hostPattern, match: e.matchText, action: e.action, httpsOnly: e.httpsOnly });
    }
    return out.sort((a, b) => a.listenerPort - b.listenerPort || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0) || (a.route.id < b.route.id ? -1 : 1));
  };

  ctx.reportServiceAnnotations();
  const snapshot: RoutingSnapshot = Object.freeze({
    options: ctx.options,
    listeners,
    certificates: new CertTable(ctx.certs, ctx.certByHost),
    clientValidation: validationLookup(ctx.frontendValidation),
    backends: ctx.backends,
    get routes() {
      return (routes ??= summarize());
    },
    diagnostics: ctx.diagnostics,
    tcpListeners: [...ctx.tcpListeners.values()].sort((a, b) => a.port - b.port),
    udpListeners: [...ctx.udpListeners.values()].sort((a, b) => a.port - b.port),
    tlsListeners: tlsListenersOf(ctx),
    match(req: MatchRequest): MatchResult {
      return matchRequest(mctx, req);
    },
  });
  snapshotRouteIds.set(snapshot, () => {
    const ids = new Set<string>();
    for (const b of ctx.buckets.values())
      for (const list of [...b.exact.values(), ...b.oneLabel.values(), ...b.multiLabel.values(), b.catchAll]) for (const e of list) ids.add(e.route.id);
    return ids;
  });
  snapshotStatus.set(snapshot, {
    ingresses: ctx.ingressStatuses,
    gatewayClasses: ctx.gatewayClassStatuses,
    gateways: ctx.gatewayStatuses,
    listenerSets: ctx.listenerSetStatuses,
    policies: ctx.policyStatuses,
    routes: ctx.routeStatuses,
    diagnostics: ctx.diagnostics,
  });
  return snapshot;
}
