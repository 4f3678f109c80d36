/**
 * Server-side field validation (`fieldValidation=Strict|Warn|Ignore`, default Warn) for the
 * fields every kind shares: top-level fields and metadata. Strict refuses unknown fields
 * with 400 naming them; Warn reports them in `Warning` headers, which kubectl prints.
 */
import { ApiError } from '../store/errors';
import type { ResourceDef } from './resources';

const META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

const TOP_LEVEL: Record<string, string[]> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  Endpoints: ['subsets'],
  EndpointSlice: ['addressType', 'endpoints', 'ports'],
  Event: ['involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'],
  Role: ['rules'],
  ClusterRole: ['rules', 'aggregationRule'],
  RoleBinding: ['subjects', 'roleRef'],
  ClusterRoleBinding: ['subjects', 'roleRef'],
};

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationMode(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation');
  if (v === 'Strict' || v === 'Ignore') return v;
  return 'Warn';
}

/** Unknown top-level and metadata fields of `body`, as JSON paths (e.g. ".spce"). */
export function unknownFields(def: ResourceDef, body: Record<string, unknown>): string[] {
  const allowed = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status', ...(TOP_LEVEL[def.kind] ?? [])]);
  if (TOP_LEVEL[def.kind] && !['Endpoints', 'EndpointSlice', 'Event'].includes(def.kind)) allowed.delete('status');
  if (TOP_LEVEL[def.kind]) allowed.delete('spec');
  const out = Object.keys(body).filter((k) => !allowed.has(k)).map((k) => `.${k}`);
  const md = body.metadata;
  if (md && typeof md === 'object' && !Array.isArray(md)) {
    for (const k of Object.keys(md)) if (!META_FIELDS.has(k)) out.push(`.metadata.${k}`);
  }
  return out;
}

/** Applies the mode: throws 400 (Strict) or returns Warning header values (Warn). */
export function checkFields(def: ResourceDef, body: unknown, mode: FieldValidation): string[] {
  if (mode === 'Ignore' || !body || typeof body !== 'object' || Array.isArray(body)) return [];
  const unknown = unknownFields(def, body as Record<string, unknown>);
  if (!unknown.length) return [];
  const messages = unknown.map((f) => `unknown field "${f.slice(1)}"`);
  if (mode === 'Strict') {
    throw new ApiError(400, 'BadRequest', `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${messages.join(', ')}`, {
      causes: unknown.map((f) => ({ reason: 'FieldValueInvalid', message: `unknown field "${f.slice(1)}"`, field: f.slice(1) })),
    });
  }
  return messages.map((m) => `299 - ${JSON.stringify(m)}`);
}
