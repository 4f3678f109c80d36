// TLS origination to backends a BackendTLSPolicy targets (lib/routing/backend-tls.ts compiles
// the policy onto the BackendTarget): SNI = validation.hostname, the certificate chain verified
// against the policy's CA bundles (or the system CAs), and the name checked against the
// hostname or, when given, the subjectAltNames. A failed check fails the connection: the
// request gets 502 and nothing is sent to the backend.
//
// Every verifying context names its CAs; none relies on node's default store. The image runs
// node with --use-openssl-ca (deploy/gateway.Dockerfile): without it, the kube client's `ca`
// makes node 20 parse its ~140 bundled roots (~1 MB) even though that context never uses them.
// With it, the default store is OpenSSL's paths (SSL_CERT_FILE, SSL_CERT_DIR) instead, so
// "System" is spelled out here as what it always meant: node's bundled roots and
// NODE_EXTRA_CA_CERTS.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { BackendTlsConfig } from '@/lib/routing';

/** Options for tls.connect (undici `connect`), made once per pool: the context is built here, not per connection. */
export function backendTlsOptions(cfg: BackendTlsConfig): tls.ConnectionOptions {
  return {
    servername: cfg.hostname,
    rejectUnauthorized: true,
    secureContext: cfg.caPems ? policyContext(cfg.caPems, cfg.clientCert) : systemContext(cfg.clientCert),
    checkServerIdentity: (_host, cert) => verifyName(cfg, cert),
  };
}

type ClientCert = BackendTlsConfig['clientCert'];

/** GEP-3155: the Gateway's backend client certificate rides in the same context. */
const clientCertOptions = (c: ClientCert) => (c ? { cert: c.cert, key: c.key } : {});

function policyContext(caPems: readonly string[], clientCert: ClientCert): tls.SecureContext {
  return tls.createSecureContext({ ca: [...caPems], ...clientCertOptions(clientCert) });
}

/** wellKnownCACertificates: System, as node's default store holds it: the bundled Mozilla roots and NODE_EXTRA_CA_CERTS. */
let systemCas: string[] | undefined;
function systemCaList(): string[] {
  if (systemCas) return systemCas;
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  try {
    if (extraFile) extra = [readFileSync(extraFile, 'utf8')];
  } catch {
    // node warned at start-up ("Ignoring extra certs") and left them out of its store too
  }
  return (systemCas = [...tls.rootCertificates, ...extra]);
}

/**
 * The parsed system roots cost ~1 MB per context, so System contexts are shared: one per client
 * certificate, the most recent few (a rotated certificate's context goes once its pools close).
 */
const SYSTEM_CONTEXTS_KEPT = 8;
const systemContexts = new Map<string, tls.SecureContext>();
export function systemContext(clientCert: ClientCert): tls.SecureContext {
  const key = clientCert ? `${clientCert.cert}\n${clientCert.key}` : '';
  let ctx = systemContexts.get(key);
  if (ctx) {
    systemContexts.delete(key); // most recently used last
  } else {
    ctx = tls.createSecureContext({ ca: systemCaList(), ...clientCertOptions(clientCert) });
    if (systemContexts.size >= SYSTEM_CONTEXTS_KEPT) systemContexts.delete(systemContexts.keys().next().value!);
  }
  systemContexts.set(key, ctx);
  return ctx;
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
