'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getApi, getApiItem } from './api-fetch';
import type { ApiKey } from './query-keys';

/**
 * useQuery of the route handler `key` names (api-fetch.ts), seeded with data the server
 * component just rendered: on mount the server's copy replaces any older cached copy
 * (initialData alone is ignored once a cache entry exists), then live updates and
 * invalidations take over. `item`: a missing object reads as null instead of an error.
 */
export function useApiQuery<T>(key: ApiKey, seed: T | undefined, opts: { item?: boolean; refetchInterval?: number; seedStale?: boolean } = {}) {
  const qc = useQueryClient();
  useState(() => {
    // A stale seed (e.g. a partial first page) is refetched at once.
    if (seed !== undefined) qc.setQueryData(key, seed, { updatedAt: opts.seedStale ? 1 : Date.now() });
    return true;
  });
  return useQuery({
    queryKey: key,
    queryFn: () => (opts.item ? (getApiItem<T>(key) as Promise<T>) : getApi<T>(key)),
    refetchInterval: opts.refetchInterval,
  });
}
