'use server';
import type { ActionResult } from '@/lib/console/action-result';
import { getKubeClient, asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { createManifest, deleteManifest, getManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { objectName, projectName } from '../kube/validate';
import { apiVersionOf } from '@/lib/k8s/kinds';

const ingressKind = manifestKind('ingresses', 'route', [apiVersionOf('Ingress')], 'Ingress');

/** Creates a route (Ingress) in one API write; with `dryRun` it only validates (see createManifest). */
export async function createRouteAction(project: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<ActionResult<KubeObject>> {
  return createManifest(ingressKind, project, manifest, opts);
}

/**
 * Replaces a route. The manifest should carry the resourceVersion it was read at: a 409
 * comes back as reason Conflict so the UI can offer reload-with-diff.
 */
export async function updateRouteAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return replaceManifest(ingressKind, project, name, manifest);
}

export async function deleteRouteAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  return deleteManifest(ingressKind, project, name);
}

/** Live name check for the wizard: valid as a name and not taken in the project. */
export async function checkRouteNameAction(
  project: string,
  name: string,
): Promise<ActionResult<{ available: boolean; message?: string }>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const n = objectName.safeParse(name);
  if (!n.success) return { ok: true, value: { available: false, message: n.error.issues[0]?.message } };
  return asResult(async () => {
    const kube = await getKubeClient();
    const existing = await kube.find('ingresses', project, name);
    return existing
      ? { available: false, message: `a route named ${name} already exists in ${project}` }
      : { available: true };
  });
}

/** Reads one route (for reload after a conflict). */
export async function getRouteAction(project: string, name: string): Promise<ActionResult<KubeObject>> {
  return getManifest(ingressKind, project, name);
}

