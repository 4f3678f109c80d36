import 'server-only';
/**
 * The project's own ListenerSets as parents for the route forms' picker (issue 18): a route of
 * the project may name a set's listener (parentRef kind ListenerSet, sectionName = the
 * listener). Read as the signed-in user (the sets live in the project). Each listener is offered
 * with the route kinds its allowedRoutes admit from the project (the set's namespace); the
 * choice carries its parent Gateway's supportedFeatures, as the gateway serving it decides them.
 */
import type { GatewayChoice } from '@/lib/console/rows';
import type { ListenerSet } from '@/lib/k8s';
import type { NamespaceInput } from '@/lib/routing/types';
import { admitsNamespace, listenerRouteKinds } from '@/lib/routing/listener-admission';
import type { AttachableKind } from '@/lib/routing/listener-record';
import { getKubeClient } from '../kube/request-client';
import { KubeError } from '../kube/errors';

/** The sets' choices (kind ListenerSet), sorted by name; none when the cluster serves no ListenerSets. */
export async function listenerSetChoices(
  project: string,
  kind: AttachableKind | undefined,
  featuresOf: (gatewayNamespace: string, gatewayName: string) => string[] | undefined,
  projectNamespace: () => Promise<NamespaceInput | undefined>,
): Promise<GatewayChoice[]> {
  let sets: ListenerSet[];
  try {
    sets = (await (await getKubeClient()).list<ListenerSet>('listenersets', project)).items;
  } catch (err) {
    if (err instanceof KubeError && (err.code === 404 || err.code === 403)) return []; // not served, or not readable
    throw err;
  }
  const out: GatewayChoice[] = [];
  for (const s of sets) {
    const listeners: GatewayChoice['listeners'] = [];
    for (const l of s.spec?.listeners ?? []) {
      const kinds = listenerRouteKinds(l).filter((k) => !kind || k === kind);
      if (!kinds.length) continue;
      const ns = l.allowedRoutes?.namespaces?.from === 'Selector' ? await projectNamespace() : undefined;
      if (!admitsNamespace(l, project, project, ns)) continue;
      listeners.push({ name: l.name, protocol: l.protocol, port: l.port, ...(l.hostname ? { hostname: l.hostname } : {}), kinds });
    }
    if (!listeners.length) continue;
    const ref = s.spec.parentRef;
    const parent = { namespace: ref.namespace ?? project, name: ref.name };
    const supportedFeatures = (ref.kind ?? 'Gateway') === 'Gateway' ? featuresOf(parent.namespace, parent.name) : undefined;
    out.push({ kind: 'ListenerSet', namespace: project, name: s.metadata?.name ?? '', listeners, parent: `${parent.namespace}/${parent.name}`, ...(supportedFeatures ? { supportedFeatures } : {}) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
