// /endpoints: what the gateway knows of every upstream endpoint of the backends it serves —
// ready, terminating, passively ejected, active check failing — scoped like /config
// (`?namespace=`: only backends of Services in those namespaces). Smaller than /config: the
// console's topology polls it.
import type { EndpointSet } from '../proxy/endpoints';
import { endpointState, type GatewayBackendHealth, type GatewayEndpointHealth, type GatewayEndpointsView } from '@/lib/topology/endpoint-health';
import type { Endpoint } from '../proxy/endpoints';
import type { Scope } from './scope';

function entry(e: Endpoint, terminating: boolean, now: number): GatewayEndpointHealth {
  const h = e.health.toJSON(now);
  return {
    address: e.address,
    port: e.port,
    ...(e.pod ? { pod: e.pod } : {}),
    state: endpointState(h, terminating),
    ejectedForMs: h.ejectedForMs,
    ejections: h.ejections,
    consecutive5xx: h.consecutive5xx,
    ...(h.activeOk !== undefined ? { activeOk: h.activeOk } : {}),
    ...(h.lastError ? { lastError: h.lastError } : {}),
  };
}

export function endpointHealthView(sets: Iterable<EndpointSet> | undefined, scope: Scope, now = Date.now()): GatewayEndpointsView {
  if (!sets) return { ready: false, backends: [] };
  const backends: GatewayBackendHealth[] = [];
  for (const set of sets) {
    const t = set.target;
    if (scope && !scope.has(t.namespace)) continue;
    backends.push({
      key: set.key,
      namespace: t.namespace,
      service: t.service,
      ...(t.externalName ? { externalName: t.externalName } : {}),
      ...(t.invalid ? { invalid: t.invalid } : {}),
      endpoints: [...set.ready.map((e) => entry(e, false, now)), ...set.terminating.map((e) => entry(e, true, now))],
      refused: (set.refused ?? []).map((r) => ({ address: r.address, port: r.port, message: r.message })),
    });
  }
  backends.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ready: true, ...(scope ? { namespaces: [...scope] } : {}), backends };
}
