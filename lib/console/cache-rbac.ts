/**
 * What the console's informer cache (server/kube/cache.ts) needs from the cluster, with the
 * console's own identity: get, list and watch of the kinds it mirrors, in every namespace a
 * user may open. The dev cluster's bootstrap role and deploy/rbac-console.yaml grant it;
 * without these rules the console still works, reading the API as the signed-in user.
 * Plain data, shared by the console, the dev cluster's bootstrap policy, tests and benchmarks.
 */
export const CACHE_RESOURCES = {
  '': ['services', 'pods'],
  'discovery.k8s.io': ['endpointslices'],
  'networking.k8s.io': ['ingresses'],
  'gateway.networking.k8s.io': ['httproutes', 'tcproutes', 'tlsroutes'],
} as const;

export const CACHE_VERBS = ['get', 'list', 'watch'] as const;

/** A ClusterRole and ClusterRoleBinding granting CACHE_RESOURCES to a ServiceAccount, as YAML. */
export function cacheRbacYaml(name = 'portico-console-cache', sa = { name: 'portico-console', namespace: 'portico-system' }): string {
  const rules = Object.entries(CACHE_RESOURCES)
    .map(([group, resources]) => `  - apiGroups: ['${group}']\n    resources: [${resources.join(', ')}]\n    verbs: [${CACHE_VERBS.join(', ')}]`)
    .join('\n');
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${name}}
rules:
${rules}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${name}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}
subjects: [{kind: ServiceAccount, name: ${sa.name}, namespace: ${sa.namespace}}]
`;
}
