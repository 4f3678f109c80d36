'use server';
import type { ActionResult } from '@/lib/console/action-result';
import { asResult, type KubeObject } from '../kube';
import { parseInput } from '../kube/guard';
import { createManifest, deleteManifest, getManifest, manifestKind, replaceManifest } from '../kube/manifests';
import { projectName } from '../kube/validate';
import { apiVersionOf } from '@/lib/k8s/kinds';
import { getTcpRoutes, type TcpRouteRow } from '../queries/tcproutes';

const tcpRouteKind = manifestKind('tcproutes', 'TCPRoute', [apiVersionOf('TCPRoute')], 'TCPRoute');

/** Creates a TCPRoute in one API write; with `dryRun` it only validates. */
export async function createTcpRouteAction(project: string, manifest: unknown, opts: { dryRun?: boolean } = {}): Promise<ActionResult<KubeObject>> {
  return createManifest(tcpRouteKind, project, manifest, opts);
}

/** Replaces a TCPRoute; a stale resourceVersion comes back as 409 with reason Conflict. */
export async function updateTcpRouteAction(project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  return replaceManifest(tcpRouteKind, project, name, manifest);
}

export async function deleteTcpRouteAction(project: string, name: string): Promise<ActionResult<{ name: string }>> {
  return deleteManifest(tcpRouteKind, project, name);
}

export async function getTcpRouteAction(project: string, name: string): Promise<ActionResult<KubeObject>> {
  return getManifest(tcpRouteKind, project, name);
}

/** Rows of the TCPRoutes list (for live refresh); `undefined` when the cluster does not serve TCPRoutes. */
export async function listTcpRoutesAction(project: string): Promise<ActionResult<{ rows: TcpRouteRow[] } | undefined>> {
  const p = parseInput(projectName, project, 'project');
  if (!p.ok) return p;
  return asResult(() => getTcpRoutes(project));
}
