/**
 * ExternalName Services the gateway could not resolve (`ClusterState.externalNameFailures`, fed
 * back by the gateway's resolver): every route of ours that uses one gets a diagnostic (an
 * Event, and `/config` diagnostics), and Gateway API routes get ResolvedRefs=False with reason
 * BackendNotFound (the spec's reason for a backend that cannot be found) naming the name.
 * The backend itself stays valid: requests get 503 / connections are closed while the name
 * does not resolve, and everything clears when it resolves again (the gateway rebuilds).
 * A pass after compilation: cached Ingress fragments are never touched.
 */
import type { GatewayBackendRef, ExternalNameFailure, IngressInput, ObjectInput, RouteStatus } from './types';
import { BuildContext, condition, nsOf } from './context';

export const EXTERNAL_NAME_REASON = 'ExternalNameNotResolved';

export function externalNameMessage(f: ExternalNameFailure): string {
  return `ExternalName ${f.externalName} for Service ${f.namespace}/${f.service} does not resolve: ${f.error}`;
}

function ingressServices(ing: IngressInput): string[] {
  const names = [ing.spec?.defaultBackend?.service?.name];
  for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) names.push(p.backend?.service?.name);
  return names.filter((n): n is string => !!n);
}

type RouteObj = ObjectInput & { spec?: { rules?: Array<{ backendRefs?: GatewayBackendRef[] }> } };

function routeServices(r: RouteObj): Array<{ namespace: string; name: string }> {
  const out: Array<{ namespace: string; name: string }> = [];
  for (const rule of r.spec?.rules ?? [])
    for (const b of rule.backendRefs ?? []) if ((b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service') out.push({ namespace: b.namespace ?? nsOf(r), name: b.name });
  return out;
}

export function reportExternalNameFailures(ctx: BuildContext): void {
  const failures = ctx.state.externalNameFailures ?? [];
  if (!failures.length) return;
  const byService = new Map(failures.map((f) => [`${f.namespace}/${f.service}`, f]));
  const hit = (ns: string, name: string) => {
    const f = byService.get(`${ns}/${name}`);
    // only while the Service still is that ExternalName (the failure may predate an edit)
    const svc = f && ctx.service(ns, name);
    return f && svc?.spec?.type === 'ExternalName' && (svc.spec.externalName ?? '').toLowerCase().replace(/\.$/, '') === f.externalName ? f : undefined;
  };

  const ours = new Set(ctx.ingressStatuses.map((s) => `${s.namespace}/${s.name}`));
  for (const ing of ctx.state.ingresses ?? []) {
    const ns = nsOf(ing);
    if (!ours.has(`${ns}/${ing.metadata.name}`)) continue;
    for (const name of new Set(ingressServices(ing))) {
      const f = hit(ns, name);
      if (f) ctx.diag({ kind: 'Ingress', namespace: ns, name: ing.metadata.name }, 'error', EXTERNAL_NAME_REASON, externalNameMessage(f));
    }
  }

  const lists: Record<RouteStatus['kind'], RouteObj[] | undefined> = {
    HTTPRoute: ctx.state.httpRoutes,
    GRPCRoute: ctx.state.grpcRoutes,
    TCPRoute: ctx.state.tcpRoutes,
    TLSRoute: ctx.state.tlsRoutes,
    UDPRoute: ctx.state.udpRoutes,
  };
  // one index over the routes: a search per status is quadratic with 1,000s of routes
  const byKey = new Map<string, RouteObj>();
  for (const [kind, list] of Object.entries(lists)) {
    for (const o of list ?? []) {
      const key = `${kind}/${nsOf(o)}/${o.metadata.name}`;
      if (!byKey.has(key)) byKey.set(key, o); // the first one, as a search would find
    }
  }
  ctx.routeStatuses.forEach((st, i) => {
    const r = byKey.get(`${st.kind}/${st.namespace}/${st.name}`);
    if (!r) return;
    const seen = new Set<string>();
    const messages: string[] = [];
    for (const ref of routeServices(r)) {
      const f = hit(ref.namespace, ref.name);
      if (!f || seen.has(`${ref.namespace}/${ref.name}`)) continue;
      seen.add(`${ref.namespace}/${ref.name}`);
      messages.push(externalNameMessage(f));
      ctx.diag({ kind: st.kind, namespace: st.namespace, name: st.name }, 'error', EXTERNAL_NAME_REASON, externalNameMessage(f));
    }
    if (!messages.length) return;
    const gen = r.metadata.generation;
    // statuses may be shared with earlier builds (cached attachments): replace, never mutate
    const parents = st.parents.map((p) => ({
      ...p,
      conditions: p.conditions.map((c) => {
        if (c.type !== 'ResolvedRefs') return c;
        if (c.status === 'True') return condition('ResolvedRefs', false, 'BackendNotFound', messages.join('; '), gen);
        return { ...c, message: `${c.message}; ${messages.join('; ')}` };
      }),
    }));
    ctx.routeStatuses[i] = { ...st, parents };
  });
}
