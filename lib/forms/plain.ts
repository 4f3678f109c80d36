/**
 * Plain-JSON helpers for the form <-> manifest mappings: read loosely typed manifests
 * without throwing, copy before writing, and leave out keys the form has emptied.
 */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
export function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v))) out[k] = str(val);
  return out;
}

/** Sets or removes a key so empty maps/values do not appear in the manifest. */
export function setOrDelete(target: Obj, key: string, value: unknown, present: boolean): void {
  if (present) target[key] = value;
  else delete target[key];
}
