'use client';
import { useQuery } from '@tanstack/react-query';
import type { ServiceRow } from '@/lib/console/rows';
import type { TlsSecretSummary } from '@/lib/console/rows';
import { getApi } from '../live/api-fetch';
import { qk, type ApiKey } from '../live/query-keys';

interface Loaded<T> {
  items: T[];
  loading: boolean;
  error?: string;
  reload: () => void;
}

/** A project list for a picker, from the same cache entry the list pages and live updates use. */
function useList<T>(key: ApiKey): Loaded<T> {
  const q = useQuery({ queryKey: key, queryFn: () => getApi<T[]>(key) });
  return { items: q.data ?? [], loading: q.isPending, error: q.error?.message, reload: () => void q.refetch() };
}

/** The project's Services (for the backend pickers). */
export function useServices(project: string): Loaded<ServiceRow> {
  return useList(qk.list(project, 'services'));
}

/** The project's TLS secrets (names and certificate facts). */
export function useTlsSecrets(project: string): Loaded<TlsSecretSummary> {
  return useList(qk.list(project, 'tls-secrets'));
}
