// Integration: HTTP/2 and gRPC bodies through the real gateway, whatever framing the client used
// (DATA frames without Content-Length, chunked HTTP/1.1, trailers both ways), on h2c (HTTP
// listener, prior knowledge) and h2 over TLS (HTTPS listener, certificate from a Secret), to a
// real gRPC server (grpcio, C-core), to an HTTP/1.1 upstream and to an h2c upstream. Every test
// asserts what the backend received: the exact bytes (or their hash) and the trailer fields.
//
// gRPC client and server: python3-grpcio (testing/grpc_peer.py), not @grpc/grpc-js:
// no new dependency, and an HTTP/2 stack (nghttp2-free C-core) that shares nothing with node's,
// so a framing mistake in the gateway cannot be hidden by the same library on both sides.
// Backends listen on pod-like addresses: the top of the dev cluster node's pod CIDR (.250-.253
// of its last /24; the cluster hands pod IPs out from the bottom), so an upstream address policy
// that allows the pod range and refuses other loopback addresses lets them through.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { gatewayYaml, namespaceYaml, tlsSecretYaml, waitFor } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'grpc-bodies';
const HOSTS = ['grpc.example.com', 'grpc-ing.example.com', 'h1.example.com', 'h2.example.com', 'h1tls.example.com'];
const PEER = path.join(path.dirname(fileURLToPath(import.meta.url)), '../testing/grpc_peer.py');
const tmp = mkdtempSync(path.join(tmpdir(), 'portico-grpc-test-'));
/** the CA the python client trusts */
const certFile = path.join(tmp, 'ca.pem');
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A CA and a server certificate it signed (2048-bit keys: grpc's OpenSSL refuses the 1024-bit
 * self-signed ones of harness.selfSignedCert as a trust anchor). */
function caSignedCert(hosts: string[]): { ca: string; cert: string; key: string } {
  const rsa = () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    return { privateKey: forge.pki.privateKeyFromPem(privateKey), publicKey: forge.pki.publicKeyFromPem(publicKey), pem: privateKey };
  };
  const make = (cn: string, serial: string, publicKey: forge.pki.PublicKey, extensions: object[]) => {
    const c = forge.pki.createCertificate();
    c.publicKey = publicKey;
    c.serialNumber = serial;
    c.validity.notBefore = new Date(Date.now() - 60_000);
    c.validity.notAfter = new Date(Date.now() + 86_400_000);
    c.setSubject([{ name: 'commonName', value: cn }]);
    c.setIssuer([{ name: 'commonName', value: 'portico test CA' }]);
    c.setExtensions(extensions);
    return c;
  };
  const caKey = rsa();
  const ca = make('portico test CA', '01', caKey.publicKey, [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true }]);
  ca.sign(caKey.privateKey, forge.md.sha256.create());
  const leafKey = rsa();
  const leaf = make(hosts[0], '02', leafKey.publicKey, [{ name: 'basicConstraints', cA: false }, { name: 'extKeyUsage', serverAuth: true }, { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2, value })) }]);
  leaf.sign(caKey.privateKey, forge.md.sha256.create());
  return { ca: forge.pki.certificateToPem(ca), cert: forge.pki.certificateToPem(leaf), key: leafKey.pem };
}

// --- backends ------------------------------------------------------------------------------

interface GrpcRecord {
  method: string;
  metadata: Array<[string, string]>;
  count: number;
  lengths: number[];
  length: number;
  sha256: string;
  hex: string | null;
}

