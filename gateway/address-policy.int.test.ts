// Integration (issue 13, point 2): the upstream address policy with a real dev cluster and a real
// gateway over sockets, set up as `npm start` runs them: the dev cluster allows endpoints only in
// its pod CIDR (no test allowance), the gateway allows only that pod CIDR.
// The ExternalName re-resolution case (allowed first answer, refused second one) is in
// gateway/tcp/address-policy.test.ts, where DNS answers can be scripted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, gatewayYaml, namespaceYaml, request, routeConditions, startGateway, waitFor, waitForAnswer } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'policy';

/** A plain TCP server on 127.0.0.1 answering HTTP 200 "SENTINEL": counts every connection made to it. */
interface Sentinel {
  port: number;
  conns: number;
}
let sentinel: Sentinel;

const t = gatewaySuite({
  startTimeoutMs: 150_000,
  cluster: { allowedEndpointCidrs: '' },
  gatewayEnv: (cluster) => ({ GATEWAY_ALLOWED_UPSTREAM_CIDRS: cluster.podCIDR }),
  async prepare({ cluster, onStop }) {
    const s: Sentinel = { port: 0, conns: 0 };
    const server = net.createServer((c) => {
      s.conns++;
      c.on('error', () => {});
      c.end('HTTP/1.1 200 OK\r\ncontent-length: 8\r\nconnection: close\r\n\r\nSENTINEL');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    s.port = (server.address() as net.AddressInfo).port;
    sentinel = s;
    onStop(() => new Promise((r) => server.close(r)));
    cluster.apply(`${namespaceYaml(NS)}---
${gatewayYaml(NS, 'web', ['{name: http, port: 80, protocol: HTTP}'])}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: echo, namespace: ${NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec:
      containers: [{name: echo, image: portico/echo:1, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: ${NS}}
spec:
  selector: {app: echo}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: pods, namespace: ${NS}}
spec:
  rules:
  - host: pods.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: echo, port: {number: 80}}}}]
`);
  },
});

interface EventItem {
  reason: string;
  message: string;
  type: string;
  involvedObject: { kind: string; name: string };
}
const events = (name: string): EventItem[] =>
  (JSON.parse(t.cluster.kubectl(['get', 'events', '-n', NS, '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])).items as EventItem[]).filter((e) => e.reason === 'BackendNotPermitted');
type Diag = { reason: string; message: string; object: { kind: string; name: string } };
const diagnostics = async (name: string) => ((await t.gw.admin('/config')).body.diagnostics as Diag[]).filter((d) => d.reason === 'BackendNotPermitted' && d.object.name === name);
/** Ready endpoint addresses of every backend key starting with `prefix` (e.g. "ns/svc:"). */
const readyOf = async (prefix: string) =>
  Object.entries((await t.gw.admin('/config')).body.endpoints as Record<string, { ready: Array<{ address: string }> }>)
    .filter(([k]) => k.startsWith(prefix))
    .flatMap(([, v]) => v.ready.map((e) => e.address));

describe('allowed: the dev cluster pod CIDR', () => {
  it('a pod on its loopback pod address answers through the gateway', async () => {
    const r = await waitForAnswer({ port: t.gw.httpPort, host: 'pods.example.com', path: '/x' }, (x) => x.status === 200, 'pod route', 60_000, 200);
    expect(r.json()).toMatchObject({ path: '/x', namespace: NS });
    const [ep] = await readyOf(`${NS}/echo:`);
    const [base] = t.cluster.podCIDR.split('/');
    expect(ep.split('.').slice(0, 2)).toEqual(base.split('.').slice(0, 2));
  }, 90_000);
});

describe('ExternalName to loopback', () => {
  it("`externalName: localhost` on the admin port: refused, the admin /config never comes back, and the Ingress gets an Event naming Service, address and rule", async () => {
    const config = JSON.stringify((await t.gw.admin('/config')).body);
    expect(config).toContain('pods.example.com'); // what a leak would carry
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: admin, namespace: ${NS}}
spec: {type: ExternalName, externalName: localhost}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: leak, namespace: ${NS}}
spec:
  rules:
  - host: leak.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: ${t.gw.adminPort}}}}}]
`);
    const ev = await waitFor(() => events('leak').find((e) => e.involvedObject.kind === 'Ingress'), 'BackendNotPermitted Event on the Ingress', 20_000, 100);
    const address = `127.0.0.1:${t.gw.adminPort}`;
    expect(ev.type).toBe('Warning');
    expect(ev.message).toContain(`backend Service ${NS}/admin: address ${address} (ExternalName localhost resolved to it) is not permitted`);
    expect(ev.message).toMatch(/^spec\.rules\[0\]\.http\.paths\[0\]\.backend\.service\.name: rule leak\.example\.com\/: backend Service/);
    const r = await request({ port: t.gw.httpPort, host: 'leak.example.com', path: '/config' });
    expect(r.status).toBe(503);
    expect(r.body).not.toContain('pods.example.com');
    expect(r.body).not.toContain('"routes"');
    expect(r.body).toContain('backend not permitted');
    expect(await readyOf(`${NS}/admin:`)).toEqual([]);
    expect((await diagnostics('leak')).length).toBe(1);
  });

  it('`externalName: localhost` to any other loopback port: refused, no connection is ever made to it', async () => {
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: local, namespace: ${NS}}
spec: {type: ExternalName, externalName: localhost}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: local, namespace: ${NS}}
spec:
  rules:
  - host: local.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: local, port: {number: ${sentinel.port}}}}}]
`);
    await waitFor(() => events('local').length > 0, 'BackendNotPermitted Event', 20_000, 100);
    expect(events('local')[0].message).toContain(`address 127.0.0.1:${sentinel.port} (ExternalName localhost resolved to it) is not permitted: loopback address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS (${t.cluster.podCIDR})`);
    for (let i = 0; i < 5; i++) {
      const r = await request({ port: t.gw.httpPort, host: 'local.example.com', path: '/' });
      expect(r.status).toBe(503);
      expect(r.body).not.toContain('SENTINEL');
    }
    expect(sentinel.conns).toBe(0);
  });
});

