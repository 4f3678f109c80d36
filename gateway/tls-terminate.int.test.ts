// Integration: TLSRoute terminate mode through the real gateway (dev cluster and gateway as child
// processes). A TLS listener with mode Terminate ends TLS with its own certificate; the TLSRoute's
// backend is a plain TCP server that sees the bytes inside and answers in the clear; the client
// gets the answer over TLS. A listener without a usable certificate is not served and says why.
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { freePort, namespaceYaml, routeConditions, selfSignedCert, serviceYaml, tlsSecretYaml, waitFor, type Condition } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'tlsterm';
let TLS_PORT = 0; // the Gateway listener port (ephemeral, so >= 1024: served as is)
const received: string[] = [];
const cert = selfSignedCert('terminated-here', ['term.tl.test']);

const t = gatewaySuite({
  async prepare({ cluster, onStop }) {
    TLS_PORT = await freePort();
    const port = await freePort();
    // a plain TCP backend: records what arrives, answers with it in upper case, then closes
    const backend = net.createServer({ allowHalfOpen: true }, (s) => {
      let data = '';
      s.on('data', (d) => (data += d));
      s.on('end', () => {
        received.push(data);
        s.end(`backend got: ${data.toUpperCase()}`);
      });
      s.on('error', () => {});
    });
    await new Promise<void>((r) => backend.listen(port, '127.0.51.1', r));
    onStop(() => new Promise<void>((r) => backend.close(() => r())));
    // a TLS backend with its own certificate, behind a passthrough listener on the same port (mixed mode)
    const tlsPort = await freePort();
    const own = tls.createServer({ ...selfSignedCert('backend-own', ['pass.tl.test']), allowHalfOpen: true }, (s) => {
      s.on('error', () => {});
      let data = '';
      s.on('data', (d) => (data += d));
      s.on('end', () => s.end(`passthrough got: ${data}`));
    });
    await new Promise<void>((r) => own.listen(tlsPort, '127.0.52.1', r));
    onStop(() => new Promise<void>((r) => own.close(() => r())));
    cluster.apply(`${namespaceYaml(NS)}---
${serviceYaml(NS, 'plain', [{ address: '127.0.51.1', port }])}---
${serviceYaml(NS, 'own', [{ address: '127.0.52.1', port: tlsPort }])}---
${tlsSecretYaml(NS, 'cert', cert)}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: ${NS}}
spec:
  gatewayClassName: portico
  listeners:
  - {name: term, port: ${TLS_PORT}, protocol: TLS, hostname: term.tl.test, tls: {mode: Terminate, certificateRefs: [{name: cert}]}}
  - {name: nocert, port: ${TLS_PORT}, protocol: TLS, hostname: nocert.tl.test, tls: {mode: Terminate, certificateRefs: [{name: missing}]}}
  - {name: pass, port: ${TLS_PORT}, protocol: TLS, hostname: pass.tl.test, tls: {mode: Passthrough}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: pass, namespace: ${NS}}
spec:
  parentRefs: [{name: edge, sectionName: pass}]
  hostnames: [pass.tl.test]
  rules: [{backendRefs: [{name: own, port: 80}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: {name: term, namespace: ${NS}}
spec:
  parentRefs: [{name: edge, sectionName: term}]
  hostnames: [term.tl.test]
  rules: [{backendRefs: [{name: plain, port: 80}]}]
`);
  },
});

/** TLS client with SNI `servername`: send `msg`, half-close, read to the end. */
function roundTrip(servername: string, msg: string): Promise<{ cn?: string; data: string; error?: string }> {
  return new Promise((resolve) => {
    let data = '';
    let cn: string | undefined;
    const s = tls.connect({ host: '127.0.0.1', port: TLS_PORT, servername, rejectUnauthorized: false });
    const timer = setTimeout(() => s.destroy(new Error('client timeout')), 5_000);
    s.on('secureConnect', () => {
      cn = String(s.getPeerCertificate().subject?.CN);
      s.end(msg);
    });
    s.on('data', (d) => (data += d));
    s.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ cn, data, error: err.code ?? err.message });
    });
    s.on('end', () => {
      clearTimeout(timer);
      resolve({ cn, data });
    });
  });
}

describe('TLSRoute terminate mode', () => {
  it('the gateway terminates TLS with the listener certificate and the backend gets the plaintext', async () => {
    const r = await waitFor(async () => {
      const x = await roundTrip('term.tl.test', 'hello inside tls');
      return x.data.startsWith('backend got') && x;
    }, 'terminated TLS round trip', 60_000, 200);
    expect(r.cn).toBe('terminated-here');
    expect(r.data).toBe('backend got: HELLO INSIDE TLS');
    expect(received.at(-1)).toBe('hello inside tls');
    const conds = await waitFor(() => {
      const c = routeConditions(t.cluster, 'tlsroute', NS, 'term');
      return c.length > 0 && c;
    }, 'TLSRoute status', 30_000, 200);
    expect(conds.find((c) => c.type === 'Accepted')).toMatchObject({ status: 'True' });
  }, 90_000);

  it('mixed mode: a passthrough listener on the same port keeps the TLS end to end (the backend\'s own certificate)', async () => {
    const r = await waitFor(async () => {
      const x = await roundTrip('pass.tl.test', 'through');
      return x.data.startsWith('passthrough got') && x;
    }, 'passthrough round trip', 60_000, 200);
    expect(r.cn).toBe('backend-own');
    expect(r.data).toBe('passthrough got: through');
    // and the terminated host on the same port still terminates at the gateway
    expect((await roundTrip('term.tl.test', 'x')).cn).toBe('terminated-here');
  }, 90_000);

  it('a Terminate listener without a usable certificate: ResolvedRefs=False InvalidCertificateRef, not programmed, nothing served', async () => {
    const listener = () => (JSON.parse(t.cluster.kubectl(['get', 'gateway', 'edge', '-n', NS, '-o', 'json'])).status?.listeners ?? []).find((l: { name: string }) => l.name === 'nocert')?.conditions as Condition[] | undefined;
    const conds = await waitFor(() => listener(), 'nocert listener status', 30_000, 200);
    expect(conds.find((c) => c.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidCertificateRef' });
    expect(conds.find((c) => c.type === 'Programmed')).toMatchObject({ status: 'False' });
    const count = received.length;
    const r = await roundTrip('nocert.tl.test', 'x');
    expect(r.data).toBe('');
    expect(received.length).toBe(count);
  }, 60_000);
});
