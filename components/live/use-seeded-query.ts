'use client';
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * useQuery seeded with data the server component just rendered: on mount the server's
 * copy replaces any older cached copy (initialData alone is ignored once a cache entry
 * exists), then live updates and invalidations take over.
 */
export function useSeededQuery<T>(key: QueryKey, fn: () => Promise<T>, seed: T | undefined, opts: { refetchInterval?: number } = {}) {
  const qc = useQueryClient();
  useState(() => {
    if (seed !== undefined) qc.setQueryData(key, seed, { updatedAt: Date.now() });
    return true;
  });
  return useQuery({ queryKey: key, queryFn: fn, ...opts });
}