describe('link-local (cloud metadata)', () => {
  it('an HTTPRoute to 169.254.169.254: ResolvedRefs=False BackendNotPermitted naming backend and address, 500 at once, no connection attempted', async () => {
    t.cluster.apply(`apiVersion: v1
kind: Service
metadata: {name: metadata, namespace: ${NS}}
spec: {type: ExternalName, externalName: 169.254.169.254}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: metadata, namespace: ${NS}}
spec:
  parentRefs: [{name: web}]
  hostnames: [metadata.example.com]
  rules: [{backendRefs: [{name: metadata, port: 80}]}]
`);
    const resolved = () => routeConditions(t.cluster, 'httproute', NS, 'metadata').find((c) => c.type === 'ResolvedRefs');
    await waitFor(() => resolved()?.status === 'False', 'ResolvedRefs=False', 20_000, 100);
    expect(resolved()).toMatchObject({
      reason: 'BackendNotPermitted',
      message: `backend Service ${NS}/metadata: address 169.254.169.254:80 (ExternalName 169.254.169.254 resolved to it) is not permitted: link-local address outside GATEWAY_ALLOWED_UPSTREAM_CIDRS (${t.cluster.podCIDR})`,
    });
    await waitFor(() => events('metadata').some((e) => e.involvedObject.kind === 'HTTPRoute'), 'Event on the HTTPRoute', 20_000, 100);
    // a connection attempt to an unroutable address would take the 5 s connect timeout
    const started = Date.now();
    const r = await request({ port: t.gw.httpPort, host: 'metadata.example.com', path: '/latest/meta-data/' });
    expect(r.status).toBe(500);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await readyOf(`${NS}/metadata:`)).toEqual([]);
    // the metrics name no upstream error for it: nothing was tried
    const scrape = String((await t.gw.admin('/metrics')).body);
    expect(scrape.split('\n').filter((l) => l.includes('169.254.169.254'))).toEqual([]);
  });

  it('the dev cluster refuses an EndpointSlice at 169.254.169.254 (422), as kube-apiserver does', () => {
    expect(() =>
      t.cluster.kubectl(
        ['apply', '-f', '-'],
        `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: meta-manual, namespace: ${NS}, labels: {kubernetes.io/service-name: metadata}}
addressType: IPv4
endpoints: [{addresses: ["169.254.169.254"]}]
ports: [{name: http, port: 80}]
`,
      ),
    ).toThrow(/endpoints\[0\]\.addresses\[0\].*link-local/);
  });
});

