import { describe, expect, it } from 'vitest';
import { ingress, svc } from '@/lib/routing/fixtures';
import { planConversion } from '@/lib/routing/convert';
import type { KubeObject } from '../kube/client';
import { MOVED_RULES_ANNOTATION, MOVED_TO_ANNOTATION, MoveError, ingressWithoutHosts, moveTraffic, routeNotReady, type MoveClient } from './move-traffic';

const target = { namespace: 'portico-system', name: 'portico', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] };
const ing = ingress('demo', 'web', [{ host: 'a.example.com', paths: [{ path: '/a' }] }, { host: 'b.example.com', paths: [{ path: '/b' }] }]);

describe('ingressWithoutHosts', () => {
  it('keeps each moved host without paths, the other hosts as they were, and saves the removed rules', () => {
    const out = ingressWithoutHosts(ing as never, ['a.example.com'], ['web-a-example-com']);
    expect(out.spec?.rules).toEqual([{ host: 'a.example.com' }, ing.spec!.rules![1]]);
    expect(out.metadata.annotations?.[MOVED_TO_ANNOTATION]).toBe('HTTPRoute/web-a-example-com');
    expect(JSON.parse(out.metadata.annotations![MOVED_RULES_ANNOTATION])).toEqual([ing.spec!.rules![0]]);
    // the input is not mutated
    expect(ing.spec!.rules![0].http).toBeDefined();
  });
});

describe('routeNotReady', () => {
  const proposed = planConversion(ing, [ing], [svc('demo', 'echo')], target).conversion.routes[0];
  const cond = (type: string, status: string, observedGeneration = 2) => ({ type, status, reason: 'R', message: 'm', observedGeneration });
  const route = (conditions: ReturnType<typeof cond>[]) => ({
    metadata: { name: 'x', namespace: 'demo', generation: 2 },
    status: { parents: [{ parentRef: { name: 'portico', namespace: 'portico-system', sectionName: 'http' }, controllerName: 'portico.dev/gateway-controller', conditions }] },
  });
  it('needs Accepted and ResolvedRefs True for the current generation on every parent', () => {
    expect(routeNotReady({ metadata: { name: 'x' } }, proposed)).toMatch(/no status/);
    expect(routeNotReady(route([cond('Accepted', 'True')]), proposed)).toMatch(/no ResolvedRefs/);
    expect(routeNotReady(route([cond('Accepted', 'True', 1), cond('ResolvedRefs', 'True')]), proposed)).toMatch(/older generation/);
    expect(routeNotReady(route([cond('Accepted', 'True'), cond('ResolvedRefs', 'False')]), proposed)).toMatch(/ResolvedRefs=False/);
    expect(routeNotReady(route([cond('Accepted', 'True'), cond('ResolvedRefs', 'True')]), proposed)).toBeUndefined();
  });
});

describe('moveTraffic', () => {
  it('leaves the Ingress serving and deletes the routes it created when they never become ready', async () => {
    const store = new Map<string, KubeObject>([['ingresses/web', ing as KubeObject]]);
    const calls: string[] = [];
    const client: MoveClient = {
      find: async (r, _ns, name) => store.get(`${r}/${name}`) as never,
      create: async (r, _ns, body) => {
        calls.push(`create ${r}`);
        store.set(`${r}/${(body as KubeObject).metadata.name}`, body as KubeObject);
        return body as never;
      },
      replace: async (r) => {
        calls.push(`replace ${r}`);
        return {} as never;
      },
      delete: async (r, _ns, name) => {
        calls.push(`delete ${r}/${name}`);
        store.delete(`${r}/${name}`);
        return {};
      },
    };
    const plan = planConversion(ing, [ing], [svc('demo', 'echo')], target);
    await expect(moveTraffic(client, plan.conversion, { timeoutMs: 300 })).rejects.toThrow(MoveError);
    expect(calls).toEqual(['create httproutes', 'create httproutes', 'delete httproutes/web-a-example-com', 'delete httproutes/web-b-example-com']);
  });
});
