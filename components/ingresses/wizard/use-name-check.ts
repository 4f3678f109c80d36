'use client';
import { useEffect, useState } from 'react';
import { getApiItem } from '@/components/live/api-fetch';
import { qk } from '@/components/live/query-keys';
import { isDNS1123Subdomain } from '@/lib/k8s/validation/primitives';

export type NameStatus =
  | { state: 'idle' }
  | { state: 'checking'; name: string }
  | { state: 'available'; name: string }
  | { state: 'taken'; name: string; message: string };

/** Asks the server whether a (valid) name is free in the project: a read of the route, 404 = free. */
export async function checkName(project: string, name: string): Promise<NameStatus> {
  const found = await getApiItem(qk.item(project, 'routes', name)).then(
    (r) => r !== null,
    () => undefined, // the server will say it again on Create
  );
  if (found === undefined) return { state: 'idle' };
  return found ? { state: 'taken', name, message: `a route named ${name} already exists in ${project}` } : { state: 'available', name };
}

/** Live, debounced availability of a (valid) name; answers for older names are ignored. */
export function useNameCheck(project: string, name: string): NameStatus {
  const n = name.trim();
  const valid = n !== '' && isDNS1123Subdomain(n).length === 0;
  const [answer, setAnswer] = useState<NameStatus & { state: 'idle' | 'available' | 'taken' }>({ state: 'idle' });
  useEffect(() => {
    if (!valid) return;
    let live = true;
    const t = setTimeout(() => {
      void checkName(project, n).then((s) => {
        if (live) setAnswer(s as typeof answer);
      });
    }, 300);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [project, n, valid]);
  if (!valid) return { state: 'idle' };
  if (answer.state !== 'idle' && answer.name === n) return answer;
  return { state: 'checking', name: n };
}
