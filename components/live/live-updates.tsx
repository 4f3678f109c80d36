'use client';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import { staleKeysFor, type ApiKey } from './query-keys';

type LiveState = 'connecting' | 'live' | 'offline';
const LiveContext = createContext<LiveState>('connecting');
export const useLiveState = () => useContext(LiveContext);

/**
 * Subscribes to the project's change stream (server-sent events from Kubernetes watches)
 * and marks the affected queries stale, batched per animation frame-ish window so a burst
 * of 5,000 changes costs one refetch per list.
 */
export function LiveUpdates({ project, children }: { project: string; children: React.ReactNode }) {
  const qc = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const pending = useRef(new Map<string, ApiKey>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const es = new EventSource(`/api/projects/${encodeURIComponent(project)}/watch`);
    const flush = () => {
      timer.current = null;
      const keys = [...pending.current.values()];
      pending.current.clear();
      for (const key of keys) void qc.invalidateQueries({ queryKey: key });
    };
    es.addEventListener('ready', () => setState('live'));
    es.addEventListener('change', (ev) => {
      const m = JSON.parse((ev as MessageEvent).data) as { resource: string; type: string; name: string };
      for (const key of staleKeysFor(m.resource, project)) pending.current.set(JSON.stringify(key), key);
      if (!timer.current) timer.current = setTimeout(flush, 120);
    });
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    es.onopen = () => setState('live');
    return () => {
      es.close();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [project, qc]);

  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function LiveIndicator() {
  const state = useLiveState();
  const color = state === 'live' ? 'bg-emerald-500' : state === 'connecting' ? 'bg-amber-400' : 'bg-red-500';
  const label = state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting' : 'Offline';
  return (
    <span className="flex items-center gap-1.5 text-xs text-slate-300" role="status" aria-label={`Live updates: ${label}`}>
      <span className={`h-2 w-2 rounded-full ${color}`} aria-hidden />
      {label}
    </span>
  );
}
