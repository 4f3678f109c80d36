/**
 * Endpoints in the topology: what a Service's EndpointSlices list (pods, manual addresses) and
 * what the gateway knows of each (its admin API's /endpoints, scoped to the project), turned
 * into a health, a one-word state and the problems to show.
 */
import type { GatewayBackendHealth, GatewayEndpointHealth } from './endpoint-health';
import type { GatewayState, Health, ListedEndpointSlice, Problem } from './types';

export interface SliceEndpoint {
  address: string;
  ports: { name: string; port?: number }[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  pod?: string;
  slice: string;
  managedBy?: string;
}

/** Each Service's endpoints from its slices (an address listed twice counts once). */
export function sliceEndpoints(slices: readonly ListedEndpointSlice[]): Map<string, SliceEndpoint[]> {
  const out = new Map<string, SliceEndpoint[]>();
  for (const s of slices) {
    const svc = s.metadata?.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const list = out.get(svc) ?? out.set(svc, []).get(svc)!;
    const ports = (s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port }));
    for (const e of s.endpoints ?? []) {
      const ready = e.conditions?.ready !== false;
      for (const address of e.addresses ?? []) {
        if (list.some((x) => x.address === address)) continue;
        list.push({
          address,
          ports,
          ready,
          serving: e.conditions?.serving ?? ready,
          terminating: e.conditions?.terminating === true,
          ...(e.targetRef?.kind === 'Pod' && e.targetRef.name ? { pod: e.targetRef.name } : {}),
          slice: s.metadata?.name ?? '',
          ...(s.metadata?.labels?.['endpointslice.kubernetes.io/managed-by'] ? { managedBy: s.metadata.labels['endpointslice.kubernetes.io/managed-by'] } : {}),
        });
      }
    }
  }
  for (const list of out.values()) list.sort((a, b) => a.address.localeCompare(b.address));
  return out;
}

/** What the gateway reports for one Service of the project. */
export interface ServiceGatewayView {
  backends: GatewayBackendHealth[];
  byAddress: Map<string, GatewayEndpointHealth[]>;
  refused: Map<string, string>;
}

/** The gateway's /endpoints answer by Service name (only the project's namespace). */
export function gatewayByService(state: GatewayState | undefined, ns: string): Map<string, ServiceGatewayView> | undefined {
  if (!state?.endpoints) return undefined;
  const out = new Map<string, ServiceGatewayView>();
  for (const b of state.endpoints) {
    if (b.namespace !== ns) continue;
    const v = out.get(b.service) ?? out.set(b.service, { backends: [], byAddress: new Map(), refused: new Map() }).get(b.service)!;
    v.backends.push(b);
    for (const e of b.endpoints) (v.byAddress.get(e.address) ?? v.byAddress.set(e.address, []).get(e.address)!).push(e);
    for (const r of b.refused) v.refused.set(r.address, r.message);
  }
  return out;
}

export interface EndpointVerdict {
  health: Health;
  /** One word or two for the node: ready, not ready, terminating, ejected, check failing, refused, unknown. */
  state: string;
  problems: Problem[];
  facts: [string, string][];
}

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

/** The gateway's word on one address (several ports: the worst wins). */
function gatewayVerdict(label: string, entries: readonly GatewayEndpointHealth[]): EndpointVerdict | undefined {
  const failing = entries.find((e) => e.state === 'check-failing');
  if (failing)
    return {
      health: 'error',
      state: 'check failing',
      problems: [{ code: 'EndpointCheckFailing', severity: 'error', message: `${label}: the gateway's active health check fails${failing.lastError ? ` (${failing.lastError})` : ''}; it gets no traffic.` }],
      facts: [],
    };
  const ejected = entries.find((e) => e.state === 'ejected');
  if (ejected)
    return {
      health: 'error',
      state: 'ejected',
      problems: [
        {
          code: 'EndpointEjected',
          severity: 'error',
          message: `${label}: passively ejected by the gateway for ${seconds(ejected.ejectedForMs)} (ejection ${ejected.ejections}${ejected.lastError ? `: ${ejected.lastError}` : ''}).`,
        },
      ],
      facts: [],
    };
  if (entries.some((e) => e.state === 'terminating'))
    return { health: 'warning', state: 'terminating', problems: [{ code: 'EndpointTerminating', severity: 'warning', message: `${label} is terminating: the gateway uses it only while nothing else is ready.` }], facts: [] };
  return undefined;
}

