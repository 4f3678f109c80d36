/** PATCH: JSON, merge, strategic merge and server-side apply (with managedFields), on objects, status and scale. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../store/errors';
import type { KubeObject } from '../../store/registry';
import { notFound } from '../../store/cluster-registry';
import { mediaType, parseJson, parseYamlBody, readBody } from '../body';
import { checkFields, fieldValidationMode } from '../field-validation';
import { dryRunFrom, goBool, sendJson } from '../http';
import { applyConfiguration, applyJsonPatch, applyMergePatch, applyStrategicMergePatch, fieldSet, PATCH_TYPES, removeDropped } from '../patch';
import { groupVersion, resourceKey } from '../resources';
import type { Route } from '../route';
import type { VerbContext } from './context';
import { toScale, writeScale } from './scale';

export async function servePatch(ctx: VerbContext, req: IncomingMessage, res: ServerResponse, route: Route, q: URLSearchParams): Promise<void> {
  const { registry } = ctx;
  const { def, namespace, subresource } = route;
  const name = route.name!;
  const resource = resourceKey(def);
  const type = mediaType(req.headers['content-type']);
  const known = Object.values(PATCH_TYPES) as string[];
  if (!known.includes(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${known.join(', ')}`);
  }
  if (type === PATCH_TYPES.strategic && def.crd) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`);
  }
  const raw = await readBody(req);
  const dryRun = dryRunFrom(q);
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (type === PATCH_TYPES.apply) {
    if (!fieldManager) {
      throw new ApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
        kind: 'PatchOptions',
        group: 'meta.k8s.io',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      });
    }
    const force = q.get('force');
    if (force !== null) goBool('force', force);
  } else if (q.get('force') !== null) {
    throw new ApiError(400, 'BadRequest', 'force: Forbidden: may not be specified for non-apply patch');
  }
  const patch = type === PATCH_TYPES.apply ? parseYamlBody(raw) : parseJson(raw);
  // Read-modify-write runs inside one queued write: nothing can interleave.
  if (type === PATCH_TYPES.apply && !subresource) {
    const warnings = checkFields(def, patch, fieldValidationMode(q));
    if (warnings.length) res.setHeader('Warning', warnings);
  }
  const patchNow = (): [number, unknown] => {
    const current = registry.get(resource, namespace, name);

    if (subresource === 'scale') {
      if (!current) throw notFound(def, name);
      const scale = toScale(current);
      const patched = applyPatchOfType(type, scale, patch);
      return [200, writeScale(ctx, def, namespace, name, patched, dryRun)];
    }

    if (type === PATCH_TYPES.apply) {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'the apply body must be a YAML or JSON object');
      const applied = patch as KubeObject;
      const md = (applied.metadata ?? {}) as Record<string, unknown>;
      if (md.name !== undefined && md.name !== name) {
        throw new ApiError(400, 'BadRequest', `the name of the object (${String(md.name)}) does not match the name on the URL (${name})`);
      }
      if (!applied.apiVersion || !applied.kind) {
        throw invalidApply(name, !applied.apiVersion ? 'apiVersion' : 'kind');
      }
      const config = { ...applied, metadata: { ...md, name } } as KubeObject;
      const entry = {
        manager: fieldManager!,
        operation: 'Apply',
        apiVersion: groupVersion(def),
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        fieldsType: 'FieldsV1',
        fieldsV1: fieldSet(config as unknown as Record<string, never>, def.kind),
        ...(subresource ? { subresource } : {}),
      };
      const others = (current?.metadata.managedFields as Array<Record<string, unknown>> | undefined)?.filter((m) => !(m.manager === fieldManager && m.operation === 'Apply' && m.subresource === entry.subresource)) ?? [];
      if (!current) {
        if (subresource) throw notFound(def, name);
        const created = registry.create(resource, namespace, config, { dryRun, fieldManager, managedFields: [entry] });
        return [201, created];
      }
      const merged = applyConfiguration(current, config);
      // Fields this manager applied before and no longer applies are removed (SSA ownership).
      const previous = (current.metadata.managedFields as Array<Record<string, unknown>> | undefined)?.find((m) => m.manager === fieldManager && m.operation === 'Apply' && m.subresource === entry.subresource);
      if (previous && previous.fieldsV1 && typeof previous.fieldsV1 === 'object') {
        removeDropped(merged as unknown as Record<string, never>, previous.fieldsV1 as Record<string, never>, entry.fieldsV1, def.kind);
      }
      // Re-applying the same fields keeps the entry (and its time): a no-op apply stores nothing.
      if (previous && JSON.stringify(previous.fieldsV1) === JSON.stringify(entry.fieldsV1)) entry.time = String(previous.time);
      if (!(md as { resourceVersion?: unknown }).resourceVersion) merged.metadata.resourceVersion = current.metadata.resourceVersion;
      const updated = registry.update(resource, namespace, merged, { dryRun, fieldManager, managedFields: [...others, entry], subresource: subresource === 'status' ? 'status' : undefined });
      return [200, updated];
    }

    if (!current) throw notFound(def, name);
    const patched = applyPatchOfType(type, current, patch);
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw new ApiError(422, 'Invalid', 'the patch produced something that is not an object');
    patched.metadata ??= {};
    if (patched.metadata.name !== name) {
      throw new ApiError(400, 'BadRequest', `the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
    }
    const updated = registry.update(resource, namespace, patched, { dryRun, fieldManager, subresource: subresource === 'status' ? 'status' : undefined });
    return [200, updated];
  };
  const [code, out] = await registry.enqueue(patchNow);
  sendJson(res, code, out);
}

function applyPatchOfType(type: string, target: KubeObject, patch: unknown): KubeObject {
  switch (type) {
    case PATCH_TYPES.json:
      return applyJsonPatch(target, patch);
    case PATCH_TYPES.merge:
      return applyMergePatch(target, patch);
    case PATCH_TYPES.strategic:
      return applyStrategicMergePatch(target, patch);
    default:
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new ApiError(400, 'BadRequest', 'the apply body must be an object');
      return applyConfiguration(target, patch as KubeObject);
  }
}
function invalidApply(name: string, field: string): ApiError {
  return new ApiError(422, 'Invalid', `"${name}" is invalid: ${field}: Required value: ${field} must be set in an apply request`, {
    name,
    causes: [{ reason: 'FieldValueRequired', message: `Required value: ${field} must be set in an apply request`, field }],
  });
}
