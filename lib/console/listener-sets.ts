/**
 * What the ListenerSet pages show, computed from the stored object (isomorphic): per listener its
 * spec with the status the gateway wrote (attached routes, conditions), and the set's own
 * Accepted/Programmed conditions.
 */
import type { ListenerSet } from '../k8s';

export interface ListenerSetCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface ListenerSetListenerRow {
  name: string;
  protocol: string;
  port: number | undefined;
  hostname: string;
  /** Certificate Secret names (HTTPS). */
  certificates: string[];
  attachedRoutes: number | undefined;
  conditions: ListenerSetCondition[];
}

export interface ListenerSetRow {
  name: string;
  /** The parent Gateway as "namespace/name". */
  parent: string;
  listeners: ListenerSetListenerRow[];
  conditions: ListenerSetCondition[];
  creationTimestamp: string;
}

export interface ListenerSetList {
  /** False when the cluster does not serve ListenerSets (no v1.6 CRDs). */
  served: boolean;
  rows: ListenerSetRow[];
}

const cond = (c: { type: string; status: string; reason?: string; message?: string }): ListenerSetCondition => ({
  type: c.type,
  status: c.status,
  ...(c.reason ? { reason: c.reason } : {}),
  ...(c.message ? { message: c.message } : {}),
});

export function summarizeListenerSet(ls: ListenerSet): ListenerSetRow {
  const ns = ls.metadata?.namespace ?? '';
  const status = ls.status?.listeners ?? [];
  return {
    name: ls.metadata?.name ?? '',
    parent: `${ls.spec.parentRef.namespace || ns}/${ls.spec.parentRef.name}`,
    listeners: (ls.spec.listeners ?? []).map((l) => {
      const st = status.find((s) => s.name === l.name);
      return {
        name: l.name,
        protocol: l.protocol,
        port: l.port,
        hostname: l.hostname ?? '',
        certificates: (l.tls?.certificateRefs ?? []).map((c) => `${c.namespace ? `${c.namespace}/` : ''}${c.name}`),
        attachedRoutes: st?.attachedRoutes,
        conditions: (st?.conditions ?? []).map(cond),
      };
    }),
    conditions: (ls.status?.conditions ?? []).map(cond),
    creationTimestamp: ls.metadata?.creationTimestamp ?? '',
  };
}
