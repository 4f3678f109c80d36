'use client';
import { useQuery } from '@tanstack/react-query';
import { ExternalLink, FileCode, X } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import type { TopoEdge, TopoNode } from '@/lib/topology';
import { cn } from '../common/cn';
import { HEALTH_COLOR, kindTitle, nodeAriaLabel } from './labels';
import { qk } from '../live/query-keys';

const YAML_KINDS = new Set(['Ingress', 'HTTPRoute', 'Service', 'Pod', 'Gateway']);

/** Details of the selected node: summary, status, problems, links to its page and its YAML. */
export function SidePanel({ project, node, edges, onClose }: { project: string; node: TopoNode; edges: TopoEdge[]; onClose: () => void }) {
  const [showYaml, setShowYaml] = useState(false);
  const c = HEALTH_COLOR[node.health];
  const canYaml = !!node.objectKind && YAML_KINDS.has(node.objectKind) && !node.missing;
  const yaml = useQuery({
    // Under the topology key: the live stream's invalidations refresh it with the graph.
    queryKey: [...qk.topology(project), 'object', node.objectKind ?? '', node.namespace ?? '', node.name],
    enabled: showYaml && canYaml,
    queryFn: async () => {
      const q = new URLSearchParams({ kind: node.objectKind!, name: node.name, namespace: node.namespace ?? project });
      const res = await fetch(`/projects/${encodeURIComponent(project)}/topology/object?${q}`);
      const text = await res.text();
      if (!res.ok) throw new Error(text);
      return text;
    },
  });
  const related = edges.filter((e) => (e.source === node.id || e.target === node.id) && e.problems.length > 0);
  return (
    <aside aria-label={`Details: ${kindTitle(node)} ${node.name}`} className="flex w-96 shrink-0 flex-col overflow-y-auto border-l border-slate-200 bg-white">
      <div className="flex items-start gap-2 border-b border-slate-200 p-4">
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{kindTitle(node)}</p>
          <h2 className="truncate text-base font-semibold">{node.label}</h2>
          <p className={cn('mt-0.5 flex items-center gap-1.5 text-sm', c.text)} role="status">
            <span className={cn('h-2 w-2 rounded-full', c.dot)} aria-hidden />
            {nodeAriaLabel(node)}
          </p>
        </div>
        <button type="button" onClick={onClose} aria-label="Close details" className="ml-auto rounded p-1 text-slate-500 hover:bg-slate-100">
          <X className="h-4 w-4" />
        </button>
      </div>
      {(node.problems.length > 0 || related.length > 0) && (
        <section aria-label="Problems" className="border-b border-slate-200 p-4">
          <h3 className="mb-2 text-sm font-semibold">Problems</h3>
          <ul className="space-y-1.5 text-sm">
            {[...node.problems, ...related.flatMap((e) => e.problems)]
              .filter((p, i, all) => all.findIndex((q) => q.message === p.message) === i)
              .map((p) => (
                <li key={p.message} className={cn('rounded px-2 py-1', p.severity === 'error' ? 'bg-red-50 text-red-800' : 'bg-amber-50 text-amber-800')}>
                  <span className="font-mono text-[11px]">{p.code}</span> {p.message}
                </li>
              ))}
          </ul>
        </section>
      )}
      <section aria-label="Summary" className="border-b border-slate-200 p-4">
        <dl className="grid grid-cols-[7rem_1fr] gap-x-2 gap-y-1 text-sm">
          {node.namespace && (
            <>
              <dt className="text-slate-500">Namespace</dt>
              <dd>{node.namespace}</dd>
            </>
          )}
          {node.facts.map(([k, v]) => (
            <FactRow key={k} k={k} v={v} />
          ))}
        </dl>
        {node.members && (
          <ul aria-label="Pods in group" className="mt-3 max-h-64 space-y-0.5 overflow-y-auto text-xs">
            {node.members.map((m) => (
              <li key={m.name} className="flex items-center gap-1.5">
                <span className={cn('h-1.5 w-1.5 rounded-full', m.ready ? 'bg-emerald-500' : 'bg-red-500')} aria-hidden />
                <span className="font-mono">{m.name}</span>
                <span className="text-slate-500">{m.ready ? 'ready' : 'not ready'}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="flex flex-wrap gap-2 p-4">
        {node.href && (
          <Link href={node.href} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm hover:bg-slate-50">
            <ExternalLink className="h-3.5 w-3.5" aria-hidden /> Open page
          </Link>
        )}
        {canYaml && (
          <button
            type="button"
            aria-expanded={showYaml}
            onClick={() => setShowYaml((s) => !s)}
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm hover:bg-slate-50"
          >
            <FileCode className="h-3.5 w-3.5" aria-hidden /> {showYaml ? 'Hide YAML' : 'View YAML'}
          </button>
        )}
      </div>
      {showYaml && (
        <pre aria-label="YAML" className="mx-4 mb-4 overflow-x-auto rounded bg-slate-900 p-3 text-[11px] leading-4 text-slate-100">
          {yaml.isPending ? 'Loading…' : yaml.isError ? `Could not load: ${(yaml.error as Error).message}` : yaml.data}
        </pre>
      )}
    </aside>
  );
}

function FactRow({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt className="text-slate-500">{k}</dt>
      <dd className="break-words">{v}</dd>
    </>
  );
}
