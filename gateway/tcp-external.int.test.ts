// Integration (issue 8): dev cluster (child) + gateway (child), real sockets.
// TCPRoute to a TCP echo pod through a TCP listener; ExternalName Services reached by name;
// a selectorless Service with hand-written Endpoints (mirrored into EndpointSlices by the dev
// cluster); statuses on broken references; bad input answered, nothing crashing.
import { describe, expect, it } from 'vitest';
import { freePort, gatewayYaml, metricValue, namespaceYaml, request, routeConditions, tcpRoundTrip, waitFor, waitForAnswer, type Condition } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'tcpx';
let TCP_PORT = 0; // Gateway listener ports (ephemeral, so >= 1024: served as is)
let TCP_PORT2 = 0;
let LOCAL_PORT = 0; // "external" server on 127.0.0.1, reached through ExternalName localhost
let LEGACY_PORT = 0; // legacy system behind hand-written Endpoints

const t = gatewaySuite({
  startTimeoutMs: 150_000,
  async prepare({ cluster, backend }) {
    [TCP_PORT, TCP_PORT2] = [await freePort(), await freePort()];
    LOCAL_PORT = (await backend('local', '127.0.0.1', 0)).port;
    LEGACY_PORT = (await backend('legacy', '127.0.209.2', 0)).port;
    cluster.apply(`${namespaceYaml(NS)}---
${gatewayYaml(NS, 'tcp', [`{name: echo, port: ${TCP_PORT}, protocol: TCP}`, `{name: other, port: ${TCP_PORT2}, protocol: TCP}`])}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: tcp-echo, namespace: ${NS}}
spec:
  replicas: 2
  selector: {matchLabels: {app: tcp-echo}}
  template:
    metadata: {labels: {app: tcp-echo}}
    spec:
      containers:
      - {name: echo, image: portico/tcp-echo:1, ports: [{containerPort: 7000}]}
---
apiVersion: v1
kind: Service
metadata: {name: tcp-echo, namespace: ${NS}}
spec:
  selector: {app: tcp-echo}
  ports: [{name: tcp, port: 7000, targetPort: 7000}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: echo, namespace: ${NS}}
spec:
  parentRefs: [{name: tcp, sectionName: echo}]
  rules: [{backendRefs: [{name: tcp-echo, port: 7000}]}]
`);
  },
});

const conds = (kind: string, name: string) => routeConditions(t.cluster, kind, NS, name);
const find = (cs: Condition[], type: string) => cs.find((c) => c.type === type);
const metric = async (name: string, labels: string) => metricValue(String((await t.gw.admin('/metrics')).body), name, labels);
/** Waits until `host` answers `status` through the gateway's HTTP port. */
const answered = (host: string, path: string, status: number, what: string) => waitForAnswer({ port: t.gw.httpPort, host, path }, (x) => x.status === status, what, 15_000, 100);

