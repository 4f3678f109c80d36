// Integration (issue 13): Ingress host ownership across namespaces with real dev-cluster echo
// pods, the gateway over sockets, and the Event read back through the API. Namespace own-a
// serves shop.example.com "/"; own-b later adds "/login" (and TLS) for the same host.
import { describe, expect, it } from 'vitest';
import https from 'node:https';
import tls from 'node:tls';
import { request, selfSignedCert, tlsSecretYaml, startGateway, waitFor, waitForAnswer, type Answer } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const A = 'own-a';
const B = 'own-b';
const HOST = 'shop.example.com';

/** Namespace + echo Deployment + Service `web` (port 80 -> the pods' "http" 8080). */
const echoApp = (ns: string) => `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: portico/echo:1, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
`;

const ingress = (ns: string, name: string, rules: Array<[string, string]>, tlsSpec = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: ${ns}}
spec:
  ingressClassName: portico${tlsSpec}
  rules:
${rules.map(([host, path]) => `  - host: ${host}\n    http:\n      paths: [{path: ${path}, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]`).join('\n')}
`;


const t = gatewaySuite({
  prepare({ cluster }) {
    cluster.apply(`${echoApp(A)}---\n${echoApp(B)}`);
  },
});

const ns = (r: Answer): string | undefined => (r.status === 200 ? r.json().namespace : undefined);
const get = (port: number, host: string, path: string) => request({ port, host, path });

/** GET over TLS with SNI = Host = `host` (the certificates are self-signed). */
function httpsGet(port: number, host: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path, servername: host, headers: { host }, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The common name of the certificate the HTTPS listener presents for `servername`. */
function certCn(port: number, servername: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, rejectUnauthorized: false }, () => {
      const cn = s.getPeerCertificate().subject?.CN;
      s.destroy();
      resolve(Array.isArray(cn) ? cn[0] : cn);
    });
    s.on('error', reject);
  });
}

interface KubeEvent {
  reason: string;
  message: string;
  type: string;
  involvedObject: { kind: string; name: string; namespace: string };
}
const eventsOf = (namespace: string, name: string): KubeEvent[] =>
  (JSON.parse(t.cluster.kubectl(['get', 'events', '-n', namespace, '-o', 'json'])).items as KubeEvent[]).filter((e) => e.involvedObject.kind === 'Ingress' && e.involvedObject.name === name);

describe('Ingress host ownership across namespaces', () => {
  it("namespace B's later Ingress for A's host gets no traffic, no certificate for it, and an Event naming host and owner", async () => {
    t.cluster.apply(ingress(A, 'shop', [[HOST, '/']]));
    await waitForAnswer({ port: t.gw.httpPort, host: HOST, path: '/login' }, (r) => ns(r) === A, 'A serving shop.example.com', 60_000, 200);

    // B: /login on A's host (and TLS for it), plus a host of its own that must keep working.
    const certB = selfSignedCert('cert-of-b', [HOST, 'b.example.com']);
    t.cluster.apply(`${tlsSecretYaml(B, 'cert', certB)}---\n${ingress(B, 'login', [[HOST, '/login'], ['b.example.com', '/']], `\n  tls:\n  - hosts: [${HOST}, b.example.com]\n    secretName: cert`)}`);
    await waitForAnswer({ port: t.gw.httpPort, host: 'b.example.com', path: '/' }, (r) => r.status === 308, 'B serving its own host (ssl-redirect)', 60_000, 200);
    expect(ns(await waitFor(async () => { const r = await httpsGet(t.gw.httpsPort, 'b.example.com', '/'); return r.status === 200 && r; }, 'B over https', 60_000, 200))).toBe(B);
    // B's Ingress is compiled (its own host answers): A's host still goes to A, on every path.
    for (const path of ['/login', '/login/form', '/']) {
      const r = await get(t.gw.httpPort, HOST, path);
      expect([r.status, ns(r)]).toEqual([200, A]);
    }
    // B's certificate serves B's own host. (For A's host, while A has no TLS, no certificate is
    // registered; the listener's fallback, the first certificate by key, is then presented.)
    expect(await certCn(t.gw.httpsPort, 'b.example.com')).toBe('cert-of-b');

    const ev = await waitFor(() => eventsOf(B, 'login').find((e) => e.reason === 'HostClaimedByOtherNamespace' && e.message.startsWith('spec.rules[0].host')), 'the HostClaimedByOtherNamespace Event on own-b/login', 30_000, 200);
    expect(ev.type).toBe('Warning');
    expect(ev.message).toContain(`host "${HOST}" belongs to namespace "${A}"`);
    expect(eventsOf(B, 'login').map((e) => e.message)).toContainEqual(expect.stringMatching(/^spec\.tls\[0\]\.hosts\[0\]: host "shop\.example\.com" belongs to namespace "own-a".*TLS certificate is not used/));

    // A adds TLS for its host later, in a second Ingress (younger than B's): A's certificate is
    // the one served, although B claimed the host for TLS earlier.
    await new Promise((r) => setTimeout(r, 1100)); // creationTimestamp has whole seconds
    const certA = selfSignedCert('cert-of-a', [HOST]);
    t.cluster.apply(`${tlsSecretYaml(A, 'cert', certA)}---\n${ingress(A, 'shop-tls', [[HOST, '/tls-only']], `\n  tls:\n  - hosts: [${HOST}]\n    secretName: cert`)}`);
    await waitFor(async () => (await certCn(t.gw.httpsPort, HOST)) === 'cert-of-a', 'A certificate for shop.example.com', 30_000, 200);
  }, 120_000);

  it('when the owner namespace deletes its Ingresses, the next namespace takes the host over', async () => {
    t.cluster.kubectl(['delete', 'ingress', 'shop', 'shop-tls', '-n', A]);
    const r = await waitForAnswer({ port: t.gw.httpPort, host: HOST, path: '/login' }, (x) => ns(x) === B || x.status === 308, 'B serving shop.example.com/login', 30_000, 200);
    expect(r.status).toBe(308); // B's own TLS on that host now applies (ssl-redirect)
    expect(ns(await httpsGet(t.gw.httpsPort, HOST, '/login'))).toBe(B);
    expect(await certCn(t.gw.httpsPort, HOST)).toBe('cert-of-b');
    expect((await get(t.gw.httpPort, HOST, '/')).status).toBe(404);
  }, 60_000);

  it('a re-created Ingress is a younger claim; with GATEWAY_INGRESS_HOST_OWNERSHIP=off every namespace adds paths to the host', async () => {
    t.cluster.apply(ingress(A, 'shop', [[HOST, '/']])); // re-created: now younger than B's
    const ev = await waitFor(() => eventsOf(A, 'shop').find((e) => e.reason === 'HostClaimedByOtherNamespace'), 'the Event on the re-created own-a/shop', 30_000, 200);
    expect(ev.message).toContain(`host "${HOST}" belongs to namespace "${B}"`);
    expect((await get(t.gw.httpPort, HOST, '/')).status).toBe(404);

    // A second gateway on the same cluster (not the Lease holder: it serves but writes nothing).
    const off = await startGateway({ KUBECONFIG: t.cluster.kubeconfig, GATEWAY_INGRESS_HOST_OWNERSHIP: 'off' });
    try {
      const root = await waitForAnswer({ port: off.httpPort, host: HOST, path: '/' }, (r) => r.status === 200, 'A on the second gateway', 30_000, 200);
      expect(ns(root)).toBe(A);
      const login = await get(off.httpPort, HOST, '/login');
      expect([login.status, login.headers.location]).toEqual([308, `https://${HOST}:${off.httpsPort}/login`]); // B's rule, with B's TLS
      expect(ns(await httpsGet(off.httpsPort, HOST, '/login'))).toBe(B);
    } finally {
      await off.stop();
    }
  }, 150_000);
});
