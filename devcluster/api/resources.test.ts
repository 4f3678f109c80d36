// The resource table takes its API facts from lib/k8s/kinds.ts and adds the dev cluster's
// own; these pin what discovery and the registry read from it.
import { describe, expect, it } from 'vitest';
import { KINDS, resourceKeyOf } from '@/lib/k8s/kinds';
import { apiResourceList } from './discovery';
import { RESOURCES, groupsAndVersions, resourceByKey, resourceKey } from './resources';

describe('resource table', () => {
  it('serves every kind lib models, with the same API facts and subresources', () => {
    for (const k of KINDS) {
      const def = resourceByKey(resourceKeyOf(k));
      expect(def, k.kind).toMatchObject({ group: k.group, version: k.version, plural: k.plural, singular: k.singular, kind: k.kind, namespaced: k.namespaced });
      expect(def?.shortNames, k.kind).toEqual(k.shortNames);
      expect(def?.categories, k.kind).toEqual(k.categories);
      expect(!!def?.status, k.kind).toBe(!!k.subresources?.includes('status'));
      expect(!!def?.scale, k.kind).toBe(!!k.subresources?.includes('scale'));
    }
    // one stored kind per key; older served versions share their kind's key
    const main = RESOURCES.filter((r) => !r.storedAs);
    expect(new Set(main.map(resourceKey)).size).toBe(main.length);
    for (const old of RESOURCES.filter((r) => r.storedAs)) expect(resourceByKey(resourceKey(old))?.version).toBe(old.storedAs);
  });

  it('serves the older versions lib lists (servedVersions) after the main ones, so v1 stays preferred', () => {
    const versions = groupsAndVersions().get('gateway.networking.k8s.io');
    expect(versions).toEqual(['v1', 'v1beta1', 'v1alpha2', 'v1alpha3']);
    const old = RESOURCES.filter((r) => r.storedAs).map((r) => `${r.plural}/${r.version}`);
    expect(old).toEqual(KINDS.flatMap((k) => (k.servedVersions ?? []).map((v) => `${k.plural}/${v}`)));
  });

  it('adds the kinds lib does not model where discovery lists them, reviews create-only', () => {
    expect(apiResourceList('', 'v1')).toMatchObject({ resources: expect.arrayContaining([expect.objectContaining({ name: 'serviceaccounts', shortNames: ['sa'], kind: 'ServiceAccount' })]) });
    const core = RESOURCES.filter((r) => r.group === '').map((r) => r.plural);
    expect(core.indexOf('serviceaccounts')).toBe(core.indexOf('pods') + 1);
    const reviews = RESOURCES.filter((r) => r.review).map((r) => `${r.group}/${r.kind}`);
    expect(reviews).toEqual(['authorization.k8s.io/SelfSubjectAccessReview', 'authorization.k8s.io/SelfSubjectRulesReview', 'authentication.k8s.io/SelfSubjectReview']);
    expect((apiResourceList('authorization.k8s.io', 'v1') as { resources: Array<{ verbs: string[] }> }).resources.map((r) => r.verbs)).toEqual([['create'], ['create']]);
    expect([...groupsAndVersions().keys()].slice(-2)).toEqual(['authorization.k8s.io', 'authentication.k8s.io']);
  });

  it('dev-only facts: Gateway API kinds are CRDs, generation tracked where Kubernetes tracks it, field selectors', () => {
    const gw = RESOURCES.filter((r) => r.group === 'gateway.networking.k8s.io' && !r.storedAs);
    expect(gw).toHaveLength(10);
    expect(gw.every((r) => r.crd && r.tracksGeneration && r.categories?.includes('gateway-api'))).toBe(true);
    expect(RESOURCES.filter((r) => r.tracksGeneration && !r.crd).map((r) => r.kind)).toEqual(['Deployment', 'Ingress', 'PodDisruptionBudget']);
    const pods = resourceByKey('pods')!;
    expect(pods.fields?.['status.podIP']({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { podIP: '127.1.2.3' } } as never)).toBe('127.1.2.3');
    expect(resourceByKey('nodes')!.fields?.['spec.unschedulable']({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } } as never)).toBe('false');
  });
});
