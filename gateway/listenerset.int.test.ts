// Integration: ListenerSet (GEP-1713) through the real gateway (dev cluster and gateway as child
// processes, backends on real sockets). A project attaches its own HTTPS listener with its own
// certificate to a shared Gateway that allows its namespace, and an HTTPRoute attaches to the
// ListenerSet; the statuses the gateway writes (ListenerSet, its listeners, the route's parent,
// the Gateway's attachedListenerSets) are read back with kubectl. Tenancy: another project cannot
// take that host (Conflicted), use the first project's Secret without a ReferenceGrant, or attach
// at all when the Gateway does not admit its namespace.
import https from 'node:https';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { freePort, namespaceYaml, selfSignedCert, tlsSecretYaml, serviceYaml, tcpRoundTrip, waitFor, type Answer, type Backend, type Condition } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const INFRA = 'ls-infra';
const A = 'ls-a';
const B = 'ls-b';
const C = 'ls-c';
const b: Record<string, Backend> = {};


const labelledNamespace = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${labels}}}\n`;

const t = gatewaySuite({
  async prepare({ cluster, backend }) {
    const port = await freePort();
    b.a = await backend('backend-a', '127.0.81.1', port);
    b.b = await backend('backend-b', '127.0.82.1', port);
    b.c = await backend('backend-c', '127.0.83.1', port);
    cluster.apply(`${namespaceYaml(INFRA)}---
${labelledNamespace(A, 'listeners: allowed')}---
${labelledNamespace(B, 'listeners: allowed')}---
${namespaceYaml(C)}---
${tlsSecretYaml(INFRA, 'infra-cert', selfSignedCert('infra-cert', ['infra.ls.test']))}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: shared, namespace: ${INFRA}}
spec:
  gatewayClassName: portico
  allowedListeners: {namespaces: {from: Selector, selector: {matchLabels: {listeners: allowed}}}}
  listeners:
  - {name: https, port: 443, protocol: HTTPS, hostname: infra.ls.test, tls: {certificateRefs: [{name: infra-cert}]}}
---
${serviceYaml(A, 'app', [b.a])}---
${serviceYaml(B, 'app', [b.b])}---
${serviceYaml(C, 'app', [b.c])}`);
  },
});

const listenerSetYaml = (ns: string, name: string, listeners: string[]) => `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ${name}, namespace: ${ns}}
spec:
  parentRef: {name: shared, namespace: ${INFRA}}
  listeners:
${listeners.map((l) => `  - ${l}`).join('\n')}
`;

const routeYaml = (ns: string, name: string, set: string, hosts: string[]) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${ns}}
spec:
  parentRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: ${set}}]
  hostnames: [${hosts.join(', ')}]
  rules: [{backendRefs: [{name: app, port: 80}]}]
`;

interface ListenerSetStatusRead {
  conditions?: Condition[];
  listeners?: Array<{ name: string; port: number; attachedRoutes: number; conditions: Condition[] }>;
}
const readStatus = <T>(kind: string, ns: string, name: string): T | undefined => JSON.parse(t.cluster.kubectl(['get', kind, name, '-n', ns, '-o', 'json'])).status as T | undefined;
const cond = (conds: Condition[] | undefined, type: string) => {
  const c = conds?.find((x) => x.type === type);
  return c ? `${c.status}/${c.reason}` : 'missing';
};
/** Waits until the ListenerSet's Accepted condition is `want` ("True/Accepted"...), returns its status. */
const setStatus = (ns: string, name: string, want: string) =>
  waitFor(() => {
    const s = readStatus<ListenerSetStatusRead>('listenerset', ns, name);
    return cond(s?.conditions, 'Accepted') === want && s;
  }, `ListenerSet ${ns}/${name} Accepted ${want}`, 30_000, 200);

/** GET over TLS with SNI = Host = `host` (self-signed certificates); also the certificate's CN. */
function httpsGet(host: string, path = '/'): Promise<Answer & { cn?: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: t.gw.httpsPort, path, servername: host, headers: { host }, rejectUnauthorized: false, agent: false }, (res) => {
      const cn = (res.socket as tls.TLSSocket).getPeerCertificate().subject?.CN;
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body), cn: Array.isArray(cn) ? cn[0] : cn });
      });
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('request timeout')));
    req.on('error', reject);
    req.end();
  });
}

