/**
 * The metadata part every route form shares: alias, description, annotations and labels,
 * mapped losslessly to and from `metadata` (the same contract as ingress-form: only what the
 * form shows is written, base key order is kept, hidden bookkeeping annotations survive).
 */
import { z } from 'zod';
import { ANNOTATION_ALIAS, ANNOTATION_DESCRIPTION } from '../defaults';
import { isQualifiedName, isValidLabelValue } from '../k8s/validation/primitives';
import { obj, setOrDelete, stringMap, type Obj } from './plain';

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface MetadataForm {
  alias: string;
  description: string;
  /** Annotations except alias, description and hidden bookkeeping ones. */
  annotations: KeyValueRow[];
  labels: KeyValueRow[];
}

/** Annotations the form never shows (managed by tools), always kept from the base object. */
export const HIDDEN_ANNOTATIONS: readonly string[] = ['kubectl.kubernetes.io/last-applied-configuration'];

export const ALIAS_MAX = 63;
export const DESCRIPTION_MAX = 256;

export function metadataToForm(metadata: unknown): MetadataForm {
  const meta = obj(metadata);
  const annotations = stringMap(meta.annotations);
  return {
    alias: annotations[ANNOTATION_ALIAS] ?? '',
    description: annotations[ANNOTATION_DESCRIPTION] ?? '',
    annotations: Object.entries(annotations)
      .filter(([k]) => k !== ANNOTATION_ALIAS && k !== ANNOTATION_DESCRIPTION && !HIDDEN_ANNOTATIONS.includes(k))
      .map(([key, value]) => ({ key, value })),
    labels: Object.entries(stringMap(meta.labels)).map(([key, value]) => ({ key, value })),
  };
}

/**
 * Rebuilds a string map (annotations or labels) from rows, keeping the base's key order.
 * `keep` decides which base keys survive untouched; `overrides` are form-owned special keys.
 */
export function mergeMap(base: unknown, rows: KeyValueRow[], keep: (key: string) => boolean, overrides: Record<string, string> = {}): Record<string, string> {
  const fromRows = new Map<string, string>();
  for (const r of rows) if (r.key.trim() !== '') fromRows.set(r.key.trim(), r.value);
  const out: Record<string, string> = {};
  const baseMap = stringMap(base);
  for (const [k, v] of Object.entries(baseMap)) {
    if (k in overrides) {
      if (overrides[k] !== '') out[k] = overrides[k];
    } else if (keep(k)) out[k] = v;
    else if (fromRows.has(k)) out[k] = fromRows.get(k)!;
  }
  for (const [k, v] of Object.entries(overrides)) if (!(k in out) && v !== '') out[k] = v;
  for (const [k, v] of fromRows) if (!(k in out) && !(k in overrides)) out[k] = v;
  return out;
}

/** Writes the form's metadata fields into `meta` (a copy the caller owns). Empty maps are left out unless the base had them empty. */
export function writeMetadata(meta: Obj, form: MetadataForm): void {
  const annotations = mergeMap(meta.annotations, form.annotations, (k) => HIDDEN_ANNOTATIONS.includes(k), {
    [ANNOTATION_ALIAS]: form.alias.trim(),
    [ANNOTATION_DESCRIPTION]: form.description.trim(),
  });
  const keepEmpty = (v: unknown) => v !== undefined && Object.keys(obj(v)).length === 0;
  setOrDelete(meta, 'annotations', annotations, Object.keys(annotations).length > 0 || keepEmpty(meta.annotations));
  const labels = mergeMap(meta.labels, form.labels, () => false);
  setOrDelete(meta, 'labels', labels, Object.keys(labels).length > 0 || keepEmpty(meta.labels));
}

// ---- validation (same rules and wording as the API server)

const rowSchema = z.object({ key: z.string(), value: z.string() });
/** zod shape of the metadata fields, to spread into a form's object schema. */
export const metadataFormShape = {
  alias: z.string().trim().max(ALIAS_MAX, `Too long: may not be more than ${ALIAS_MAX} characters`),
  description: z.string().trim().max(DESCRIPTION_MAX, `Too long: may not be more than ${DESCRIPTION_MAX} characters`),
  annotations: z.array(rowSchema),
  labels: z.array(rowSchema),
};

function addIssue(ctx: z.RefinementCtx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Key syntax, missing keys and duplicates of annotation or label rows; label values too. */
export function checkKeyValueRows(ctx: z.RefinementCtx, field: 'annotations' | 'labels', rows: readonly KeyValueRow[]): void {
  const noun = field === 'labels' ? 'label' : 'annotation';
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const key = row.key.trim();
    if (key === '') {
      if (row.value !== '') addIssue(ctx, [field, i, 'key'], `Required value: the ${noun} needs a key`);
      return;
    }
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) addIssue(ctx, [field, i, 'key'], `Invalid value: ${JSON.stringify(key)}: ${keyErrs.join(', ')}`);
    if (field === 'labels') {
      const valueErrs = isValidLabelValue(row.value);
      if (valueErrs.length) addIssue(ctx, [field, i, 'value'], `Invalid value: ${JSON.stringify(row.value)}: ${valueErrs.join(', ')}`);
    }
    if (seen.has(key)) addIssue(ctx, [field, i, 'key'], `Duplicate value: ${JSON.stringify(key)}`);
    seen.add(key);
  });
}
