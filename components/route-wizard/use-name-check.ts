'use client';
import { useEffect, useRef, useState } from 'react';
import { checkRouteNameAction } from '@/server/actions/routes';
import { isDNS1123Subdomain } from '@/lib/k8s/validation/primitives';

export type NameStatus =
  | { state: 'idle' }
  | { state: 'checking'; name: string }
  | { state: 'available'; name: string }
  | { state: 'taken'; name: string; message: string };

/** Asks the server, debounced, whether a valid name is free in the project. */
export async function checkName(project: string, name: string): Promise<NameStatus> {
  const r = await checkRouteNameAction(project, name);
  if (!r.ok) return { state: 'idle' }; // the server will say it again on Create
  return r.value.available ? { state: 'available', name } : { state: 'taken', name, message: r.value.message ?? `${name} is taken` };
}

export function useNameCheck(project: string, name: string): NameStatus {
  const [status, setStatus] = useState<NameStatus>({ state: 'idle' });
  const seq = useRef(0);
  useEffect(() => {
    const n = name.trim();
    if (n === '' || isDNS1123Subdomain(n).length > 0) {
      setStatus({ state: 'idle' });
      return;
    }
    const mine = ++seq.current;
    setStatus({ state: 'checking', name: n });
    const t = setTimeout(() => {
      void checkName(project, n).then((s) => {
        if (seq.current === mine) setStatus(s);
      });
    }, 300);
    return () => clearTimeout(t);
  }, [project, name]);
  return status;
}
