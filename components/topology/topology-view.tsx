'use client';
import '@xyflow/react/dist/style.css';
import { useQuery } from '@tanstack/react-query';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, useStore, type Edge, type MiniMapNodeProps } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  buildTopology,
  filterGraph,
  GATEWAY_NODE_ID,
  NODE_SIZE,
  syntheticCluster,
  tracePath,
  type Health,
  type RouteTestAnswer,
  type TopoGraph,
  type TopoNode,
  type TracePath,
} from '@/lib/topology';
import { HEALTH_COLOR, edgeAriaLabel, nodeAriaLabel } from './labels';
import { SidePanel } from './side-panel';
import { nodeTypes, type TopoFlowNode } from './topo-node';
import { TraceForm } from './trace-form';
import { useLayout } from './use-layout';
import { getApi } from '../live/api-fetch';
import { qk } from '../live/query-keys';

/** The graph's key in the console's one key space: the live stream's invalidations refresh it. */
export const topologyKey = (project: string) => qk.topology(project);

async function fetchGraph(project: string): Promise<TopoGraph> {
  return getApi<TopoGraph>(qk.topology(project));
}

export interface TopologyViewProps {
  project: string;
  initialGraph?: TopoGraph;
  initialError?: string;
  /** "routes,services,pods": draw a generated graph (benchmark); no cluster reads. */
  synthetic?: string;
  /** Benchmark only: force a layout engine whatever the graph's size. */
  engine?: 'elk' | 'columns';
  /** Benchmark only: render every node (true) or only visible ones (false) whatever the size. */
  renderAll?: boolean;
}

export function TopologyView(props: TopologyViewProps) {
  return (
    <ReactFlowProvider>
      <TopologyInner {...props} />
    </ReactFlowProvider>
  );
}

function TopologyInner({ project, initialGraph, initialError, synthetic, engine, renderAll }: TopologyViewProps) {
  const syntheticGraph = useMemo(() => {
    if (!synthetic) return undefined;
    const [routes, services, pods] = synthetic.split(',').map((n) => Math.min(5000, Math.max(0, Number(n) || 0)));
    return buildTopology(syntheticCluster({ routes, services, pods, namespace: project, notReadyEvery: 17 }));
  }, [synthetic, project]);
  const q = useQuery({
    queryKey: topologyKey(project),
    queryFn: () => fetchGraph(project),
    initialData: initialGraph,
    enabled: !syntheticGraph,
    staleTime: 0,
    // The gateway's view (ejections, active checks, readiness) changes with no object changing:
    // the live stream cannot tell, so poll it too.
    refetchInterval: 5_000,
  });
  const graph = syntheticGraph ?? q.data;
  if (!graph) {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        Could not read the project&apos;s objects: {q.error ? (q.error as Error).message : (initialError ?? 'loading…')}
      </div>
    );
  }
  return <GraphCanvas project={project} graph={graph} refreshError={q.isError ? (q.error as Error).message : undefined} engine={engine} renderAll={renderAll} />;
}

