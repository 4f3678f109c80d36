/**
 * Layout of the topology, left to right: gateway | listeners | routes | services | pods.
 * ELK (layered) places the skeleton (everything but pods); each service reserves a box tall
 * enough for its pods, which are then stacked beside it. Pods thus never move when other
 * services change, and ELK sees a third of the nodes. Very large skeletons use a linear
 * column layout (same shape, ordered by connection) because ELK grows superlinearly.
 * The ELK run itself happens in a web worker (components/topology).
 */
import type { TopoGraph, TopoNode } from './types';

export const NODE_SIZE: Record<TopoNode['kind'], { width: number; height: number }> = {
  gateway: { width: 200, height: 56 },
  listener: { width: 190, height: 56 },
  route: { width: 230, height: 60 },
  service: { width: 220, height: 60 },
  pod: { width: 230, height: 52 },
  'pod-group': { width: 210, height: 60 },
  endpoint: { width: 230, height: 52 },
};
const GAP = 14;
const LAYER_GAP = 110;
/**
 * Above this many skeleton nodes the column layout is used instead of ELK: measured in the
 * browser's worker on this 2-core machine, ELK took ~3 s for 122 skeleton nodes and 6 s for
 * 402 (bench/topology/RESULTS.md), over the 1 s budget; 60 keeps it near a second.
 */
export const ELK_SKELETON_LIMIT = 60;

export interface ElkNodeIn {
  id: string;
  width: number;
  height: number;
  layoutOptions?: Record<string, string>;
}
export interface ElkGraphIn {
  id: string;
  layoutOptions: Record<string, string>;
  children: ElkNodeIn[];
  edges: { id: string; sources: string[]; targets: string[] }[];
}

export const ELK_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  // One column per kind, whatever the edges say.
  'elk.partitioning.activate': 'true',
  // Model order (nodes sorted by stable id) keeps positions steady when objects come and go.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.thoroughness': '1',
  'elk.edgeRouting': 'POLYLINE',
  'elk.spacing.nodeNode': String(GAP),
  'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
};

export type Positions = Record<string, { x: number; y: number }>;
type G = Pick<TopoGraph, 'nodes' | 'edges'>;
// Endpoints that are not pods (manual addresses, ExternalName targets) sit in the pod column too.
const isPod = (n: TopoNode) => n.kind === 'pod' || n.kind === 'pod-group' || n.kind === 'endpoint';

/** Each pod belongs to the first service (by id) that selects it. */
function podsByService(graph: G): Map<string, string[]> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const owner = new Map<string, string>();
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (e.kind !== 'service-pod' && e.kind !== 'service-endpoint') continue;
    const prev = owner.get(e.target);
    if (prev !== undefined && prev <= e.source) continue;
    owner.set(e.target, e.source);
  }
  for (const [pod, svc] of [...owner].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (!byId.has(pod) || !byId.has(svc)) continue;
    (out.get(svc) ?? out.set(svc, []).get(svc)!).push(pod);
  }
  return out;
}

function boxHeight(node: TopoNode, pods: string[] | undefined, byId: Map<string, TopoNode>): number {
  const own = NODE_SIZE[node.kind].height;
  if (!pods?.length) return own;
  const stack = pods.reduce((s, id) => s + NODE_SIZE[byId.get(id)!.kind].height + GAP, -GAP);
  return Math.max(own, stack);
}

