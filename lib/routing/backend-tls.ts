/**
 * BackendTLSPolicy (Gateway API v1, GEP-1897): the gateway connects to a Service's port with
 * TLS and verifies the backend's certificate.
 *
 * Semantics
 * - targetRefs name core Services in the policy's namespace; `sectionName` is a Service port
 *   name (without it: every port). One policy per Service port: a policy naming the port wins
 *   over one naming the whole Service, then the older one (then namespace/name); a policy that
 *   loses every target it names is Accepted=False, reason Conflicted.
 * - validation.caCertificateRefs: core ConfigMaps or Secrets in the policy's namespace, key
 *   `ca.crt`, PEM. Another kind: ResolvedRefs=False InvalidKind; missing, without `ca.crt` or
 *   not PEM: ResolvedRefs=False InvalidCACertificateRef. With none valid (and no well-known
 *   CAs): Accepted=False NoValidCACertificate, and requests to the backend get 500: never plaintext.
 *   wellKnownCACertificates: System = the platform's trusted CAs.
 * - validation.hostname is the SNI and the name verified; with subjectAltNames the certificate
 *   must carry one of those instead (Hostname: DNS SAN rules; URI: exact URI SAN).
 * - The compiled config goes on the BackendTarget (`tls`): every route to that Service port uses
 *   it, Ingress backends included. Status: one ancestor per Gateway of ours whose attached routes
 *   (directly or through a ListenerSet) reference a targeted Service.
 * - Backend client certificates (GEP-3155, ./backend-client-cert): the Gateway's
 *   spec.tls.backend.clientCertificateRef is presented on these connections. The certificate
 *   goes with the backend, not the request: when several Gateways of ours route to one Service,
 *   the oldest of them that sets a clientCertificateRef decides. An unusable reference fails
 *   closed (500), never a connection without the configured identity.
 */
import type { BackendTlsConfig, BackendTLSPolicyInput, Condition, GatewayInput, ParentReference, PolicyStatus } from './types';
import { BuildContext, GATEWAY_GROUP, byAge, condition, decodeBase64, nsOf, validHostname } from './context';
import { parentOf } from './listener-record';
import { gatewayClientCerts, type ClientCert } from './backend-client-cert';

interface Compiled {
  p: BackendTLSPolicyInput;
  cfg: BackendTlsConfig;
  accepted: Condition;
  resolved: Condition;
  /** "ns/svc" of every Service it targets */
  services: Set<string>;
  /** backend keys it holds / lost to another policy */
  won: number;
  lost: string[];
}

