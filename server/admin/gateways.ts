'use server';
/**
 * The admin Gateways page's writes: create, replace and delete a Gateway in any namespace,
 * as the signed-in platform admin (impersonated, audited by ./guard.ts). The manifest is
 * untrusted: bounded in size, checked for shape, then by the form's rules (the same zod schema
 * the page runs, so a message lands on the same field) and by lib/k8s's Gateway validation,
 * before the one API write.
 */
import { z } from 'zod';
import type { ActionResult } from '@/lib/console/action-result';
import { gatewayToForm } from '@/lib/forms/gateway-form';
import { gatewayFormSchema } from '@/lib/forms/gateway-form-schema';
import { apiVersionOf } from '@/lib/k8s/kinds';
import type { KubeObject } from '../kube';
import { asResult, invalid } from '../kube/errors';
import { parseInput, validateManifest } from '../kube/guard';
import { getKubeClient } from '../kube/request-client';
import { manifestOf, objectName, projectName } from '../kube/validate';
import { asPlatformAdmin } from './guard';

type Failure = Extract<ActionResult<never>, { ok: false }>;

/** A Gateway manifest is a few KB; anything far larger is not one. */
const MAX_MANIFEST_BYTES = 256 * 1024;
const gatewayManifest = manifestOf([apiVersionOf('Gateway')], 'Gateway');
const target = z.object({ namespace: projectName, name: objectName });

/** Form-level field paths (listeners.1.port) as the manifest's (spec.listeners[1].port). */
const FORM_TO_FIELD: Record<string, string> = { namespace: 'metadata.namespace', name: 'metadata.name', gatewayClassName: 'spec.gatewayClassName' };
function manifestField(path: PropertyKey[]): string {
  const [head, i, field] = path.map(String);
  if (head !== 'listeners') return FORM_TO_FIELD[head] ?? head;
  if (i === undefined) return 'spec.listeners';
  const sub: Record<string, string> = { tlsMode: 'tls.mode', certificates: 'tls.certificateRefs', from: 'allowedRoutes.namespaces.from', selector: 'allowedRoutes.namespaces.selector', kinds: 'allowedRoutes.kinds' };
  return `spec.listeners[${i}]${field ? `.${sub[field] ?? field}` : ''}`;
}

function checked(manifest: unknown): { ok: true; body: KubeObject & { metadata: { name: string; namespace: string } } } | Failure {
  let size: number;
  try {
    size = JSON.stringify(manifest ?? null).length;
  } catch {
    return invalid('manifest: must be plain JSON');
  }
  if (size > MAX_MANIFEST_BYTES) return invalid(`manifest: must be at most ${MAX_MANIFEST_BYTES} bytes (got ${size})`, [{ field: 'manifest', message: 'too large' }]);
  const m = parseInput(gatewayManifest, manifest);
  if (!m.ok) return m;
  const form = gatewayFormSchema.safeParse(gatewayToForm(m.data));
  if (!form.success) {
    const fieldErrors = form.error.issues.map((i) => ({ field: manifestField(i.path), message: i.message }));
    return invalid(`${fieldErrors[0].field}: ${fieldErrors[0].message}`, fieldErrors);
  }
  const bad = validateManifest(m.data);
  if (bad) return bad;
  const meta = m.data.metadata as { name: string; namespace: string };
  return { ok: true, body: { ...(m.data as KubeObject), metadata: { ...m.data.metadata, name: meta.name, namespace: meta.namespace } } };
}

/** Creates the Gateway in the namespace its manifest names. */
export async function createGatewayAction(manifest: unknown): Promise<ActionResult<KubeObject>> {
  const c = checked(manifest);
  const at = c.ok ? { name: c.body.metadata.name, namespace: c.body.metadata.namespace } : {};
  return asPlatformAdmin('create gateway', at, async () => {
    if (!c.ok) return c;
    return asResult(async () => (await getKubeClient()).create('gateways', c.body.metadata.namespace, c.body));
  });
}

/** Replaces a Gateway; the manifest carries the resourceVersion it was read at (409 = someone else changed it). */
export async function replaceGatewayAction(namespace: string, name: string, manifest: unknown): Promise<ActionResult<KubeObject>> {
  const t = parseInput(target, { namespace, name });
  return asPlatformAdmin('update gateway', t.ok ? t.data : {}, async () => {
    if (!t.ok) return t;
    const c = checked(manifest);
    if (!c.ok) return c;
    if (c.body.metadata.name !== name || c.body.metadata.namespace !== namespace)
      return invalid(`metadata: the Gateway stays ${namespace}/${name}; create a new one to rename or move it`, [{ field: 'metadata.name', message: `must stay ${name}` }]);
    const r = await asResult(async () => (await getKubeClient()).replace('gateways', namespace, name, c.body));
    return !r.ok && r.status === 409 ? { ...r, reason: 'Conflict', message: `Someone else changed Gateway ${namespace}/${name} since you loaded it. ${r.message}` } : r;
  });
}

/** Deletes a Gateway; `confirm` must repeat its name (the routes attached to it stop being served). */
export async function deleteGatewayAction(namespace: string, name: string, confirm: string): Promise<ActionResult<null>> {
  const t = parseInput(target, { namespace, name });
  return asPlatformAdmin('delete gateway', t.ok ? t.data : {}, async () => {
    if (!t.ok) return t;
    if (confirm !== name) return invalid('confirm: type the Gateway name to delete it', [{ field: 'confirm', message: 'does not match the Gateway name' }]);
    return asResult(async () => {
      await (await getKubeClient()).delete('gateways', namespace, name);
      return null;
    });
  });
}
