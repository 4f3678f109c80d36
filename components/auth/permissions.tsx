'use client';
/**
 * The signed-in user's permissions in the current project, computed on the server from
 * SelfSubjectAccessReviews. Only hides UI: the cluster refuses forbidden calls anyway.
 */
import { createContext, useContext } from 'react';

const Ctx = createContext<Record<string, boolean> | null>(null);

export function PermissionsProvider({ permissions, children }: { permissions: Record<string, boolean>; children: React.ReactNode }) {
  return <Ctx.Provider value={permissions}>{children}</Ctx.Provider>;
}

/** `useCan('create', 'ingresses.networking.k8s.io')`; true when no provider is mounted (nothing known to hide). */
export function useCan(verb: string, resource: string): boolean {
  const p = useContext(Ctx);
  if (!p) return true;
  return p[`${verb}:${resource}`] === true;
}

export function IfCan({ verb, resource, children }: { verb: string; resource: string; children: React.ReactNode }) {
  return useCan(verb, resource) ? <>{children}</> : null;
}
