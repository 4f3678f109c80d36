import type { Health, TopoEdge, TopoNode } from '@/lib/topology';

const HEALTH_WORD: Record<Health, string> = { ok: 'healthy', warning: 'warning', error: 'error', unknown: 'unknown' };

/** The accessible name of a node, e.g. "Pod echo-abc12 ready", "Service echo error". */
export function nodeAriaLabel(n: TopoNode): string {
  switch (n.kind) {
    case 'pod':
      // what the gateway says (ejected, check failing) first; else the pod's readiness
      return `Pod ${n.name} ${n.state === 'ejected' || n.state === 'check failing' ? n.state : n.health === 'ok' ? 'ready' : 'not ready'}`;
    case 'endpoint':
      return `Endpoint ${n.name} ${n.state ?? HEALTH_WORD[n.health]}`;
    case 'pod-group': {
      const ready = n.members?.filter((m) => m.ready).length ?? 0;
      return `Pod group of service ${n.name}: ${n.members?.length ?? 0} pods, ${ready} ready`;
    }
    case 'service':
      return `Service ${n.name} ${n.missing ? 'missing' : HEALTH_WORD[n.health]}`;
    case 'route':
      return `Route ${n.name} ${HEALTH_WORD[n.health]}`;
    case 'listener':
      return `Listener ${n.label}`;
    case 'gateway':
      return `${n.label} ${HEALTH_WORD[n.health]}`;
  }
}

export function kindTitle(n: TopoNode): string {
  return n.kind === 'pod-group' ? 'Pods' : n.kind === 'route' ? (n.objectKind ?? 'Route') : n.kind[0].toUpperCase() + n.kind.slice(1);
}

export function edgeAriaLabel(e: TopoEdge, byId: Map<string, TopoNode>): string {
  const s = byId.get(e.source);
  const t = byId.get(e.target);
  const name = (n?: TopoNode) => (n ? `${kindTitle(n).toLowerCase()} ${n.name}` : '?');
  return `Edge ${name(s)} to ${name(t)}${e.label ? ` (${e.label})` : ''}: ${HEALTH_WORD[e.health]}`;
}

export const HEALTH_COLOR: Record<Health, { ring: string; dot: string; stroke: string; text: string }> = {
  ok: { ring: 'border-emerald-400', dot: 'bg-emerald-500', stroke: '#10b981', text: 'text-emerald-700' },
  warning: { ring: 'border-amber-400', dot: 'bg-amber-400', stroke: '#f59e0b', text: 'text-amber-700' },
  error: { ring: 'border-red-500', dot: 'bg-red-500', stroke: '#ef4444', text: 'text-red-700' },
  unknown: { ring: 'border-slate-300', dot: 'bg-slate-400', stroke: '#94a3b8', text: 'text-slate-600' },
};
