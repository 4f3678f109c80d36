'use client';
import { useEffect, useRef, useState } from 'react';
import { columnSkeleton, ELK_SKELETON_LIMIT, placePods, skeletonSize, type Positions, type TopoGraph } from '@/lib/topology';
import { runLayout, type ElkLike, type LayoutResponse } from './run-layout';

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

/**
 * Lays the graph out off the render path. Until ELK answers, nodes that were already placed
 * keep their place and new ones get the column layout, so nothing jumps around.
 */
export function useLayout(graph: Pick<TopoGraph, 'nodes' | 'edges'>): LayoutState {
  const seq = useRef(0);
  const [state, setState] = useState<LayoutState>(() => ({ positions: placePods(graph, columnSkeleton(graph)), pending: true }));
  const key = shapeKey(graph);
  const graphRef = useRef(graph);
  graphRef.current = graph;

  useEffect(() => {
    const g = graphRef.current;
    const my = ++seq.current;
    const started = performance.now();
    // Big skeletons use the linear column layout: no worker round trip, done in this effect.
    if (skeletonSize(g) > ELK_SKELETON_LIMIT) {
      const positions = placePods(g, columnSkeleton(g));
      const total = performance.now() - started;
      (window as unknown as { __topologyLayout?: unknown }).__topologyLayout = { engine: 'columns', elkMs: total, totalMs: total, nodes: g.nodes.length };
      setState({ positions, engine: 'columns', ms: total, pending: false });
      return;
    }
    setState((prev) => {
      const quick = placePods(g, columnSkeleton(g));
      const positions: Positions = {};
      for (const n of g.nodes) positions[n.id] = prev.positions[n.id] ?? quick[n.id];
      return { ...prev, positions, pending: true };
    });
    void getElk()
      .then((elk) => runLayout(elk, { seq: my, graph: { nodes: g.nodes, edges: g.edges } }))
      .then((res: LayoutResponse) => {
        if (res.seq !== seq.current) return; // a newer graph is on its way
        const total = performance.now() - started;
        (window as unknown as { __topologyLayout?: unknown }).__topologyLayout = { engine: res.engine, elkMs: res.ms, totalMs: total, nodes: g.nodes.length, error: res.error };
        setState({ positions: res.positions, engine: res.engine, ms: total, pending: false });
      });
  }, [key]);

  return state;
}
