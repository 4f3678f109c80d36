'use client';
import { useQuery } from '@tanstack/react-query';
import { listServicesAction } from '@/server/actions/services';
import { listTlsSecretsAction } from '@/server/actions/tls';
import type { ActionResult } from '@/lib/console/action-result';
import type { ServiceSummary } from '@/server/models/service';
import type { TlsSecretSummary } from '@/server/models/tls';

interface Loaded<T> {
  items: T[];
  loading: boolean;
  error?: string;
  reload: () => void;
}

function useActionList<T>(key: string[], load: () => Promise<ActionResult<T[]>>): Loaded<T> {
  const q = useQuery({
    // Own key space: these are summaries for pickers, not the list pages' data.
    queryKey: ['route-wizard', ...key],
    queryFn: async () => {
      const r = await load();
      if (!r.ok) throw new Error(r.message);
      return r.value;
    },
  });
  return { items: q.data ?? [], loading: q.isPending, error: q.error?.message, reload: () => void q.refetch() };
}

/** The project's Services (for the backend pickers). */
export function useServices(project: string): Loaded<ServiceSummary> {
  return useActionList(['services', project], () => listServicesAction(project));
}

/** The project's TLS secrets (names and certificate facts). */
export function useTlsSecrets(project: string): Loaded<TlsSecretSummary> {
  return useActionList(['tls-secrets', project], () => listTlsSecretsAction(project));
}
