/**
 * Field errors shaped like the Kubernetes API's `details.causes`, with the same wording as
 * k8s.io/apimachinery/pkg/util/validation/field (e.g. `Invalid value: "Bad_Name": ...`).
 */

export type FieldCauseReason =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid';

export interface FieldCause {
  reason: FieldCauseReason | string;
  message: string;
  field: string;
}

/** Renders a value the way the API server prints it in a cause message. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  try {
    const json = JSON.stringify(value);
    return json.length > 256 ? json.slice(0, 253) + '...' : json;
  } catch {
    return String(value);
  }
}

const withDetail = (head: string, detail?: string) => (detail ? `${head}: ${detail}` : head);

export const invalid = (field: string, value: unknown, detail: string): FieldCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${formatValue(value)}: ${detail}`,
});

export const required = (field: string, detail?: string): FieldCause => ({
  reason: 'FieldValueRequired',
  field,
  message: withDetail('Required value', detail),
});

export const notSupported = (
  field: string,
  value: unknown,
  supported: readonly string[],
): FieldCause => ({
  reason: 'FieldValueNotSupported',
  field,
  message:
    `Unsupported value: ${formatValue(value)}` +
    (supported.length
      ? `: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`
      : ''),
});

export const duplicate = (field: string, value: unknown): FieldCause => ({
  reason: 'FieldValueDuplicate',
  field,
  message: `Duplicate value: ${formatValue(value)}`,
});

export const forbidden = (field: string, detail: string): FieldCause => ({
  reason: 'FieldValueForbidden',
  field,
  message: withDetail('Forbidden', detail),
});

export const tooLong = (field: string, max: number, unit = 'bytes'): FieldCause => ({
  reason: 'FieldValueTooLong',
  field,
  message: `Too long: may not be more than ${max} ${unit}`,
});

export const tooMany = (field: string, actual: number, max: number): FieldCause => ({
  reason: 'FieldValueTooMany',
  field,
  message: `Too many: ${actual}: must have at most ${max} items`,
});

export const typeInvalid = (field: string, value: unknown, detail: string): FieldCause => ({
  reason: 'FieldValueTypeInvalid',
  field,
  message: `Invalid value: ${formatValue(value)}: ${detail}`,
});

/** Joins path segments: child('spec', 'ports') -> "spec.ports"; index and key forms. */
export const child = (base: string, ...names: string[]): string =>
  [base, ...names].filter((s) => s !== '').join('.');
export const index = (base: string, i: number): string => `${base}[${i}]`;
export const key = (base: string, k: string): string => `${base}[${k}]`;

/** The `Kind "name" is invalid: field: message, field: message` summary of a 422. */
export function invalidMessage(kind: string, name: string, causes: FieldCause[]): string {
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const body = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return `${kind} ${JSON.stringify(name)} is invalid: ${body}`;
}
