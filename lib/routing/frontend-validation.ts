/**
 * Frontend client certificate validation (Gateway API v1, GEP-91): a Gateway's
 * spec.tls.frontend.default.validation, or a perPort entry for a listener's port, makes its
 * HTTPS listeners (its own and its ListenerSets') ask TLS clients for a certificate that chains
 * to the CA bundles in caCertificateRefs (core ConfigMap or Secret, key ca.crt, in the
 * Gateway's namespace; another namespace needs a ReferenceGrant from Gateway).
 * - mode AllowValidOnly (default): a connection without a valid client certificate is refused.
 *   AllowInsecureFallback: it is served anyway.
 * - The gateway serves every HTTPS listener on one port and picks by SNI, so the validation is
 *   recorded per listener hostname ("*" for none): exact, then wildcard, then "*"; the oldest
 *   Gateway's listener decides a hostname.
 * - A ref that does not resolve: the listener's ResolvedRefs=False (InvalidCACertificateRef,
 *   InvalidKind, RefNotPermitted); with no usable CA, AllowValidOnly refuses every client
 *   (fails closed).
 */
import type { Condition, FrontendValidation, GatewayInput } from './types';
import { BuildContext, GATEWAY_GROUP, condition, decodeBase64, nsOf } from './context';
import type { ListenerRec } from './listener-record';

type Validation = NonNullable<NonNullable<NonNullable<NonNullable<GatewayInput['spec']>['tls']>['frontend']>['default']>['validation'];

/** Record the client validation of every served HTTPS listener (Gateways' and ListenerSets') in ctx. */
export function compileFrontendValidation(ctx: BuildContext, recsByKey: ReadonlyMap<string, ListenerRec[]>): void {
  const compiled = new Map<string, { v: FrontendValidation; problem?: { reason: string; message: string } }>();
  for (const recs of recsByKey.values()) {
    for (const rec of recs) {
      if (!rec.ok || rec.l.protocol !== 'HTTPS') continue;
      const frontend = rec.gw.spec?.tls?.frontend;
      if (!frontend) continue;
      const v = frontend.perPort?.find((p) => p.port === rec.l.port)?.tls.validation ?? frontend.default?.validation;
      if (!v) continue;
      const gwKey = `${nsOf(rec.gw)}/${rec.gw.metadata.name}`;
      const key = `${gwKey}|${rec.l.port}`;
      let c = compiled.get(key);
      if (!c) compiled.set(key, (c = compileValidation(ctx, rec.gw, gwKey, v)));
      if (c.problem) replaceCondition(rec.status.conditions, condition('ResolvedRefs', false, c.problem.reason, c.problem.message, rec.gw.metadata.generation));
      const host = rec.l.hostname?.toLowerCase() || '*';
      if (!ctx.frontendValidation.has(host)) ctx.frontendValidation.set(host, c.v);
    }
  }
}

function compileValidation(ctx: BuildContext, gw: GatewayInput, gwKey: string, v: Validation): { v: FrontendValidation; problem?: { reason: string; message: string } } {
  const ns = nsOf(gw);
  const pems: string[] = [];
  let problem: { reason: string; message: string } | undefined;
  for (const r of v?.caCertificateRefs ?? []) {
    const rns = r.namespace ?? ns;
    const kind = r.kind ?? 'ConfigMap';
    if ((r.group ?? '') !== '' || (kind !== 'ConfigMap' && kind !== 'Secret')) {
      problem = { reason: 'InvalidCACertificateKind', message: `caCertificateRef ${r.group ? `${r.group}/` : ''}${kind}/${r.name}: only core ConfigMap and Secret are supported` };
      continue;
    }
    if (rns !== ns && !ctx.granted(GATEWAY_GROUP, 'Gateway', ns, '', kind, rns, r.name)) {
      problem = { reason: 'RefNotPermitted', message: `caCertificateRef to ${kind} ${rns}/${r.name} is not permitted by any ReferenceGrant in namespace ${rns}` };
      continue;
    }
    const pem = kind === 'ConfigMap' ? ctx.state.configMaps?.find((c) => nsOf(c) === rns && c.metadata.name === r.name)?.data?.['ca.crt'] : secretCa(ctx, rns, r.name);
    if (!pem || !pem.includes('-----BEGIN CERTIFICATE-----')) {
      problem = { reason: 'InvalidCACertificateRef', message: `${kind} ${rns}/${r.name} not found or its ca.crt is not a PEM certificate` };
      continue;
    }
    pems.push(pem);
  }
  const mode = v?.mode ?? 'AllowValidOnly';
  const id = `${gwKey}|${mode}|${pems.join('').length}|${pems.map((p) => p.slice(-48)).join(',')}`;
  return { v: { id, gateway: gwKey, caPems: pems, mode }, ...(problem ? { problem } : {}) };
}

function secretCa(ctx: BuildContext, ns: string, name: string): string | undefined {
  const s = ctx.secret(ns, name);
  if (!s) return undefined;
  return s.stringData?.['ca.crt'] ?? (s.data?.['ca.crt'] !== undefined ? decodeBase64(s.data['ca.crt']) : undefined);
}

function replaceCondition(conds: Condition[], c: Condition): void {
  const i = conds.findIndex((x) => x.type === c.type);
  if (i >= 0) conds[i] = c;
  else conds.push(c);
}

/** SNI -> validation: exact, then the nearest wildcard, then "*" (the hostname-less listeners). */
export function validationLookup(byHost: ReadonlyMap<string, FrontendValidation>): { lookup(serverName: string): FrontendValidation | undefined } | undefined {
  if (!byHost.size) return undefined;
  return {
    lookup(serverName: string): FrontendValidation | undefined {
      const h = serverName.toLowerCase();
      const e = byHost.get(h);
      if (e) return e;
      let i = h.indexOf('.');
      while (i > 0) {
        const w = byHost.get('*' + h.slice(i));
        if (w) return w;
        i = h.indexOf('.', i + 1);
      }
      return byHost.get('*');
    },
  };
}
