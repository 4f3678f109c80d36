/**
 * Endpoint addresses the gateway refuses to connect to (`ClusterState.refusedBackends`, fed back
 * by the gateway's upstream address policy: loopback, link-local, unspecified, its own ports).
 * Every route of ours that uses such a Service is told where users look:
 * - an Ingress gets a diagnostic (-> an Event, and `/config` diagnostics) per rule that uses it,
 *   naming the rule, the Service and the address;
 * - a Gateway API route gets ResolvedRefs=False with reason BackendNotPermitted naming the
 *   backend and the address (and the same diagnostic).
 * The backend stays in the snapshot: its refused addresses are simply not endpoints, so requests
 * get what a backend without usable endpoints gets (503 Ingress, 500 Gateway API).
 * A pass after compilation: cached Ingress fragments are never touched.
 */
import type { GatewayBackendRef, IngressInput, ObjectInput, RefusedBackend, RouteStatus } from './types';
import { BuildContext, condition, nsOf } from './context';

export const BACKEND_NOT_PERMITTED = 'BackendNotPermitted';

export function refusedBackendMessage(r: RefusedBackend): string {
  const addr = `${r.address.includes(':') ? `[${r.address}]` : r.address}:${r.port}`;
  const via = r.externalName ? ` (ExternalName ${r.externalName} resolved to it)` : '';
  return `backend Service ${r.namespace}/${r.service}: address ${addr}${via} is not permitted: ${r.message}`;
}

/** Each rule of an Ingress that names a Service: its field path, and as users read it (`rule host/path`). */
function ingressUses(ing: IngressInput): Array<{ field: string; rule: string; service: string }> {
  const out: Array<{ field: string; rule: string; service: string }> = [];
  const d = ing.spec?.defaultBackend?.service?.name;
  if (d) out.push({ field: 'spec.defaultBackend.service.name', rule: 'default backend', service: d });
  (ing.spec?.rules ?? []).forEach((rule, i) =>
    (rule.http?.paths ?? []).forEach((p, j) => {
      const name = p.backend?.service?.name;
      if (name) out.push({ field: `spec.rules[${i}].http.paths[${j}].backend.service.name`, rule: `rule ${rule.host ?? '*'}${p.path ?? '/'}`, service: name });
    }),
  );
  return out;
}

type RouteObj = ObjectInput & { spec?: { rules?: Array<{ backendRefs?: GatewayBackendRef[] }> } };

export function reportRefusedBackends(ctx: BuildContext): void {
  const refused = ctx.state.refusedBackends ?? [];
  if (!refused.length) return;
  const byService = new Map<string, RefusedBackend[]>();
  for (const r of refused) {
    const k = `${r.namespace}/${r.service}`;
    const list = byService.get(k);
    if (list) list.push(r);
    else byService.set(k, [r]);
  }

  const ours = new Set(ctx.ingressStatuses.map((s) => `${s.namespace}/${s.name}`));
  for (const ing of ctx.state.ingresses ?? []) {
    const ns = nsOf(ing);
    if (!ours.has(`${ns}/${ing.metadata.name}`)) continue;
    for (const use of ingressUses(ing)) {
      for (const r of byService.get(`${ns}/${use.service}`) ?? [])
        ctx.diag({ kind: 'Ingress', namespace: ns, name: ing.metadata.name }, 'error', BACKEND_NOT_PERMITTED, `${use.rule}: ${refusedBackendMessage(r)}`, use.field);
    }
  }

  const lists: Record<RouteStatus['kind'], RouteObj[] | undefined> = {
    HTTPRoute: ctx.state.httpRoutes,
    GRPCRoute: ctx.state.grpcRoutes,
    TCPRoute: ctx.state.tcpRoutes,
    TLSRoute: ctx.state.tlsRoutes,
    UDPRoute: ctx.state.udpRoutes,
  };
  const byKey = new Map<string, RouteObj>();
  for (const [kind, list] of Object.entries(lists)) {
    for (const o of list ?? []) {
      const key = `${kind}/${nsOf(o)}/${o.metadata.name}`;
      if (!byKey.has(key)) byKey.set(key, o);
    }
  }
  ctx.routeStatuses.forEach((st, i) => {
    const route = byKey.get(`${st.kind}/${st.namespace}/${st.name}`);
    if (!route) return;
    const seen = new Set<string>();
    const messages: string[] = [];
    for (const rule of route.spec?.rules ?? []) {
      for (const b of rule.backendRefs ?? []) {
        if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') continue;
        const k = `${b.namespace ?? nsOf(route)}/${b.name}`;
        if (seen.has(k)) continue;
        seen.add(k);
        for (const r of byService.get(k) ?? []) messages.push(refusedBackendMessage(r));
      }
    }
    if (!messages.length) return;
    for (const m of messages) ctx.diag({ kind: st.kind, namespace: st.namespace, name: st.name }, 'error', BACKEND_NOT_PERMITTED, m);
    const gen = route.metadata.generation;
    const text = messages.join('; ');
    // statuses may be shared with earlier builds (cached attachments): replace, never mutate
    const parents = st.parents.map((p) => ({
      ...p,
      conditions: p.conditions.map((c) => {
        if (c.type !== 'ResolvedRefs') return c;
        if (c.status === 'True') return condition('ResolvedRefs', false, BACKEND_NOT_PERMITTED, text, gen);
        return { ...c, message: `${c.message}; ${text}` };
      }),
    }));
    ctx.routeStatuses[i] = { ...st, parents };
  });
}
