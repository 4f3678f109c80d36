import { columnSkeleton, ELK_SKELETON_LIMIT, placePods, positionsFrom, skeletonSize, toElkGraph, type Positions, type TopoGraph } from '@/lib/topology';

export interface LayoutRequest {
  seq: number;
  graph: Pick<TopoGraph, 'nodes' | 'edges'>;
  /** Force an engine (benchmark); by default ELK up to ELK_SKELETON_LIMIT skeleton nodes. */
  engine?: 'elk' | 'columns';
}
export interface LayoutResponse {
  seq: number;
  positions: Positions;
  engine: 'elk' | 'columns';
  ms: number;
  error?: string;
}

export interface ElkLike {
  layout(g: unknown): Promise<{ children?: { id: string; x?: number; y?: number }[] }>;
}

/** Same code in the worker and, when workers are unavailable, on the main thread. */
export async function runLayout(elk: ElkLike, req: LayoutRequest): Promise<LayoutResponse> {
  const t0 = performance.now();
  const useElk = req.engine ? req.engine === 'elk' : skeletonSize(req.graph) <= ELK_SKELETON_LIMIT;
  try {
    const skeleton = useElk ? positionsFrom(await elk.layout(toElkGraph(req.graph))) : columnSkeleton(req.graph);
    return { seq: req.seq, positions: placePods(req.graph, skeleton), engine: useElk ? 'elk' : 'columns', ms: performance.now() - t0 };
  } catch (err) {
    return { seq: req.seq, positions: placePods(req.graph, columnSkeleton(req.graph)), engine: 'columns', ms: performance.now() - t0, error: String(err) };
  }
}

/** The linear column layout with its duration (for the header and the benchmark). */
export function timedColumns(graph: Pick<TopoGraph, 'nodes' | 'edges'>): { positions: Positions; ms: number } {
  const t = performance.now();
  const positions = placePods(graph, columnSkeleton(graph));
  return { positions, ms: performance.now() - t };
}
