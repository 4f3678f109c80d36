/**
 * ELK layered on the 1,000-node graph outside the browser (same elkjs, same options), to
 * compare with the web worker figure from bench.ts: the skeleton the console gives ELK
 * (gateway, listeners, routes, services; pods stacked beside their service afterwards)
 * versus every node including pods, and the linear column layout.
 *   npx tsx bench/topology/elk-node.ts
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { loadavg } from 'node:os';
import { buildTopology, columnSkeleton, ELK_OPTIONS, NODE_SIZE, placePods, positionsFrom, syntheticCluster, toElkGraph } from '@/lib/topology';

const elk = new ELK();
const SIZES: [number, number, number][] = [
  [60, 60, 180],
  [200, 200, 600],
];

async function time<T>(fn: () => Promise<T> | T, runs = 3): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

console.log(`ELK in Node (load average ${loadavg()[0].toFixed(1)})`);
for (const [routes, services, pods] of SIZES) {
  const graph = buildTopology(syntheticCluster({ routes, services, pods, namespace: 'bench', notReadyEvery: 17 }));
  const skeleton = toElkGraph(graph);
  const full = {
    id: 'root',
    layoutOptions: { ...ELK_OPTIONS, 'elk.partitioning.activate': 'true' },
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_SIZE[n.kind].width, height: NODE_SIZE[n.kind].height, layoutOptions: { 'elk.partitioning.partition': String(n.layer) } })),
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const skelMs = await time(async () => placePods(graph, positionsFrom(await elk.layout(structuredClone(skeleton) as never))));
  const fullMs = await time(() => elk.layout(structuredClone(full) as never), 1);
  const colMs = await time(() => placePods(graph, columnSkeleton(graph)), 5);
  console.log(
    `${routes}/${services}/${pods}: ${graph.nodes.length} nodes, ${graph.edges.length} edges; ` +
      `ELK skeleton (${skeleton.children.length} nodes, ${skeleton.edges.length} edges) ${skelMs.toFixed(0)} ms; ` +
      `ELK every node ${fullMs.toFixed(0)} ms; columns ${colMs.toFixed(1)} ms`,
  );
}