/** Apply every BackendTLSPolicy to the build's backends; policy statuses into ctx. Call after routes compiled. */
export function applyBackendTlsPolicies(ctx: BuildContext, ourGateways: ReadonlyMap<string, GatewayInput>): void {
  // every Gateway that sets a client certificate gets its ResolvedRefs condition, policies or not
  const clientCerts = gatewayClientCerts(ctx, ourGateways);
  const policies = ctx.state.backendTLSPolicies ?? [];
  if (!policies.length) return;
  const configMaps = new Map<string, string | undefined>();
  for (const c of ctx.state.configMaps ?? []) configMaps.set(`${nsOf(c)}/${c.metadata.name}`, c.data?.['ca.crt']);

  const compiled = byAge(policies).map((p) => compilePolicy(ctx, p, configMaps));
  // one policy per Service port: port-specific targets first, then whole-Service ones (each oldest first)
  const holder = new Map<string, Compiled>();
  for (const specific of [true, false]) {
    for (const c of compiled) {
      const ns = nsOf(c.p);
      for (const t of c.p.spec?.targetRefs ?? []) {
        if (t.group !== '' || t.kind !== 'Service' || !!t.sectionName !== specific) continue;
        c.services.add(`${ns}/${t.name}`);
        const svc = ctx.service(ns, t.name);
        for (const sp of svc?.spec?.ports ?? []) {
          if (t.sectionName && sp.name !== t.sectionName) continue;
          const key = `${ns}/${t.name}:${sp.name || String(sp.port)}`;
          const h = holder.get(key);
          if (h && h !== c) {
            c.lost.push(`${key} (held by BackendTLSPolicy ${nsOf(h.p)}/${h.p.metadata.name})`);
            continue;
          }
          if (!h) {
            holder.set(key, c);
            c.won++;
          }
        }
      }
    }
  }
  const ancestors = routeAncestors(ctx, ourGateways);
  const withCert = new Map<string, BackendTlsConfig>();
  for (const [key, c] of holder) {
    const target = ctx.backends.get(key);
    if (!target) continue;
    // the oldest Gateway of ours routing here that sets a client certificate (byAge order of the map)
    const gws = ancestors.get(`${target.namespace}/${target.service}`);
    let cc: ClientCert | undefined;
    for (const [g, cert] of clientCerts) if (gws?.has(g)) {
      cc = cert;
      break;
    }
    let cfg = c.cfg;
    if (cc) {
      const k = `${c.cfg.id}|${cc.id}`;
      cfg = withCert.get(k) ?? { ...c.cfg, id: k, ...('problem' in cc ? { invalid: c.cfg.invalid ?? `Gateway ${cc.gateway}: ${cc.problem}` } : { clientCert: cc.pem }) };
      withCert.set(k, cfg);
    }
    ctx.backends.set(key, { ...target, tls: cfg });
  }

  for (const c of compiled) {
    const gen = c.p.metadata.generation;
    const accepted = c.won === 0 && c.lost.length ? condition('Accepted', false, 'Conflicted', `every target is held by an older or more specific policy: ${c.lost.join('; ')}`, gen) : c.accepted;
    const gws = new Set<string>();
    for (const s of c.services) for (const g of ancestors.get(s) ?? []) gws.add(g);
    if (!gws.size) continue;
    const status: PolicyStatus = { kind: 'BackendTLSPolicy', namespace: nsOf(c.p), name: c.p.metadata.name, ancestors: [] };
    for (const g of [...gws].sort()) {
      const [namespace, name] = g.split('/');
      const ancestorRef: ParentReference = { group: GATEWAY_GROUP, kind: 'Gateway', namespace, name };
      status.ancestors.push({ ancestorRef, controllerName: ctx.options.controllerName, conditions: [accepted, c.resolved] });
    }
    ctx.policyStatuses.push(status);
  }
}

