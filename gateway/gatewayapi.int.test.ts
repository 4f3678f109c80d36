// Integration: Gateway API (Gateway + HTTPRoute + ReferenceGrant) through the real gateway,
// statuses written back, the admin API, and the multi-worker mode.
import { describe, expect, it } from 'vitest';
import http2 from 'node:http2';
import { freePort, gatewayYaml, namespaceYaml, request, selfSignedCert, serviceYaml, startGateway, tlsGet, tlsSecretYaml, waitFor, waitForAnswer, type Backend, type RequestOptions } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const backends: Backend[] = [];
const NS = 'gwapi';
const OTHER = 'gwapi-other';

const t = gatewaySuite({
  async prepare({ cluster, backend }) {
    const port = await freePort();
    for (const [name, addr] of [
      ['a', '127.0.71.1'],
      ['b', '127.0.72.1'],
      ['m', '127.0.73.1'],
      ['x', '127.0.74.1'],
    ] as const)
      backends.push(await backend(name, addr, port));
    cluster.apply(`${namespaceYaml(NS, OTHER)}---
${gatewayYaml(NS, 'web', ['{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}'])}---
${serviceYaml(NS, 'svc-a', [backends[0]])}---
${serviceYaml(NS, 'svc-b', [backends[1]])}---
${serviceYaml(NS, 'svc-mirror', [backends[2]])}---
${serviceYaml(OTHER, 'svc-x', [backends[3]])}`);
  },
});

const get = (host: string, path: string, extra: Partial<RequestOptions> = {}) => request({ port: t.gw.httpPort, host, path, ...extra });
const until = (host: string, path: string, ok: Parameters<typeof waitForAnswer>[1], extra: Partial<RequestOptions> = {}) => waitForAnswer({ port: t.gw.httpPort, host, path, ...extra }, ok);

function route(name: string, rules: string, hostnames = '[api.example.com]', ns = NS, gateway = 'web'): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${ns}}
spec:
  parentRefs: [{name: ${gateway}, namespace: ${NS}}]
  hostnames: ${hostnames}
  rules:
${rules}`;
}

describe('HTTPRoute', () => {
  it('matches path, headers, query and method with spec precedence', async () => {
    t.cluster.apply(
      route(
        'matches',
        `  - matches: [{path: {type: PathPrefix, value: /v1}}]
    backendRefs: [{name: svc-a, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /v1}, headers: [{name: x-env, value: canary}]}]
    backendRefs: [{name: svc-b, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /v1}, queryParams: [{name: beta, value: "1"}]}]
    backendRefs: [{name: svc-b, port: 80}]
  - matches: [{path: {type: Exact, value: /submit}, method: POST}]
    backendRefs: [{name: svc-b, port: 80}]`,
      ),
    );
    await until('api.example.com', '/v1/users', (r) => r.status === 200 && r.json().name === 'a');
    expect((await get('api.example.com', '/v1/users', { headers: { 'x-env': 'canary' } })).json().name).toBe('b');
    expect((await get('api.example.com', '/v1/users?beta=1')).json().name).toBe('b');
    expect((await get('api.example.com', '/submit', { method: 'POST', body: '{}' })).json().name).toBe('b');
    expect((await get('api.example.com', '/submit')).status).toBe(404);
    expect((await get('nope.example.com', '/v1')).status).toBe(404);
  });

  it('splits traffic by backendRef weight', async () => {
    t.cluster.apply(route('weights', `  - matches: [{path: {type: PathPrefix, value: /w}}]\n    backendRefs: [{name: svc-a, port: 80, weight: 0}, {name: svc-b, port: 80, weight: 1}]`, '[w.example.com]'));
    await until('w.example.com', '/w', (r) => r.status === 200);
    for (let i = 0; i < 8; i++) expect((await get('w.example.com', '/w')).json().name).toBe('b');
    t.cluster.apply(route('weights', `  - matches: [{path: {type: PathPrefix, value: /w}}]\n    backendRefs: [{name: svc-a, port: 80, weight: 1}, {name: svc-b, port: 80, weight: 1}]`, '[w.example.com]'));
    const seen = new Set<string>();
    await waitFor(async () => {
      seen.add((await get('w.example.com', '/w')).json().name);
      return seen.size === 2;
    }, 'both weighted backends');
  });

  it('filters: header modifiers, URL rewrite, redirect, mirror', async () => {
    t.cluster.apply(
      route(
        'filters',
        `  - matches: [{path: {type: PathPrefix, value: /old}}]
    filters:
    - type: URLRewrite
      urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
    - type: RequestHeaderModifier
      requestHeaderModifier: {set: [{name: x-added, value: "yes"}], remove: [x-drop]}
    - type: ResponseHeaderModifier
      responseHeaderModifier: {add: [{name: x-resp, value: "1"}]}
    - type: RequestMirror
      requestMirror: {backendRef: {name: svc-mirror, port: 80}}
    backendRefs: [{name: svc-a, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /go}}]
    filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https, statusCode: 301}`,
        '[f.example.com]',
      ),
    );
    const mirrorHits = backends[2].hits;
    const r = await until('f.example.com', '/old/thing?a=b', (x) => x.status === 200, { headers: { 'x-drop': 'bye' } });
    expect(r.json().path).toBe('/new/thing?a=b');
    expect(r.json().headers['x-added']).toBe('yes');
    expect(r.json().headers['x-drop']).toBeUndefined();
    expect(r.headers['x-resp']).toBe('1');
    await waitFor(() => backends[2].hits > mirrorHits, 'mirrored request');
    const red = await until('f.example.com', '/go/x', (x) => x.status === 301);
    expect(red.headers.location).toMatch(/^https:\/\/f\.example\.com(:\d+)?\/go\/x$/);
  });

  it('answers 500 for a missing backend and reports ResolvedRefs=False', async () => {
    t.cluster.apply(route('missing', `  - matches: [{path: {type: PathPrefix, value: /m}}]\n    backendRefs: [{name: svc-nope, port: 80}]`, '[m.example.com]'));
    await until('m.example.com', '/m', (r) => r.status === 500);
    await waitFor(() => /BackendNotFound/.test(t.cluster.kubectl(['get', 'httproute', '-n', NS, 'missing', '-o', 'jsonpath={.status.parents[0].conditions}'])), 'BackendNotFound condition', 15_000, 200);
  });

  it('cross-namespace backend needs a ReferenceGrant', async () => {
    t.cluster.apply(route('xns', `  - matches: [{path: {type: PathPrefix, value: /x}}]\n    backendRefs: [{name: svc-x, namespace: ${OTHER}, port: 80}]`, '[x.example.com]'));
    await until('x.example.com', '/x', (r) => r.status === 500);
    await waitFor(() => /RefNotPermitted/.test(t.cluster.kubectl(['get', 'httproute', '-n', NS, 'xns', '-o', 'jsonpath={.status.parents[0].conditions}'])), 'RefNotPermitted condition', 15_000, 200);
    t.cluster.apply(`apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow-gwapi, namespace: ${OTHER}}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: ${NS}}]
  to: [{group: "", kind: Service}]
