/**
 * Pure rollout arithmetic of the Deployment controller: how many pods to create and which
 * to delete, given the desired count, the strategy and the pods of the current template
 * ("new") and of older templates ("old").
 */
import type { DeploymentSpec } from '../../lib/k8s';

/** IntOrString against a total: "25%" of 10 rounds up for surge, down for unavailable. */
export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return Math.max(0, Math.floor(value));
  if (typeof value === 'string' && /^\d+%$/.test(value)) {
    const v = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(v) : Math.floor(v);
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

export function surgeAndUnavailable(
  strategy: DeploymentSpec['strategy'],
  desired: number,
): { maxSurge: number; maxUnavailable: number } {
  if (strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: desired };
  const ru = strategy?.rollingUpdate ?? {};
  const maxSurge = resolveIntOrPercent(ru.maxSurge ?? '25%', desired, true);
  let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable ?? '25%', desired, false);
  // Both zero would deadlock; the real controller then allows one unavailable.
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export interface PodView {
  name: string;
  ready: boolean;
  created: string;
}

export interface RolloutPlan {
  create: number;
  delete: string[];
}

/** Pods to remove first: not ready before ready, then the newest. */
function deletionOrder(pods: PodView[]): PodView[] {
  return [...pods].sort(
    (a, b) =>
      Number(a.ready) - Number(b.ready) ||
      (a.created < b.created ? 1 : a.created > b.created ? -1 : 0),
  );
}

export function planRollout(
  desired: number,
  strategy: DeploymentSpec['strategy'],
  newPods: PodView[],
  oldPods: PodView[],
): RolloutPlan {
  const plan: RolloutPlan = { create: 0, delete: [] };
  if (strategy?.type === 'Recreate') {
    if (oldPods.length) {
      plan.delete.push(...oldPods.map((p) => p.name));
      // New pods start only once every old one is gone (deletion here is immediate).
    }
    if (newPods.length < desired) plan.create = desired - newPods.length;
    else
      plan.delete.push(
        ...deletionOrder(newPods)
          .slice(0, newPods.length - desired)
          .map((p) => p.name),
      );
    return plan;
  }
  const { maxSurge, maxUnavailable } = surgeAndUnavailable(strategy, desired);
  let total = newPods.length + oldPods.length;
  if (newPods.length > desired) {
    const extra = deletionOrder(newPods).slice(0, newPods.length - desired);
    plan.delete.push(...extra.map((p) => p.name));
    total -= extra.length;
  } else if (newPods.length < desired) {
    plan.create = Math.max(0, Math.min(desired - newPods.length, desired + maxSurge - total));
  }
  // Old pods go as long as availability stays at desired - maxUnavailable; old pods that
  // are not ready can always go (they serve nothing).
  const readyNew = newPods.filter((p) => p.ready && !plan.delete.includes(p.name)).length;
  const readyOld = oldPods.filter((p) => p.ready).length;
  let budget = readyNew + readyOld - (desired - maxUnavailable);
  let oldLeft = oldPods.length;
  for (const p of deletionOrder(oldPods)) {
    if (!p.ready) {
      plan.delete.push(p.name);
      oldLeft--;
    } else if (budget > 0) {
      plan.delete.push(p.name);
      budget--;
      oldLeft--;
    }
  }
  // Scaled to zero: nothing needs to stay available.
  if (desired === 0 && oldLeft > 0)
    for (const p of oldPods) if (!plan.delete.includes(p.name)) plan.delete.push(p.name);
  return plan;
}
