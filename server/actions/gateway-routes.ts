'use server';
/**
 * Writes of every Gateway API route kind the console has pages for (lib/console/gateway-route-kinds.ts):
 * one create and one replace helper (server/kube/manifests.ts) per call, the kind named by its
 * plural and checked against the registry, since a server action's arguments are untrusted.
 */
import type { ActionResult } from '@/lib/console/action-result';
import { gatewayRouteKind, type GatewayRouteKindInfo } from '@/lib/console/gateway-route-kinds';
import { apiVersionOf } from '@/lib/k8s/kinds';
import type { KubeObject } from '../kube';
import { createManifest, deleteManifest, manifestKind, replaceManifest, type ManifestKind } from '../kube/manifests';

const KINDS = new Map<GatewayRouteKindInfo, ManifestKind>();

type Failure = Extract<ActionResult<never>, { ok: false }>;

function kindOf(resource: string): { ok: true; kind: ManifestKind } | Failure {
  const k = typeof resource === 'string' ? gatewayRouteKind(resource) : undefined;
  if (!k) return { ok: false, status: 400, reason: 'BadRequest', message: 'resource: must name a Gateway API route kind (httproutes, grpcroutes, tcproutes, tlsroutes)', fieldErrors: [{ field: 'resource', message: 'unknown route kind' }] };
  let mk = KINDS.get(k);
  if (!mk) KINDS.set(k, (mk = manifestKind(k.plural, k.console.label, [apiVersionOf(k)], k.kind)));
  return { ok: true, kind: mk };
}

/** Creates a route of the kind `resource` names in one API write. */
export async function createGatewayRouteAction(resource: string, project: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  const k = kindOf(resource);
  return k.ok ? createManifest(k.kind, project, manifest) : k;
}

/** Replaces a route; a stale resourceVersion comes back as 409 with reason Conflict. */
export async function replaceGatewayRouteAction(resource: string, project: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  const k = kindOf(resource);
  return k.ok ? replaceManifest(k.kind, project, name, manifest) : k;
}

export async function deleteGatewayRouteAction(resource: string, project: string, name: string): Promise<ActionResult<{ name: string }>> {
  const k = kindOf(resource);
  return k.ok ? deleteManifest(k.kind, project, name) : k;
}