describe('TCPRoute', () => {
  it('a TCP echo pod answers through the TCP listener: bytes in = bytes out, concurrent connections', async () => {
    await waitFor(async () => (await tcpRoundTrip(TCP_PORT, Buffer.from('ping'))).data.toString() === 'ping', 'TCP echo through the gateway', 60_000, 200);
    const payloads = Array.from({ length: 12 }, (_, i) => {
      const b = Buffer.alloc(64 * 1024 + i);
      for (let j = 0; j < b.length; j++) b[j] = (j * 31 + i) & 0xff;
      return b;
    });
    const out = await Promise.all(payloads.map((p) => tcpRoundTrip(TCP_PORT, p)));
    out.forEach((r, i) => {
      expect(r.error).toBeUndefined();
      expect(r.data.equals(payloads[i])).toBe(true);
    });
    // TCP metrics: connections and bytes by route and backend Service
    const labels = `route="TCPRoute/${NS}/echo",backend="${NS}/tcp-echo"`;
    await waitFor(async () => (await metric('portico_gateway_tcp_connections_active', labels)) === 0, 'connections closed', 5_000, 50);
    expect(await metric('portico_gateway_tcp_connections_total', labels)).toBeGreaterThanOrEqual(13);
    const bytes = payloads.reduce((n, p) => n + p.length, 0);
    expect(await metric('portico_gateway_tcp_received_bytes_total', labels)).toBeGreaterThanOrEqual(bytes);
    expect(await metric('portico_gateway_tcp_sent_bytes_total', labels)).toBeGreaterThanOrEqual(bytes);
  }, 90_000);

  it('status: route Accepted and ResolvedRefs, listener counts the attached route', async () => {
    await waitFor(() => find(conds('tcproute', 'echo'), 'ResolvedRefs')?.status === 'True', 'TCPRoute status', 15_000, 100);
    expect(find(conds('tcproute', 'echo'), 'Accepted')).toMatchObject({ status: 'True', reason: 'Accepted' });
    const g = JSON.parse(t.cluster.kubectl(['get', 'gateway', 'tcp', '-n', NS, '-o', 'json'])).status;
    const l = (g.listeners as Array<{ name: string; attachedRoutes: number; supportedKinds: unknown }>).find((x) => x.name === 'echo')!;
    expect(l.attachedRoutes).toBe(1);
    expect(l.supportedKinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute' }]);
  });

  it('a TCPRoute to a missing Service: ResolvedRefs=False BackendNotFound, connections closed cleanly', async () => {
    t.cluster.apply(`apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: missing, namespace: ${NS}}
spec:
  parentRefs: [{name: tcp, sectionName: other}]
  rules: [{backendRefs: [{name: no-such-service, port: 5432}]}]
`);
    const st = await waitFor(() => {
      const cs = conds('tcproute', 'missing');
      return find(cs, 'ResolvedRefs')?.status === 'False' ? cs : undefined;
    }, 'ResolvedRefs=False', 15_000, 100);
    expect(find(st, 'ResolvedRefs')?.reason).toBe('BackendNotFound');
    expect(find(st, 'ResolvedRefs')?.message).toContain('no-such-service');
    const r = await waitFor(async () => {
      const x = await tcpRoundTrip(TCP_PORT2, Buffer.from('hello?'));
      return x.error !== 'ECONNREFUSED' ? x : undefined; // the listener opens with the snapshot
    }, 'listener open', 15_000, 100);
    expect(r.data.length).toBe(0);
    expect(r.error).toBeUndefined();
  });

  it('deleting the backend Service: ResolvedRefs=False with a reason, new connections closed, gateway keeps serving', async () => {
    t.cluster.kubectl(['delete', 'service', 'tcp-echo', '-n', NS]);
    const st = await waitFor(() => {
      const cs = conds('tcproute', 'echo');
      return find(cs, 'ResolvedRefs')?.status === 'False' ? cs : undefined;
    }, 'ResolvedRefs=False after delete', 15_000, 100);
    expect(find(st, 'ResolvedRefs')?.reason).toBe('BackendNotFound');
    const r = await waitFor(async () => {
      const x = await tcpRoundTrip(TCP_PORT, Buffer.from('anyone'));
      return x.data.length === 0 ? x : undefined;
    }, 'connections closed', 15_000, 100);
    expect(r.error).toBeUndefined();
    expect((await t.gw.admin('/healthz')).status).toBe(200);
  });
});

describe('ExternalName Services', () => {
  it('an Ingress to an ExternalName Service (localhost) reaches a local server by name; Host is the client Host', async () => {
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: ext-local, namespace: ${NS}}
spec: {type: ExternalName, externalName: localhost}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ext, namespace: ${NS}}
spec:
  rules:
  - host: ext.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: ext-local, port: {number: ${LOCAL_PORT}}}}}]
`);
    const r = await answered('ext.example.com', '/hello', 200, 'ExternalName route');
    expect(r.json()).toMatchObject({ name: 'local', path: '/hello', host: 'ext.example.com' });
  });

  it('upstream-vhost sets the Host header sent to the external name', async () => {
    t.cluster.apply(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ext-vhost
  namespace: ${NS}
  annotations: {nginx.ingress.kubernetes.io/upstream-vhost: "localhost:${LOCAL_PORT}"}
spec:
  rules:
  - host: vhost.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: ext-local, port: {number: ${LOCAL_PORT}}}}}]
`);
    const r = await answered('vhost.example.com', '/', 200, 'upstream-vhost route');
    expect(r.json().host).toBe(`localhost:${LOCAL_PORT}`);
  });

  it('an ExternalName that does not resolve: 503 with a clear body, the gateway keeps serving', async () => {
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: ext-gone, namespace: ${NS}}
spec: {type: ExternalName, externalName: nothing-here.invalid}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ext-gone, namespace: ${NS}}
spec:
  rules:
  - host: gone.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: ext-gone, port: {number: 80}}}}]
`);
    const r = await answered('gone.example.com', '/', 503, '503 for an unresolvable name');
    expect(r.body).toContain('nothing-here.invalid');
    expect((await request({ port: t.gw.httpPort, host: 'ext.example.com', path: '/' })).status).toBe(200);
  });

  it('an ExternalName that does not resolve is reported: Events on the routes, HTTPRoute ResolvedRefs=False, /config diagnostics; all clear once it resolves', async () => {
    const msg = `ExternalName nothing-here.invalid for Service ${NS}/ext-gone does not resolve: ENOTFOUND`;
    t.cluster.apply(`${gatewayYaml(NS, 'web', ['{name: http, port: 80, protocol: HTTP}'])}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: gone, namespace: ${NS}}
