/**
 * What the console's informer cache (server/kube/cache.ts) needs from the cluster, with the
 * console's own identity: get, list and watch of the kinds it mirrors, in every namespace a
 * user may open. The dev cluster's bootstrap role and deploy/rbac-console.yaml grant it;
 * without these rules the console still works, reading the API as the signed-in user.
 * Plain data, shared by the console, the dev cluster's bootstrap policy, tests and benchmarks.
 */
import { CONSOLE_KINDS, RBAC_GROUP, apiVersionOf, type KindInfo } from '../k8s/kinds';

/** API group -> plurals, in registry order. */
function groupPlurals(kinds: readonly KindInfo[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of kinds) (out[k.group] ??= []).push(k.plural);
  return out;
}

/** API group -> the plurals the cache mirrors (registry: console.cache). */
export const CACHE_RESOURCES: Readonly<Record<string, readonly string[]>> = groupPlurals(CONSOLE_KINDS.filter((k) => k.console.cache));

export const CACHE_VERBS = ['get', 'list', 'watch'] as const;

/** A ClusterRole and ClusterRoleBinding granting CACHE_RESOURCES to a ServiceAccount, as YAML. */
export function cacheRbacYaml(name = 'portico-console-cache', sa = { name: 'portico-console', namespace: 'portico-system' }): string {
  const rules = Object.entries(CACHE_RESOURCES)
    .map(([group, resources]) => `  - apiGroups: ['${group}']\n    resources: [${resources.join(', ')}]\n    verbs: [${CACHE_VERBS.join(', ')}]`)
    .join('\n');
  const rbac = apiVersionOf('ClusterRole');
  return `apiVersion: ${rbac}
kind: ClusterRole
metadata: {name: ${name}}
rules:
${rules}
---
apiVersion: ${rbac}
kind: ClusterRoleBinding
metadata: {name: ${name}}
roleRef: {apiGroup: ${RBAC_GROUP}, kind: ClusterRole, name: ${name}}
subjects: [{kind: ServiceAccount, name: ${sa.name}, namespace: ${sa.namespace}}]
`;
}
