/** Spec rules for apps/v1 Deployment. */
import { type FieldCause, invalid, required } from '../causes';
import { matchesLabelSelector } from '../selectors';
import type { LabelSelector } from '../schemas/meta';
import {
  asObj,
  immutable,
  jsonEqual,
  validateEnum,
  validateLabelSelector,
  validateLabels,
  validateNonNegative,
} from './common';
import { validatePodSpec } from './core';

type Obj = Record<string, unknown>;

function validateIntOrPercent(value: unknown, path: string): FieldCause[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return validateNonNegative(value, path);
  if (typeof value === 'string' && !/^[0-9]+%$/.test(value))
    return [
      invalid(
        path,
        value,
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
      ),
    ];
  return [];
}

export function validateDeployment(obj: Obj, old?: Obj): FieldCause[] {
  const spec = asObj(obj.spec);
  const out: FieldCause[] = [];
  out.push(...validateNonNegative(spec.replicas, 'spec.replicas'));
  const selector = spec.selector;
  const hasSelector =
    selector !== undefined &&
    (Object.keys(asObj(asObj(selector).matchLabels)).length > 0 ||
      (Array.isArray(asObj(selector).matchExpressions) &&
        (asObj(selector).matchExpressions as unknown[]).length > 0));
  if (selector === undefined) out.push(required('spec.selector'));
  else if (!hasSelector)
    out.push(invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
  else out.push(...validateLabelSelector(selector, 'spec.selector'));
  const template = asObj(spec.template);
  const labels = asObj(template.metadata).labels as Record<string, string> | undefined;
  out.push(...validateLabels(labels, 'spec.template.metadata.labels'));
  if (hasSelector && !matchesLabelSelector(selector as LabelSelector, labels ?? {}))
    out.push(
      invalid(
        'spec.template.metadata.labels',
        labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  if (spec.template === undefined) out.push(required('spec.template'));
  else {
    out.push(...validatePodSpec(template.spec, 'spec.template.spec'));
    const rp = asObj(template.spec).restartPolicy;
    if (rp !== undefined && rp !== 'Always')
      out.push(...validateEnum(rp, 'spec.template.spec.restartPolicy', ['Always']));
  }
  const strategy = asObj(spec.strategy);
  out.push(...validateEnum(strategy.type, 'spec.strategy.type', ['Recreate', 'RollingUpdate']));
  const ru = asObj(strategy.rollingUpdate);
  if (strategy.type === 'Recreate' && strategy.rollingUpdate !== undefined)
    out.push({
      reason: 'FieldValueForbidden',
      field: 'spec.strategy.rollingUpdate',
      message: "Forbidden: may not be specified when strategy `type` is 'Recreate'",
    });
  out.push(...validateIntOrPercent(ru.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'));
  out.push(
    ...validateIntOrPercent(ru.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'),
  );
  const isZero = (v: unknown) => v === 0 || v === '0%';
  if (strategy.rollingUpdate !== undefined && isZero(ru.maxSurge) && isZero(ru.maxUnavailable))
    out.push(
      invalid(
        'spec.strategy.rollingUpdate.maxUnavailable',
        ru.maxUnavailable,
        'may not be 0 when `maxSurge` is 0',
      ),
    );
  out.push(...validateNonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  out.push(...validateNonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (
    typeof spec.progressDeadlineSeconds === 'number' &&
    typeof spec.minReadySeconds === 'number' &&
    spec.progressDeadlineSeconds <= spec.minReadySeconds
  )
    out.push(
      invalid(
        'spec.progressDeadlineSeconds',
        spec.progressDeadlineSeconds,
        'must be greater than minReadySeconds',
      ),
    );
  if (old && !jsonEqual(asObj(old.spec).selector, spec.selector))
    out.push(immutable('spec.selector', spec.selector));
  return out;
}
