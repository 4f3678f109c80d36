import 'server-only';
/**
 * A project's ListenerSets (read as the signed-in user) and the shared Gateways its
 * ListenerSets may attach to. Project members may not read other namespaces' Gateways, so the
 * parent choices are read with the console's identity (as gateway-choices does), after the
 * cluster confirmed the user may read the project, and filtered by each Gateway's
 * allowedListeners for this project; only Gateway names and listener ports leave the server.
 */
import type { ListenerSet } from '@/lib/k8s';
import type { NamespaceInput } from '@/lib/routing/types';
import { admitsListenerSets } from '@/lib/routing/listener-sets';
import { summarizeListenerSet, type ListenerSetList } from '@/lib/console/listener-sets';
import { canOpenProject } from '../auth/access';
import { getKubeClient, KubeError } from '../kube';
import { getServiceKubeClient } from '../kube/client';
import { allGateways } from './gateway-choices';

export interface ListenerSetParent {
  namespace: string;
  name: string;
  /** The Gateway's own listeners as "name PROTOCOL:port" (a set's listener shares the port, told apart by hostname). */
  listeners: string[];
}

export async function listListenerSets(project: string): Promise<ListenerSetList> {
  try {
    const list = await (await getKubeClient()).list<ListenerSet>('listenersets', project);
    return { served: true, rows: list.items.map(summarizeListenerSet).sort((a, b) => a.name.localeCompare(b.name)) };
  } catch (err) {
    if (err instanceof KubeError && err.code === 404) return { served: false, rows: [] };
    throw err;
  }
}

/** One ListenerSet as stored; undefined when it does not exist. */
export async function getListenerSet(project: string, name: string): Promise<ListenerSet | undefined> {
  return (await getKubeClient()).find<ListenerSet>('listenersets', project, name);
}

/** Gateways whose allowedListeners admit ListenerSets of `project`; 403 for a user who may not read it. */
export async function getListenerSetParents(project: string): Promise<ListenerSetParent[]> {
  if (!(await canOpenProject(project))) {
    throw new KubeError(403, { kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: `You may not read project ${project}` });
  }
  const gateways = await allGateways(project);
  let namespace: Promise<NamespaceInput | undefined> | undefined;
  const projectNamespace = () => (namespace ??= getServiceKubeClient().then((k) => k.find<NamespaceInput>('namespaces', undefined, project)).catch(() => undefined));
  const out: ListenerSetParent[] = [];
  for (const g of gateways) {
    const selector = g.spec?.allowedListeners?.namespaces?.from === 'Selector';
    const input = { ...g, metadata: { ...g.metadata, name: g.metadata?.name ?? '' } };
    if (!admitsListenerSets(input, project, selector ? await projectNamespace() : undefined)) continue;
    out.push({ namespace: g.metadata?.namespace ?? '', name: g.metadata?.name ?? '', listeners: (g.spec?.listeners ?? []).map((l) => `${l.name} ${l.protocol}:${l.port}`) });
  }
  return out.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
