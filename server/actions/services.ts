'use server';
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import { getKubeClient, asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { invalid } from '../kube/errors';
import { cachedList } from '../kube/cache';
import { createManifest, deleteManifest, getManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { projectName, serviceName } from '../kube/validate';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { isQualifiedName, isValidLabelValue, type Pod } from '@/lib/k8s';
import { serviceObjectErrors } from '@/lib/forms/service-form-schema';
import { summarizeService, type ServiceSummary } from '../models/service';
import { diagnoseService, type NearMissPod, type PodReadiness } from '../models/diagnostics';

const serviceKind = manifestKind('services', 'service', [apiVersionOf('Service')], 'Service', { name: serviceName, requireName: true });

/** The API server's Service rules lib/k8s does not check (nodePort range, affinity timeout, source ranges...). */
function serviceRules(manifest: unknown): Extract<ActionResult<never>, { ok: false }> | undefined {
  const causes = serviceObjectErrors(manifest);
  if (causes.length === 0) return undefined;
  return invalid(`${causes[0].field}: ${causes[0].message}`, causes.map((c) => ({ field: c.field, message: c.message })));
}

/** Creates a Service in one API write; with `dryRun` it only validates. */
export async function createServiceAction(project: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<ActionResult<KubeObject>> {
  return serviceRules(manifest) ?? createManifest(serviceKind, project, manifest, opts);
}

/** Replaces a Service; a 409 (stale resourceVersion) comes back with reason Conflict. */
export async function updateServiceAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return serviceRules(manifest) ?? replaceManifest(serviceKind, project, name, manifest);
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

/** What a selector would pick in the project, for the Service wizard's live count. */
export interface SelectorPreview {
  /** Pods in the project. */
  pods: number;
  /** Pods the selector picks (the first PREVIEW_LIMIT), with readiness. */
  matching: PodReadiness[];
  matchingCount: number;
  /** When nothing matches: pods whose labels nearly match (the first PREVIEW_LIMIT). */
  nearMisses: NearMissPod[];
}

const PREVIEW_LIMIT = 10;
const selectorInput = z
  .record(z.string().max(317), z.string().max(63))
  .refine((s) => Object.keys(s).length <= 100, 'Too many: may not have more than 100 labels')
  .superRefine((s, ctx) => {
    for (const [k, v] of Object.entries(s)) {
      const errs = [...isQualifiedName(k), ...isValidLabelValue(v)];
      if (errs.length) ctx.addIssue({ code: 'custom', path: [k], message: `Invalid value: ${JSON.stringify(`${k}=${v}`)}: ${errs.join(', ')}` });
    }
  });

/** Pods a Service selector would pick (and near misses when none), read with the user's rights. */
export async function previewSelectorAction(project: string, selector: Record<string, string>): Promise<ActionResult<SelectorPreview>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const s = parseInput(selectorInput, selector, 'spec.selector');
  if (!s.ok) return s;
  return asResult(async () => {
    // The informer cache (authorized per user): the wizard asks again on each selector edit.
    const pods = await cachedList<Pod>('pods', project, await getKubeClient());
    const diag = diagnoseService({ metadata: { name: '' }, spec: { selector: s.data } }, [], pods);
    return {
      pods: pods.length,
      matching: diag.selectedPods.slice(0, PREVIEW_LIMIT),
      matchingCount: diag.selectedPods.length,
      nearMisses: diag.nearMisses.slice(0, PREVIEW_LIMIT),
    };
  });
}
