/**
 * Label selectors (the full string syntax of k8s.io/apimachinery labels.Parse) and field
 * selectors (=, ==, != on a per-kind set of fields). Parse errors are 400 BadRequest.
 */
import { ApiError } from '../store/errors';
import type { KubeObject } from '../store/registry';
import type { ResourceDef } from './resources';

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function bad(message: string): ApiError {
  return new ApiError(400, 'BadRequest', `labelSelector: unable to parse requirement: ${message}`);
}

function checkKey(key: string): string {
  const name = key.includes('/') ? key.slice(key.indexOf('/') + 1) : key;
  if (!key || !KEY_RE.test(key) || name.length > 63 || key.length > 317) {
    throw bad(`<nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return key;
}

function checkValue(value: string): string {
  if (value.length > 63 || !VALUE_RE.test(value)) {
    throw bad(`values[0]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return value;
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw bad(`unmatched ')' in "${s}"`);
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw bad(`unmatched '(' in "${s}"`);
  parts.push(cur);
  return parts;
}

function parseRequirement(raw: string): Requirement {
  const s = raw.trim();
  if (!s) throw bad('found \'\', expected: identifier');
  let m = /^!\s*([^\s!=<>(),]+)$/.exec(s);
  if (m) return { op: 'notexists', key: checkKey(m[1]) };
  m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\((.*)\)$/.exec(s);
  if (m) {
    const values = m[3].split(',').map((v) => checkValue(v.trim()));
    return { op: m[2] as 'in' | 'notin', key: checkKey(m[1]), values };
  }
  m = /^([^\s!=<>(),]+)\s*(==|!=|=|>|<)\s*([^\s!=<>(),]*)$/.exec(s);
  if (m) {
    const key = checkKey(m[1]);
    if (m[2] === '>' || m[2] === '<') {
      const n = Number(m[3]);
      if (!/^-?\d+$/.test(m[3])) throw bad(`for 'Gt', 'Lt' operators, the value must be an integer`);
      return { op: m[2] === '>' ? 'gt' : 'lt', key, value: n };
    }
    return { op: m[2] === '!=' ? 'neq' : 'eq', key, value: checkValue(m[3]) };
  }
  m = /^([^\s!=<>(),]+)$/.exec(s);
  if (m) return { op: 'exists', key: checkKey(m[1]) };
  throw bad(`"${s}" is not a valid label selector requirement`);
}

export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (!selector || !selector.trim()) return () => true;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) => {
    const l = labels ?? {};
    return reqs.every((r) => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      switch (r.op) {
        case 'eq':
          return has && l[r.key] === r.value;
        case 'neq':
          return !has || l[r.key] !== r.value;
        case 'in':
          return has && r.values.includes(l[r.key]);
        case 'notin':
          return !has || !r.values.includes(l[r.key]);
        case 'exists':
          return has;
        case 'notexists':
          return !has;
        case 'gt':
          return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) > r.value;
        case 'lt':
          return has && /^-?\d+$/.test(l[r.key]) && Number(l[r.key]) < r.value;
      }
    });
  };
}

export type ObjectMatcher = (obj: KubeObject) => boolean;

export function fieldGetter(def: ResourceDef, field: string): ((o: KubeObject) => string) | undefined {
  if (field === 'metadata.name') return (o) => o.metadata.name ?? '';
  if (field === 'metadata.namespace') return (o) => o.metadata.namespace ?? '';
  return def.fields?.[field];
}

export function parseFieldSelector(def: ResourceDef, selector: string | undefined): ObjectMatcher {
  if (!selector || !selector.trim()) return () => true;
  const checks = selector.split(',').map((raw) => {
    const m = /^\s*([^=!\s]+)\s*(==|!=|=)\s*(.*?)\s*$/.exec(raw);
    if (!m) throw new ApiError(400, 'BadRequest', `fieldSelector: invalid selector: '${selector}'; can't understand '${raw}'`);
    const getter = fieldGetter(def, m[1]);
    if (!getter) {
      throw new ApiError(400, 'BadRequest', `field label not supported: ${m[1]}`);
    }
    const value = m[3].replace(/\\(.)/g, '$1');
    const negate = m[2] === '!=';
    return (o: KubeObject) => (getter(o) === value) !== negate;
  });
  return (o) => checks.every((c) => c(o));
}

export function objectMatcher(def: ResourceDef, labelSelector?: string, fieldSelector?: string, namespace?: string): ObjectMatcher {
  const labels = parseLabelSelector(labelSelector);
  const fields = parseFieldSelector(def, fieldSelector);
  return (o) => (!namespace || o.metadata.namespace === namespace) && labels(o.metadata.labels) && fields(o);
}
