/** Unit tests of the controllers' pure parts: rollout arithmetic, template hash, endpoints. */
import { describe, expect, it } from 'vitest';
import { planRollout, resolveIntOrPercent, surgeAndUnavailable, type PodView } from './rollout';
import { canonicalJson, fnv1a32, podTemplateHash } from './template-hash';
import { computeEndpointsSubsets, computeSliceGroups, resolvePorts } from './endpoint-compute';
import { inServiceRange, parseCidr } from './service-alloc';
import { nodeNameFor } from './node';
import type { KubeObject } from '../store/registry';

const pods = (prefix: string, n: number, ready = true): PodView[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `${prefix}${i}`,
    ready,
    created: `2026-01-01T00:00:0${i}Z`,
  }));

describe('rollout arithmetic', () => {
  it.each([
    ['25%', 4, true, 1],
    ['25%', 2, true, 1],
    ['25%', 2, false, 0],
    ['50%', 3, false, 1],
    [2, 10, false, 2],
    ['3', 10, true, 3],
  ])('%s of %d (round up %s) = %d', (v, total, up, want) =>
    expect(resolveIntOrPercent(v, total, up)).toBe(want),
  );

  it('never lets both surge and unavailable be zero', () => {
    expect(
      surgeAndUnavailable(
        { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
        3,
      ),
    ).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it('scales up and down without a template change', () => {
    expect(planRollout(3, undefined, pods('n', 1), [])).toEqual({ create: 2, delete: [] });
    expect(planRollout(1, undefined, pods('n', 3), []).delete).toHaveLength(2);
    expect(planRollout(0, undefined, pods('n', 2), [])).toEqual({
      create: 0,
      delete: ['n1', 'n0'],
    });
  });

  it('deletes not-ready pods first when scaling down', () => {
    const list = [...pods('r', 2), { name: 'u', ready: false, created: '2026-01-01T00:00:00Z' }];
    expect(planRollout(2, undefined, list, []).delete).toEqual(['u']);
  });

  it('rolls 2 replicas with 25%/25%: surge one, keep availability', () => {
    // old 2 ready, no new: start one new pod only.
    expect(planRollout(2, undefined, [], pods('o', 2))).toEqual({ create: 1, delete: [] });
    // new pod not ready yet: nothing more.
    expect(planRollout(2, undefined, pods('n', 1, false), pods('o', 2))).toEqual({
      create: 0,
      delete: [],
    });
    // new ready: one old pod may go, and (total back to 2) one more new pod can start next round.
    expect(planRollout(2, undefined, pods('n', 1), pods('o', 2))).toEqual({
      create: 0,
      delete: ['o1'],
    });
    expect(planRollout(2, undefined, pods('n', 1), pods('o', 1))).toEqual({
      create: 1,
      delete: [],
    });
    expect(planRollout(2, undefined, pods('n', 2), pods('o', 1))).toEqual({
      create: 0,
      delete: ['o0'],
    });
  });

  it('replaces old pods that never became ready right away', () => {
    expect(planRollout(2, undefined, pods('n', 0), pods('o', 2, false))).toEqual({
      create: 1,
      delete: ['o1', 'o0'],
    });
  });

  it('recreates: old pods go first', () => {
    const plan = planRollout(2, { type: 'Recreate' }, [], pods('o', 2));
    expect({ ...plan, delete: plan.delete.sort() }).toEqual({ create: 2, delete: ['o0', 'o1'] });
  });
});

describe('pod-template-hash', () => {
  it('is stable, key-order independent, and changes with the template', () => {
    const a = {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'a', image: 'i:1' }] },
    };
    const b = {
      spec: { containers: [{ image: 'i:1', name: 'a' }] },
      metadata: { labels: { app: 'x' } },
    };
    expect(podTemplateHash(a)).toBe(podTemplateHash(b));
    expect(podTemplateHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(podTemplateHash({ ...a, spec: { containers: [{ name: 'a', image: 'i:2' }] } })).not.toBe(
      podTemplateHash(a),
    );
    expect(podTemplateHash(a, 1)).not.toBe(podTemplateHash(a));
  });
  it('uses FNV-1a', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

const svc = (ports: object[], extra: object = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'ns', uid: 's1' },
  spec: { selector: { app: 'web' }, ports, ...extra },
});
const pod = (
  name: string,
  ip: string | undefined,
  opts: {
    ready?: boolean;
    labels?: object;
    deleting?: boolean;
    ports?: object[];
    phase?: string;
  } = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `u-${name}`,
    labels: (opts.labels ?? { app: 'web' }) as Record<string, string>,
    ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: {
    nodeName: 'node1',
    containers: [
      { name: 'c', image: 'echo', ports: opts.ports ?? [{ name: 'http', containerPort: 8080 }] },
    ],
  },
  status: {
    phase: opts.phase ?? 'Running',
    ...(ip ? { podIP: ip } : {}),
    conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
  },
});

describe('endpoint computation', () => {
  it('resolves named and numbered target ports per pod', () => {
    const s = svc([
      { name: 'a', port: 80, targetPort: 'http' },
      { name: 'b', port: 81, targetPort: 9090 },
      { name: 'c', port: 82 },
    ]);
    expect(resolvePorts(s, pod('p', '127.1.0.2'))).toEqual([
      { name: 'a', port: 8080, protocol: 'TCP' },
      { name: 'b', port: 9090, protocol: 'TCP' },
      { name: 'c', port: 82, protocol: 'TCP' },
    ]);
    expect(resolvePorts(s, pod('q', '127.1.0.3', { ports: [] }))).toHaveLength(2); // no "http" port
  });

  it('selects pods by label and IP, marks readiness and termination, groups by port set', () => {
    const s = svc([{ name: 'a', port: 80, targetPort: 'http' }]);
    const groups = computeSliceGroups(s, [
      pod('b', '127.1.0.3', { ready: false }),
      pod('a', '127.1.0.2'),
      pod('c', '127.1.0.4', { deleting: true }),
      pod('d', undefined),
      pod('e', '127.1.0.5', { labels: { app: 'other' } }),
      pod('f', '127.1.0.6', { phase: 'Succeeded' }),
      pod('g', '127.1.0.7', { ports: [{ name: 'http', containerPort: 9000 }] }),
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0].endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['127.1.0.2', { ready: true, serving: true, terminating: false }],
      ['127.1.0.3', { ready: false, serving: false, terminating: false }],
      ['127.1.0.4', { ready: false, serving: true, terminating: true }],
    ]);
    expect(groups[1]).toMatchObject({
      ports: [{ port: 9000 }],
      endpoints: [{ addresses: ['127.1.0.7'] }],
    });
    expect(groups[0].endpoints[0].targetRef).toEqual({
      kind: 'Pod',
      namespace: 'ns',
      name: 'a',
      uid: 'u-a',
    });
  });

  it('keeps one empty group when nothing is selected, and publishNotReadyAddresses marks all ready', () => {
    expect(computeSliceGroups(svc([{ port: 80 }]), [])).toEqual([{ ports: [], endpoints: [] }]);
    const g = computeSliceGroups(svc([{ port: 80 }], { publishNotReadyAddresses: true }), [
      pod('a', '127.1.0.2', { ready: false }),
    ]);
    expect(g[0].endpoints[0].conditions.ready).toBe(true);
  });

  it('builds legacy Endpoints subsets without terminating pods', () => {
    const s = svc([{ name: 'a', port: 80, targetPort: 'http' }]);
    const subsets = computeEndpointsSubsets(s, [
      pod('a', '127.1.0.2'),
      pod('b', '127.1.0.3', { ready: false }),
      pod('c', '127.1.0.4', { deleting: true }),
    ]);
    expect(subsets).toHaveLength(1);
    expect(subsets[0].addresses!.map((a: { ip: string }) => a.ip)).toEqual(['127.1.0.2']);
    expect(subsets[0].notReadyAddresses!.map((a: { ip: string }) => a.ip)).toEqual(['127.1.0.3']);
    expect(subsets[0].ports).toEqual([{ name: 'a', port: 8080, protocol: 'TCP' }]);
  });
});

describe('addresses and names', () => {
  it('knows the service range', () => {
    expect(parseCidr('10.96.0.0/12')).toEqual({ base: 10 * 2 ** 24 + 96 * 2 ** 16, size: 2 ** 20 });
    expect(inServiceRange('10.96.0.10')).toBe(true);
    expect(inServiceRange('10.111.255.254')).toBe(true);
    expect(inServiceRange('10.112.0.1')).toBe(false);
    expect(inServiceRange('10.96.0.0')).toBe(false);
    expect(inServiceRange('nope')).toBe(false);
  });
  it.each([
    ['MyHost', 'myhost'],
    ['host_name.local', 'host-name.local'],
    ['--', 'portico-node'],
  ])('node name for %s is %s', (h, want) => expect(nodeNameFor(h)).toBe(want));
});
