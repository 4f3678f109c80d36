'use client';
import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useFormContext, useWatch } from 'react-hook-form';
import { isQualifiedName, isValidLabelValue } from '@/lib/k8s/validation/primitives';
import type { ServiceForm } from '@/lib/forms/service-form';
import { previewSelectorAction, type SelectorPreview } from '@/server/actions/services';
import { Badge } from '@/components/common/badge';
import { KeyValueRowList } from '@/components/common/metadata-fields';

/** The selector as the API would store it, or null while a row is not a valid label yet. */
function selectorOf(rows: ServiceForm['selector']): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const r of rows) {
    const key = r.key.trim();
    if (key === '') continue;
    if (isQualifiedName(key).length || isValidLabelValue(r.value).length) return null;
    out[key] = r.value;
  }
  return Object.keys(out).length ? out : null;
}

/** Debounced so typing a label does not ask the server on every key. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function usePreview(project: string, selector: Record<string, string> | null) {
  const key = useDebounced(selector ? JSON.stringify(selector) : '', 300);
  return useQuery({
    queryKey: ['service-wizard', project, 'selector-preview', key],
    enabled: key !== '',
    queryFn: async (): Promise<SelectorPreview> => {
      const r = await previewSelectorAction(project, JSON.parse(key) as Record<string, string>);
      if (!r.ok) throw new Error(r.message);
      return r.value;
    },
    // Pods come and go while the wizard is open.
    refetchInterval: 10_000,
  });
}

function PreviewPanel({ project, rows }: { project: string; rows: ServiceForm['selector'] }) {
  const selector = useMemo(() => selectorOf(rows), [rows]);
  const q = usePreview(project, selector);
  let body: React.ReactNode;
  if (!selector) body = <p className="text-slate-500">Add a valid label to see which pods it selects.</p>;
  else if (q.isError) body = <p className="text-red-700">Could not count pods: {q.error.message}</p>;
  else if (!q.data) body = <p className="text-slate-500">Counting pods…</p>;
  else {
    const d = q.data;
    const ready = d.matching.filter((p) => p.ready).length;
    body = (
      <>
        <p className="font-medium" data-testid="selector-count">
          {d.matchingCount === 0 ? `No pod matches (of ${d.pods} in the project)` : `${d.matchingCount} pod${d.matchingCount === 1 ? '' : 's'} match${d.matchingCount === 1 ? 'es' : ''} (${ready} ready)`}
        </p>
        {d.matching.length > 0 ? (
          <ul aria-label="Matching pods" className="mt-1 space-y-0.5">
            {d.matching.map((p) => (
              <li key={p.name} className="flex items-center gap-2">
                <span className="font-mono text-xs">{p.name}</span>
                {p.ready ? <Badge tone="green">ready</Badge> : <Badge tone="amber">not ready{p.reason ? `: ${p.reason}` : ''}</Badge>}
              </li>
            ))}
          </ul>
        ) : null}
        {d.nearMisses.length > 0 ? (
          <div className="mt-2">
            <p className="font-medium text-amber-800">Pods whose labels nearly match:</p>
            <ul aria-label="Near misses" className="list-disc pl-5 text-amber-900">
              {d.nearMisses.map((n) => (
                <li key={n.pod}>
                  <span className="font-mono text-xs">{n.pod}</span>: {n.mismatches.map((m) => (m.has === undefined ? `missing ${m.key}=${m.want}` : `${m.key}=${m.has} (selector wants ${m.want})`)).join(', ')}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </>
    );
  }
  return (
    <aside aria-label="Selected pods" aria-live="polite" className="rounded-md border border-slate-200 bg-white p-3 text-sm">
      {body}
    </aside>
  );
}

/** Step 3: which pods receive the traffic, or no selector (endpoints managed by hand). */
export function StepSelector({ project }: { project: string }) {
  const { control, register } = useFormContext<ServiceForm>();
  const [type, mode] = useWatch({ control, name: ['type', 'endpointsMode'] });
  const rows = useWatch({ control, name: 'selector' });
  if (type === 'ExternalName') return <p className="text-sm text-slate-600">An ExternalName service has no pods: DNS answers with the external name. Nothing to choose here.</p>;
  return (
    <div className="grid max-w-4xl gap-4">
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">Endpoints</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" value="selector" className="mt-1" {...register('endpointsMode')} />
          <span>
            <span className="font-medium">Select pods by label</span>
            <span className="block text-xs text-slate-500">Pods carrying all these labels receive the traffic; the cluster keeps the endpoints up to date.</span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" value="manual" className="mt-1" {...register('endpointsMode')} />
          <span>
            <span className="font-medium">Manual endpoints (no selector)</span>
            <span className="block text-xs text-slate-500">For backends outside the project&apos;s pods: add their addresses on the service page once it is created.</span>
          </span>
        </label>
      </fieldset>
      {mode === 'selector' ? (
        <div className="grid gap-3 lg:grid-cols-[3fr_2fr]">
          <div className="grid gap-2">
            <KeyValueRowList field="selector" noun="Selector" keyPlaceholder="app" valuePlaceholder="web" />
          </div>
          <PreviewPanel project={project} rows={rows} />
        </div>
      ) : null}
    </div>
  );
}
