'use server';
import type { ActionResult } from '@/lib/console/action-result';
import { getKubeClient, asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { createManifest, deleteManifest, getManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { projectName, serviceName } from '../kube/validate';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { summarizeService, type ServiceSummary } from '../models/service';

const serviceKind = manifestKind('services', 'service', [apiVersionOf('Service')], 'Service', { name: serviceName, requireName: true });

/** Creates a Service in one API write; with `dryRun` it only validates. */
export async function createServiceAction(project: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<ActionResult<KubeObject>> {
  return createManifest(serviceKind, project, manifest, opts);
}

/** Replaces a Service; a 409 (stale resourceVersion) comes back with reason Conflict. */
export async function updateServiceAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return replaceManifest(serviceKind, project, name, manifest);
}

export async function deleteServiceAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  return deleteManifest(serviceKind, project, name);
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
  return getManifest(serviceKind, project, name);
}
