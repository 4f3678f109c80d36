/**
 * Label selectors (the full string syntax of k8s.io/apimachinery labels.Parse) and field
 * selectors (=, ==, != on a per-kind set of fields). Parse errors are 400 BadRequest.
 */
import { isQualifiedName, isValidLabelValue, matchesRequirements, type Requirement } from '../../lib/k8s';
import { ApiError } from '../store/errors';
import type { KubeObject } from '../store/registry';
import type { ResourceDef } from './resources';

/**
 * The string syntax is parsed here (its error texts are the API server's, as kubectl shows
 * them); matching is lib/k8s's one label matcher.
 */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

function bad(message: string): ApiError {
  return new ApiError(400, 'BadRequest', `labelSelector: unable to parse requirement: ${message}`);
}

function checkKey(key: string): string {
  if (!key || isQualifiedName(key).length) {
    throw bad(`<nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`);
  }
  return key;
}

function checkValue(value: string): string {
  if (isValidLabelValue(value).length) {
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
  if (m) return { key: checkKey(m[1]), operator: 'DoesNotExist', values: [] };
  m = /^([^\s!=<>(),]+)\s+(in|notin)\s*\((.*)\)$/.exec(s);
  if (m) {
    const values = m[3].split(',').map((v) => checkValue(v.trim()));
    return { key: checkKey(m[1]), operator: m[2] === 'in' ? 'In' : 'NotIn', values };
  }
  m = /^([^\s!=<>(),]+)\s*(==|!=|=|>|<)\s*([^\s!=<>(),]*)$/.exec(s);
  if (m) {
    const key = checkKey(m[1]);
    if (m[2] === '>' || m[2] === '<') {
      if (!/^-?\d+$/.test(m[3])) throw bad(`for 'Gt', 'Lt' operators, the value must be an integer`);
      return { key, operator: m[2] === '>' ? 'Gt' : 'Lt', values: [String(Number(m[3]))] };
    }
    return { key, operator: m[2] === '!=' ? 'NotIn' : 'In', values: [checkValue(m[3])] };
  }
  m = /^([^\s!=<>(),]+)$/.exec(s);
  if (m) return { key: checkKey(m[1]), operator: 'Exists', values: [] };
  throw bad(`"${s}" is not a valid label selector requirement`);
}

export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (!selector || !selector.trim()) return () => true;
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) => matchesRequirements(labels, reqs);
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
