// Integration: frontend client certificate validation (GEP-91) through the real gateway (dev
// cluster and gateway as child processes, a backend on a real socket, real TLS clients with and
// without client certificates). Only the hostnames of listeners whose Gateway asks for it are
// validated; AllowValidOnly refuses a client without a valid certificate, AllowInsecureFallback
// serves it; an unresolvable CA reference is reported on the listener and fails closed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, namespaceYaml, selfSignedCert, serviceYaml, tlsSecretYaml, waitFor, type Backend, type Condition } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'fmtls';

/** A client CA, a client certificate it signed, and a self-signed client certificate (openssl, P-256). */
function clientPki(): { ca: string; good: { cert: string; key: string }; bad: { cert: string; key: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmtls-'));
  const f = (n: string) => path.join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=client-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  ssl('req', ...ec, '-keyout', f('good.key'), '-out', f('good.csr'), '-subj', '/CN=good-client');
  fs.writeFileSync(f('ext'), 'extendedKeyUsage=clientAuth\n');
  ssl('x509', '-req', '-in', f('good.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('good.crt'), '-days', '2', '-extfile', f('ext'));
  ssl('req', '-x509', ...ec, '-keyout', f('bad.key'), '-out', f('bad.crt'), '-days', '2', '-subj', '/CN=bad-client');
  const read = (n: string) => fs.readFileSync(f(n), 'utf8');
  const out = { ca: read('ca.crt'), good: { cert: read('good.crt'), key: read('good.key') }, bad: { cert: read('bad.crt'), key: read('bad.key') } };
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

const pki = clientPki();
const server = selfSignedCert('fm-server', ['strict.fm.test', 'lenient.fm.test', 'plain.fm.test', 'broken.fm.test']);
let backend: Backend;

const gatewayYaml = (name: string, host: string, frontend?: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${NS}}
spec:
  gatewayClassName: portico${frontend ? `\n  tls: {frontend: {default: {validation: ${frontend}}}}` : ''}
  listeners: [{name: https, port: 443, protocol: HTTPS, hostname: ${host}, tls: {certificateRefs: [{name: server}]}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{name: ${name}}]
  rules: [{backendRefs: [{name: app, port: 80}]}]
`;

const t = gatewaySuite({
  async prepare({ cluster, backend: start }) {
    backend = await start('fm-backend', '127.0.61.1', await freePort());
    cluster.apply(`${namespaceYaml(NS)}---
${serviceYaml(NS, 'app', [backend])}---
${tlsSecretYaml(NS, 'server', server)}---
apiVersion: v1
kind: ConfigMap
metadata: {name: client-ca, namespace: ${NS}}
data:
  ca.crt: |
${pki.ca.trim().split('\n').map((l) => `    ${l}`).join('\n')}
---
${gatewayYaml('strict', 'strict.fm.test', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: client-ca}]}')}---
${gatewayYaml('lenient', 'lenient.fm.test', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: client-ca}], mode: AllowInsecureFallback}')}---
${gatewayYaml('plain', 'plain.fm.test')}---
${gatewayYaml('broken', 'broken.fm.test', '{caCertificateRefs: [{group: "", kind: ConfigMap, name: no-such-ca}]}')}`);
  },
});

/** GET over TLS with SNI = Host = `host`, optionally with a client certificate: the status, or the error code. */
function get(host: string, client?: { cert: string; key: string }): Promise<number | string> {
  return new Promise((resolve) => {
    const req = https.request({ host: '127.0.0.1', port: t.gw.httpsPort, path: '/', servername: host, headers: { host }, rejectUnauthorized: false, agent: false, ...(client ?? {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

describe('frontend client certificate validation (Gateway spec.tls.frontend)', () => {
  it('AllowValidOnly: a client certificate from the CA is served; none or a self-signed one is refused and reaches no backend', async () => {
    await waitFor(async () => (await get('strict.fm.test', pki.good)) === 200, 'strict host with a valid client certificate', 60_000, 200);
    const hits = backend.hits;
    const none = await get('strict.fm.test');
    const bad = await get('strict.fm.test', pki.bad);
    expect(typeof none, String(none)).toBe('string');
    expect(typeof bad, String(bad)).toBe('string');
    expect(backend.hits).toBe(hits);
  }, 90_000);

  it('AllowInsecureFallback serves clients with no or an invalid certificate; a Gateway without validation asks for none', async () => {
    await waitFor(async () => (await get('lenient.fm.test')) === 200, 'lenient host without a client certificate', 60_000, 200);
    expect(await get('lenient.fm.test', pki.bad)).toBe(200);
    expect(await get('lenient.fm.test', pki.good)).toBe(200);
    expect(await waitFor(async () => (await get('plain.fm.test')) === 200 && 200, 'plain host', 30_000, 200)).toBe(200);
  }, 90_000);

  it('a request for a validating host on a connection made for another name gets 421 (HTTP/1.1 Host, no validation bypass)', async () => {
    const hits = backend.hits;
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: t.gw.httpsPort, path: '/', servername: 'plain.fm.test', headers: { host: 'strict.fm.test' }, rejectUnauthorized: false, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(r.status).toBe(421);
    expect(r.body).toContain('misdirected');
    expect(backend.hits).toBe(hits);
    // the other way round is fine: a validated connection may ask for a host that validates nothing
    expect(await new Promise<number>((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: t.gw.httpsPort, path: '/', servername: 'strict.fm.test', headers: { host: 'plain.fm.test' }, rejectUnauthorized: false, agent: false, ...pki.good }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    })).toBe(200);
  }, 60_000);

  it('a CA reference that does not resolve: the listener says ResolvedRefs=False InvalidCACertificateRef and every client is refused', async () => {
    const listener = () => (JSON.parse(t.cluster.kubectl(['get', 'gateway', 'broken', '-n', NS, '-o', 'json'])).status?.listeners?.[0]?.conditions ?? []) as Condition[];
    const c = await waitFor(() => listener().find((x) => x.type === 'ResolvedRefs' && x.status === 'False'), 'broken listener ResolvedRefs', 30_000, 200);
    expect(c.reason).toBe('InvalidCACertificateRef');
    expect(c.message).toContain('no-such-ca');
    const hits = backend.hits;
    expect(typeof (await get('broken.fm.test', pki.good))).toBe('string');
    expect(typeof (await get('broken.fm.test'))).toBe('string');
    expect(backend.hits).toBe(hits);
  }, 90_000);
});
