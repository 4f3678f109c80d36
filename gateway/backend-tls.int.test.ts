// Integration: BackendTLSPolicy through the real gateway (dev cluster and gateway as child
// processes, an HTTPS backend on a real socket). The gateway connects with TLS, sends the
// policy's hostname as SNI, verifies the chain against the CA bundle from a ConfigMap or Secret
// and the name against the hostname or subjectAltNames; a failed check reaches no backend
// handler (502), a policy without a usable CA answers 500 (never plaintext), and the policy's
// status ancestors carry Accepted/ResolvedRefs with the spec's reasons.
// The gateway runs with the image's --use-openssl-ca (deploy/gateway.Dockerfile), so its kube
// client and every verified backend connection work without node's default store; System trust
// is node's bundled roots plus NODE_EXTRA_CA_CERTS (the CA here), never the OpenSSL store that
// flag brings in (SSL_CERT_FILE, holding the other CA here).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { freePort, gatewayYaml, namespaceYaml, request, serviceYaml, tlsSecretYaml, waitFor, type Condition } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'btls';
const SPIFFE = 'spiffe://cluster.local/ns/btls/sa/app';

interface Pki {
  ca: string;
  otherCa: string;
  cert: string;
  key: string;
  /** a client certificate (CN gateway-client) the same CA signed */
  clientCert: string;
  clientKey: string;
  /** a leaf the other CA signed (DNS secure.backend.test) */
  otherCert: string;
  otherKey: string;
}

/** A CA, a leaf it signed (DNS secure/alt.backend.test, a URI SAN), and an unrelated CA (openssl, P-256). */
function makePki(): Pki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btls-'));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  for (const ca of ['ca', 'other']) {
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f(`${ca}.key`), '-out', f(`${ca}.crt`), '-days', '2', '-subj', `/CN=${ca}-ca`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  }
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('leaf.key'), '-out', f('leaf.csr'), '-subj', '/CN=backend');
  fs.writeFileSync(f('ext'), `subjectAltName=DNS:secure.backend.test,DNS:alt.backend.test,URI:${SPIFFE}\n`);
  ssl('x509', '-req', '-in', f('leaf.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('leaf.crt'), '-days', '2', '-extfile', f('ext'));
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('client.key'), '-out', f('client.csr'), '-subj', '/CN=gateway-client');
  fs.writeFileSync(f('client-ext'), 'extendedKeyUsage=clientAuth\n');
  ssl('x509', '-req', '-in', f('client.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('client.crt'), '-days', '2', '-extfile', f('client-ext'));
  ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', f('oleaf.key'), '-out', f('oleaf.csr'), '-subj', '/CN=other-backend');
  ssl('x509', '-req', '-in', f('oleaf.csr'), '-CA', f('other.crt'), '-CAkey', f('other.key'), '-CAcreateserial', '-out', f('oleaf.crt'), '-days', '2', '-extfile', f('ext'));
  const read = (n: string) => fs.readFileSync(f(n), 'utf8');
  const out = { ca: read('ca.crt'), otherCa: read('other.crt'), cert: read('leaf.crt'), key: read('leaf.key'), clientCert: read('client.crt'), clientKey: read('client.key'), otherCert: read('oleaf.crt'), otherKey: read('oleaf.key') };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

const pki = makePki();
/** The gateway's trust settings: the CA as NODE_EXTRA_CA_CERTS, the other CA as the OpenSSL store. */
const trustDir = fs.mkdtempSync(path.join(os.tmpdir(), 'btls-trust-'));
fs.writeFileSync(path.join(trustDir, 'extra.pem'), pki.ca);
fs.writeFileSync(path.join(trustDir, 'openssl.pem'), pki.otherCa);
/** what the backend with the other CA's certificate saw (must stay empty: System does not trust it) */
const otherSeen: string[] = [];
/** what the HTTPS backend saw: one entry per request (the SNI it was reached with) */
const seen: Array<{ sni: string | undefined; path: string | undefined }> = [];
/** what the backend that requires a client certificate saw: the client certificate's CN per request */
const mtlsSeen: Array<{ cn: string | undefined; path: string | undefined }> = [];
let mtlsHandshakeFailures = 0;

const t = gatewaySuite({
  gatewayEnv: { NODE_OPTIONS: '--use-openssl-ca', NODE_EXTRA_CA_CERTS: path.join(trustDir, 'extra.pem'), SSL_CERT_FILE: path.join(trustDir, 'openssl.pem'), SSL_CERT_DIR: trustDir },
  async prepare({ cluster, onStop }) {
    onStop(() => fs.rmSync(trustDir, { recursive: true, force: true }));
    const port = await freePort();
    const server = https.createServer({ cert: pki.cert, key: pki.key }, (req, res) => {
      seen.push({ sni: (req.socket as tls.TLSSocket).servername || undefined, path: req.url });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ secure: true, path: req.url }));
    });
    await new Promise<void>((r) => server.listen(port, '127.0.71.1', r));
    onStop(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
    const backend = { address: '127.0.71.1', port };
    const mtlsPort = await freePort();
    const mtls = https.createServer({ cert: pki.cert, key: pki.key, ca: pki.ca, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const cn = (req.socket as tls.TLSSocket).getPeerCertificate().subject?.CN;
      mtlsSeen.push({ cn: Array.isArray(cn) ? cn[0] : cn, path: req.url });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ mtls: true, path: req.url }));
    });
    mtls.on('tlsClientError', () => mtlsHandshakeFailures++);
    await new Promise<void>((r) => mtls.listen(mtlsPort, '127.0.72.1', r));
    onStop(() => new Promise<void>((r) => { mtls.closeAllConnections(); mtls.close(() => r()); }));
    const mtlsBackend = { address: '127.0.72.1', port: mtlsPort };
    const otherPort = await freePort();
    const other = https.createServer({ cert: pki.otherCert, key: pki.otherKey }, (req, res) => {
      otherSeen.push(req.url ?? '');
      res.end('other');
    });
    await new Promise<void>((r) => other.listen(otherPort, '127.0.73.1', r));
    onStop(() => new Promise<void>((r) => { other.closeAllConnections(); other.close(() => r()); }));
    const indent = (pem: string) => pem.trim().split('\n').map((l) => `    ${l}`).join('\n');
    cluster.apply(`${namespaceYaml(NS)}---
${gatewayYaml(NS, 'web', ['{name: http, port: 80, protocol: HTTP}'])}---
${['ok', 'sans', 'uri', 'wronghost', 'wrongca', 'secretca', 'noca', 'badkind', 'system'].map((s) => serviceYaml(NS, s, [backend])).join('---\n')}---
${['cc', 'ccbroken', 'ccnone', 'ccsystem'].map((s) => serviceYaml(NS, s, [mtlsBackend])).join('---\n')}---
${serviceYaml(NS, 'systemother', [{ address: '127.0.73.1', port: otherPort }])}---
${tlsSecretYaml(NS, 'client-cert', { cert: pki.clientCert, key: pki.clientKey })}---
apiVersion: v1
kind: ConfigMap
metadata: {name: ca, namespace: ${NS}}
data:
  ca.crt: |
${indent(pki.ca)}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other-ca, namespace: ${NS}}
data:
  ca.crt: |
${indent(pki.otherCa)}
---
apiVersion: v1
kind: Secret
metadata: {name: ca-secret, namespace: ${NS}}
type: Opaque
data:
  ca.crt: ${Buffer.from(pki.ca).toString('base64')}
`);
  },
});