`);
    await until('x.example.com', '/x', (r) => r.status === 200 && r.json().name === 'x');
  });

  it('reports an invalid regex (Ingress use-regex) as an event and keeps serving other routes', async () => {
    // The API server already refuses invalid HTTPRoute regexes; Ingress paths are only checked by us.
    t.cluster.apply(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: badregex
  namespace: ${NS}
  annotations: {nginx.ingress.kubernetes.io/use-regex: "true"}
spec:
  ingressClassName: portico
  rules:
  - host: re.example.com
    http:
      paths:
      - {path: "/re/(unclosed", pathType: ImplementationSpecific, backend: {service: {name: svc-a, port: {number: 80}}}}
      - {path: "/fine", pathType: Prefix, backend: {service: {name: svc-a, port: {number: 80}}}}
`);
    await waitFor(() => t.cluster.kubectl(['get', 'events', '-n', NS, '-o', 'json']).includes('InvalidRegex'), 'InvalidRegex event', 15_000, 200);
    expect((await get('re.example.com', '/fine')).status).toBe(200);
    expect((await get('api.example.com', '/v1/x')).status).toBe(200);
  });

  it('request timeout answers 504', async () => {
    t.cluster.apply(route('slow', `  - matches: [{path: {type: PathPrefix, value: /slow}}]\n    timeouts: {request: 300ms}\n    backendRefs: [{name: svc-a, port: 80}]`, '[slow.example.com]'));
    await until('slow.example.com', '/slow', (r) => r.status === 200);
    expect((await get('slow.example.com', '/slow?delay=2000')).status).toBe(504);
  });

  it('marks the Gateway Programmed and writes conditions only when they change', async () => {
    await waitFor(() => /Programmed/.test(t.cluster.kubectl(['get', 'gateway', '-n', NS, 'web', '-o', 'jsonpath={.status.conditions}'])), 'gateway status', 15_000, 200);
    const rv1 = t.cluster.kubectl(['get', 'httproute', '-n', NS, 'matches', '-o', 'jsonpath={.metadata.resourceVersion}']);
    // an unrelated change triggers a rebuild; the unchanged route's status is not rewritten
    t.cluster.apply(serviceYaml(NS, 'svc-unrelated', []));
    await new Promise((r) => setTimeout(r, 800));
    expect(t.cluster.kubectl(['get', 'httproute', '-n', NS, 'matches', '-o', 'jsonpath={.metadata.resourceVersion}'])).toBe(rv1);
  });
});