spec:
  parentRefs: [{name: web}]
  hostnames: [gone-route.example.com]
  rules: [{backendRefs: [{name: ext-gone, port: 80}]}]
`);
    const resolved = () => find(conds('httproute', 'gone'), 'ResolvedRefs');
    await waitFor(() => resolved()?.status === 'False', 'HTTPRoute ResolvedRefs=False', 15_000, 100);
    expect(resolved()).toMatchObject({ reason: 'BackendNotFound', message: msg });
    const events = (name: string) =>
      (JSON.parse(t.cluster.kubectl(['get', 'events', '-n', NS, '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])).items as Array<{ reason: string; message: string; type: string; involvedObject: { kind: string } }>).filter(
        (e) => e.reason === 'ExternalNameNotResolved',
      );
    const ev = await waitFor(() => events('ext-gone').find((e) => e.involvedObject.kind === 'Ingress'), 'Event on the Ingress', 15_000, 100);
    expect(ev).toMatchObject({ type: 'Warning', message: msg });
    await waitFor(() => events('gone').find((e) => e.involvedObject.kind === 'HTTPRoute'), 'Event on the HTTPRoute', 15_000, 100);
    const diags = async () => ((await t.gw.admin('/config')).body.diagnostics as Array<{ reason: string; message: string; object: { kind: string; name: string } }>).filter((d) => d.reason === 'ExternalNameNotResolved');
    expect((await diags()).map((d) => `${d.object.kind}/${d.object.name}: ${d.message}`).sort()).toEqual([`HTTPRoute/gone: ${msg}`, `Ingress/ext-gone: ${msg}`]);
    // the Service now names something that resolves: condition and diagnostics clear
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: ext-gone, namespace: ${NS}}
spec: {type: ExternalName, externalName: localhost}
`);
    await waitFor(() => resolved()?.status === 'True', 'ResolvedRefs=True again', 15_000, 100);
    await waitFor(async () => (await diags()).length === 0, 'diagnostics cleared', 15_000, 100);
    // broken again later: that is news again, so a second Event is recorded
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: ext-gone, namespace: ${NS}}
spec: {type: ExternalName, externalName: nothing-here.invalid}
`);
    await waitFor(() => events('ext-gone').filter((e) => e.involvedObject.kind === 'Ingress').length >= 2, 'a second Event on the Ingress', 15_000, 100);
  });
});

describe('Services without a selector', () => {
  it('hand-written Endpoints are mirrored into an EndpointSlice and carry traffic', async () => {
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: ${NS}}
spec:
  ports: [{name: http, port: 80, targetPort: ${LEGACY_PORT}}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy, namespace: ${NS}}
subsets:
- addresses: [{ip: 127.0.209.2}]
  ports: [{name: http, port: ${LEGACY_PORT}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: legacy, namespace: ${NS}}
spec:
  rules:
  - host: legacy.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: legacy, port: {name: http}}}}]
`);
    const slices = await waitFor(() => {
      const list = JSON.parse(t.cluster.kubectl(['get', 'endpointslices', '-n', NS, '-l', 'kubernetes.io/service-name=legacy', '-o', 'json'])).items;
      return list.length ? list : undefined;
    }, 'mirrored EndpointSlice', 15_000, 100);
    expect(slices[0].endpoints[0].addresses).toEqual(['127.0.209.2']);
    expect(slices[0].metadata.labels['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
    const r = await answered('legacy.example.com', '/old', 200, 'legacy route');
    expect(r.json()).toMatchObject({ name: 'legacy', path: '/old' });
  });

  it('Endpoints with invalid addresses are refused by the API (422 naming the field); nothing stored, nothing crashes', async () => {
    let err = '';
    try {
      t.cluster.kubectl(['apply', '-f', '-'], `apiVersion: v1
kind: Endpoints
metadata: {name: legacy, namespace: ${NS}}
subsets:
- addresses: [{ip: not-an-ip}]
  ports: [{name: http, port: ${LEGACY_PORT}}]
`);
    } catch (e) {
      err = String((e as Error).message);
    }
    expect(err).toMatch(/invalid/i);
    expect(err).toMatch(/subsets\[0\]\.addresses\[0\]\.ip/);
    const ep = JSON.parse(t.cluster.kubectl(['get', 'endpoints', 'legacy', '-n', NS, '-o', 'json']));
    expect(ep.subsets[0].addresses[0].ip).toBe('127.0.209.2');
    expect((await request({ port: t.gw.httpPort, host: 'legacy.example.com', path: '/' })).status).toBe(200);
  });
});
