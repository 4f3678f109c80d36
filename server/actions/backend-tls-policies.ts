'use server';
/** BackendTLSPolicy writes from the Service page (one API write each, validated by manifests.ts) and its reads. */
import type { ActionResult } from '@/lib/console/action-result';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { createManifest, deleteManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { objectName, projectName } from '../kube/validate';
import { listBackendTlsPolicies, listCaSources, type BackendTlsData } from '../queries/backend-tls-policies';

const policyKind = manifestKind('backendtlspolicies', 'BackendTLSPolicy', [apiVersionOf('BackendTLSPolicy')], 'BackendTLSPolicy');

export async function createBackendTlsPolicyAction(project: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return createManifest(policyKind, project, manifest);
}

export async function replaceBackendTlsPolicyAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return replaceManifest(policyKind, project, name, manifest);
}

export async function deleteBackendTlsPolicyAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  return deleteManifest(policyKind, project, name);
}

/** The policies that target Service `service`, with their status per ancestor. */
export async function listBackendTlsPoliciesAction(project: string, service: string): Promise<ActionResult<BackendTlsData>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  const s = parseInput(objectName, service, 'service');
  if (!s.ok) return s;
  return asResult(() => listBackendTlsPolicies(project, service));
}

/** ConfigMaps and Secrets of the project with a ca.crt. */
export async function listCaSourcesAction(project: string): Promise<ActionResult<{ configMaps: string[]; secrets: string[] }>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => listCaSources(project));
}