describe('GRPCRoute', () => {
  /** gRPC length-prefixed message: not compressed, length 4, payload 0a 02 68 69 */
  const MESSAGE = Buffer.from([0, 0, 0, 0, 4, 0x0a, 0x02, 0x68, 0x69]);
  it('routes gRPC over h2c (prior knowledge) to an h2c backend: the backend gets the exact message and request trailers, the client the response and trailers', async () => {
    const grpcPort = await freePort();
    const seen: Array<{ line: string; body: Buffer; trailers: string[] }> = [];
    const server = http2.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ line: `${req.method} ${req.url} te=${req.headers.te} content-length=${req.headers['content-length']}`, body: Buffer.concat(chunks), trailers: req.rawTrailers });
        res.writeHead(200, { 'content-type': 'application/grpc' });
        res.addTrailers({ 'grpc-status': '0', 'grpc-message': 'ok' });
        res.end(Buffer.from([0, 0, 0, 0, 2, 8, 1]));
      });
    });
    await new Promise<void>((r) => server.listen(grpcPort, '127.0.0.75', () => r()));
    try {
      t.cluster.apply(`${serviceYaml(NS, 'svc-grpc', [{ address: '127.0.0.75', port: grpcPort }])}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: grpc, namespace: ${NS}}
spec:
  parentRefs: [{name: web}]
  hostnames: [grpc.example.com]
  rules:
  - matches: [{method: {service: echo.Echo, method: Say}}]
    backendRefs: [{name: svc-grpc, port: 80}]
`);
      const call = () =>
        new Promise<{ status: number; trailers: http2.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
          const c = http2.connect(`http://127.0.0.1:${t.gw.httpPort}`);
          c.on('error', reject);
          const st = c.request({ ':method': 'POST', ':path': '/echo.Echo/Say', ':authority': 'grpc.example.com', 'content-type': 'application/grpc', te: 'trailers' }, { waitForTrailers: true });
          st.once('wantTrailers', () => st.sendTrailers({ 'x-request-trailer': 'sent' }));
          let status = 0;
          let trailers: http2.IncomingHttpHeaders = {};
          const chunks: Buffer[] = [];
          st.on('response', (h) => (status = Number(h[':status'])));
          st.on('trailers', (t) => (trailers = t));
          st.on('data', (d) => chunks.push(d));
          st.on('end', () => {
            c.close();
            resolve({ status, trailers, body: Buffer.concat(chunks) });
          });
          st.on('error', reject);
          // a gRPC message (5-byte prefix + payload) in two DATA frames, no Content-Length
          st.write(MESSAGE.subarray(0, 3));
          st.end(MESSAGE.subarray(3));
        });
      const r = await waitFor(async () => {
        const x = await call();
        return x.status === 200 ? x : undefined;
      }, 'grpc route');
      expect(r.trailers['grpc-status']).toBe('0');
      expect(r.trailers['grpc-message']).toBe('ok');
      expect(r.body).toEqual(Buffer.from([0, 0, 0, 0, 2, 8, 1]));
      const last = seen.at(-1);
      expect(last?.line).toBe('POST /echo.Echo/Say te=trailers content-length=undefined');
      expect(last?.body).toEqual(MESSAGE);
      expect(last?.trailers).toEqual(['x-request-trailer', 'sent']);
    } finally {
      server.close();
    }
  });
});