const route = (svc: string, gateway = 'web') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${svc}, namespace: ${NS}}
spec:
  parentRefs: [{name: ${gateway}}]
  hostnames: [${svc}.btls.test]
  rules: [{backendRefs: [{name: ${svc}, port: 80}]}]
`;

const policy = (name: string, svc: string, validation: string, sectionName?: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: ${name}, namespace: ${NS}}
spec:
  targetRefs: [{group: "", kind: Service, name: ${svc}${sectionName ? `, sectionName: ${sectionName}` : ''}}]
  validation: ${validation}
`;

const get = (svc: string, p = '/') => request({ port: t.gw.httpPort, host: `${svc}.btls.test`, path: p });
const cond = (conds: Condition[] | undefined, type: string) => {
  const c = conds?.find((x) => x.type === type);
  return c ? `${c.status}/${c.reason}` : 'missing';
};
const ancestors = (name: string) =>
  (JSON.parse(t.cluster.kubectl(['get', 'backendtlspolicy', name, '-n', NS, '-o', 'json'])).status?.ancestors ?? []) as Array<{ ancestorRef: Record<string, string>; controllerName: string; conditions: Condition[] }>;
/** Waits for the route to be served, then for the answer `ok` accepts. */
const until = (svc: string, ok: (status: number) => boolean, p = '/') =>
  waitFor(async () => {
    const r = await get(svc, p);
    return ok(r.status) && r;
  }, `${svc}.btls.test answering as expected`, 30_000, 200);

