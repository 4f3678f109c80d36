/** Filters that keep whole chains: a kept node brings the nodes upstream and downstream of it. */
import type { TopoGraph, TopoNode } from './types';

export interface TopoFilter {
  /** Node id of a route to show alone with its chain. */
  route?: string;
  /** Node id of a service. */
  service?: string;
  /** Case-insensitive text searched in names, labels, subtitles and edge labels. */
  text?: string;
}

function chainOf(graph: TopoGraph, seeds: Set<string>): Set<string> {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  for (const e of graph.edges) {
    (down.get(e.source) ?? down.set(e.source, []).get(e.source)!).push(e.target);
    (up.get(e.target) ?? up.set(e.target, []).get(e.target)!).push(e.source);
  }
  const keep = new Set(seeds);
  const walk = (adj: Map<string, string[]>) => {
    const stack = [...seeds];
    const seen = new Set(seeds);
    while (stack.length) {
      const id = stack.pop()!;
      for (const next of adj.get(id) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        keep.add(next);
        stack.push(next);
      }
    }
  };
  walk(down);
  walk(up);
  return keep;
}

function restrict(graph: TopoGraph, keep: Set<string>): TopoGraph {
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
  };
}

export function matchesText(n: TopoNode, q: string): boolean {
  const t = q.toLowerCase();
  return [n.name, n.label, n.subtitle ?? '', ...(n.members ?? []).map((m) => m.name)].some((s) => s.toLowerCase().includes(t));
}

export function filterGraph(graph: TopoGraph, f: TopoFilter): TopoGraph {
  let g = graph;
  if (f.route) g = restrict(g, chainOf(g, new Set([f.route])));
  if (f.service) g = restrict(g, chainOf(g, new Set([f.service])));
  const text = f.text?.trim();
  if (text) {
    const seeds = new Set(g.nodes.filter((n) => n.kind !== 'gateway' && matchesText(n, text)).map((n) => n.id));
    for (const e of g.edges) if (e.label?.toLowerCase().includes(text.toLowerCase())) seeds.add(e.target);
    g = restrict(g, chainOf(g, seeds));
  }
  return g;
}
