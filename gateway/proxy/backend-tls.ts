// TLS origination to backends a BackendTLSPolicy targets (lib/routing/backend-tls.ts compiles
// the policy onto the BackendTarget): SNI = validation.hostname, the certificate chain verified
// against the policy's CA bundles (or the system CAs), and the name checked against the
// hostname or, when given, the subjectAltNames. A failed check fails the connection: the
// request gets 502 and nothing is sent to the backend.
import tls from 'node:tls';
import type { BackendTlsConfig } from '@/lib/routing';

/** Options for tls.connect (undici `connect`), made once per pool. */
export function backendTlsOptions(cfg: BackendTlsConfig): tls.ConnectionOptions {
  return {
    servername: cfg.hostname,
    rejectUnauthorized: true,
    ...(cfg.caPems ? { ca: [...cfg.caPems] } : {}),
    // GEP-3155: the Gateway's backend client certificate
    ...(cfg.clientCert ? { cert: cfg.clientCert.cert, key: cfg.clientCert.key } : {}),
    checkServerIdentity: (_host, cert) => verifyName(cfg, cert),
  };
}

/** undefined when the certificate names what the policy asks for, else the error. */
export function verifyName(cfg: BackendTlsConfig, cert: tls.PeerCertificate): Error | undefined {
  if (!cfg.subjectAltNames.length) return tls.checkServerIdentity(cfg.hostname, cert);
  const uris = (cert.subjectaltname ?? '').split(', ').filter((s) => s.startsWith('URI:')).map((s) => s.slice(4));
  for (const san of cfg.subjectAltNames) {
    if (san.type === 'URI' ? uris.includes(san.value) : tls.checkServerIdentity(san.value, cert) === undefined) return undefined;
  }
  return new Error(`certificate matches none of the subjectAltNames of BackendTLSPolicy ${cfg.policy.namespace}/${cfg.policy.name}`);
}
