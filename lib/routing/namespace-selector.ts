/** allowedRoutes.namespaces.selector: a route's Namespace labels against a listener's selector. */
import { matchesLabelSelector } from '../k8s/selectors';
import type { LabelSelector, NamespaceInput } from './types';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Whether a listener's namespace selector admits routes of `routeNs`. The Namespace object may
 * be absent (not watched): its name label is always present. A missing selector admits all.
 */
export function matchesAllowedNamespaces(selector: LabelSelector | undefined, routeNs: string, namespace: NamespaceInput | undefined): boolean {
  if (!selector) return true;
  const labels = namespace?.metadata.labels ?? { [NAME_LABEL]: routeNs };
  return matchesLabelSelector(selector, { [NAME_LABEL]: routeNs, ...labels });
}
