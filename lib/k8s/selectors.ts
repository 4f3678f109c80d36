/**
 * Label selectors: the string form used in `?labelSelector=` and the structured
 * `LabelSelector` of Deployments/Services, with one matcher for both. This is the only
 * label matcher of the project: every other reader (topology, diagnostics, the dev
 * cluster's list/watch filter and controllers) calls matchesRequirements or a wrapper here.
 */
import type { LabelSelector } from './schemas/meta';
import { isQualifiedName, isValidLabelValue } from './validation/primitives';

/** Gt/Lt exist only in the string syntax (`replicas>2`), as in k8s.io/apimachinery/pkg/labels. */
export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface Requirement {
  key: string;
  operator: Operator;
  /** One integer (as a string) for Gt/Lt. */
  values: string[];
}

const INTEGER = /^-?\d+$/;

export class SelectorParseError extends Error {}

/**
 * Parses `a=b,c!=d,e in (x,y),f notin (z),g,!h` (`==` also accepted).
 * Throws SelectorParseError with a message naming the offending term.
 */
export function parseLabelSelector(selector: string): Requirement[] {
  const reqs: Requirement[] = [];
  const s = selector.trim();
  if (s === '') return reqs;
  let i = 0;
  const skipWs = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const readWord = () => {
    skipWs();
    const start = i;
    while (i < s.length && !/[\s,=!()]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  const fail = (msg: string): never => {
    throw new SelectorParseError(`unable to parse requirement: ${msg}`);
  };
  const checkKey = (k: string) => {
    if (!k) fail(`found '${s[i] ?? 'end of string'}', expected: identifier`);
    const errs = isQualifiedName(k);
    if (errs.length) fail(`invalid label key "${k}": ${errs.join('; ')}`);
  };
  const checkValue = (v: string) => {
    const errs = isValidLabelValue(v);
    if (errs.length) fail(`invalid label value: "${v}": at key: ${errs.join('; ')}`);
  };
  while (i < s.length) {
    skipWs();
    if (s[i] === '!') {
      i++;
      const k = readWord();
      checkKey(k);
      reqs.push({ key: k, operator: 'DoesNotExist', values: [] });
    } else {
      const k = readWord();
      checkKey(k);
      skipWs();
      if (i >= s.length || s[i] === ',') {
        reqs.push({ key: k, operator: 'Exists', values: [] });
      } else if (s.startsWith('==', i) || s[i] === '=' || s.startsWith('!=', i)) {
        const neg = s[i] === '!';
        i += s.startsWith('==', i) || neg ? 2 : 1;
        const v = readWord();
        checkValue(v);
        reqs.push({ key: k, operator: neg ? 'NotIn' : 'In', values: [v] });
      } else {
        const op = readWord();
        if (op !== 'in' && op !== 'notin')
          fail(`found '${op}', expected: in, notin, =, ==, !=, or ,`);
        skipWs();
        if (s[i] !== '(') fail(`found '${s[i] ?? 'end of string'}', expected: '('`);
        i++;
        const values: string[] = [];
        for (;;) {
          const v = readWord();
          checkValue(v);
          if (v !== '' || values.length > 0 || s[i] === ',') values.push(v);
          skipWs();
          if (s[i] === ',') {
            i++;
            continue;
          }
          if (s[i] === ')') {
            i++;
            break;
          }
          fail(`found '${s[i] ?? 'end of string'}', expected: ',', or ')'`);
        }
        if (values.length === 0) fail(`for 'in', 'notin' operators, values set can't be empty`);
        reqs.push({ key: k, operator: op === 'in' ? 'In' : 'NotIn', values });
      }
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') fail(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
      if (i >= s.length) fail(`found 'end of string', expected: identifier`);
    }
  }
  return reqs;
}

export function matchesRequirements(
  labels: Record<string, string> | undefined,
  reqs: Requirement[],
): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case 'In':
        return has && r.values.includes(l[r.key]);
      case 'NotIn':
        return !has || !r.values.includes(l[r.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
      case 'Lt': {
        if (!has || !INTEGER.test(l[r.key])) return false;
        const n = Number(l[r.key]);
        const bound = Number(r.values[0]);
        return r.operator === 'Gt' ? n > bound : n < bound;
      }
    }
  });
}

/** Requirements of a structured LabelSelector (matchLabels AND matchExpressions). */
export function selectorRequirements(selector: LabelSelector | null | undefined): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {}))
    reqs.push({ key: k, operator: 'In', values: [v] });
  for (const e of selector?.matchExpressions ?? [])
    reqs.push({ key: e.key, operator: e.operator as Operator, values: e.values ?? [] });
  return reqs;
}

/**
 * Whether labels match a structured selector. Like Kubernetes, an empty selector matches
 * everything and a missing (null) one matches nothing.
 */
export function matchesLabelSelector(
  selector: LabelSelector | null | undefined,
  labels?: Record<string, string>,
) {
  if (!selector) return false;
  return matchesRequirements(labels, selectorRequirements(selector));
}

/** Whether labels match a Service-style `key: value` map (empty/missing selects nothing). */
export function matchesMapSelector(
  selector: Record<string, string> | null | undefined,
  labels?: Record<string, string>,
) {
  if (!selector || Object.keys(selector).length === 0) return false;
  return matchesRequirements(labels, selectorRequirements({ matchLabels: selector }));
}

/** The string form of a structured selector, as kubectl prints it. */
export function selectorToString(selector: LabelSelector | null | undefined): string {
  return selectorRequirements(selector)
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1
            ? `${r.key}=${r.values[0]}`
            : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
        case 'Gt':
          return `${r.key}>${r.values[0]}`;
        case 'Lt':
          return `${r.key}<${r.values[0]}`;
      }
    })
    .join(',');
}