describe('listeners on ports other than 80 and 443', () => {
  const refused = async (port: number) => {
    try {
      await request({ port, host: 'alt.example.com', path: '/alt' });
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
    }
  };

  it('binds a Gateway HTTP and HTTPS listener on its own port, serves only its routes there, and closes the port when the listener goes', async () => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const cert = selfSignedCert('alt-listener', ['alt.example.com']);
    const sideGateway = (listeners: string[]) => gatewayYaml(NS, 'side', listeners);
    t.cluster.apply(`${tlsSecretYaml(NS, 'alt-cert', cert)}---
${sideGateway([
  `{name: alt, port: ${httpPort}, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}`,
  `{name: alt-tls, port: ${httpsPort}, protocol: HTTPS, hostname: alt.example.com, tls: {certificateRefs: [{name: alt-cert}]}, allowedRoutes: {namespaces: {from: Same}}}`,
])}---
${route('alt', `  - matches: [{path: {type: PathPrefix, value: /alt}}]\n    backendRefs: [{name: svc-a, port: 80}]`, '[alt.example.com]', NS, 'side')}`);
    // the listener's own port answers with the backend (it received the request as sent)
    const r = await waitForAnswer({ port: httpPort, host: 'alt.example.com', path: '/alt/x?q=1' }, (a) => a.status === 200);
    expect(r.json()).toMatchObject({ name: 'a', path: '/alt/x?q=1' });
    // TLS on the other port: the listener's certificate, the same route
    await waitFor(async () => (await tlsGet(httpsPort, 'alt.example.com', '/alt').catch(() => undefined))?.status === 200, 'the HTTPS listener', 15_000, 100);
    const secure = await tlsGet(httpsPort, 'alt.example.com', '/alt/s');
    expect(secure.cn).toBe('alt-listener');
    expect(JSON.parse(secure.body)).toMatchObject({ name: 'a', path: '/alt/s' });
    // the route is attached to this Gateway only: the main HTTP port does not serve it
    expect((await get('alt.example.com', '/alt/x')).status).toBe(404);
    // and the status says where it is served
    await waitFor(
      () => t.cluster.kubectl(['get', 'gateway', '-n', NS, 'side', '-o', 'jsonpath={.status.listeners[?(@.name=="alt")].conditions[?(@.type=="Programmed")].message}']) === `Served on port ${httpPort}`,
      'Programmed on its port',
      15_000,
      200,
    );
    // the listener goes: its port stops accepting, the HTTPS one keeps serving
    t.cluster.apply(sideGateway([`{name: alt-tls, port: ${httpsPort}, protocol: HTTPS, hostname: alt.example.com, tls: {certificateRefs: [{name: alt-cert}]}, allowedRoutes: {namespaces: {from: Same}}}`]));
    await waitFor(() => refused(httpPort), 'the HTTP listener port closed', 15_000, 100);
    expect((await tlsGet(httpsPort, 'alt.example.com', '/alt')).status).toBe(200);
    t.cluster.kubectl(['delete', 'gateway', '-n', NS, 'side']);
    await waitFor(() => tlsGet(httpsPort, 'alt.example.com', '/alt').then(() => false, (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED'), 'the HTTPS listener port closed', 15_000, 100);
  });
});

describe('admin API', () => {
  it('/routes/test explains the route, backend and endpoint; /config and /metrics', async () => {
    const explain = (await t.gw.admin('/routes/test?method=GET&url=http://api.example.com/v1/users&header=x-env:%20canary')).body;
    expect(explain.result).toBe('route');
    expect(explain.route.kind).toBe('HTTPRoute');
    expect(explain.backends[0].key).toBe(`${NS}/svc-b:http`);
    expect(explain.backends[0].nextEndpoint).toBe(`${backends[1].address}:${backends[1].port}`);
    const miss = (await t.gw.admin('/routes/test?url=http://unknown.example.com/')).body;
    expect(miss.result).toBe('no-match');
    expect(miss.why).toBeTruthy();
    expect((await t.gw.admin('/routes/test?url=notaurl')).status).toBe(400);
    const cfg = (await t.gw.admin('/config')).body;
    expect(cfg.routes.length).toBeGreaterThan(3);
    expect(cfg.endpoints[`${NS}/svc-a:http`].ready[0].address).toBe('127.0.71.1');
    const m = (await t.gw.admin('/metrics')).body as string;
    expect(m).toMatch(/portico_gateway_requests_total\{route="HTTPRoute\/gwapi\/matches/);
    expect(m).toMatch(/portico_gateway_config_propagation_seconds_count \d+/);
  });
});

describe('multi-worker', () => {
  it('GATEWAY_WORKERS=2 serves the same routes from both workers and follows changes', async () => {
    const gw2 = await startGateway({ KUBECONFIG: t.cluster.kubeconfig, GATEWAY_WORKERS: '2' });
    try {
      await waitFor(async () => (await request({ port: gw2.httpPort, host: 'api.example.com', path: '/v1/a' })).status === 200, 'worker routing', 60_000);
      t.cluster.apply(route('late', `  - matches: [{path: {type: PathPrefix, value: /late}}]\n    backendRefs: [{name: svc-b, port: 80}]`, '[late.example.com]'));
      for (let i = 0; i < 4; i++) await waitFor(async () => (await request({ port: gw2.httpPort, host: 'late.example.com', path: '/late' })).status === 200, 'new route on every worker');
      expect((await gw2.admin('/metrics')).body).toMatch(/portico_gateway_requests_total/);
    } finally {
      await gw2.stop();
    }
  }, 120_000);
});