/** The python gRPC server: one record per call, as the server saw it. */
function startGrpcServer(address: string): Promise<{ port: number; calls: GrpcRecord[]; child: ChildProcess }> {
  const child = spawn('/usr/bin/python3', [PEER, 'server', address], { stdio: ['pipe', 'pipe', 'pipe'] });
  const calls: GrpcRecord[] = [];
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`grpc server did not start: ${err}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`grpc server exited ${code}: ${err}`)));
    child.stdout.on('data', (d) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^listening (\d+)$/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ port: Number(m[1]), calls, child });
        } else if (line.startsWith('{')) calls.push(JSON.parse(line) as GrpcRecord);
      }
    });
  });
}

interface CallSpec {
  method: 'Unary' | 'Upload' | 'Fail';
  messages: Buffer[];
  metadata?: Array<[string, string]>;
}
interface CallResult {
  code: string;
  details: string;
  response: string | null;
  trailers: Array<[string, string]>;
}

/** Calls through the gateway with the python gRPC client (one channel for all of `specs`). */
function grpcCalls(port: number, authority: string, tls: boolean, specs: CallSpec[]): Promise<CallResult[]> {
  const child = spawn('/usr/bin/python3', [PEER, 'client', `127.0.0.1:${port}`, authority, tls ? certFile : '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.stdin.end(specs.map((s) => JSON.stringify({ method: s.method, messages: s.messages.map((m) => m.toString('hex')), metadata: s.metadata ?? [] })).join('\n') + '\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = out.split('\n').filter((l) => l.startsWith('{'));
      if (code !== 0 || lines.length !== specs.length) reject(new Error(`grpc client exited ${code}: ${err}${out}`));
      else resolve(lines.map((l) => JSON.parse(l) as CallResult));
    });
  });
}

interface BodyRecord {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  trailers: string[];
}

/** node:http (HTTP/1.1; over TLS with `tls`) backend: records each request as it arrived;
 * answers with a chunked body and a trailer. */
function startH1Recorder(address: string, tls?: { cert: string; key: string }): Promise<{ port: number; seen: BodyRecord[]; server: http.Server }> {
  const seen: BodyRecord[] = [];
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, trailers: req.rawTrailers });
      res.writeHead(200, { 'content-type': 'text/plain', trailer: 'x-body-sha256' });
      res.write(`got ${body.length} bytes`);
      res.addTrailers({ 'x-body-sha256': sha256(body) });
      res.end();
    });
  };
  const server = tls ? https.createServer(tls, onRequest) : http.createServer(onRequest);
  return new Promise((resolve) => server.listen(0, address, () => resolve({ port: (server.address() as net.AddressInfo).port, seen, server })));
}

/** node:http2 h2c backend: records each request with its trailers; answers with trailers. */
function startH2Recorder(address: string): Promise<{ port: number; seen: BodyRecord[]; server: http2.Http2Server }> {
  const seen: BodyRecord[] = [];
  const server = http2.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method, url: req.url, headers: req.headers, body, trailers: req.rawTrailers });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.addTrailers({ 'x-body-sha256': sha256(body) });
      res.end(`got ${body.length} bytes`);
    });
  });
  return new Promise((resolve) => server.listen(0, address, () => resolve({ port: (server.address() as net.AddressInfo).port, seen, server })));
}

// --- the stack -----------------------------------------------------------------------------

let grpcServer: Awaited<ReturnType<typeof startGrpcServer>>;
let h1: Awaited<ReturnType<typeof startH1Recorder>>;
let h2: Awaited<ReturnType<typeof startH2Recorder>>;
let h1tls: Awaited<ReturnType<typeof startH1Recorder>>;

const service = (name: string, address: string, port: number, appProtocol?: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${NS}}
spec:
  ports: [{name: main, port: 80, targetPort: ${port}${appProtocol ? `, appProtocol: ${appProtocol}` : ''}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-manual, namespace: ${NS}, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
endpoints: [{addresses: ["${address}"], conditions: {ready: true}}]
ports: [{name: main, port: ${port}, protocol: TCP}]
`;

/** Addresses at the top of the node's pod CIDR (e.g. 127.34.176.0/20 -> 127.34.191.250...). */
function podAddresses(podCIDR: string, n: number): string[] {
  const [ip, bits] = podCIDR.split('/');
  const size = 2 ** (32 - Number(bits));
  const base = Math.floor(ip.split('.').reduce((a, p) => a * 256 + Number(p), 0) / size) * size;
  return Array.from({ length: n }, (_, i) => {
    const x = base + size - 6 + i; // .250 ...
    return [24, 16, 8, 0].map((sh) => Math.floor(x / 2 ** sh) % 256).join('.');
  });
}

const t = gatewaySuite({
  async prepare({ cluster, onStop }) {
    const cidr = await waitFor(() => cluster.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].spec.podCIDR}']).trim(), 'node podCIDR');
    const [grpcAddr, h1Addr, h2Addr, tlsAddr] = podAddresses(cidr, 4);
    grpcServer = await startGrpcServer(grpcAddr);
    onStop(() => grpcServer.child.kill());
    h1 = await startH1Recorder(h1Addr);
    onStop(() => new Promise((r) => h1.server.close(r)));
    h2 = await startH2Recorder(h2Addr);
    onStop(() => new Promise((r) => h2.server.close(r)));
    const { ca, cert, key } = caSignedCert(HOSTS);
    writeFileSync(certFile, ca);
    h1tls = await startH1Recorder(tlsAddr, { cert, key });
    onStop(() => new Promise((r) => h1tls.server.close(r)));
    // The HTTPS listener names its hosts: the seeded shared Gateway's hostname-less HTTPS listener
    // holds the default (no-SNI-match) certificate, and this CA's clients must get bodies-cert.
    cluster.apply(`${namespaceYaml(NS)}---
${tlsSecretYaml(NS, 'bodies-cert', { cert, key })}---
${gatewayYaml(NS, 'bodies', ['{name: http, port: 80, protocol: HTTP}', '{name: https, port: 443, protocol: HTTPS, hostname: "*.example.com", tls: {mode: Terminate, certificateRefs: [{name: bodies-cert}]}}'])}---
${service('svc-grpc', grpcAddr, grpcServer.port)}---
${service('svc-h1', h1Addr, h1.port)}---
${service('svc-h2', h2Addr, h2.port, 'kubernetes.io/h2c')}---
${service('svc-h1tls', tlsAddr, h1tls.port, 'https')}---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: echo, namespace: ${NS}}
spec:
  parentRefs: [{name: bodies}]
  hostnames: [grpc.example.com]
  rules:
  - matches: [{method: {service: portico.test.Echo}}]
    backendRefs: [{name: svc-grpc, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: plain, namespace: ${NS}}
spec:
  parentRefs: [{name: bodies}]
  hostnames: [h1.example.com]
  rules:
  - backendRefs: [{name: svc-h1, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: h2c, namespace: ${NS}}
spec:
  parentRefs: [{name: bodies}]
  hostnames: [h2.example.com]
  rules:
  - backendRefs: [{name: svc-h2, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: tls-upstream, namespace: ${NS}}
spec:
  parentRefs: [{name: bodies}]
  hostnames: [h1tls.example.com]
  rules:
  - backendRefs: [{name: svc-h1tls, port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: grpc-ing
  namespace: ${NS}
  annotations: {nginx.ingress.kubernetes.io/backend-protocol: GRPC, nginx.ingress.kubernetes.io/ssl-redirect: "false"}
spec:
  ingressClassName: portico
  tls: [{hosts: [grpc-ing.example.com], secretName: bodies-cert}]
  rules:
  - host: grpc-ing.example.com
    http:
      paths: [{path: /portico.test.Echo, pathType: Prefix, backend: {service: {name: svc-grpc, port: {number: 80}}}}]
`);
  },
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// --- clients -------------------------------------------------------------------------------

const listeners = [
  { name: 'h2c (HTTP listener)', tls: false, port: () => t.gw.httpPort },
  { name: 'h2 over TLS (HTTPS listener)', tls: true, port: () => t.gw.httpsPort },
] as const;

/** A message with every byte value, zeros and 0xff included. */
const pattern = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

let callSeq = 0;
const callId = () => `call-${process.pid}-${++callSeq}`;
const recordOf = (id: string) => grpcServer.calls.find((c) => c.metadata.some(([k, v]) => k === 'x-call-id' && v === id));

/** Retries the first call until the route is programmed (the API write -> serving gap). */
async function routed(port: number, authority: string, tls: boolean): Promise<void> {
  await waitFor(
    async () => {
      const [r] = await grpcCalls(port, authority, tls, [{ method: 'Unary', messages: [Buffer.from('ping')] }]);
      if (r.code !== 'OK') throw new Error(`${r.code}: ${r.details}`);
      return true;
    },
    `gRPC via ${authority}`,
    30_000,
    200,
  );
}

interface H2Answer {
  status: number;
  headers: http2.IncomingHttpHeaders;
  body: Buffer;
  trailers: http2.IncomingHttpHeaders;
}

/** One HTTP/2 request: `chunks` as separate DATA frames, no Content-Length unless given, optional trailers. */
function h2Request(o: { tls: boolean; port: number; authority: string; method: string; path: string; chunks?: Buffer[]; trailers?: Record<string, string>; headers?: Record<string, string> }): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const c = o.tls ? http2.connect(`https://127.0.0.1:${o.port}`, { servername: o.authority, rejectUnauthorized: false }) : http2.connect(`http://127.0.0.1:${o.port}`);
    c.on('error', reject);
    const hasBody = o.chunks !== undefined;
    const st = c.request({ ':method': o.method, ':path': o.path, ':authority': o.authority, ...o.headers }, { endStream: !hasBody, waitForTrailers: o.trailers !== undefined });
    if (o.trailers) st.once('wantTrailers', () => st.sendTrailers(o.trailers!));
    let status = 0;
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const body: Buffer[] = [];
    st.on('response', (h) => {
      headers = h;
      status = Number(h[':status']);
    });
    st.on('trailers', (h) => (trailers = h));
    st.on('data', (d: Buffer) => body.push(d));
    st.on('end', () => {
      c.close();
      resolve({ status, headers, body: Buffer.concat(body), trailers });
    });
    st.on('error', reject);
    st.setTimeout(20_000, () => st.destroy(new Error('h2 request timeout')));
    if (hasBody) {
      // one DATA frame per write, spread over ticks so the gateway sees them arrive separately
      const chunks = [...o.chunks!];
      const next = () => {
        const x = chunks.shift();
        if (x === undefined) st.end();
        else st.write(x, () => setImmediate(next));
      };
      next();
    }
  });
}

