import 'server-only';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import type { CertificateFacts } from '@/lib/console/tls';

/** Reads the facts of the first certificate in a PEM bundle; throws with a readable message. */
export function certificateFacts(pem: string): CertificateFacts {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new Error('certificate is not a valid PEM-encoded X.509 certificate');
  }
  const sans = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('DNS:') || s.startsWith('IP Address:'))
    .map((s) => s.replace(/^DNS:|^IP Address:/, ''));
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    sans,
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

/** Checks that the key parses and belongs to the certificate. Returns an error message or undefined. */
export function keyMismatch(certPem: string, keyPem: string): string | undefined {
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return 'key is not a valid PEM-encoded private key';
  }
  const cert = new X509Certificate(certPem);
  if (cert.checkPrivateKey(key)) return undefined;
  // Compare public keys as a fallback for key types checkPrivateKey does not cover.
  const a = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const b = cert.publicKey.export({ type: 'spki', format: 'der' });
  return Buffer.compare(a, b) === 0 ? undefined : 'key does not match the certificate';
}