describe('BackendTLSPolicy', () => {
  it('originates TLS with the policy hostname as SNI and verifies against the ConfigMap CA; status ancestors say Accepted', async () => {
    t.cluster.apply(`${route('ok')}---\n${policy('ok', 'ok', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], hostname: secure.backend.test}', 'http')}`);
    const r = await until('ok', (s) => s === 200, '/over-tls');
    expect(r.json()).toEqual({ secure: true, path: '/over-tls' });
    expect(seen.at(-1)).toEqual({ sni: 'secure.backend.test', path: '/over-tls' });
    const a = await waitFor(() => {
      const x = ancestors('ok');
      return x.length > 0 && x;
    }, 'policy status', 30_000, 200);
    expect(a).toHaveLength(1);
    expect(a[0].ancestorRef).toMatchObject({ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: NS, name: 'web' });
    expect(a[0].controllerName).toBe('portico.dev/gateway-controller');
    expect([cond(a[0].conditions, 'Accepted'), cond(a[0].conditions, 'ResolvedRefs')]).toEqual(['True/Accepted', 'True/ResolvedRefs']);
  }, 90_000);

  it('subjectAltNames: a Hostname or URI SAN is verified instead of the hostname (which stays the SNI); a CA from a Secret works too', async () => {
    t.cluster.apply(`${route('sans')}---\n${route('uri')}---\n${route('secretca')}---
${policy('sans', 'sans', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], hostname: sni-only.backend.test, subjectAltNames: [{type: Hostname, hostname: alt.backend.test}]}')}---
${policy('uri', 'uri', `{caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], hostname: spiffe.backend.test, subjectAltNames: [{type: URI, uri: "${SPIFFE}"}]}`)}---
${policy('secretca', 'secretca', '{caCertificateRefs: [{group: "", kind: Secret, name: ca-secret}], hostname: secure.backend.test}')}`);
    await until('sans', (s) => s === 200, '/sans');
    expect(seen.at(-1)).toEqual({ sni: 'sni-only.backend.test', path: '/sans' });
    await until('uri', (s) => s === 200, '/uri');
    expect(seen.at(-1)).toEqual({ sni: 'spiffe.backend.test', path: '/uri' });
    await until('secretca', (s) => s === 200, '/secret');
    expect(seen.at(-1)?.path).toBe('/secret');
  }, 90_000);

  it('a name the certificate does not carry, or a CA that did not sign it: 502 and no request reaches the backend', async () => {
    t.cluster.apply(`${route('wronghost')}---\n${route('wrongca')}---\n${policy('wronghost', 'wronghost', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], hostname: not-in-cert.backend.test}')}---
${policy('wrongca', 'wrongca', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: other-ca}], hostname: secure.backend.test}')}`);
    await waitFor(() => ancestors('wronghost').length > 0 && ancestors('wrongca').length > 0, 'policy statuses', 30_000, 200);
    const before = seen.length;
    for (const svc of ['wronghost', 'wrongca']) {
      const r = await get(svc, '/must-not-arrive');
      expect(r.status, svc).toBe(502);
    }
    expect(seen.length).toBe(before);
    expect(seen.some((s) => s.path === '/must-not-arrive')).toBe(false);
  }, 90_000);

  it('wellKnownCACertificates System: node\'s bundled roots and NODE_EXTRA_CA_CERTS are trusted, the OpenSSL store --use-openssl-ca brings is not', async () => {
    t.cluster.apply(`${route('system')}---\n${route('systemother')}---
${policy('system', 'system', '{wellKnownCACertificates: System, hostname: secure.backend.test}')}---
${policy('systemother', 'systemother', '{wellKnownCACertificates: System, hostname: secure.backend.test}')}`);
    // the CA in NODE_EXTRA_CA_CERTS signed this backend's certificate
    const r = await until('system', (s) => s === 200, '/system-trust');
    expect(r.json()).toEqual({ secure: true, path: '/system-trust' });
    expect(seen.at(-1)).toEqual({ sni: 'secure.backend.test', path: '/system-trust' });
    // the CA in SSL_CERT_FILE (OpenSSL's default store under --use-openssl-ca) signed this one's
    await waitFor(() => ancestors('systemother').length > 0, 'systemother policy status', 30_000, 200);
    const o = await get('systemother', '/must-not-arrive');
    expect(o.status).toBe(502);
    expect(otherSeen).toEqual([]);
  }, 90_000);

  it('no usable CA: Accepted=False NoValidCACertificate, ResolvedRefs InvalidCACertificateRef / InvalidKind, requests get 500 (never plaintext)', async () => {
    t.cluster.apply(`${route('noca')}---\n${route('badkind')}---
${policy('noca', 'noca', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: missing}], hostname: secure.backend.test}')}---
${policy('badkind', 'badkind', '{caCertificateRefs: [{group: example.com, kind: Bundle, name: ca}], hostname: secure.backend.test}')}`);
    const before = seen.length;
    const r = await until('noca', (s) => s === 500);
    expect(r.body).toContain('BackendTLSPolicy btls/noca');
    await until('badkind', (s) => s === 500);
    expect(seen.length).toBe(before);
    const noca = await waitFor(() => {
      const x = ancestors('noca');
      return x.length > 0 && x;
    }, 'noca status', 30_000, 200);
    expect([cond(noca[0].conditions, 'Accepted'), cond(noca[0].conditions, 'ResolvedRefs')]).toEqual(['False/NoValidCACertificate', 'False/InvalidCACertificateRef']);
    const bad = await waitFor(() => {
      const x = ancestors('badkind');
      return x.length > 0 && x;
    }, 'badkind status', 30_000, 200);
    expect(cond(bad[0].conditions, 'ResolvedRefs')).toBe('False/InvalidKind');
  }, 90_000);
});