function gatewayFacts(entries: readonly GatewayEndpointHealth[] | undefined, routed: boolean): [string, string][] {
  if (!routed) return [['Gateway', 'not used by any route']];
  if (!entries?.length) return [['Gateway', 'not in its endpoint table']];
  const e = entries[0]!;
  return [
    ['Gateway', entries.map((x) => `${x.port}: ${x.state}`).join(', ')],
    ['Ejections', String(e.ejections)],
    ...(e.activeOk !== undefined ? ([['Active check', e.activeOk ? 'passing' : 'failing']] as [string, string][]) : []),
    ...(e.lastError ? ([['Last error', e.lastError]] as [string, string][]) : []),
  ];
}

/**
 * One endpoint's verdict: the gateway's view first (failing active check, passive ejection,
 * refused by its address policy, terminating), then the slice's own conditions.
 * `gw` undefined: the gateway's view is unknown (not read); a Service it has no backend for is not routed.
 */
export function endpointVerdict(ep: SliceEndpoint, label: string, gw: Map<string, ServiceGatewayView> | undefined, service: string): EndpointVerdict {
  const view = gw?.get(service);
  const entries = view?.byAddress.get(ep.address);
  const facts = gw ? gatewayFacts(entries, !!view) : [];
  const fromGateway = entries && gatewayVerdict(label, entries);
  if (fromGateway) return { ...fromGateway, facts };
  const refused = view?.refused.get(ep.address);
  if (refused)
    return { health: 'error', state: 'refused', problems: [{ code: 'EndpointRefused', severity: 'error', message: `${label}: refused by the gateway's upstream address policy (${refused}).` }], facts };
  if (ep.terminating)
    return { health: 'warning', state: 'terminating', problems: [{ code: 'EndpointTerminating', severity: 'warning', message: `${label} is terminating${ep.serving ? ' (still serving)' : ''}.` }], facts };
  if (!ep.ready) return { health: 'warning', state: 'not ready', problems: [{ code: 'EndpointNotReady', severity: 'warning', message: `${label} is not ready: it gets no traffic.` }], facts };
  if (view && !entries) return { health: 'unknown', state: 'unknown', problems: [], facts };
  return { health: 'ok', state: 'ready', problems: [], facts };
}

/** The target of an ExternalName Service, as the gateway resolved it for the backends that use it. */
export function externalNameVerdict(externalName: string, gw: Map<string, ServiceGatewayView> | undefined, service: string): EndpointVerdict & { addresses: string[] } {
  const view = gw?.get(service);
  const label = `ExternalName ${externalName}`;
  if (!gw) return { health: 'unknown', state: 'unknown', problems: [], facts: [], addresses: [] };
  if (!view) return { health: 'unknown', state: 'not routed', problems: [], facts: [['Gateway', 'not used by any route: not resolved']], addresses: [] };
  const entries = view.backends.flatMap((b) => b.endpoints);
  const addresses = [...new Set(entries.map((e) => e.address))].sort();
  const facts: [string, string][] = [['Resolves to', addresses.join(', ') || '—'], ...gatewayFacts(entries, true).slice(1)];
  const fromGateway = gatewayVerdict(label, entries);
  if (fromGateway && entries.every((e) => e.state !== 'ready')) return { ...fromGateway, facts, addresses };
  if (fromGateway) return { ...fromGateway, health: 'warning', problems: fromGateway.problems.map((p) => ({ ...p, severity: 'warning' })), facts, addresses };
  if (entries.length === 0) {
    const refused = [...view.refused].map(([a, m]) => `${a}: ${m}`);
    if (refused.length)
      return { health: 'error', state: 'refused', problems: [{ code: 'EndpointRefused', severity: 'error', message: `${label}: every address it resolves to is refused by the gateway (${refused.join('; ')}).` }], facts, addresses };
    return { health: 'error', state: 'unresolved', problems: [{ code: 'ExternalNameUnresolved', severity: 'error', message: `${label} does not resolve to any address the gateway can use: requests get 503.` }], facts, addresses };
  }
  return { health: 'ok', state: 'resolved', problems: [], facts, addresses };
}
