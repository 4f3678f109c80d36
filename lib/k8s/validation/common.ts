/** Validation shared by every kind: metadata, labels, annotations, selectors, ports. */
import {
  type FieldCause,
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  tooLong,
} from '../causes';
import {
  TOTAL_ANNOTATION_SIZE_MAX,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  isValidPortName,
  isValidPortNum,
} from './primitives';

export type NameRule = 'dns1123Label' | 'dns1123Subdomain' | 'dns1035Label' | 'pathSegment';

export const nameRules: Record<NameRule, (name: string) => string[]> = {
  dns1123Label: isDNS1123Label,
  dns1123Subdomain: isDNS1123Subdomain,
  dns1035Label: isDNS1035Label,
  pathSegment: isValidPathSegmentName,
};

/** Plain-object guard: JSON objects only (not arrays, not null). */
export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): Record<string, unknown> => (isObj(v) ? v : {});
export const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function validateLabels(labels: unknown, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  for (const [k, v] of Object.entries(asObj(labels))) {
    for (const msg of isQualifiedName(k)) out.push(invalid(path, k, msg));
    if (typeof v === 'string')
      for (const msg of isValidLabelValue(v)) out.push(invalid(path, v, msg));
  }
  return out;
}

const encoder = new TextEncoder();
export const byteLength = (s: string) => encoder.encode(s).length;

export function validateAnnotations(annotations: unknown, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(asObj(annotations))) {
    for (const msg of isQualifiedName(k.toLowerCase())) out.push(invalid(path, k, msg));
    size += byteLength(k) + (typeof v === 'string' ? byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_MAX) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE_MAX));
  return out;
}

export function validateObjectMeta(meta: unknown, rule: NameRule): FieldCause[] {
  const m = asObj(meta);
  const out: FieldCause[] = [];
  const name = asStr(m.name);
  const generateName = asStr(m.generateName);
  if (!name) {
    if (!generateName) out.push(required('metadata.name', 'name or generateName is required'));
    else
      // A generated name appends 5 characters; the prefix must already be valid up to that.
      for (const msg of nameRules[rule](generateName.replace(/-$/, '') + 'a'))
        out.push(invalid('metadata.generateName', generateName, msg));
  } else {
    for (const msg of nameRules[rule](name)) out.push(invalid('metadata.name', name, msg));
  }
  out.push(...validateLabels(m.labels, 'metadata.labels'));
  out.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  const finalizers = asArr(m.finalizers);
  finalizers.forEach((f, i) => {
    if (typeof f === 'string') {
      for (const msg of isQualifiedName(f))
        out.push(invalid(index('metadata.finalizers', i), f, msg));
      if (!f.includes('/') && !['kubernetes', 'orphan', 'foregroundDeletion'].includes(f))
        out.push(
          invalid(
            index('metadata.finalizers', i),
            f,
            'name is neither a standard finalizer name nor is it fully qualified',
          ),
        );
    }
  });
  asArr(m.ownerReferences).forEach((r, i) => {
    const p = index('metadata.ownerReferences', i);
    const ref = asObj(r);
    if (!ref.apiVersion)
      out.push(invalid(child(p, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) out.push(invalid(child(p, 'kind'), ref.kind ?? '', 'kind must not be empty'));
    if (!ref.name) out.push(invalid(child(p, 'name'), ref.name ?? '', 'name must not be empty'));
    if (!ref.uid) out.push(invalid(child(p, 'uid'), ref.uid ?? '', 'uid must not be empty'));
  });
  const controllers = asArr(m.ownerReferences).filter((r) => asObj(r).controller === true);
  if (controllers.length > 1)
    out.push(
      invalid(
        'metadata.ownerReferences',
        controllers.length,
        'Only one reference can have Controller set to true',
      ),
    );
  return out;
}

/** Structured LabelSelector (matchLabels + matchExpressions). */
export function validateLabelSelector(selector: unknown, path: string): FieldCause[] {
  const s = asObj(selector);
  const out = validateLabels(s.matchLabels, child(path, 'matchLabels'));
  asArr(s.matchExpressions).forEach((e, i) => {
    const p = index(child(path, 'matchExpressions'), i);
    const expr = asObj(e);
    const values = asArr(expr.values);
    switch (expr.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          out.push(
            required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
          );
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          out.push(
            forbidden(
              child(p, 'values'),
              "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            ),
          );
        break;
      default:
        out.push(
          notSupported(child(p, 'operator'), expr.operator ?? '', [
            'In',
            'NotIn',
            'Exists',
            'DoesNotExist',
          ]),
        );
    }
    if (typeof expr.key === 'string')
      for (const msg of isQualifiedName(expr.key))
        out.push(invalid(child(p, 'key'), expr.key, msg));
    values.forEach((v, j) => {
      if (typeof v === 'string')
        for (const msg of isValidLabelValue(v))
          out.push(invalid(index(child(p, 'values'), j), v, msg));
    });
  });
  return out;
}

export function validatePort(value: unknown, path: string, requiredPort = true): FieldCause[] {
  if (value === undefined) return requiredPort ? [required(path)] : [];
  if (typeof value !== 'number') return [];
  return isValidPortNum(value).map((msg) => invalid(path, value, msg));
}

export function validatePortName(value: string, path: string): FieldCause[] {
  return isValidPortName(value).map((msg) => invalid(path, value, msg));
}

/** int-or-string target ports: numbers are port numbers, strings are port names. */
export function validateIntOrStringPort(value: unknown, path: string): FieldCause[] {
  if (typeof value === 'number') return validatePort(value, path);
  if (typeof value === 'string') return validatePortName(value, path);
  return [];
}

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;

export function validateProtocol(
  value: unknown,
  path: string,
  requiredProto = false,
): FieldCause[] {
  if (value === undefined) return requiredProto ? [required(path)] : [];
  return PROTOCOLS.includes(value as (typeof PROTOCOLS)[number])
    ? []
    : [notSupported(path, value, PROTOCOLS)];
}

export function validateEnum(
  value: unknown,
  path: string,
  allowed: readonly string[],
  isRequired = false,
): FieldCause[] {
  if (value === undefined || value === '') return isRequired ? [required(path)] : [];
  return allowed.includes(value as string) ? [] : [notSupported(path, value, allowed)];
}

export function validateNonNegative(value: unknown, path: string): FieldCause[] {
  return typeof value === 'number' && value < 0
    ? [invalid(path, value, 'must be greater than or equal to 0')]
    : [];
}

/** Reports every repeated value (from the second occurrence) at `path[i].sub`. */
export function checkUnique<T>(
  items: T[],
  keyOf: (t: T) => unknown,
  pathOf: (i: number) => string,
): FieldCause[] {
  const seen = new Set<string>();
  const out: FieldCause[] = [];
  items.forEach((item, i) => {
    const k = keyOf(item);
    if (k === undefined || k === '') return;
    const s = JSON.stringify(k);
    if (seen.has(s)) out.push(duplicate(pathOf(i), k));
    seen.add(s);
  });
  return out;
}

export const immutable = (path: string, value: unknown): FieldCause =>
  invalid(path, value, 'field is immutable');

/** Deep equality for JSON values (key order independent). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
