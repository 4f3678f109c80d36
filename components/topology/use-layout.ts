'use client';
import { useEffect, useRef, useState } from 'react';
import { columnSkeleton, placePods, type Positions, type TopoGraph } from '@/lib/topology';
import type { LayoutRequest, LayoutResponse } from './run-layout';

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

/**
 * Lays the graph out in a web worker. Until the worker answers, nodes that were already
 * placed keep their place and new ones get the column layout, so nothing jumps around.
 */
export function useLayout(graph: Pick<TopoGraph, 'nodes' | 'edges'>): LayoutState {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<LayoutState>(() => ({ positions: placePods(graph, columnSkeleton(graph)), pending: true }));
  const key = shapeKey(graph);
  const graphRef = useRef(graph);
  graphRef.current = graph;

  useEffect(() => {
    try {
      worker.current = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'topology-layout' });
    } catch {
      worker.current = null;
    }
    return () => worker.current?.terminate();
  }, []);

  useEffect(() => {
    const g = graphRef.current;
    const my = ++seq.current;
    const started = performance.now();
    const apply = (res: LayoutResponse) => {
      if (res.seq !== seq.current) return; // a newer graph is on its way
      const total = performance.now() - started;
      (window as unknown as { __topologyLayout?: unknown }).__topologyLayout = { engine: res.engine, workerMs: res.ms, totalMs: total, nodes: g.nodes.length };
      setState({ positions: res.positions, engine: res.engine, ms: total, pending: false });
    };
    setState((prev) => {
      const quick = placePods(g, columnSkeleton(g));
      const positions: Positions = {};
      for (const n of g.nodes) positions[n.id] = prev.positions[n.id] ?? quick[n.id];
      return { ...prev, positions, pending: true };
    });
    const req: LayoutRequest = { seq: my, graph: { nodes: g.nodes, edges: g.edges } };
    const w = worker.current;
    if (w) {
      const onMessage = (ev: MessageEvent<LayoutResponse>) => apply(ev.data);
      w.addEventListener('message', onMessage);
      w.postMessage(req);
      return () => w.removeEventListener('message', onMessage);
    }
    // No worker (very old browser): same code after this render.
    let cancelled = false;
    void Promise.all([import('elkjs/lib/elk.bundled.js'), import('./run-layout')]).then(async ([elkMod, run]) => {
      const res = await run.runLayout(new elkMod.default(), req);
      if (!cancelled) apply(res);
    });
    return () => {
      cancelled = true;
    };
  }, [key]);

  return state;
}