export function toElkGraph(graph: G): ElkGraphIn {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pods = podsByService(graph);
  const skeleton = graph.nodes.filter((n) => !isPod(n));
  const ids = new Set(skeleton.map((n) => n.id));
  return {
    id: 'root',
    layoutOptions: ELK_OPTIONS,
    children: skeleton.map((n) => ({
      id: n.id,
      width: NODE_SIZE[n.kind].width,
      height: n.kind === 'service' ? boxHeight(n, pods.get(n.id), byId) : NODE_SIZE[n.kind].height,
      layoutOptions: { 'elk.partitioning.partition': String(n.layer) },
    })),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

export function skeletonSize(graph: G): number {
  return graph.nodes.filter((n) => !isPod(n)).length;
}

/**
 * From positions of the skeleton (service boxes at their top-left), the final positions:
 * services centred in their box, pods stacked in the pod column beside it.
 */
export function placePods(graph: G, skeleton: Positions): Positions {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pods = podsByService(graph);
  const out: Positions = { ...skeleton };
  let podX = 0;
  for (const n of graph.nodes) if (n.kind === 'service' && skeleton[n.id]) podX = Math.max(podX, skeleton[n.id].x + NODE_SIZE.service.width + LAYER_GAP);
  for (const n of graph.nodes) {
    if (n.kind !== 'service' || !skeleton[n.id]) continue;
    const list = pods.get(n.id) ?? [];
    const box = boxHeight(n, list, byId);
    const top = skeleton[n.id].y;
    out[n.id] = { x: skeleton[n.id].x, y: top + (box - NODE_SIZE.service.height) / 2 };
    let y = top;
    for (const id of list) {
      out[id] = { x: podX, y };
      y += NODE_SIZE[byId.get(id)!.kind].height + GAP;
    }
  }
  // Pods whose service is filtered out: below everything.
  let y = Math.max(0, ...Object.values(out).map((p) => p.y)) + 100;
  for (const n of graph.nodes) if (isPod(n) && !out[n.id]) out[n.id] = { x: podX, y: (y += NODE_SIZE.pod.height + GAP) };
  return out;
}

export function positionsFrom(result: { children?: { id: string; x?: number; y?: number }[] }): Positions {
  const out: Positions = {};
  for (const c of result.children ?? []) out[c.id] = { x: c.x ?? 0, y: c.y ?? 0 };
  return out;
}

/**
 * Linear-time skeleton layout: columns per layer; services ordered by the first route
 * that reaches them (fewer crossings), routes by id; columns centred on each other.
 */
export function columnSkeleton(graph: G): Positions {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const pods = podsByService(graph);
  const skeleton = graph.nodes.filter((n) => !isPod(n));
  const cols: TopoNode[][] = [[], [], [], []];
  for (const n of skeleton) cols[Math.min(n.layer, 3)].push(n);
  const routeIndex = new Map(cols[2].map((n, i) => [n.id, i]));
  const firstRoute = new Map<string, number>();
  for (const e of graph.edges) {
    if (e.kind !== 'route-service') continue;
    const i = routeIndex.get(e.source);
    if (i !== undefined && i < (firstRoute.get(e.target) ?? Infinity)) firstRoute.set(e.target, i);
  }
  cols[3].sort((a, b) => (firstRoute.get(a.id) ?? Infinity) - (firstRoute.get(b.id) ?? Infinity) || a.id.localeCompare(b.id));
  const heightOf = (n: TopoNode) => (n.kind === 'service' ? boxHeight(n, pods.get(n.id), byId) : NODE_SIZE[n.kind].height);
  const out: Positions = {};
  const colX: number[] = [];
  let x = 0;
  for (const col of cols) {
    colX.push(x);
    x += Math.max(0, ...col.map((n) => NODE_SIZE[n.kind].width), 180) + LAYER_GAP;
  }
  // Services stacked from the top (adding a pod moves only what is below it).
  let y = 0;
  for (const n of cols[3]) {
    out[n.id] = { x: colX[3], y };
    y += heightOf(n) + GAP;
  }
  // Each route as close as it can be to the middle of its first service, never overlapping.
  const firstTarget = new Map<string, string>();
  for (const e of graph.edges) if (e.kind === 'route-service' && !firstTarget.has(e.source)) firstTarget.set(e.source, e.target);
  let bottom = 0;
  for (const n of cols[2]) {
    const t = firstTarget.get(n.id);
    const want = t && out[t] ? out[t].y + heightOf(byId.get(t)!) / 2 - NODE_SIZE.route.height / 2 : bottom;
    const ry = Math.max(bottom, want);
    out[n.id] = { x: colX[2], y: ry };
    bottom = ry + NODE_SIZE.route.height + GAP;
  }
  // Gateway and listeners centred on everything.
  const tallest = Math.max(y, bottom);
  for (const l of [0, 1]) {
    const h = cols[l].reduce((s, n) => s + heightOf(n) + GAP, -GAP);
    let ly = (tallest - h) / 2;
    for (const n of cols[l]) {
      out[n.id] = { x: colX[l], y: ly };
      ly += heightOf(n) + GAP;
    }
  }
  return out;
}
