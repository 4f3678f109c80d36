import 'server-only';
/**
 * What the topology needs from the gateway process and from the shared Gateways, for one project
 * whose access the caller has checked:
 * - the process's health (/healthz, /readyz) and what it knows of the project's endpoints
 *   (/endpoints?namespace=<project>: ready, terminating, ejected, check failing, refused);
 * - the Gateways whose listeners admit the project's routes (issue 15): a project member may not
 *   read the shared Gateways in portico-system, so they are read with the console's own
 *   identity (server/queries/gateway-choices) and only the admitting listeners, with their
 *   conditions, leave the server; never attached-route counts or anything of other projects.
 */
import type { Gateway } from '@/lib/k8s';
import type { GatewayBackendHealth } from '@/lib/topology/endpoint-health';
import type { GatewayState } from '@/lib/topology';
import type { NamespaceInput } from '@/lib/routing/types';
import { admitsNamespace, listenerRouteKinds } from '@/lib/routing/listener-admission';
import { adminGet } from '../queries/gateway-admin';
import { allGateways } from '../queries/gateway-choices';
import { getServiceKubeClient } from '../kube/client';

/** Bounds what one answer may add to a graph (a project with more backends is cut, not fatal). */
const MAX_BACKENDS = 5_000;

const isBackendList = (v: unknown): v is GatewayBackendHealth[] =>
  Array.isArray(v) && v.every((b) => !!b && typeof b === 'object' && typeof (b as GatewayBackendHealth).service === 'string' && Array.isArray((b as GatewayBackendHealth).endpoints));

export async function gatewayState(project: string): Promise<GatewayState> {
  let probes;
  try {
    probes = await Promise.all([adminGet('/healthz', { scope: 'all' }), adminGet('/readyz', { scope: 'all' })]);
  } catch (err) {
    return { reachable: false, error: (err as Error).message };
  }
  const [healthz, readyz] = probes;
  const state: GatewayState = { reachable: true, healthz: healthz.status, readyz: readyz.status };
  if (readyz.status !== 200 && typeof readyz.body === 'string') state.readyText = readyz.body.trim().slice(0, 120);
  try {
    const e = await adminGet('/endpoints', { scope: { namespaces: [project] } });
    const backends = e.body && typeof e.body === 'object' ? (e.body as { backends?: unknown }).backends : undefined;
    if (e.status === 200 && isBackendList(backends)) state.endpoints = backends.filter((b) => b.namespace === project).slice(0, MAX_BACKENDS);
    else state.error = `the gateway admin API answered ${e.status} for /endpoints`;
  } catch (err) {
    state.error = (err as Error).message;
  }
  return state;
}

/** The Gateways (trimmed) with only the listeners that admit routes of `project`. */
export async function gatewaysForProject(project: string): Promise<Gateway[]> {
  const gateways = await allGateways(project);
  let namespace: Promise<NamespaceInput | undefined> | undefined;
  const projectNamespace = () => (namespace ??= getServiceKubeClient().then((k) => k.find<NamespaceInput>('namespaces', undefined, project)).catch(() => undefined));
  const out: Gateway[] = [];
  for (const g of gateways) {
    const gwNs = g.metadata?.namespace ?? '';
    const listeners = [];
    for (const l of g.spec?.listeners ?? []) {
      if (!listenerRouteKinds(l).length) continue;
      const ns = l.allowedRoutes?.namespaces?.from === 'Selector' ? await projectNamespace() : undefined;
      if (admitsNamespace(l, gwNs, project, ns)) listeners.push(l);
    }
    if (!listeners.length) continue;
    const names = new Set(listeners.map((l) => l.name));
    out.push({
      apiVersion: g.apiVersion,
      kind: g.kind,
      metadata: { name: g.metadata?.name, namespace: gwNs },
      spec: { gatewayClassName: g.spec.gatewayClassName, listeners },
      status: {
        conditions: g.status?.conditions ?? [],
        listeners: (g.status?.listeners ?? []).filter((l) => names.has(l.name)).map((l) => ({ ...l, attachedRoutes: 0 })),
      },
    });
  }
  return out;
}