function compilePolicy(ctx: BuildContext, p: BackendTLSPolicyInput, configMaps: ReadonlyMap<string, string | undefined>): Compiled {
  const ns = nsOf(p);
  const gen = p.metadata.generation;
  const v = p.spec?.validation;
  const hostname = (v?.hostname ?? '').toLowerCase();
  const pems: string[] = [];
  let refProblem: { reason: string; message: string } | undefined;
  for (const r of v?.caCertificateRefs ?? []) {
    if (r.group !== '' || (r.kind !== 'ConfigMap' && r.kind !== 'Secret')) {
      refProblem = { reason: 'InvalidKind', message: `caCertificateRef ${r.group ? `${r.group}/` : ''}${r.kind}/${r.name}: only core ConfigMap and Secret are supported` };
      continue;
    }
    const pem = r.kind === 'ConfigMap' ? configMaps.get(`${ns}/${r.name}`) : secretCa(ctx, ns, r.name);
    if (pem === undefined) refProblem ??= { reason: 'InvalidCACertificateRef', message: `${r.kind} ${ns}/${r.name} not found or has no ca.crt` };
    else if (!pem.includes('-----BEGIN CERTIFICATE-----')) refProblem ??= { reason: 'InvalidCACertificateRef', message: `${r.kind} ${ns}/${r.name}: ca.crt is not a PEM certificate` };
    else pems.push(pem);
  }
  const system = v?.wellKnownCACertificates === 'System';
  const sans = (v?.subjectAltNames ?? []).map((s) => ({ type: s.type, value: s.type === 'Hostname' ? (s.hostname ?? '').toLowerCase() : (s.uri ?? '') }));
  let invalid: string | undefined;
  let accepted = condition('Accepted', true, 'Accepted', 'Policy accepted', gen);
  if (!hostname || !validHostname(hostname) || hostname.startsWith('*.')) {
    invalid = `validation.hostname "${v?.hostname ?? ''}" is not a valid DNS name`;
    accepted = condition('Accepted', false, 'Invalid', invalid, gen);
  } else if (v?.wellKnownCACertificates !== undefined && !system) {
    invalid = `validation.wellKnownCACertificates "${v.wellKnownCACertificates}" is not supported (System is)`;
    accepted = condition('Accepted', false, 'Invalid', invalid, gen);
  } else if (!system && !pems.length) {
    invalid = refProblem?.message ?? 'no CA certificate';
    accepted = condition('Accepted', false, 'NoValidCACertificate', `no valid CA certificate: ${invalid}`, gen);
  }
  const resolved = refProblem ? condition('ResolvedRefs', false, refProblem.reason, refProblem.message, gen) : condition('ResolvedRefs', true, 'ResolvedRefs', 'All references resolved', gen);
  const id = [`${ns}/${p.metadata.name}`, hostname, sans.map((s) => `${s.type}:${s.value}`).join(','), system ? 'system' : `${pems.join('').length}:${fnv1a(pems.join(''))}`, invalid ?? ''].join('|');
  const cfg: BackendTlsConfig = { id, policy: { namespace: ns, name: p.metadata.name }, hostname, ...(system ? {} : { caPems: pems }), subjectAltNames: sans, ...(invalid ? { invalid: `BackendTLSPolicy ${ns}/${p.metadata.name}: ${invalid}` } : {}) };
  return { p, cfg, accepted, resolved, services: new Set(), won: 0, lost: [] };
}

/** A Secret's ca.crt (any type), or undefined. */
function secretCa(ctx: BuildContext, ns: string, name: string): string | undefined {
  const s = ctx.secret(ns, name);
  if (!s) return undefined;
  return s.stringData?.['ca.crt'] ?? (s.data?.['ca.crt'] !== undefined ? decodeBase64(s.data['ca.crt']) : undefined);
}

/** "ns/svc" -> Gateways of ours ("ns/name") with a route (directly or through a ListenerSet) referencing it. */
function routeAncestors(ctx: BuildContext, ours: ReadonlyMap<string, GatewayInput>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const setParent = new Map<string, string>();
  for (const ls of ctx.state.listenerSets ?? []) {
    const pr = ls.spec?.parentRef;
    if (pr) setParent.set(`ListenerSet:${nsOf(ls)}/${ls.metadata.name}`, `${pr.namespace ?? nsOf(ls)}/${pr.name}`);
  }
  for (const r of [...(ctx.state.httpRoutes ?? []), ...(ctx.state.grpcRoutes ?? [])]) {
    const ns = nsOf(r);
    const gws: string[] = [];
    for (const pr of r.spec?.parentRefs ?? []) {
      const parent = parentOf(pr, ns);
      const g = parent?.kind === 'ListenerSet' ? setParent.get(parent.key) : parent?.key;
      if (g && ours.has(g)) gws.push(g);
    }
    if (!gws.length) continue;
    for (const rule of r.spec?.rules ?? []) {
      for (const b of rule.backendRefs ?? []) {
        if ((b.group ?? '') !== '' || (b.kind ?? 'Service') !== 'Service') continue;
        const key = `${b.namespace ?? ns}/${b.name}`;
        let set = out.get(key);
        if (!set) out.set(key, (set = new Set()));
        for (const g of gws) set.add(g);
      }
    }
  }
  return out;
}

/** FNV-1a, 32 bits: an identity for CA bundle contents in the config id (not security). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
