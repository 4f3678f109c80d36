// Integration: the Gateway API v1.5/v1.6 HTTPRoute features through the real gateway (dev
// cluster and gateway as child processes, backends on real sockets): the CORS filter, percentage
// mirroring, rule.retry, rule.sessionPersistence, named rules in status and /routes/test, and
// GatewayClass status.supportedFeatures. Each test asserts what the client and the backends saw.
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_FEATURES_STATUS } from '@/lib/routing/features';
import { freePort, gatewayYaml, namespaceYaml, request, serviceYaml, waitFor, waitForAnswer, type Backend, type RequestOptions } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const NS = 'gw16';
const b: Record<string, Backend> = {};

const t = gatewaySuite({
  async prepare({ cluster, backend }) {
    const port = await freePort();
    b.good = await backend('good', '127.0.91.1', port);
    b.other = await backend('other', '127.0.92.1', port);
    b.mirror = await backend('mirror', '127.0.93.1', port);
    b.bad = await backend('bad', '127.0.94.1', port, { status: 503 });
    b.bad2 = await backend('bad2', '127.0.95.1', port, { status: 503 });
    cluster.apply(`${namespaceYaml(NS)}---
${gatewayYaml(NS, 'web', ['{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}'])}---
${serviceYaml(NS, 'svc-good', [b.good])}---
${serviceYaml(NS, 'svc-other', [b.other])}---
${serviceYaml(NS, 'svc-two', [b.good, b.other])}---
${serviceYaml(NS, 'svc-mirror', [b.mirror])}---
${serviceYaml(NS, 'svc-flaky', [b.good, b.bad])}---
${serviceYaml(NS, 'svc-bad', [b.bad2])}---
${serviceYaml(NS, 'svc-dead', [{ address: '127.0.96.1', port }])}`);
  },
});

const get = (host: string, path: string, extra: Partial<RequestOptions> = {}) => request({ port: t.gw.httpPort, host, path, ...extra });
const until = (host: string, path: string, ok: Parameters<typeof waitForAnswer>[1], extra: Partial<RequestOptions> = {}) => waitForAnswer({ port: t.gw.httpPort, host, path, ...extra }, ok);

function route(name: string, host: string, rules: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${NS}}
spec:
  parentRefs: [{name: web}]
  hostnames: [${host}]
  rules:
${rules}`;
}

/** Only the CORS answer headers, to compare exactly. */
function cors(h: IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('access-control-') || k === 'vary') out[k] = v;
  return out;
}

describe('HTTPRoute CORS filter', () => {
  it('answers preflights per the filter (greedy origin wildcard, default port), refuses others with a bare 204, and decorates actual responses', async () => {
    t.cluster.apply(
      route(
        'cors',
        'cors.example.test',
        `  - filters:
    - type: CORS
      cors:
        allowOrigins: ["https://www.foo.com", "https://*.bar.com"]
        allowMethods: [GET, OPTIONS]
        allowHeaders: [x-header-1, x-header-2]
        exposeHeaders: [x-header-3]
        allowCredentials: true
        maxAge: 3600
    backendRefs: [{name: svc-good, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /star}}]
    filters:
    - type: CORS
      cors: {allowOrigins: ["*"], allowMethods: ["*"], allowCredentials: true}
    backendRefs: [{name: svc-good, port: 80}]`,
      ),
    );
    await until('cors.example.test', '/x', (r) => r.status === 200);
    const hits = b.good.hits;
    const pre = await get('cors.example.test', '/x', { method: 'OPTIONS', headers: { origin: 'https://xpto.www.bar.com:443', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-header-1, x-header-2' } });
    expect(pre.status).toBe(204);
    expect(cors(pre.headers)).toEqual({
      'access-control-allow-origin': 'https://xpto.www.bar.com:443',
      'access-control-allow-methods': 'GET, OPTIONS',
      'access-control-allow-headers': 'x-header-1, x-header-2',
      'access-control-expose-headers': 'x-header-3',
      'access-control-max-age': '3600',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    // no Access-Control-Request-Headers: no Allow-Headers
    const noHeaders = await get('cors.example.test', '/x', { method: 'OPTIONS', headers: { origin: 'https://www.foo.com', 'access-control-request-method': 'GET' } });
    expect(noHeaders.headers['access-control-allow-headers']).toBeUndefined();
    // a refused origin: 204 from the gateway, no CORS headers, the backend never sees it
    for (const origin of ['https://foobar.com', 'https://bar.com', 'http://www.foo.com', 'https://www.foo.com.evil.test']) {
      const refused = await get('cors.example.test', '/x', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
      expect(refused.status, origin).toBe(204);
      expect(cors(refused.headers), origin).toEqual({ vary: 'Origin' });
    }
    expect(b.good.hits).toBe(hits);
    const actual = await get('cors.example.test', '/x', { headers: { origin: 'https://www.foo.com', cookie: 'a=b' } });
    expect(actual.status).toBe(200);
    expect(actual.json().name).toBe('good');
    expect(cors(actual.headers)).toEqual({ 'access-control-allow-origin': 'https://www.foo.com', 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-header-3', vary: 'Origin' });
    const other = await get('cors.example.test', '/x', { headers: { origin: 'https://evil.test' } });
    expect(cors(other.headers)).toEqual({ vary: 'Origin' });
    // "*" origins with credentials: "*" and no credentials (an arbitrary Origin is never echoed with them);
    // "*" methods with credentials: the asked method
    const star = await get('cors.example.test', '/star', { method: 'OPTIONS', headers: { origin: 'https://any.test', 'access-control-request-method': 'PATCH' } });
    expect(cors(star.headers)).toEqual({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PATCH', 'access-control-max-age': '5' });
  });
});

describe('HTTPRoute percentage mirroring', () => {
  it('mirrors percent 100, 0, and a fraction of the requests to the mirror backend; the client always gets the primary', async () => {
    const mirrorRoute = (name: string, share: string) =>
      route(
        name,
        `${name}.example.test`,
        `  - filters:
    - type: RequestMirror
      requestMirror: {backendRef: {name: svc-mirror, port: 80}, ${share}}
    backendRefs: [{name: svc-good, port: 80}]`,
      );
    t.cluster.apply(`${mirrorRoute('all', 'percent: 100')}\n---\n${mirrorRoute('none', 'percent: 0')}\n---\n${mirrorRoute('half', 'fraction: {numerator: 1, denominator: 2}')}`);
    for (const h of ['all', 'none', 'half']) await until(`${h}.example.test`, '/warm', (r) => r.status === 200);
    await new Promise((r) => setTimeout(r, 300));
    const send = async (host: string, n: number) => {
      const before = b.mirror.hits;
      for (let i = 0; i < n; i++) {
        const r = await get(host, `/m${i}`);
        expect(r.json().name).toBe('good');
      }
      await new Promise((r) => setTimeout(r, 300)); // mirrors are fire-and-forget
      return b.mirror.hits - before;
    };
    expect(await send('all.example.test', 20)).toBe(20);
    expect(await send('none.example.test', 20)).toBe(0);
    const half = await send('half.example.test', 60);
    // binomial(60, 0.5): outside 10..50 with probability < 1e-6
    expect(half).toBeGreaterThanOrEqual(10);
    expect(half).toBeLessThanOrEqual(50);
  });
});

describe('HTTPRoute retry', () => {
  it('retries listed codes on another endpoint, only idempotent requests without a body, up to attempts, waiting the backoff', async () => {
    t.cluster.apply(
      `${route(
        'retry',
        'retry.example.test',
        `  - name: flaky
    retry: {codes: [503], attempts: 1, backoff: 10ms}
    backendRefs: [{name: svc-flaky, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /unlisted}}]
    retry: {codes: [500], attempts: 1}
    backendRefs: [{name: svc-bad, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /always}}]
    retry: {codes: [503], attempts: 2, backoff: 200ms}
    backendRefs: [{name: svc-bad, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /dead}}]
    retry: {attempts: 2, backoff: 150ms}
    backendRefs: [{name: svc-dead, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /slow}}]
    timeouts: {backendRequest: 300ms}
    retry: {attempts: 1, backoff: 10ms}
    backendRefs: [{name: svc-other, port: 80}]`,
      )}`,
    );
    await until('retry.example.test', '/warm', (r) => r.status === 200);
    // the flaky Service: one endpoint answers 503; every GET still gets 200, some after a retry
    const bad = b.bad.hits;
    for (let i = 0; i < 12; i++) {
      const r = await get('retry.example.test', `/g${i}`);
      expect(r.status, `GET ${i}`).toBe(200);
      expect(r.json().name).toBe('good');
    }
    expect(b.bad.hits - bad).toBeGreaterThan(0);
    // (svc-bad: one endpoint that always answers 503, tried even when ejected)
    // a POST with a body is never retried: one attempt, its 503 reaches the client
    let hits = b.bad2.hits;
    const post = await get('retry.example.test', '/always/p', { method: 'POST', body: 'x' });
    expect(post.status).toBe(503);
    expect(b.bad2.hits - hits).toBe(1);
    // a code that is not listed is passed on after one attempt
    hits = b.bad2.hits;
    expect((await get('retry.example.test', '/unlisted/x')).status).toBe(503);
    expect(b.bad2.hits - hits).toBe(1);
    // one endpoint always 503: 1 + 2 attempts to it, backoff 200ms then 400ms, then the 503
    const before = b.bad2.hits;
    const start = Date.now();
    const r = await get('retry.example.test', '/always');
    expect(r.status).toBe(503);
    expect(r.json().name).toBe('bad2');
    expect(b.bad2.hits - before).toBe(3);
    expect(Date.now() - start).toBeGreaterThanOrEqual(580);
    // connection refused is retried too, after the backoff (150ms, then 300ms), then 502
    const t0 = Date.now();
    expect((await get('retry.example.test', '/dead')).status).toBe(502);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(430);
    // no response headers within timeouts.backendRequest: retried once, then 504
    const slowHits = b.other.hits;
    expect((await get('retry.example.test', '/slow?delay=1500')).status).toBe(504);
    expect(b.other.hits - slowHits).toBe(2);
  });
});

describe('HTTPRoute sessionPersistence', () => {
  it('cookie: the first answer sets it, later requests with it stay on one endpoint (also across two backendRefs)', async () => {
    t.cluster.apply(
      route(
        'sticky',
        'sticky.example.test',
        `  - sessionPersistence: {sessionName: sid, type: Cookie}
    backendRefs: [{name: svc-two, port: 80}]
  - matches: [{path: {type: PathPrefix, value: /split}}]
    sessionPersistence: {sessionName: sid2, absoluteTimeout: 1h, cookieConfig: {lifetimeType: Permanent}}
    backendRefs: [{name: svc-good, port: 80, weight: 50}, {name: svc-other, port: 80, weight: 50}]`,
      ),
    );
    await until('sticky.example.test', '/warm', (r) => r.status === 200);
    const first = await get('sticky.example.test', '/a');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/^sid=[0-9a-f]+; Path=\/; HttpOnly$/);
    const token = cookie.split(';')[0];
    const names = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const r = await get('sticky.example.test', `/a${i}`, { headers: { cookie: token } });
      names.add(r.json().name);
      expect(r.headers['set-cookie']).toBeUndefined(); // the session holds: no new cookie
    }
    expect(names).toEqual(new Set([first.json().name]));
    const split = await get('sticky.example.test', '/split');
    const splitCookie = String(split.headers['set-cookie']);
    expect(splitCookie).toMatch(/^sid2=[0-9a-f]+\.[0-9a-z]+; Path=\/; Max-Age=3600; HttpOnly$/);
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) seen.add((await get('sticky.example.test', `/split/${i}`, { headers: { cookie: splitCookie.split(';')[0] } })).json().name);
    expect(seen).toEqual(new Set([split.json().name]));
  });

  it('header: the answer carries the session header; sending it back keeps the endpoint; absoluteTimeout ends the session', async () => {
    t.cluster.apply(
      route(
        'sticky-h',
        'sticky-h.example.test',
        `  - sessionPersistence: {sessionName: x-session, type: Header, absoluteTimeout: 2s}
    backendRefs: [{name: svc-two, port: 80}]`,
      ),
    );
    await until('sticky-h.example.test', '/warm', (r) => r.status === 200);
    const first = await get('sticky-h.example.test', '/h');
    const token = String(first.headers['x-session']);
    expect(token).toMatch(/^[0-9a-f]+\.[0-9a-z]+$/);
    for (let i = 0; i < 8; i++) {
      const r = await get('sticky-h.example.test', `/h${i}`, { headers: { 'x-session': token } });
      expect(r.json().name).toBe(first.json().name);
      expect(r.headers['x-session']).toBeUndefined();
    }
    // a token whose time is up is a new session: a new token comes back
    await new Promise((r) => setTimeout(r, 2200));
    const later = await get('sticky-h.example.test', '/h', { headers: { 'x-session': token } });
    expect(String(later.headers['x-session'])).toMatch(/^[0-9a-f]+\.[0-9a-z]+$/);
    expect(later.headers['x-session']).not.toBe(token);
  });
});

describe('named rules, status and supportedFeatures', () => {
  it('shows the rule name in /routes/test and in status messages; GatewayClass lists the supported features', async () => {
    t.cluster.apply(
      route(
        'named',
        'named.example.test',
        `  - name: api
    matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: svc-good, port: 80}]
  - name: broken
    matches: [{path: {type: PathPrefix, value: /broken}}]
    filters: [{type: ExtensionRef, extensionRef: {group: example.com, kind: Thing, name: t}}]
    backendRefs: [{name: svc-good, port: 80}]`,
      ),
    );
    await until('named.example.test', '/api/x', (r) => r.status === 200);
    const explain = (await t.gw.admin('/routes/test?url=http://named.example.test/api/x')).body;
    expect(explain.route).toMatchObject({ kind: 'HTTPRoute', name: 'named', ruleIndex: 0, ruleName: 'api' });
    expect(explain.why).toBe('rule "api": PathPrefix /api on named.example.test');
    expect((await get('named.example.test', '/broken')).status).toBe(500);
    await waitFor(() => /rules\[1\] \(\\"broken\\"\): filter ExtensionRef/.test(t.cluster.kubectl(['get', 'httproute', '-n', NS, 'named', '-o', 'jsonpath={.status.parents[0].conditions}'])), 'the named rule in the status message', 15_000, 200);
    const features = await waitFor(() => {
      const out = t.cluster.kubectl(['get', 'gatewayclass', 'portico', '-o', 'jsonpath={.status.supportedFeatures}']);
      return out ? (JSON.parse(out) as Array<{ name: string }>) : undefined;
    }, 'GatewayClass supportedFeatures', 15_000, 200);
    expect(features).toEqual(SUPPORTED_FEATURES_STATUS);
  });
});