describe('ListenerSet: self-service HTTPS per project on a shared Gateway', () => {
  it('a project attaches its HTTPS listener with its own certificate; its route attached to the ListenerSet is served; statuses are written', async () => {
    t.cluster.apply(`${tlsSecretYaml(A, 'a-cert', selfSignedCert('a-cert', ['a.ls.test']))}---
${listenerSetYaml(A, 'mine', ['{name: web, port: 443, protocol: HTTPS, hostname: a.ls.test, tls: {certificateRefs: [{name: a-cert}]}}'])}---
${routeYaml(A, 'site', 'mine', ['a.ls.test'])}`);
    const r = await waitFor(async () => {
      const x = await httpsGet('a.ls.test', '/hello');
      return x.status === 200 && x;
    }, 'a.ls.test over HTTPS', 60_000, 200);
    expect(r.cn).toBe('a-cert');
    expect(r.json()).toMatchObject({ name: 'backend-a', path: '/hello', host: 'a.ls.test' });

    const st = await setStatus(A, 'mine', 'True/Accepted');
    expect(cond(st.conditions, 'Programmed')).toBe('True/Programmed');
    await waitFor(() => readStatus<ListenerSetStatusRead>('listenerset', A, 'mine')?.listeners?.[0]?.attachedRoutes === 1, 'attachedRoutes 1', 30_000, 200);
    const l = readStatus<ListenerSetStatusRead>('listenerset', A, 'mine')!.listeners![0];
    expect({ name: l.name, port: l.port, accepted: cond(l.conditions, 'Accepted'), refs: cond(l.conditions, 'ResolvedRefs'), programmed: cond(l.conditions, 'Programmed') }).toEqual({
      name: 'web',
      port: 443,
      accepted: 'True/Accepted',
      refs: 'True/ResolvedRefs',
      programmed: 'True/Programmed',
    });
    const parents = readStatus<{ parents: Array<{ parentRef: Record<string, string>; conditions: Condition[] }> }>('httproute', A, 'site')!.parents;
    expect(parents).toHaveLength(1);
    expect(parents[0].parentRef).toMatchObject({ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'mine', namespace: A });
    expect(cond(parents[0].conditions, 'Accepted')).toBe('True/Accepted');
    await waitFor(() => readStatus<{ attachedListenerSets?: number }>('gateway', INFRA, 'shared')?.attachedListenerSets === 1, 'Gateway attachedListenerSets 1', 30_000, 200);
    // the Gateway's own listener keeps its certificate
    expect((await httpsGet('infra.ls.test')).cn).toBe('infra-cert');
  }, 120_000);

  it('another project cannot take that host (exact or by wildcard), nor use its Secret without a ReferenceGrant', async () => {
    t.cluster.apply(`${tlsSecretYaml(B, 'b-cert', selfSignedCert('b-cert', ['a.ls.test', '*.ls.test', 'b.ls.test']))}---
${listenerSetYaml(B, 'grab', [
  '{name: same, port: 443, protocol: HTTPS, hostname: a.ls.test, tls: {certificateRefs: [{name: b-cert}]}}',
  '{name: wild, port: 443, protocol: HTTPS, hostname: "*.ls.test", tls: {certificateRefs: [{name: b-cert}]}}',
  `{name: borrow, port: 443, protocol: HTTPS, hostname: b.ls.test, tls: {certificateRefs: [{name: a-cert, namespace: ${A}}]}}`,
  '{name: own, port: 443, protocol: HTTPS, hostname: own.b.test, tls: {certificateRefs: [{name: b-cert}]}}',
])}---
${routeYaml(B, 'grab', 'grab', ['a.ls.test', 'b.ls.test', 'x.ls.test', 'own.b.test'])}`);
    const st = await waitFor(() => {
      const s = readStatus<ListenerSetStatusRead>('listenerset', B, 'grab');
      return s?.listeners?.length === 4 && s;
    }, 'ListenerSet ls-b/grab listener statuses', 30_000, 200);
    expect(cond(st.conditions, 'Accepted')).toBe('True/ListenersNotValid');
    const byName = Object.fromEntries(st.listeners!.map((l) => [l.name, l.conditions]));
    expect(cond(byName.same, 'Conflicted')).toBe('True/HostnameConflict');
    expect(byName.same.find((c) => c.type === 'Accepted')!.message).toContain('a.ls.test');
    expect(cond(byName.wild, 'Conflicted')).toBe('True/HostnameConflict');
    expect(cond(byName.wild, 'Programmed')).toBe('False/Invalid');
    expect(cond(byName.borrow, 'ResolvedRefs')).toBe('False/RefNotPermitted');
    expect(cond(byName.borrow, 'Programmed')).toBe('False/Invalid');
    // A keeps its host, its certificate and its backend; B's wildcard gets nothing
    const r = await httpsGet('a.ls.test', '/still');
    expect([r.status, r.cn, r.json().name]).toEqual([200, 'a-cert', 'backend-a']);
    const other = await httpsGet('x.ls.test');
    expect(other.status).toBe(404);
    expect(other.cn).not.toBe('b-cert');
    expect(b.b.hits).toBe(0);
    // B's own host is served, with its own certificate
    const own = await waitFor(async () => {
      const x = await httpsGet('own.b.test');
      return x.status === 200 && x;
    }, 'own.b.test over HTTPS', 30_000, 200);
    expect([own.cn, own.json().name]).toEqual(['b-cert', 'backend-b']);
    expect(cond(byName.own, 'Programmed')).toBe('True/Programmed');
    // B's borrowed listener does not serve A's certificate
    expect((await httpsGet('b.ls.test')).cn).not.toBe('a-cert');
  }, 120_000);

  it('a project whose namespace the Gateway does not admit is NotAllowed and served nothing', async () => {
    t.cluster.apply(`${tlsSecretYaml(C, 'c-cert', selfSignedCert('c-cert', ['c.ls.test']))}---
${listenerSetYaml(C, 'outside', ['{name: web, port: 443, protocol: HTTPS, hostname: c.ls.test, tls: {certificateRefs: [{name: c-cert}]}}'])}---
${routeYaml(C, 'site', 'outside', ['c.ls.test'])}`);
    const st = await setStatus(C, 'outside', 'False/NotAllowed');
    expect(cond(st.conditions, 'Programmed')).toBe('False/NotAllowed');
    expect(st.conditions!.find((c) => c.type === 'Accepted')!.message).toContain('spec.allowedListeners');
    const r = await httpsGet('c.ls.test');
    expect(r.status).toBe(404);
    expect(r.cn).not.toBe('c-cert');
    expect(b.c.hits).toBe(0);
    await waitFor(() => cond(readStatus<{ parents: Array<{ conditions: Condition[] }> }>('httproute', C, 'site')?.parents?.[0]?.conditions, 'Accepted') === 'False/NotAllowedByListeners', 'route NotAllowedByListeners', 30_000, 200);
    expect(readStatus<{ attachedListenerSets?: number }>('gateway', INFRA, 'shared')?.attachedListenerSets).toBe(2); // A's and B's
  }, 120_000);

  it('a TCP listener of a project\'s ListenerSet forwards to the TCPRoute attached to the set', async () => {
    const port = await freePort();
    t.cluster.apply(`${listenerSetYaml(A, 'tcp', [`{name: raw, port: ${port}, protocol: TCP}`])}---
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata: {name: raw, namespace: ${A}}
spec:
  parentRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: tcp, sectionName: raw}]
  rules: [{backendRefs: [{name: app, port: 80}]}]
`);
    // raw bytes through: an HTTP/1.0 request the HTTP backend answers (the gateway does not parse it)
    const r = await waitFor(async () => {
      const x = await tcpRoundTrip(port, 'GET /over-tcp HTTP/1.0\r\nHost: raw\r\n\r\n');
      return x.data.toString().includes('backend-a') && x;
    }, 'TCP through the ListenerSet listener', 60_000, 200);
    expect(r.data.toString()).toContain('"path":"/over-tcp"');
    await waitFor(() => readStatus<ListenerSetStatusRead>('listenerset', A, 'tcp')?.listeners?.[0]?.attachedRoutes === 1, 'TCP listener attachedRoutes 1', 30_000, 200);
  }, 90_000);
});
