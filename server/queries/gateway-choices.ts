import 'server-only';
/**
 * The Gateways and listeners a project's routes may attach to, for the route forms' parent
 * picker. Project members may not list Gateways outside their project (the shared ones live in
 * portico-system), so the Gateways are read with the console's OWN identity (the informer
 * cache), after the cluster confirmed the signed-in user may read the project, and filtered by
 * each listener's allowedRoutes (lib/routing's rules: namespaces All/Same/Selector, route kinds)
 * for this project. Only Gateway names, listener fields and the class's supportedFeatures leave the server: never routes,
 * statuses or anything else of other projects.
 */
import type { GatewayChoice } from '@/lib/console/rows';
import type { Gateway, GatewayClass } from '@/lib/k8s';
import { apiPath } from '@/lib/k8s/kinds';
import type { NamespaceInput } from '@/lib/routing/types';
import { admitsNamespace, listenerRouteKinds } from '@/lib/routing/listener-admission';
import type { AttachableKind } from '@/lib/routing/listener-record';
import { canOpenProject } from '../auth/access';
import { serviceItems } from '../kube/cache';
import { getServiceKubeClient } from '../kube/client';
import { getKubeClient } from '../kube/request-client';
import { KubeError } from '../kube/errors';
import { listenerSetChoices } from './listener-set-choices';

const forbidden = (project: string) =>
  new KubeError(403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: `You may not read project ${project}` });

/** Every Gateway in the cluster as the console sees it; the user's own reads when the console may not list them. */
export async function allGateways(project: string): Promise<readonly Gateway[]> {
  try {
    return await serviceItems<Gateway>('gateways', '');
  } catch (err) {
    if (!(err instanceof KubeError)) throw err;
    if (err.code === 404) return []; // no Gateway API on this cluster
    if (err.code !== 403) throw err;
    // The console's identity lacks the right (RBAC without gateways): what the user can read in the project.
    return (await (await getKubeClient()).list<Gateway>('gateways', project).catch(() => ({ items: [] as Gateway[] }))).items;
  }
}

/**
 * GatewayClass name -> its status.supportedFeatures names, read with the console's identity
 * (project members may not read GatewayClasses). A class without the list is left out (unknown);
 * on any read error the map is empty, so the forms fall back to offering every field.
 */
async function classFeatures(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const classes = await getServiceKubeClient()
    .then((k) => k.call<{ items: GatewayClass[] }>('GET', apiPath('GatewayClass')))
    .then((l) => l.items)
    .catch(() => [] as GatewayClass[]);
  for (const c of classes) {
    const list = c.status?.supportedFeatures;
    if (Array.isArray(list) && list.length > 0) out.set(c.metadata?.name ?? '', list.map((f) => f.name));
  }
  return out;
}

/**
 * Gateways with the listeners whose allowedRoutes admit routes of `project` (each listener with
 * the route kinds it admits; `kind` keeps only listeners admitting that kind). With
 * `listenerSets`, the project's ListenerSets follow the Gateways (the route forms' picker).
 * 403 for a user who may not read the project.
 */
export async function getGatewayChoices(project: string, kind?: AttachableKind, opts: { listenerSets?: boolean } = {}): Promise<GatewayChoice[]> {
  if (!(await canOpenProject(project))) throw forbidden(project);
  const gateways = await allGateways(project);
  // Namespace labels matter only for Selector listeners: read the project's once, as the console.
  let namespace: Promise<NamespaceInput | undefined> | undefined;
  const projectNamespace = () => (namespace ??= getServiceKubeClient().then((k) => k.find<NamespaceInput>('namespaces', undefined, project)).catch(() => undefined));
  const features = await classFeatures();
  const out: GatewayChoice[] = [];
  for (const g of gateways) {
    const gwNs = g.metadata?.namespace ?? '';
    const listeners: GatewayChoice['listeners'] = [];
    for (const l of g.spec?.listeners ?? []) {
      const kinds = listenerRouteKinds(l).filter((k) => !kind || k === kind);
      if (!kinds.length) continue;
      const ns = l.allowedRoutes?.namespaces?.from === 'Selector' ? await projectNamespace() : undefined;
      if (!admitsNamespace(l, gwNs, project, ns)) continue;
      listeners.push({ name: l.name, protocol: l.protocol, port: l.port, ...(l.hostname ? { hostname: l.hostname } : {}), kinds });
    }
    const supportedFeatures = features.get(g.spec?.gatewayClassName ?? '');
    if (listeners.length) out.push({ namespace: gwNs, name: g.metadata?.name ?? '', listeners, ...(supportedFeatures ? { supportedFeatures } : {}) });
  }
  out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  if (!opts.listenerSets) return out;
  const classOf = new Map(gateways.map((g) => [`${g.metadata?.namespace ?? ''}/${g.metadata?.name ?? ''}`, g.spec?.gatewayClassName ?? '']));
  const sets = await listenerSetChoices(project, kind, (ns, name) => features.get(classOf.get(`${ns}/${name}`) ?? ''), projectNamespace);
  return [...out, ...sets];
}