function GraphCanvas({
  project,
  graph,
  refreshError,
  engine,
  renderAll,
}: {
  project: string;
  graph: TopoGraph;
  refreshError?: string;
  engine?: 'elk' | 'columns';
  renderAll?: boolean;
}) {
  const [routeFilter, setRouteFilter] = useState('');
  const [serviceFilter, setServiceFilter] = useState('');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [answer, setAnswer] = useState<RouteTestAnswer | null>(null);
  const view = useMemo(() => filterGraph(graph, { route: routeFilter || undefined, service: serviceFilter || undefined, text }), [graph, routeFilter, serviceFilter, text]);
  const layout = useLayout(view, engine);
  const trace: TracePath | null = useMemo(() => (answer ? tracePath(graph, answer) : null), [answer, graph]);
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);
  const big = view.nodes.length > 300;

  const nodes: TopoFlowNode[] = useMemo(() => {
    const traced = new Set(trace?.nodes ?? []);
    return view.nodes.map((n) => {
      const size = NODE_SIZE[n.kind];
      const isTraced = traced.has(n.id);
      return {
        id: n.id,
        type: 'topo',
        position: layout.positions[n.id] ?? { x: 0, y: 0 },
        data: { model: n, traced: isTraced, stop: trace?.stop?.nodeId === n.id ? trace.stop.message : undefined, dimmed: !!trace && !isTraced },
        width: size.width,
        height: size.height,
        selected: selected === n.id,
        ariaLabel: nodeAriaLabel(n) + (isTraced ? ', on traced path' : ''),
        className: `topo-node health-${n.health}${isTraced ? ' traced' : ''}`,
        draggable: false,
        connectable: false,
      };
    });
  }, [view, layout.positions, trace, selected]);

  const edges: Edge[] = useMemo(() => {
    const traced = new Set(trace?.edges ?? []);
    // Many routes into one service: their labels would pile up at the service, keep them for problems.
    const incoming = new Map<string, number>();
    for (const e of view.edges) if (e.kind === 'route-service') incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
    return view.edges.map((e) => {
      const isTraced = traced.has(e.id);
      const color = isTraced ? '#4f46e5' : HEALTH_COLOR[e.health].stroke;
      // Large graphs: labels only where something is wrong (SVG text measuring is the cost of panning).
      const crowded = e.kind === 'route-service' && (incoming.get(e.target) ?? 0) > 5;
      const showLabel =
        big || crowded ? (e.health === 'error' || isTraced) && e.kind === 'route-service' : e.kind !== 'gateway-listener' && e.kind !== 'listener-route';
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        ariaLabel: edgeAriaLabel(e, byId) + (isTraced ? ', on traced path' : ''),
        className: `topo-edge health-${e.health}${isTraced ? ' traced' : ''}`,
        animated: isTraced,
        label: showLabel ? (e.problems[0] && e.health === 'error' ? `✕ ${e.label ?? ''} ${e.problems[0].message}`.trim() : e.label) : undefined,
        labelStyle: { fontSize: 10, fill: e.health === 'error' ? '#b91c1c' : '#334155' },
        labelBgStyle: { fill: e.health === 'error' ? '#fef2f2' : '#ffffff', fillOpacity: 0.9 },
        style: {
          stroke: color,
          strokeWidth: isTraced ? 3 : e.health === 'error' ? 2.5 : 1.5,
          strokeDasharray: e.health === 'error' && !isTraced ? '6 4' : undefined,
          opacity: trace && !isTraced ? 0.25 : 1,
        },
        focusable: true,
      };
    });
  }, [view, trace, byId, big]);

  const selectedNode = selected ? byId.get(selected) : undefined;
  const routes = graph.nodes.filter((n) => n.kind === 'route');
  const services = graph.nodes.filter((n) => n.kind === 'service');
  const problems = graph.nodes.filter((n) => n.health === 'error').length;

  return (
    <div className="flex h-[calc(100vh-7.5rem)] min-h-[480px] flex-col gap-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-xl font-semibold">Topology</h1>
        <p className="text-sm text-slate-600" aria-label="Graph summary">
          {plural(graph.counts.routes, 'route')} · {plural(graph.counts.services, 'service')} · {plural(graph.counts.pods, 'pod')}
          {problems > 0 && <span className="ml-2 font-medium text-red-700">{problems} with errors</span>}
          {graph.grouped.length > 0 && <span className="ml-2 text-slate-500">(pods grouped for {graph.grouped.length} services)</span>}
        </p>
        <span className="text-xs text-slate-400" data-testid="layout-info">
          {layout.pending ? 'laying out…' : `layout ${layout.engine} ${Math.round(layout.ms ?? 0)} ms`}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-1 text-sm text-slate-600">
          Route
          <select aria-label="Filter by route" value={routeFilter} onChange={(e) => setRouteFilter(e.target.value)} className="h-8 max-w-48 rounded-md border border-slate-300 bg-white px-1.5 text-sm">
            <option value="">All</option>
            {routes.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm text-slate-600">
          Service
          <select aria-label="Filter by service" value={serviceFilter} onChange={(e) => setServiceFilter(e.target.value)} className="h-8 max-w-48 rounded-md border border-slate-300 bg-white px-1.5 text-sm">
            <option value="">All</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Filter by text"
          placeholder="Filter by name, host, path…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="h-8 w-56 rounded-md border border-slate-300 px-2 text-sm"
        />
        <span className="mx-1 h-6 w-px bg-slate-200" aria-hidden />
        <TraceForm project={project} onResult={setAnswer} onClear={() => setAnswer(null)} active={!!answer} />
      </div>
      {trace && (
        <p role="status" aria-label="Trace result" className={`rounded-md px-3 py-1.5 text-sm ${trace.stop ? 'bg-red-50 text-red-800' : 'bg-indigo-50 text-indigo-900'}`}>
          {trace.summary}
          {trace.stop && <> — stops at {byId.get(trace.stop.nodeId)?.label}: {trace.stop.message}</>}
        </p>
      )}
      {refreshError && (
        <p role="alert" className="text-sm text-amber-700">
          Showing the last graph; refreshing failed: {refreshError}
        </p>
      )}
      <div className="flex min-h-0 flex-1 overflow-hidden rounded-lg border border-slate-200 bg-slate-50">
        <div className="relative min-w-0 flex-1" role="region" aria-label="Topology graph">
          {view.nodes.length <= 1 ? (
            <p className="p-6 text-sm text-slate-600">Nothing to draw: {graph.nodes.length <= 1 ? 'this project has no routes or services yet.' : 'no object matches the filters.'}</p>
          ) : (
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodeClick={(_, n) => setSelected(n.id)}
              onPaneClick={() => setSelected(null)}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable
              onlyRenderVisibleElements={renderAll === undefined ? big : !renderAll}
              minZoom={0.05}
              maxZoom={2}
              proOptions={{ hideAttribution: true }}
            >
              <FitOnLayout ready={!layout.pending} shape={`${routeFilter}|${serviceFilter}|${text}`} />
              <Background gap={24} size={1} />
              <Controls showInteractive={false} />
              <MiniMap pannable zoomable nodeComponent={MiniNode} ariaLabel="Minimap" />
            </ReactFlow>
          )}
        </div>
        {selectedNode && <SidePanel project={project} node={selectedNode} edges={graph.edges} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const MINI_FILL: Record<Health, string> = { ok: '#a7f3d0', warning: '#fde68a', error: '#fca5a5', unknown: '#e2e8f0' };
function MiniNode({ x, y, width, height, id }: MiniMapNodeProps) {
  const { getNode } = useReactFlow<TopoFlowNode>();
  const model: TopoNode | undefined = getNode(id)?.data.model;
  return <rect x={x} y={y} width={width} height={height} rx={6} fill={MINI_FILL[model?.health ?? 'unknown']} />;
}

/** Fits the view once per new shape of graph (first layout, filters), not on every live update. */
function FitOnLayout({ ready, shape }: { ready: boolean; shape: string }) {
  const rf = useReactFlow();
  const paneHeight = useStore((st) => st.height);
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    // wait for the pane to be measured: the readable start below centres on its height
    if (!ready || !paneHeight || fitted.current === shape) return;
    fitted.current = shape;
    requestAnimationFrame(() => {
      void rf.fitView({ padding: 0.1, duration: 0, maxZoom: 1 }).then(() => {
        // A very tall graph would fit as an unreadable sliver: start readable instead, on the
        // left edge and level with the gateway, where every request starts.
        if (rf.getZoom() >= 0.25) return;
        const zoom = 0.5;
        const nodes = rf.getNodes();
        const gateway = nodes.find((n) => n.id === GATEWAY_NODE_ID) ?? nodes.find((n) => n.id.startsWith('gateway:'));
        const minX = Math.min(...nodes.map((n) => n.position.x));
        const y = gateway ? paneHeight / 2 - (gateway.position.y + (gateway.measured?.height ?? 0) / 2) * zoom : 24;
        void rf.setViewport({ x: 24 - (Number.isFinite(minX) ? minX : 0) * zoom, y, zoom });
      });
    });
  }, [ready, shape, rf, paneHeight]);
  return null;
}