describe('selectorless Service with an EndpointSlice at the admin address', () => {
  it('the dev cluster refuses it with 422 naming the address field; nothing is stored', () => {
    let err = '';
    try {
      t.cluster.kubectl(
        ['apply', '-f', '-'],
        `apiVersion: v1
kind: Service
metadata: {name: manual, namespace: ${NS}}
spec:
  ports: [{name: http, port: 80, targetPort: ${t.gw.adminPort}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: manual-1, namespace: ${NS}, labels: {kubernetes.io/service-name: manual}}
addressType: IPv4
endpoints: [{addresses: ["127.0.0.1"]}]
ports: [{name: http, port: ${t.gw.adminPort}}]
`,
      );
    } catch (e) {
      err = String((e as Error).message);
    }
    expect(err).toMatch(/is invalid/);
    expect(err).toContain('endpoints[0].addresses[0]: Invalid value: "127.0.0.1": may not be in the loopback range');
    expect(t.cluster.kubectl(['get', 'endpointslices', '-n', NS, '-o', 'name'])).not.toContain('manual-1');
  });

  it('a gateway serving a static config (no API server to refuse it) refuses it too: 503, never its own /config', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-policy-'));
    const [httpPort, httpsPort, adminPort] = [await freePort(), await freePort(), await freePort()];
    const file = path.join(dir, 'routes.yaml');
    writeFileSync(
      file,
      `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: portico}
spec: {controller: portico.dev/ingress-controller}
---
apiVersion: v1
kind: Service
metadata: {name: manual, namespace: ${NS}}
spec:
  ports: [{name: http, port: 80, targetPort: ${adminPort}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: manual-1, namespace: ${NS}, labels: {kubernetes.io/service-name: manual}}
addressType: IPv4
endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}, {addresses: ["::ffff:127.0.0.1"], conditions: {ready: true}}]
ports: [{name: http, port: ${adminPort}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: manual, namespace: ${NS}}
spec:
  ingressClassName: portico
  rules:
  - host: manual.example.com
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: manual, port: {number: 80}}}}]
`,
    );
    // allowing all of loopback does not open the gateway's own admin address
    const gw = await startGateway({ GATEWAY_STATIC_CONFIG: file, GATEWAY_HTTP_PORT: String(httpPort), GATEWAY_HTTPS_PORT: String(httpsPort), GATEWAY_ADMIN_PORT: String(adminPort), GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.0.0.0/8' });
    try {
      const diags = await waitFor(async () => {
        const d = ((await gw.admin('/config')).body.diagnostics as Diag[]).filter((x) => x.reason === 'BackendNotPermitted');
        return d.length === 2 ? d : undefined;
      }, 'BackendNotPermitted diagnostics', 20_000, 100);
      expect(diags.map((d) => d.message).sort()).toEqual([
        `rule manual.example.com/: backend Service ${NS}/manual: address 127.0.0.1:${adminPort} is not permitted: it is one of the gateway's own listener or admin addresses`,
        `rule manual.example.com/: backend Service ${NS}/manual: address [::ffff:127.0.0.1]:${adminPort} is not permitted: it is one of the gateway's own listener or admin addresses`,
      ]);
      const r = await request({ port: httpPort, host: 'manual.example.com', path: '/config' });
      expect(r.status).toBe(503);
      expect(r.body).not.toContain('manual.example.com');
      expect(r.body).not.toContain('"diagnostics"');
    } finally {
      await gw.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
