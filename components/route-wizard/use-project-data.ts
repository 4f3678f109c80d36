'use client';
import { useCallback, useEffect, useState } from 'react';
import { listServicesAction } from '@/server/actions/services';
import { listTlsSecretsAction } from '@/server/actions/tls';
import type { ServiceSummary } from '@/server/models/service';
import type { TlsSecretSummary } from '@/server/models/tls';

interface Loaded<T> {
  items: T[];
  loading: boolean;
  error?: string;
  reload: () => void;
}

function useActionList<T>(load: () => Promise<{ ok: true; value: T[] } | { ok: false; message: string }>): Loaded<T> {
  const [state, setState] = useState<{ items: T[]; loading: boolean; error?: string }>({ items: [], loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load()
      .then((r) => live && setState(r.ok ? { items: r.value, loading: false } : { items: [], loading: false, error: r.message }))
      .catch((err: unknown) => live && setState({ items: [], loading: false, error: String(err) }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** The project's Services (for the backend pickers). */
export function useServices(project: string): Loaded<ServiceSummary> {
  return useActionList(() => listServicesAction(project));
}

/** The project's TLS secrets (names and certificate facts). */
export function useTlsSecrets(project: string): Loaded<TlsSecretSummary> {
  return useActionList(() => listTlsSecretsAction(project));
}
