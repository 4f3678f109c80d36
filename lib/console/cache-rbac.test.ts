// CACHE_RESOURCES comes from the kind registry (console.cache); these are the rules the
// informer cache has always needed, in the order deploy/ and the bootstrap policy list them.
import { describe, expect, it } from 'vitest';
import { CACHE_RESOURCES, cacheRbacYaml } from './cache-rbac';

describe('cache RBAC', () => {
  it('grants exactly the kinds the informer cache mirrors', () => {
    expect(CACHE_RESOURCES).toEqual({
      '': ['services', 'pods'],
      'discovery.k8s.io': ['endpointslices'],
      'networking.k8s.io': ['ingresses'],
      'gateway.networking.k8s.io': ['gateways', 'httproutes', 'tcproutes', 'tlsroutes'],
    });
    expect(Object.keys(CACHE_RESOURCES)).toEqual(['', 'discovery.k8s.io', 'networking.k8s.io', 'gateway.networking.k8s.io']);
  });

  it('writes a ClusterRole and binding in rbac.authorization.k8s.io/v1', () => {
    const yaml = cacheRbacYaml('x', { name: 'sa', namespace: 'ns' });
    expect(yaml).toContain('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n');
    expect(yaml).toContain('apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n');
    expect(yaml).toContain('roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: x}');
    expect(yaml).toContain("  - apiGroups: ['gateway.networking.k8s.io']\n    resources: [gateways, httproutes, tcproutes, tlsroutes]\n    verbs: [get, list, watch]");
  });
});
