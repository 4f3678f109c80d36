'use server';
/**
 * ListenerSet writes (one API write each, validated on the server by manifests.ts: zod shape,
 * project pinning, the CRD rules of lib/k8s) and the reads the ListenerSet form needs.
 */
import type { ActionResult } from '@/lib/console/action-result';
import type { ListenerSetList } from '@/lib/console/listener-sets';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { createManifest, deleteManifest, getManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { projectName } from '../kube/validate';
import { getListenerSetParents, listListenerSets, type ListenerSetParent } from '../queries/listener-sets';

const listenerSetKind = manifestKind('listenersets', 'ListenerSet', [apiVersionOf('ListenerSet')], 'ListenerSet');

export async function createListenerSetAction(project: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return createManifest(listenerSetKind, project, manifest);
}

/** Replaces a ListenerSet; a stale resourceVersion comes back as 409 with reason Conflict. */
export async function replaceListenerSetAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return replaceManifest(listenerSetKind, project, name, manifest);
}

export async function deleteListenerSetAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  return deleteManifest(listenerSetKind, project, name);
}

export async function getListenerSetAction(project: string, name: string): Promise<ActionResult<KubeObject>> {
  return getManifest(listenerSetKind, project, name);
}

export async function listListenerSetsAction(project: string): Promise<ActionResult<ListenerSetList>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => listListenerSets(project));
}

/** Shared Gateways that admit this project's ListenerSets, for the parent picker. */
export async function listListenerSetParentsAction(project: string): Promise<ActionResult<ListenerSetParent[]>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => getListenerSetParents(project));
}
