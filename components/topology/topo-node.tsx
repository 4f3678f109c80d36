'use client';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { Box, Boxes, Globe, Network, Plug, Route, Server } from 'lucide-react';
import { memo } from 'react';
import type { TopoNode as Model } from '@/lib/topology';
import { cn } from '../common/cn';
import { HEALTH_COLOR, kindTitle } from './labels';

export type TopoNodeData = { model: Model; traced: boolean; stop?: string; dimmed: boolean };
export type TopoFlowNode = Node<TopoNodeData, 'topo'>;

const ICON = { gateway: Globe, listener: Network, route: Route, service: Server, pod: Box, 'pod-group': Boxes, endpoint: Plug } as const;

function TopoNodeView({ data, selected }: NodeProps<TopoFlowNode>) {
  const { model, traced, stop, dimmed } = data;
  const c = HEALTH_COLOR[model.health];
  const Icon = ICON[model.kind];
  return (
    <div
      className={cn(
        'relative h-full w-full rounded-lg border-2 bg-white px-2.5 py-1.5 text-left shadow-sm transition-opacity',
        c.ring,
        model.missing && 'border-dashed bg-red-50',
        selected && 'ring-2 ring-indigo-500 ring-offset-1',
        traced && 'ring-4 ring-indigo-500/70',
        stop && 'ring-4 ring-red-500/70',
        dimmed && 'opacity-35',
      )}
    >
      {model.layer > 0 && <Handle type="target" position={Position.Left} isConnectable={false} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" />}
      <div className="flex items-center gap-1.5">
        <Icon className="h-3.5 w-3.5 shrink-0 text-slate-500" aria-hidden />
        <span className="text-[10px] font-medium tracking-wide text-slate-500 uppercase">{kindTitle(model)}</span>
        <span className={cn('ml-auto h-2 w-2 shrink-0 rounded-full', c.dot)} aria-hidden />
      </div>
      <div className="truncate text-[13px] leading-5 font-semibold text-slate-900" title={model.label}>
        {model.label}
      </div>
      {model.subtitle && (
        <div className={cn('truncate text-[11px] leading-4', model.health === 'ok' ? 'text-slate-500' : c.text)} title={model.subtitle}>
          {model.subtitle}
        </div>
      )}
      {stop && (
        <div role="note" className="absolute top-full left-0 z-10 mt-1 w-64 rounded bg-red-600 px-2 py-1 text-[11px] text-white shadow">
          {stop}
        </div>
      )}
      {model.layer < 4 && <Handle type="source" position={Position.Right} isConnectable={false} className="!h-1.5 !w-1.5 !border-0 !bg-slate-400" />}
    </div>
  );
}

export const TopoNodeComponent = memo(TopoNodeView);
export const nodeTypes = { topo: TopoNodeComponent };
