'use server';
import type { ActionResult } from '@/lib/console/action-result';
import { asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { createManifest, deleteManifest, getManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { projectName } from '../kube/validate';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { getGatewayChoices, getHttpRoutes, type GatewayChoice, type HttpRouteRow } from '../queries/httproutes';

const httpRouteKind = manifestKind('httproutes', 'HTTPRoute', [apiVersionOf('HTTPRoute')], 'HTTPRoute');

/** Creates an HTTPRoute in one API write; with `dryRun` it only validates. */
export async function createHttpRouteAction(project: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<ActionResult<KubeObject>> {
  return createManifest(httpRouteKind, project, manifest, opts);
}

/** Replaces an HTTPRoute; a stale resourceVersion comes back as 409 with reason Conflict. */
export async function updateHttpRouteAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return replaceManifest(httpRouteKind, project, name, manifest);
}

export async function deleteHttpRouteAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  return deleteManifest(httpRouteKind, project, name);
}

export async function getHttpRouteAction(project: string, name: string): Promise<ActionResult<KubeObject>> {
  return getManifest(httpRouteKind, project, name);
}

/** Rows of the HTTPRoutes list (for live refresh); `undefined` when the Gateway API is not served. */
export async function listHttpRoutesAction(project: string): Promise<ActionResult<{ rows: HttpRouteRow[] } | undefined>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => getHttpRoutes(project));
}

/** Gateways (with listeners) the project's HTTPRoutes may attach to, for the parent picker. */
export async function listGatewayChoicesAction(project: string): Promise<ActionResult<GatewayChoice[]>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => getGatewayChoices(project, 'HTTPRoute'));
}
