'use server';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import { getKubeClient, asResult, invalid, type KubeObject } from '../kube';
import { parseInput, pinToProject, validateManifest } from '../kube/guard';
import { manifestOf, projectName, serviceName } from '../kube/validate';
import { summarizeService, type ServiceSummary } from '../models/service';

const serviceManifest = manifestOf(['v1'], 'Service');


function checkName(name: unknown) {
  return parseInput(serviceName, name, 'metadata.name');
}

/** Creates a Service after a server-side dry run; with `dryRun` only the dry run happens. */
export async function createServiceAction(
  project: string,
  manifest: unknown,
  opts: { dryRun?: boolean } = {},
): Promise<ActionResult<KubeObject>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const m = parseInput(serviceManifest, manifest);
  if (!m.ok) return m;
  const n = checkName(m.data.metadata.name);
  if (!n.ok) return n;
  const pinned = pinToProject(project, m.data);
  if (!pinned.ok) return pinned;
  const body = pinned.body;
  const bad = validateManifest(body);
  if (bad) return bad;
  return asResult(async () => {
    const kube = await getKubeClient();
    const dry = await kube.create('services', project, body, { dryRun: true });
    if (opts.dryRun) return dry;
    return kube.create('services', project, body);
  });
}

/** Replaces a Service; a 409 (stale resourceVersion) comes back with reason Conflict. */
export async function updateServiceAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  const p = parseInput(z.object({ project: projectName, name: serviceName }), { project, name });
  if (!p.ok) return p;
  const m = parseInput(serviceManifest, manifest);
  if (!m.ok) return m;
  const pinned = pinToProject(project, m.data);
  if (!pinned.ok) return pinned;
  const body = pinned.body;
  const bad = validateManifest(body);
  if (bad) return bad;
  if (body.metadata.name && body.metadata.name !== name) {
    return invalid(`metadata.name cannot change (was ${name})`, [{ field: 'metadata.name', message: `must stay ${name}` }]);
  }
  body.metadata.name = name;
  const result = await asResult(async () => (await getKubeClient()).replace('services', project, name, body));
  if (!result.ok && result.status === 409) {
    return { ...result, reason: 'Conflict', message: `Someone else changed service ${name} since you loaded it. ${result.message}` };
  }
  return result;
}

export async function deleteServiceAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  const p = parseInput(z.object({ project: projectName, name: serviceName }), { project, name });
  if (!p.ok) return p;
  return asResult(async () => {
    await (await getKubeClient()).delete('services', project, name);
    return { name };
  });
}

/** The project's Services with their ports, for pickers (wizard step 2) and lists. */
export async function listServicesAction(project: string): Promise<ActionResult<ServiceSummary[]>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(async () => {
    const list = await (await getKubeClient()).list('services', project);
    return list.items.map(summarizeService).sort((a, b) => a.name.localeCompare(b.name));
  });
}

export async function getServiceAction(project: string, name: string): Promise<ActionResult<KubeObject>> {
  const p = parseInput(z.object({ project: projectName, name: serviceName }), { project, name });
  if (!p.ok) return p;
  return asResult(async () => (await getKubeClient()).get('services', project, name));
}
