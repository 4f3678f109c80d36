'use client';
import { useEffect, useMemo, useState } from 'react';
import { ELK_SKELETON_LIMIT, skeletonSize, type Positions, type TopoGraph } from '@/lib/topology';
import { runLayout, timedColumns, type ElkLike } from './run-layout';

export interface LayoutState {
  positions: Positions;
  engine?: 'elk' | 'columns';
  ms?: number;
  pending: boolean;
}

/** A stable key for the graph's shape: layout reruns only when nodes or edges come or go. */
export function shapeKey(graph: Pick<TopoGraph, 'nodes' | 'edges'>): string {
  return `${graph.nodes.map((n) => n.id).join('|')}#${graph.edges.map((e) => e.id).join('|')}`;
}

let elkPromise: Promise<ElkLike> | null = null;
/** ELK's API on the main thread, its engine in a web worker (falls back to in-thread). */
function getElk(): Promise<ElkLike> {
  elkPromise ??= (async () => {
    try {
      const { default: ELK } = await import('elkjs/lib/elk-api.js');
      const elk = new ELK({ workerFactory: () => new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'elk-layout' }) });
      return elk as unknown as ElkLike;
    } catch {
      const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
      return new ELK() as unknown as ElkLike;
    }
  })();
  return elkPromise;
}

const record = (v: Record<string, unknown>) => {
  (window as unknown as { __topologyLayout?: unknown }).__topologyLayout = v;
};

/**
 * Small graphs: ELK in a web worker; until it answers, nodes already placed keep their
 * place and new ones take the column layout, so nothing jumps. Big graphs: the linear
 * column layout, computed once per shape.
 */
export function useLayout(graph: Pick<TopoGraph, 'nodes' | 'edges'>, engine?: 'elk' | 'columns'): LayoutState {
  const key = shapeKey(graph);
  const big = engine ? engine === 'columns' : skeletonSize(graph) > ELK_SKELETON_LIMIT;
  // Only the shape matters: health changes on the same nodes keep positions.
  const columns = useMemo(() => timedColumns(graph), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const [elk, setElk] = useState<{ key: string; positions: Positions; ms: number } | null>(null);

  useEffect(() => {
    if (big) {
      record({ engine: 'columns', elkMs: columns.ms, totalMs: columns.ms, nodes: graph.nodes.length });
      return;
    }
    let cancelled = false;
    const started = performance.now();
    void getElk()
      .then((e) => runLayout(e, { seq: 0, graph: { nodes: graph.nodes, edges: graph.edges }, engine: 'elk' }))
      .then((res) => {
        if (cancelled) return; // a newer graph is on its way
        const total = performance.now() - started;
        record({ engine: res.engine, elkMs: res.ms, totalMs: total, nodes: graph.nodes.length, error: res.error });
        setElk({ key, positions: res.positions, ms: total });
      });
    return () => {
      cancelled = true;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  if (big) return { positions: columns.positions, engine: 'columns', ms: columns.ms, pending: false };
  if (elk?.key === key) return { positions: elk.positions, engine: 'elk', ms: elk.ms, pending: false };
  const positions: Positions = {};
  for (const n of graph.nodes) positions[n.id] = elk?.positions[n.id] ?? columns.positions[n.id];
  return { positions, pending: true };
}