/** A raw HTTP/1.1 chunked request with a trailer section; resolves with the raw answer. */
function h1Chunked(port: number, host: string, chunks: Buffer[], trailers: Array<[string, string]>): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    const out: Buffer[] = [];
    s.on('data', (d) => out.push(d));
    s.on('end', () => resolve(Buffer.concat(out).toString('latin1')));
    s.on('error', reject);
    s.setTimeout(20_000, () => s.destroy(new Error('h1 request timeout')));
    s.write(`POST /chunked HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\nTrailer: ${trailers.map(([k]) => k).join(', ')}\r\nConnection: close\r\n\r\n`);
    for (const c of chunks) s.write(Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]));
    s.write(`0\r\n${trailers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
  });
}

// --- tests ---------------------------------------------------------------------------------

describe('gRPC through a GRPCRoute (python grpcio client and server)', () => {
  for (const l of listeners) {
    it(`unary over ${l.name}: the server gets the exact request bytes, the client the response and trailing metadata`, { timeout: 90_000 }, async () => {
      await routed(l.port(), 'grpc.example.com', l.tls);
      const msg = pattern(3000, l.tls ? 7 : 3);
      const [ok, failed] = [callId(), callId()];
      const [r, f] = await grpcCalls(l.port(), 'grpc.example.com', l.tls, [
        { method: 'Unary', messages: [msg], metadata: [['x-call-id', ok], ['x-tenant', 'acme']] },
        { method: 'Fail', messages: [Buffer.from('no entry')], metadata: [['x-call-id', failed]] },
      ]);
      const seen = recordOf(ok);
      expect(seen?.hex).toBe(msg.toString('hex'));
      expect(seen?.count).toBe(1);
      expect(seen?.metadata).toContainEqual(['x-tenant', 'acme']);
      expect(r.code).toBe('OK');
      expect(r.response).toBe(Buffer.concat([Buffer.from('echo:'), msg]).toString('hex'));
      expect(r.trailers).toContainEqual(['x-received-sha256', sha256(msg)]);
      expect(r.trailers).toContainEqual(['x-received-length', '3000']);
      // grpc-status / grpc-message of a failed call reach the client
      expect(recordOf(failed)?.hex).toBe(Buffer.from('no entry').toString('hex'));
      expect(f.code).toBe('FAILED_PRECONDITION');
      expect(f.details).toBe('refused: no entry');
    });

    it(`client-streaming upload over ${l.name}: every message and byte arrives (hash)`, { timeout: 90_000 }, async () => {
      await routed(l.port(), 'grpc.example.com', l.tls);
      const messages = Array.from({ length: 160 }, (_, i) => pattern(1024 + ((i * 977) % 3072), i));
      const joined = Buffer.concat(messages);
      expect(joined.length).toBeGreaterThan(300 * 1024);
      const id = callId();
      const [r] = await grpcCalls(l.port(), 'grpc.example.com', l.tls, [{ method: 'Upload', messages, metadata: [['x-call-id', id]] }]);
      const seen = recordOf(id);
      expect(seen?.count).toBe(160);
      expect(seen?.lengths).toEqual(messages.map((m) => m.length));
      expect(seen?.length).toBe(joined.length);
      expect(seen?.sha256).toBe(sha256(joined));
      expect(r.code).toBe('OK');
      expect(Buffer.from(r.response ?? '', 'hex').toString()).toBe(sha256(joined));
      expect(r.trailers).toContainEqual(['x-received-count', '160']);
    });
  }
});

describe('gRPC through an Ingress with backend-protocol: GRPC', () => {
  for (const l of listeners) {
    it(`unary and a failing call over ${l.name}`, { timeout: 90_000 }, async () => {
      await routed(l.port(), 'grpc-ing.example.com', l.tls);
      const msg = pattern(777, 11);
      const [ok, failed] = [callId(), callId()];
      const [r, f] = await grpcCalls(l.port(), 'grpc-ing.example.com', l.tls, [
        { method: 'Unary', messages: [msg], metadata: [['x-call-id', ok]] },
        { method: 'Fail', messages: [Buffer.from('ingress')], metadata: [['x-call-id', failed]] },
      ]);
      expect(recordOf(ok)?.hex).toBe(msg.toString('hex'));
      expect(r.code).toBe('OK');
      expect(r.response).toBe(Buffer.concat([Buffer.from('echo:'), msg]).toString('hex'));
      expect(r.trailers).toContainEqual(['x-received-sha256', sha256(msg)]);
      expect(f.code).toBe('FAILED_PRECONDITION');
      expect(f.details).toBe('refused: ingress');
    });
  }
});

describe('HTTP/2 request bodies to an HTTP/1.1 upstream', { timeout: 60_000 }, () => {
  for (const l of listeners) {
    it(`POST over ${l.name} without Content-Length: the upstream gets every byte chunked, with the request trailers; the client gets the response trailers`, async () => {
      await waitFor(async () => (await h2Request({ tls: l.tls, port: l.port(), authority: 'h1.example.com', method: 'GET', path: '/ready' })).status === 200, 'HTTPRoute h1.example.com', 30_000, 100);
      const chunks = Array.from({ length: 12 }, (_, i) => pattern(25_000 + i, i));
      const body = Buffer.concat(chunks);
      const path = `/upload-${callId()}`;
      const r = await h2Request({ tls: l.tls, port: l.port(), authority: 'h1.example.com', method: 'POST', path, chunks, trailers: { 'x-checksum': sha256(body) } });
      const seen = h1.seen.find((s) => s.url === path);
      expect(seen?.method).toBe('POST');
      expect(seen?.headers['content-length']).toBeUndefined();
      expect(seen?.headers['transfer-encoding']).toBe('chunked');
      expect(seen?.body.length).toBe(body.length);
      expect(seen?.body.equals(body)).toBe(true);
      expect(seen?.trailers).toEqual(['x-checksum', sha256(body)]);
      expect(r.status).toBe(200);
      expect(r.body.toString()).toBe(`got ${body.length} bytes`);
      expect(r.trailers['x-body-sha256']).toBe(sha256(body));
    });

    it(`over ${l.name}: a declared Content-Length is kept; a GET with END_STREAM on HEADERS sends no body`, async () => {
      const body = pattern(5000, 5);
      const path = `/sized-${callId()}`;
      await h2Request({ tls: l.tls, port: l.port(), authority: 'h1.example.com', method: 'PUT', path, chunks: [body.subarray(0, 100), body.subarray(100)], headers: { 'content-length': String(body.length) } });
      const sized = h1.seen.find((s) => s.url === path);
      expect(sized?.headers['content-length']).toBe('5000');
      expect(sized?.headers['transfer-encoding']).toBeUndefined();
      expect(sized?.body.equals(body)).toBe(true);
      const getPath = `/get-${callId()}`;
      expect((await h2Request({ tls: l.tls, port: l.port(), authority: 'h1.example.com', method: 'GET', path: getPath })).status).toBe(200);
      const get = h1.seen.find((s) => s.url === getPath);
      expect(get?.headers['transfer-encoding']).toBeUndefined();
      expect(get?.headers['content-length']).toBeUndefined();
      expect(get?.body.length).toBe(0);
    });
  }

  it('POST over h2 without Content-Length to a TLS upstream (undici): every byte arrives chunked; request trailers are dropped (undici cannot send them), response trailers pass', async () => {
    await waitFor(async () => (await h2Request({ tls: false, port: t.gw.httpPort, authority: 'h1tls.example.com', method: 'GET', path: '/ready' })).status === 200, 'HTTPRoute h1tls.example.com', 30_000, 100);
    const chunks = Array.from({ length: 6 }, (_, i) => pattern(33_333, i + 50));
    const body = Buffer.concat(chunks);
    const path = `/tls-${callId()}`;
    const r = await h2Request({ tls: false, port: t.gw.httpPort, authority: 'h1tls.example.com', method: 'POST', path, chunks, trailers: { 'x-checksum': sha256(body) } });
    const seen = h1tls.seen.find((s) => s.url === path);
    expect(seen?.headers['transfer-encoding']).toBe('chunked');
    expect(seen?.body.equals(body)).toBe(true);
    expect(seen?.trailers).toEqual([]);
    expect(r.body.toString()).toBe(`got ${body.length} bytes`);
    expect(r.trailers['x-body-sha256']).toBe(sha256(body));
  });

  it('a body without Content-Length over the Ingress body limit (1 MiB) gets 413', async () => {
    await routed(t.gw.httpPort, 'grpc-ing.example.com', false);
    const chunks = Array.from({ length: 20 }, (_, i) => pattern(64 * 1024, i));
    const r = await h2Request({ tls: false, port: t.gw.httpPort, authority: 'grpc-ing.example.com', method: 'POST', path: '/portico.test.Echo/Upload', chunks, headers: { 'content-type': 'application/grpc' } }).catch((err: Error) => err);
    expect(r instanceof Error ? r.message : r.status).toBe(413);
  });

  it('an HTTP/1.1 chunked request with trailers still arrives whole, trailers included', async () => {
    const chunks = [Buffer.from('first,'), pattern(70_000, 9), Buffer.from(',last')];
    const body = Buffer.concat(chunks);
    const raw = await h1Chunked(t.gw.httpPort, 'h1.example.com', chunks, [['x-checksum', sha256(body)]]);
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).toContain(`x-body-sha256: ${sha256(body)}`); // the upstream's response trailer, passed on
    const seen = h1.seen.filter((s) => s.url === '/chunked').at(-1);
    expect(seen?.headers['transfer-encoding']).toBe('chunked');
    expect(seen?.body.equals(body)).toBe(true);
    expect(seen?.trailers).toEqual(['x-checksum', sha256(body)]);
  });
});

describe('request bodies and trailers to an h2c upstream (appProtocol kubernetes.io/h2c)', { timeout: 60_000 }, () => {
  for (const l of listeners) {
    it(`POST over ${l.name} without Content-Length: DATA frames and request trailers reach the upstream`, async () => {
      await waitFor(async () => (await h2Request({ tls: l.tls, port: l.port(), authority: 'h2.example.com', method: 'GET', path: '/ready' })).status === 200, 'HTTPRoute h2.example.com', 30_000, 100);
      const chunks = Array.from({ length: 8 }, (_, i) => pattern(40_000 - i, i + 100));
      const body = Buffer.concat(chunks);
      const path = `/h2-${callId()}`;
      const r = await h2Request({ tls: l.tls, port: l.port(), authority: 'h2.example.com', method: 'POST', path, chunks, trailers: { 'x-checksum': sha256(body), 'x-parts': '8' } });
      const seen = h2.seen.find((s) => s.url === path);
      expect(seen?.headers['content-length']).toBeUndefined();
      expect(seen?.body.equals(body)).toBe(true);
      expect(seen?.trailers).toEqual(['x-checksum', sha256(body), 'x-parts', '8']);
      expect(r.body.toString()).toBe(`got ${body.length} bytes`);
      expect(r.trailers['x-body-sha256']).toBe(sha256(body));
    });
  }

  it('an HTTP/1.1 chunked request with trailers: body and trailers reach the h2c upstream', async () => {
    const chunks = [pattern(30_000, 1), pattern(12_345, 2)];
    const body = Buffer.concat(chunks);
    const raw = await h1Chunked(t.gw.httpPort, 'h2.example.com', chunks, [['x-checksum', sha256(body)]]);
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).toContain(`x-body-sha256: ${sha256(body)}`);
    const seen = h2.seen.filter((s) => s.url === '/chunked').at(-1);
    expect(seen?.body.equals(body)).toBe(true);
    expect(seen?.trailers).toEqual(['x-checksum', sha256(body)]);
  });
});
