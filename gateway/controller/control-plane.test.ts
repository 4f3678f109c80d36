import { describe, expect, it } from 'vitest';
import { buildSnapshot, type ClusterState } from '@/lib/routing';
import { attachmentStats } from '@/lib/routing/route-attachment';
import { GATEWAY_CLASS, gateway, svc } from '@/lib/routing/fixtures';
import { StateMirror } from './state-delta';

const ing = (name: string, rv: string) => ({ metadata: { name, namespace: 'demo', uid: `uid-${name}`, resourceVersion: rv }, spec: {} });

describe('StateMirror (worker side of the state broadcast), whole states', () => {
  it('hands back the previous object for an unchanged uid+resourceVersion, the new one otherwise', () => {
    const i = new StateMirror();
    const first = i.reset({ ingresses: [ing('a', '1'), ing('b', '1')] } as unknown as ClusterState);
    // the next message is a structured clone: equal content, new identities
    const second = i.reset({ ingresses: [ing('a', '1'), ing('b', '2')] } as unknown as ClusterState);
    expect(second.ingresses![0]).toBe(first.ingresses![0]);
    expect(second.ingresses![1]).not.toBe(first.ingresses![1]);
    expect(second.ingresses![1].metadata.resourceVersion).toBe('2');
    // gone objects are forgotten
    const third = i.reset({ ingresses: [ing('b', '2')] } as unknown as ClusterState);
    expect(third.ingresses).toEqual([second.ingresses![1]]);
    expect(third.ingresses![0]).toBe(second.ingresses![1]);
  });
  it('leaves objects without a resourceVersion (static config) as they are', () => {
    const i = new StateMirror();
    const o = { metadata: { name: 'x', namespace: 'demo' }, spec: {} };
    i.reset({ ingresses: [o] } as unknown as ClusterState);
    const o2 = { metadata: { name: 'x', namespace: 'demo' }, spec: { changed: true } };
    expect(i.reset({ ingresses: [o2] } as unknown as ClusterState).ingresses![0]).toBe(o2);
  });
});

describe('StateMirror and status-only changes', () => {
  const route = (rv: string, extra: Record<string, unknown> = {}, host = 'a.test') => ({
    metadata: { name: 'r', namespace: 'web', uid: 'uid-r', resourceVersion: rv, generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { parentRefs: [{ name: 'gw' }], hostnames: [host], rules: [{ backendRefs: [{ name: 'a', port: 80 }] }] },
    ...extra,
  });
  const versioned = <T extends { metadata: object }>(o: T): T => ({ ...o, metadata: { ...o.metadata, uid: `uid-${JSON.stringify(o.metadata)}`, resourceVersion: '1' } });
  const base = { services: [versioned(svc('web', 'a'))], gatewayClasses: [versioned(GATEWAY_CLASS)], gateways: [versioned(gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }]))] };
  // each message is a structured clone, as over IPC
  const message = (r: unknown) => structuredClone({ ...base, httpRoutes: [r] }) as unknown as ClusterState;

  it('a new version that only adds status reuses what was compiled; a spec change recompiles', () => {
    const i = new StateMirror();
    buildSnapshot(i.reset(message(route('1'))));
    const a = { ...attachmentStats };
    // our status write came back: new resourceVersion, same routing input
    buildSnapshot(i.reset(message(route('2', { status: { parents: [{ controllerName: 'portico.dev/gateway-controller' }] } }))));
    expect(attachmentStats.computed - a.computed).toBe(0);
    const b = { ...attachmentStats };
    const s = buildSnapshot(i.reset(message(route('3', {}, 'b.test'))));
    expect(attachmentStats.computed - b.computed).toBe(1);
    expect(s.match({ method: 'GET', scheme: 'http', host: 'b.test', path: '/', headers: {} }).kind).toBe('route');
  });
  it('the same through a delta: a status-only put is not recompiled', () => {
    const i = new StateMirror();
    buildSnapshot(i.reset(message(route('1'))));
    const a = { ...attachmentStats };
    const put = structuredClone(route('2', { status: { parents: [{ controllerName: 'portico.dev/gateway-controller' }] } }));
    buildSnapshot(i.apply({ httpRoutes: { put: [['web/r', put]] } }));
    expect(attachmentStats.computed - a.computed).toBe(0);
  });
});
