/**
 * The route forms' parent picker with ListenerSets (issue 18): a parent chosen as a ListenerSet
 * writes parentRef group/kind ListenerSet with the set's listener as sectionName, reads back
 * as one, and turns back into a Gateway ref without the kind; supportedFeatures are looked up
 * for the parent of the right kind.
 */
import { describe, expect, it } from 'vitest';
import type { GatewayChoice } from '../console/rows';
import { formToHttpRoute, httpRouteToForm, parentFromKey, parentKey } from './httproute-form';
import { httpRouteFormSchema } from './httproute-form-schema';
import { featureSupport } from './route-features';

const route = (parentRefs: unknown[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'shop', namespace: 'demo' },
  spec: { parentRefs, hostnames: ['shop.demo.test'], rules: [{ backendRefs: [{ name: 'echo', port: 80 }] }] },
});

describe('parent keys', () => {
  it('tell a ListenerSet from a Gateway of the same name, and read text typed by hand as a Gateway', () => {
    expect(parentKey({ gateway: 'demo/shop', kind: 'ListenerSet' })).toBe('ListenerSet:demo/shop');
    expect(parentKey({ gateway: 'demo/shop' })).toBe('demo/shop');
    expect(parentFromKey('ListenerSet:demo/shop')).toEqual({ gateway: 'demo/shop', kind: 'ListenerSet' });
    expect(parentFromKey('portico-system/portico')).toEqual({ gateway: 'portico-system/portico' });
  });
});

describe('a ListenerSet parent in the HTTPRoute form', () => {
  it('writes group and kind ListenerSet with the listener as sectionName (no namespace: the route\'s own)', () => {
    const form = httpRouteToForm(route([]), 'demo');
    form.parents = [{ gateway: 'demo/shop-tls', kind: 'ListenerSet', sectionName: 'https' }];
    const parsed = httpRouteFormSchema.safeParse(form);
    expect(parsed.success).toBe(true);
    const out = formToHttpRoute(parsed.data!, route([]), 'demo') as ReturnType<typeof route>;
    expect(out.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-tls', sectionName: 'https' }]);
  });

  it('reads a ListenerSet ref back as one, and an untouched form gives the same ref', () => {
    const ref = { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-tls', sectionName: 'https' };
    const base = route([ref]);
    const form = httpRouteToForm(base, 'demo');
    expect(form.parents).toEqual([{ gateway: 'demo/shop-tls', sectionName: 'https', kind: 'ListenerSet' }]);
    expect((formToHttpRoute(form, base, 'demo') as ReturnType<typeof route>).spec.parentRefs).toEqual([ref]);
  });

  it('a ListenerSet parent changed to a Gateway loses the ListenerSet group and kind', () => {
    const base = route([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop-tls', sectionName: 'https' }]);
    const form = httpRouteToForm(base, 'demo');
    form.parents = [{ gateway: 'portico-system/portico', sectionName: '' }];
    expect((formToHttpRoute(form, base, 'demo') as ReturnType<typeof route>).spec.parentRefs).toEqual([{ name: 'portico', namespace: 'portico-system' }]);
  });

  it("the schema rejects another kind", () => {
    const form = httpRouteToForm(route([]), 'demo');
    expect(httpRouteFormSchema.safeParse({ ...form, parents: [{ gateway: 'demo/x', sectionName: '', kind: 'Service' }] }).success).toBe(false);
  });
});

describe('featureSupport with ListenerSets', () => {
  const choices: GatewayChoice[] = [
    { namespace: 'demo', name: 'shop', listeners: [], supportedFeatures: ['HTTPRoute', 'HTTPRouteCORS'] },
    { kind: 'ListenerSet', namespace: 'demo', name: 'shop', parent: 'portico-system/portico', listeners: [], supportedFeatures: ['HTTPRoute'] },
  ];
  it("reads the set's (its parent Gateway's) features, not a same-named Gateway's", () => {
    expect(featureSupport([{ gateway: 'demo/shop', kind: 'ListenerSet' }], choices).offered('cors')).toBe(false);
    expect(featureSupport([{ gateway: 'demo/shop', kind: 'ListenerSet' }], choices).missingOn('cors')).toEqual(['demo/shop']);
    expect(featureSupport([{ gateway: 'demo/shop' }], choices).offered('cors')).toBe(true);
  });
});
