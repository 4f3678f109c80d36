/**
 * What the YAML/JSON edit mode checks before Create is allowed: the text parses to one
 * object, it is an Ingress of this project, and lib/k8s validateObject (the same validation
 * the API server runs) finds nothing.
 */
import { validateObject, type FieldCause } from '@/lib/k8s';
import { makeIngressJsonSchema } from '@/lib/forms/ingress-json-schema';
import { SUPPORTED_ANNOTATIONS } from '@/lib/routing/annotations';
import { parseManifest, type ManifestLanguage } from '@/components/editor/manifest-text';
import type { EditorSchema } from '@/components/editor';

export interface ManifestCheck {
  parsed?: Record<string, unknown>;
  /** Why Create is disabled; undefined when the manifest may be sent. */
  reason?: string;
  /** Field errors to show as editor markers. */
  causes: FieldCause[];
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The kind an editor expects, with the words to say so. */
export interface ExpectedKind {
  apiVersion: string;
  kind: string;
  /** e.g. "a route is an Ingress" */
  what: string;
}

const INGRESS: ExpectedKind = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', what: 'a route is an Ingress' };

export function validateManifestText(text: string, language: ManifestLanguage, project: string): ManifestCheck {
  return checkManifestText(text, language, project, INGRESS);
}

/** Same checks for any kind lib/k8s validates (HTTPRoute, TCPRoute...). */
export function checkManifestText(text: string, language: ManifestLanguage, project: string, expected: ExpectedKind): ManifestCheck {
  const r = parseManifest(text, language);
  if (!r.ok) {
    const p = r.problems[0];
    return { reason: `${p.message} (line ${lineOf(text, p.start)})`, causes: [] };
  }
  const obj = r.value;
  const causes: FieldCause[] = [];
  if (obj.apiVersion !== expected.apiVersion || obj.kind !== expected.kind)
    causes.push({ reason: 'FieldValueInvalid', field: 'kind', message: `${expected.what}: apiVersion ${expected.apiVersion}, kind ${expected.kind}` });
  const meta = (obj.metadata ?? {}) as Record<string, unknown>;
  if (meta.namespace !== undefined && meta.namespace !== project)
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.namespace', message: `must be ${project} (the current project) or left out` });
  if (!meta.name) causes.push({ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' });
  for (const c of validateObject(obj)) if (!causes.some((x) => x.field === c.field)) causes.push(c);
  const reason = causes.length ? `${causes.length} problem${causes.length > 1 ? 's' : ''}: ${causes[0].field ? `${causes[0].field}: ` : ''}${causes[0].message}` : undefined;
  return { parsed: obj, reason, causes };
}

let cached: EditorSchema | undefined;
/** JSON Schema of an Ingress for the editor, built once. */
export function ingressEditorSchema(): EditorSchema {
  cached ??= { id: 'ingress', schema: makeIngressJsonSchema(SUPPORTED_ANNOTATIONS) };
  return cached;
}
