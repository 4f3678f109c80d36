/**
 * A CA and a serving certificate (SAN 127.0.0.1, localhost), generated on first start and
 * kept in the data directory. Keys come from Node's crypto (fast); node-forge signs.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

export interface ServingCerts {
  caCert: string;
  cert: string;
  key: string;
}

function newKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive serial number (high bit clear).
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b.toString('hex');
}

function makeCert(opts: {
  subjectCN: string;
  publicPem: string;
  signerKeyPem: string;
  issuer?: forge.pki.Certificate;
  isCA: boolean;
  hosts?: string[];
  years: number;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(opts.publicPem);
  cert.serialNumber = serial();
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + opts.years);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [{ name: 'commonName', value: opts.subjectCN }];
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: opts.isCA, critical: true }];
  if (opts.isCA) {
    extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true });
  } else {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
    extensions.push({
      name: 'subjectAltName',
      altNames: (opts.hosts ?? []).map((h) => (/^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    });
  }
  extensions.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(opts.signerKeyPem), forge.md.sha256.create());
  return cert;
}

/**
 * A self-signed serving certificate (no CA) for `hosts`, as PEM: the seeded Gateway's default
 * HTTPS certificate. Made once, when the seed creates its Secret.
 */
export function selfSignedCert(commonName: string, hosts: string[], years = 5): { cert: string; key: string } {
  const kp = newKeyPair();
  const cert = makeCert({ subjectCN: commonName, publicPem: kp.publicPem, signerKeyPem: kp.privatePem, isCA: false, hosts, years });
  return { cert: forge.pki.certificateToPem(cert), key: kp.privatePem };
}

/** Loads the CA and serving certificate from `dir`, creating them on first start. */
export function ensureCerts(dir: string, hosts: string[] = ['127.0.0.1', 'localhost']): ServingCerts {
  const caCertPath = path.join(dir, 'ca.crt');
  const caKeyPath = path.join(dir, 'ca.key');
  const certPath = path.join(dir, 'apiserver.crt');
  const keyPath = path.join(dir, 'apiserver.key');
  if (existsSync(caCertPath) && existsSync(certPath) && existsSync(keyPath)) {
    return { caCert: readFileSync(caCertPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  }
  const ca = newKeyPair();
  const caCert = makeCert({ subjectCN: 'portico-devcluster-ca', publicPem: ca.publicPem, signerKeyPem: ca.privatePem, isCA: true, years: 10 });
  const srv = newKeyPair();
  const srvCert = makeCert({ subjectCN: 'portico-devcluster', publicPem: srv.publicPem, signerKeyPem: ca.privatePem, issuer: caCert, isCA: false, hosts, years: 5 });
  const caPem = forge.pki.certificateToPem(caCert);
  const certPem = forge.pki.certificateToPem(srvCert);
  writeFileSync(caKeyPath, ca.privatePem, { mode: 0o600 });
  writeFileSync(keyPath, srv.privatePem, { mode: 0o600 });
  writeFileSync(caCertPath, caPem);
  writeFileSync(certPath, certPem);
  return { caCert: caPem, cert: certPem, key: srv.privatePem };
}