describe('backend client certificates (Gateway spec.tls.backend.clientCertificateRef)', () => {
  const clientGateway = (name: string, secret: string, host = name === 'mtls' ? 'cc' : 'ccbroken') => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${NS}}
spec:
  gatewayClassName: portico
  tls: {backend: {clientCertificateRef: {name: ${secret}}}}
  listeners: [{name: http, port: 80, protocol: HTTP, hostname: "${host}.btls.test"}]
`;
  const gatewayConditions = (name: string) => (JSON.parse(t.cluster.kubectl(['get', 'gateway', name, '-n', NS, '-o', 'json'])).status?.conditions ?? []) as Condition[];
  const validation = '{caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}], hostname: secure.backend.test}';

  it('the Gateway presents its client certificate to a backend that requires one; without one the backend refuses the handshake (503, nothing served)', async () => {
    t.cluster.apply(`${clientGateway('mtls', 'client-cert')}---\n${route('cc', 'mtls')}---\n${route('ccnone')}---
${policy('cc', 'cc', validation)}---\n${policy('ccnone', 'ccnone', validation)}`);
    const r = await until('cc', (s) => s === 200, '/with-identity');
    expect(r.json()).toEqual({ mtls: true, path: '/with-identity' });
    expect(mtlsSeen.at(-1)).toEqual({ cn: 'gateway-client', path: '/with-identity' });
    await waitFor(() => cond(gatewayConditions('mtls'), 'ResolvedRefs') === 'True/ResolvedRefs', 'Gateway mtls ResolvedRefs', 30_000, 200);
    // the same backend through a Gateway without a client certificate: the handshake is refused
    await waitFor(() => ancestors('ccnone').length > 0, 'ccnone policy status', 30_000, 200);
    const failures = mtlsHandshakeFailures;
    const count = mtlsSeen.length;
    const anon = await get('ccnone', '/anonymous');
    // the refused handshake is a connection error: the one endpoint is tried, then none is left (503)
    expect(anon.status).toBe(503);
    expect(anon.body).toContain('no endpoint available');
    expect(mtlsSeen.length).toBe(count);
    expect(mtlsHandshakeFailures).toBeGreaterThan(failures);
  }, 90_000);

  it('System trust with a client certificate: the shared System context carries the Gateway\'s certificate', async () => {
    t.cluster.apply(`${clientGateway('mtlssys', 'client-cert', 'ccsystem')}---\n${route('ccsystem', 'mtlssys')}---
${policy('ccsystem', 'ccsystem', '{wellKnownCACertificates: System, hostname: secure.backend.test}')}`);
    const r = await until('ccsystem', (s) => s === 200, '/system-identity');
    expect(r.json()).toEqual({ mtls: true, path: '/system-identity' });
    expect(mtlsSeen.at(-1)).toEqual({ cn: 'gateway-client', path: '/system-identity' });
  }, 90_000);

  it('a clientCertificateRef that does not resolve: ResolvedRefs=False InvalidClientCertificateRef, and requests fail closed (500)', async () => {
    t.cluster.apply(`${clientGateway('broken', 'no-such-secret')}---\n${route('ccbroken', 'broken')}---\n${policy('ccbroken', 'ccbroken', validation)}`);
    await waitFor(() => cond(gatewayConditions('broken'), 'ResolvedRefs') === 'False/InvalidClientCertificateRef', 'Gateway broken ResolvedRefs', 30_000, 200);
    expect(gatewayConditions('broken').find((c) => c.type === 'ResolvedRefs')!.message).toContain('no-such-secret');
    const count = mtlsSeen.length;
    const failures = mtlsHandshakeFailures;
    const r = await until('ccbroken', (s) => s === 500, '/no-identity');
    expect(r.body).toContain('Gateway btls/broken');
    expect(mtlsSeen.length).toBe(count);
    expect(mtlsHandshakeFailures).toBe(failures);
  }, 90_000);
});
