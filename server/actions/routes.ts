'use server';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import { getKubeClient, asResult, invalid, type KubeObject } from '../kube';
import { parseInput, pinToProject, validateManifest } from '../kube/guard';
import { manifestOf, objectName, projectName } from '../kube/validate';

const ingressManifest = manifestOf(['networking.k8s.io/v1'], 'Ingress');


/**
 * Creates a route (Ingress). Always runs a server-side dry run first so admission and
 * validation errors come back before anything is stored; with `dryRun` it stops there.
 */
export async function createRouteAction(
  project: string,
  manifest: unknown,
  opts: { dryRun?: boolean } = {},
): Promise<ActionResult<KubeObject>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const m = parseInput(ingressManifest, manifest);
  if (!m.ok) return m;
  const pinned = pinToProject(project, m.data);
  if (!pinned.ok) return pinned;
  const body = pinned.body;
  const bad = validateManifest(body);
  if (bad) return bad;
  return asResult(async () => {
    const kube = await getKubeClient();
    const dry = await kube.create('ingresses', project, body, { dryRun: true });
    if (opts.dryRun) return dry;
    return kube.create('ingresses', project, body);
  });
}

/**
 * Replaces a route. The manifest should carry the resourceVersion it was read at: a 409
 * comes back as reason Conflict so the UI can offer reload-with-diff.
 */
export async function updateRouteAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  const p = parseInput(z.object({ project: projectName, name: objectName }), { project, name });
  if (!p.ok) return p;
  const m = parseInput(ingressManifest, manifest);
  if (!m.ok) return m;
  const pinned = pinToProject(project, m.data);
  if (!pinned.ok) return pinned;
  const body = pinned.body;
  const bad = validateManifest(body);
  if (bad) return bad;
  if (body.metadata.name && body.metadata.name !== name) {
    return invalid(`metadata.name cannot change (was ${name}); create a new route instead`, [
      { field: 'metadata.name', message: `must stay ${name}` },
    ]);
  }
  body.metadata.name = name;
  const result = await asResult(async () => {
    const kube = await getKubeClient();
    return kube.replace('ingresses', project, name, body);
  });
  if (!result.ok && result.status === 409) {
    return { ...result, reason: 'Conflict', message: `Someone else changed route ${name} since you loaded it. ${result.message}` };
  }
  return result;
}

export async function deleteRouteAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  const p = parseInput(z.object({ project: projectName, name: objectName }), { project, name });
  if (!p.ok) return p;
  return asResult(async () => {
    const kube = await getKubeClient();
    await kube.delete('ingresses', project, name);
    return { name };
  });
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
  const p = parseInput(z.object({ project: projectName, name: objectName }), { project, name });
  if (!p.ok) return p;
  return asResult(async () => (await getKubeClient()).get('ingresses', project, name));
}

