/** A route parent's ResolvedRefs condition from its backendRefs' problems (every route kind). */
import type { Condition } from './types';
import { condition } from './context';

/** When several problems are found, the condition's reason is the first in this order. */
const REF_REASON_ORDER = ['RefNotPermitted', 'InvalidKind', 'BackendNotFound', 'UnsupportedValue'];

export type RefProblem = { reason: string; message: string };

export function resolvedRefs(problems: readonly RefProblem[], gen: number | undefined): Condition {
  if (!problems.length) return condition('ResolvedRefs', true, 'ResolvedRefs', 'All references resolved', gen);
  const sorted = problems.slice().sort((a, b) => REF_REASON_ORDER.indexOf(a.reason) - REF_REASON_ORDER.indexOf(b.reason));
  return condition('ResolvedRefs', false, sorted[0].reason, problems.map((x) => x.message).join('; '), gen);
}
