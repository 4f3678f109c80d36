'use client';
import { Route as RouteIcon, X } from 'lucide-react';
import { useState, useTransition } from 'react';
import type { RouteTestAnswer } from '@/lib/topology';
import { traceRequestAction } from '@/server/topology/trace';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Method, URL and headers -> the gateway's answer from /routes/test (via a server action). */
export function TraceForm({ project, onResult, onClear, active }: { project: string; onResult: (a: RouteTestAnswer) => void; onClear: () => void; active: boolean }) {
  const [method, setMethod] = useState<(typeof METHODS)[number]>('GET');
  const [url, setUrl] = useState('/echo');
  const [headers, setHeaders] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const list = headers
      .split('\n')
      .map((h) => h.trim())
      .filter(Boolean);
    start(async () => {
      const r = await traceRequestAction(project, { method, url: url.trim(), headers: list });
      if (r.ok) onResult(r.value);
      else setError(r.message);
    });
  };
  return (
    <form onSubmit={submit} aria-label="Trace a request" className="flex flex-wrap items-start gap-2">
      <label className="sr-only" htmlFor="trace-method">
        Method
      </label>
      <select id="trace-method" value={method} onChange={(e) => setMethod(e.target.value as (typeof METHODS)[number])} className="h-8 rounded-md border border-slate-300 bg-white px-1.5 text-sm">
        {METHODS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      <label className="sr-only" htmlFor="trace-url">
        URL
      </label>
      <input
        id="trace-url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        placeholder="/path or http://host/path"
        className="h-8 w-72 rounded-md border border-slate-300 px-2 font-mono text-sm"
      />
      <label className="sr-only" htmlFor="trace-headers">
        Headers (one per line, Name: value)
      </label>
      <textarea
        id="trace-headers"
        value={headers}
        onChange={(e) => setHeaders(e.target.value)}
        rows={1}
        placeholder="Header: value (one per line)"
        className="h-8 min-h-8 w-56 resize-y rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
      />
      <button type="submit" disabled={pending} className="inline-flex h-8 items-center gap-1.5 rounded-md bg-indigo-600 px-3 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">
        <RouteIcon className="h-3.5 w-3.5" aria-hidden /> {pending ? 'Tracing…' : 'Trace'}
      </button>
      {active && (
        <button type="button" onClick={onClear} className="inline-flex h-8 items-center gap-1 rounded-md border border-slate-300 px-2 text-sm hover:bg-slate-50">
          <X className="h-3.5 w-3.5" aria-hidden /> Clear trace
        </button>
      )}
      {error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
