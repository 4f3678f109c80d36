import { describe, expect, it } from 'vitest';
import type { ClusterState } from '@/lib/routing';
import { StateInterner } from './control-plane';

const ing = (name: string, rv: string) => ({ metadata: { name, namespace: 'demo', uid: `uid-${name}`, resourceVersion: rv }, spec: {} });

describe('StateInterner (worker side of the state broadcast)', () => {
  it('hands back the previous object for an unchanged uid+resourceVersion, the new one otherwise', () => {
    const i = new StateInterner();
    const first = i.intern({ ingresses: [ing('a', '1'), ing('b', '1')] } as unknown as ClusterState);
    // the next message is a structured clone: equal content, new identities
    const second = i.intern({ ingresses: [ing('a', '1'), ing('b', '2')] } as unknown as ClusterState);
    expect(second.ingresses![0]).toBe(first.ingresses![0]);
    expect(second.ingresses![1]).not.toBe(first.ingresses![1]);
    expect(second.ingresses![1].metadata.resourceVersion).toBe('2');
    // gone objects are forgotten
    const third = i.intern({ ingresses: [ing('b', '2')] } as unknown as ClusterState);
    expect(third.ingresses).toEqual([second.ingresses![1]]);
    expect(third.ingresses![0]).toBe(second.ingresses![1]);
  });
  it('leaves objects without a resourceVersion (static config) as they are', () => {
    const i = new StateInterner();
    const o = { metadata: { name: 'x', namespace: 'demo' }, spec: {} };
    i.intern({ ingresses: [o] } as unknown as ClusterState);
    const o2 = { metadata: { name: 'x', namespace: 'demo' }, spec: { changed: true } };
    expect(i.intern({ ingresses: [o2] } as unknown as ClusterState).ingresses![0]).toBe(o2);
  });
});
