/**
 * Backend client certificates (Gateway API v1, GEP-3155): a Gateway's
 * spec.tls.backend.clientCertificateRef, a core Secret of type kubernetes.io/tls in the
 * Gateway's namespace (another namespace with a ReferenceGrant from Gateway), is the identity
 * the gateway presents when it originates TLS to backends (./backend-tls). The Gateway's
 * ResolvedRefs condition says whether it resolved: InvalidClientCertificateRef (not a Secret,
 * missing, no tls.crt/tls.key) or RefNotPermitted.
 */
import type { GatewayInput } from './types';
import { BuildContext, GATEWAY_GROUP, condition, nsOf } from './context';

export type ClientCert =
  | { id: string; gateway: string; pem: { secret: string; cert: string; key: string } }
  | { id: string; gateway: string; problem: string };

/**
 * Gateway key -> its client certificate (or why it cannot be used), for the Gateways of ours that
 * set one, oldest Gateway first; each such Gateway's status gets its ResolvedRefs condition.
 */
export function gatewayClientCerts(ctx: BuildContext, ours: ReadonlyMap<string, GatewayInput>): Map<string, ClientCert> {
  const out = new Map<string, ClientCert>();
  for (const [key, gw] of ours) {
    const ref = gw.spec?.tls?.backend?.clientCertificateRef;
    if (!ref) continue;
    const ns = nsOf(gw);
    const rns = ref.namespace ?? ns;
    const gen = gw.metadata.generation;
    let reason = 'InvalidClientCertificateRef';
    let problem: string | undefined;
    let pem: { cert: string; key: string } | undefined;
    if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') problem = `clientCertificateRef ${ref.kind}/${ref.name} must be a core Secret`;
    else if (rns !== ns && !ctx.granted(GATEWAY_GROUP, 'Gateway', ns, '', 'Secret', rns, ref.name)) {
      reason = 'RefNotPermitted';
      problem = `clientCertificateRef to Secret ${rns}/${ref.name} is not permitted by any ReferenceGrant in namespace ${rns}`;
    } else {
      const s = ctx.tlsSecret(rns, ref.name);
      if ('error' in s) problem = `clientCertificateRef: ${s.error}`;
      else pem = s;
    }
    const st = ctx.gatewayStatuses.find((g) => `${g.namespace}/${g.name}` === key);
    st?.conditions.push(problem ? condition('ResolvedRefs', false, reason, problem, gen) : condition('ResolvedRefs', true, 'ResolvedRefs', 'All references resolved', gen));
    const secret = `${rns}/${ref.name}`;
    out.set(key, pem ? { id: `cc:${secret}:${pem.cert.length}:${pem.cert.slice(-64)}`, gateway: key, pem: { secret, ...pem } } : { id: `cc-invalid:${key}`, gateway: key, problem: problem! });
  }
  return out;
}
