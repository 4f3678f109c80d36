/** backendRefs of every route kind: which kind is served, and a parent's ResolvedRefs condition. */
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

/** Whether a backendRef names a core Service (the only backend kind served). */
export function isServiceRef(br: { group?: string; kind?: string }): boolean {
  return (br.group ?? '') === '' && (br.kind ?? 'Service') === 'Service';
}
