import { describe, expect, it } from 'vitest';
import { buildTopology } from './build';
import { demo, pod } from './fixtures.test-util';
import { columnSkeleton, NODE_SIZE, placePods, toElkGraph } from './layout';
import { syntheticCluster } from './synthetic';

describe('layout helpers', () => {
  it('gives ELK the skeleton only, one partition per layer, services tall enough for their pods', () => {
    const g = buildTopology(demo());
    const elk = toElkGraph(g);
    expect(elk.children.map((c) => c.id)).toEqual(['gateway:portico', 'listener:ingress/http', 'route:Ingress/demo/echo', 'service:demo/echo']);
    expect(elk.children.map((c) => c.layoutOptions?.['elk.partitioning.partition'])).toEqual(['0', '1', '2', '3']);
    expect(elk.children[3].height).toBe(2 * NODE_SIZE.pod.height + 14);
    expect(elk.edges.some((e) => e.targets[0].startsWith('pod:'))).toBe(false);
  });

  it('stacks pods beside their service without overlap, left to right by layer', () => {
    const g = buildTopology(syntheticCluster({ routes: 20, services: 20, pods: 60 }));
    const pos = placePods(g, columnSkeleton(g));
    for (const n of g.nodes) expect(pos[n.id], n.id).toBeDefined();
    const pods = g.nodes.filter((n) => n.kind === 'pod').map((n) => pos[n.id].y).sort((a, b) => a - b);
    for (let i = 1; i < pods.length; i++) expect(pods[i] - pods[i - 1]).toBeGreaterThanOrEqual(NODE_SIZE.pod.height);
    const x = (kind: string) => Math.min(...g.nodes.filter((n) => n.kind === kind).map((n) => pos[n.id].x));
    expect(x('gateway') < x('listener') && x('listener') < x('route') && x('route') < x('service') && x('service') < x('pod')).toBe(true);
  });

  it('keeps earlier services and their pods in place when a pod is added to the last service', () => {
    const d = syntheticCluster({ routes: 5, services: 5, pods: 10 });
    const before = placePods(buildTopology(d), columnSkeleton(buildTopology(d)));
    d.pods.push(pod('svc-0004-7d9f8c6b5-0099', 'svc-0004'));
    d.pods[d.pods.length - 1].metadata!.namespace = 'synthetic';
    const g2 = buildTopology(d);
    const after = placePods(g2, columnSkeleton(g2));
    expect(after['pod:synthetic/svc-0004-7d9f8c6b5-0099']).toBeDefined();
    for (const id of ['service:synthetic/svc-0000', 'pod:synthetic/svc-0000-7d9f8c6b5-0000', 'pod:synthetic/svc-0001-7d9f8c6b5-0001'])
      expect(after[id], id).toEqual(before[id]);
  });
});
