// Integration: dev cluster (child) + gateway (child) + real backends; Ingress semantics and the
// data plane's answers, with real requests. One cluster and one gateway for the whole file.
import { describe, expect, it } from 'vitest';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import WebSocket from 'ws';
import { freePort, namespaceYaml, request, selfSignedCert, serviceYaml, tlsGet, tlsSecretYaml, waitFor, waitForAnswer, type Backend, type RequestOptions } from '../testing/harness';
import { gatewaySuite } from '../testing/suite';

const backends: Backend[] = [];
let port = 0; // shared backend port (each backend has its own 127.0.x.y address)

const NS = 'gwtest';

const t = gatewaySuite({
  async prepare({ cluster, backend }) {
    port = await freePort();
    for (const [name, addr] of [
      ['a1', '127.0.61.1'],
      ['a2', '127.0.61.2'],
      ['b1', '127.0.62.1'],
      ['c1', '127.0.63.1'],
    ] as const)
      backends.push(await backend(name, addr, port));
    cluster.apply(`${namespaceYaml(NS)}---
${serviceYaml(NS, 'svc-a', [backends[0], backends[1]])}---
${serviceYaml(NS, 'svc-b', [backends[2]])}---
${serviceYaml(NS, 'svc-canary', [backends[3]])}---
${serviceYaml(NS, 'svc-empty', [])}`);
  },
});

/** Poll until the gateway serves `path` on `host` with `status` (the API write -> serving gap). */
const until = (host: string, path: string, ok: Parameters<typeof waitForAnswer>[1], extra: Partial<RequestOptions> = {}) => waitForAnswer({ ...extra, port: t.gw.httpPort, host, path }, ok);

function ingress(name: string, spec: string, annotations: Record<string, string> = {}): string {
  const ann = Object.keys(annotations).length ? `\n  annotations:\n${Object.entries(annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`).join('\n')}` : '';
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${NS}${ann}
spec:
${spec}`;
}

const backend = (svc: string) => `{service: {name: ${svc}, port: {name: http}}}`;

describe('Ingress routing', () => {
  it('routes host + Prefix paths element-wise, Exact, longest match, and answers 404 otherwise', async () => {
    t.cluster.apply(
      ingress(
        'paths',
        `  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: ${backend('svc-a')}}
      - {path: /api/v2, pathType: Prefix, backend: ${backend('svc-b')}}
      - {path: /exact, pathType: Exact, backend: ${backend('svc-b')}}`,
      ),
    );
    const r = await until('shop.example.com', '/api/items', (x) => x.status === 200);
    expect(['a1', 'a2']).toContain(r.json().name);
    expect(r.json().path).toBe('/api/items');
    expect(r.json().headers['x-forwarded-host']).toBe('shop.example.com');
    expect(r.json().headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(r.json().headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api' })).status).toBe(200);
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api/v2/x' })).json().name).toBe('b1');
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/apix' })).status).toBe(404);
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/exact' })).json().name).toBe('b1');
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/exact/x' })).status).toBe(404);
    const miss = await request({ port: t.gw.httpPort, host: 'other.example.com', path: '/api' });
    expect(miss.status).toBe(404);
    expect(miss.body.length).toBeLessThan(100);
    // incoming X-Request-ID is kept
    const kept = await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.json().headers['x-request-id']).toBe('abc-123');
  });

  it('balances round-robin across ready endpoints', async () => {
    const names = new Set<string>();
    for (let i = 0; i < 6; i++) names.add((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api' })).json().name);
    expect([...names].sort()).toEqual(['a1', 'a2']);
  });

  it('matches wildcard hosts on one label only', async () => {
    t.cluster.apply(ingress('wild', `  rules:\n  - host: "*.wild.example.com"\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`));
    await until('x.wild.example.com', '/', (r) => r.status === 200);
    expect((await request({ port: t.gw.httpPort, host: 'a.b.wild.example.com', path: '/' })).status).toBe(404);
    expect((await request({ port: t.gw.httpPort, host: 'wild.example.com', path: '/' })).status).toBe(404);
  });

  it('rewrite-target with regex capture groups', async () => {
    t.cluster.apply(
      ingress('rewrite', `  rules:\n  - host: rw.example.com\n    http:\n      paths:\n      - {path: "/something(/|$)(.*)", pathType: ImplementationSpecific, backend: ${backend('svc-b')}}`, {
        'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
        'nginx.ingress.kubernetes.io/use-regex': 'true',
      }),
    );
    const r = await until('rw.example.com', '/something/new/path?q=1', (x) => x.status === 200);
    expect(r.json().path).toBe('/new/path?q=1');
  });

  it('ssl-redirect sends plain HTTP to the HTTPS port (308)', async () => {
    t.cluster.apply(ingress('force-ssl', `  rules:\n  - host: secure.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`, { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' }));
    const r = await until('secure.example.com', '/login?x=1', (x) => x.status === 308);
    expect(r.headers.location).toBe(`https://secure.example.com:${t.gw.httpsPort}/login?x=1`);
  });

  it('canary by weight and by header', async () => {
    t.cluster.apply(ingress('main', `  rules:\n  - host: canary.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`));
    t.cluster.apply(
      ingress('main-canary', `  rules:\n  - host: canary.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-canary')}}`, {
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
        'nginx.ingress.kubernetes.io/canary-weight': '0',
      }),
    );
    await until('canary.example.com', '/', (r) => r.status === 200 && r.json().name === 'b1');
    await until('canary.example.com', '/', (r) => r.status === 200 && r.json().name === 'c1', { headers: { 'x-canary': 'always' } });
    for (let i = 0; i < 5; i++) expect((await request({ port: t.gw.httpPort, host: 'canary.example.com', path: '/' })).json().name).toBe('b1');
    t.cluster.kubectl(['annotate', '-n', NS, 'ingress', 'main-canary', '--overwrite', 'nginx.ingress.kubernetes.io/canary-weight=100']);
    await until('canary.example.com', '/', (r) => r.status === 200 && r.json().name === 'c1');
    expect((await request({ port: t.gw.httpPort, host: 'canary.example.com', path: '/', headers: { 'x-canary': 'never' } })).json().name).toBe('b1');
  });

  it('affinity cookie keeps a client on one endpoint', async () => {
    t.cluster.apply(ingress('sticky', `  rules:\n  - host: sticky.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-a')}}`, { 'nginx.ingress.kubernetes.io/affinity': 'cookie', 'nginx.ingress.kubernetes.io/session-cookie-name': 'route' }));
    const first = await until('sticky.example.com', '/', (r) => r.status === 200 && String(r.headers['set-cookie'] ?? '').startsWith('route='));
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const pinned = first.json().name;
    for (let i = 0; i < 6; i++) {
      const r = await request({ port: t.gw.httpPort, host: 'sticky.example.com', path: '/', headers: { cookie } });
      expect(r.json().name).toBe(pinned);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });

  it('CORS: preflight answered by the gateway, headers added to responses', async () => {
    t.cluster.apply(
      ingress('cors', `  rules:\n  - host: cors.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`, {
        'nginx.ingress.kubernetes.io/enable-cors': 'true',
        'nginx.ingress.kubernetes.io/cors-allow-origin': 'https://app.example.com',
        'nginx.ingress.kubernetes.io/cors-allow-methods': 'GET, POST',
      }),
    );
    const pre = await until('cors.example.com', '/x', (r) => r.status === 204, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(pre.headers['access-control-allow-methods']).toBe('GET, POST');
    const hits = backends[2].hits;
    const get = await request({ port: t.gw.httpPort, host: 'cors.example.com', path: '/x', headers: { origin: 'https://app.example.com' } });
    expect(get.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(backends[2].hits).toBe(hits + 1); // the preflight never reached the backend, the GET did
    const evil = await request({ port: t.gw.httpPort, host: 'cors.example.com', path: '/x', headers: { origin: 'https://evil.example.com' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limit-rps answers 503 beyond the burst', async () => {
    t.cluster.apply(ingress('rl', `  rules:\n  - host: rl.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`, { 'nginx.ingress.kubernetes.io/limit-rps': '1' }));
    await until('rl.example.com', '/', (r) => r.status === 200);
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await request({ port: t.gw.httpPort, host: 'rl.example.com', path: '/' })).status);
    expect(codes).toContain(503);
    expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(6);
  });

  it('proxy-body-size answers 413 for larger bodies (declared and chunked)', async () => {
    t.cluster.apply(ingress('body', `  rules:\n  - host: body.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`, { 'nginx.ingress.kubernetes.io/proxy-body-size': '1k' }));
    await until('body.example.com', '/', (r) => r.status === 200);
    expect((await request({ port: t.gw.httpPort, host: 'body.example.com', path: '/', method: 'POST', body: 'x'.repeat(500) })).json().bodyLength).toBe(500);
    expect((await request({ port: t.gw.httpPort, host: 'body.example.com', path: '/', method: 'POST', body: 'x'.repeat(5000) })).status).toBe(413);
    const chunked = await new Promise<number>((resolve) => {
      const s = net.connect(t.gw.httpPort, '127.0.0.1', () => {
        s.write('POST / HTTP/1.1\r\nHost: body.example.com\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = 'y'.repeat(800);
        s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`);
      });
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString();
        const m = /^HTTP\/1\.1 (\d+)/.exec(buf);
        if (m) {
          resolve(Number(m[1]));
          s.destroy();
        }
      });
      s.on('error', () => resolve(0));
    });
    expect(chunked).toBe(413);
  });

  it('answers 503 for a Service without ready endpoints, and keeps serving others', async () => {
    t.cluster.apply(ingress('empty', `  rules:\n  - host: empty.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-empty')}}`));
    const r = await until('empty.example.com', '/', (x) => x.status === 503);
    expect(r.body).toMatch(/no ready endpoints/);
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api' })).status).toBe(200);
  });

  it('refuses snippet annotations and reports them as events, other routes unaffected', async () => {
    t.cluster.apply(
      ingress('snippet', `  rules:\n  - host: snippet.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`, {
        'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";',
      }),
    );
    await waitFor(() => t.cluster.kubectl(['get', 'events', '-n', NS, '-o', 'json']).includes('Snippet'), 'snippet event', 15_000, 200);
    expect((await request({ port: t.gw.httpPort, host: 'snippet.example.com', path: '/' })).status).toBe(404);
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api' })).status).toBe(200);
  });

  it('writes Ingress status.loadBalancer', async () => {
    await waitFor(() => t.cluster.kubectl(['get', 'ingress', '-n', NS, 'paths', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']) === '127.0.0.1', 'ingress status', 15_000, 200);
  });

  it('passes WebSocket upgrades through', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.gw.httpPort}/api/ws`, { headers: { host: 'shop.example.com' } });
    const msgs: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (m) => {
        msgs.push(m.toString());
        if (msgs.length === 1) ws.send('ping');
        if (msgs.length === 2) resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(msgs[0]).toMatch(/^hello from a[12] \/api\/ws$/);
    expect(msgs[1]).toBe('echo:ping');
  });

  it('answers 431 for oversized headers and 400 for malformed requests', async () => {
    expect((await request({ port: t.gw.httpPort, host: 'shop.example.com', path: '/api', headers: { 'x-big': 'z'.repeat(40_000) } })).status).toBe(431);
    const raw = await new Promise<string>((resolve) => {
      const s = net.connect(t.gw.httpPort, '127.0.0.1', () => s.write('GARBAGE\r\n\r\n'));
      let buf = '';
      s.on('data', (d) => (buf += d.toString()));
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
  });

  it('serves TLS by SNI from a kubernetes.io/tls Secret and picks up certificate changes live', async () => {
    const secret = (cn: string) => tlsSecretYaml(NS, 'tls-cert', selfSignedCert(cn, ['tls.example.com']));
    t.cluster.apply(secret('first'));
    t.cluster.apply(ingress('tls', `  tls:\n  - hosts: [tls.example.com]\n    secretName: tls-cert\n  rules:\n  - host: tls.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`));
    const get = () => tlsGet(t.gw.httpsPort, 'tls.example.com', '/hello');
    const first = await waitFor(async () => {
      const r = await get();
      return r.status === 200 ? r : undefined;
    }, 'TLS route');
    expect(first.cn).toBe('first');
    // the same listener speaks HTTP/2 (ALPN h2)
    const h2status = await new Promise<number>((resolve, reject) => {
      const c = http2.connect(`https://127.0.0.1:${t.gw.httpsPort}`, { servername: 'tls.example.com', rejectUnauthorized: false });
      c.on('error', reject);
      const st = c.request({ ':path': '/h2', ':authority': 'tls.example.com' });
      st.on('response', (h) => {
        st.resume();
        st.on('end', () => {
          c.close();
          resolve(Number(h[':status']));
        });
      });
      st.on('error', reject);
      st.end();
    });
    expect(h2status).toBe(200);
    expect(JSON.parse(first.body).headers['x-forwarded-proto']).toBe('https');
    // plain HTTP on a TLS host redirects (ssl-redirect defaults to true when TLS is set)
    expect((await request({ port: t.gw.httpPort, host: 'tls.example.com', path: '/' })).status).toBe(308);
    t.cluster.apply(secret('second'));
    await waitFor(async () => (await get()).cn === 'second', 'certificate rotation');
  });
});

describe('endpoint churn and passive health', () => {
  it('retries idempotent requests on a dead endpoint and ejects it', async () => {
    const deadPort = port; // nothing listens on 127.0.64.1:port
    t.cluster.apply(serviceYaml(NS, 'svc-flaky', [{ address: '127.0.64.1', port: deadPort }, backends[2]]));
    t.cluster.apply(ingress('flaky', `  rules:\n  - host: flaky.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-flaky')}}`));
    await until('flaky.example.com', '/', (r) => r.status === 200);
    for (let i = 0; i < 10; i++) expect((await request({ port: t.gw.httpPort, host: 'flaky.example.com', path: '/' })).status).toBe(200);
    const cfg = (await t.gw.admin('/config')).body;
    const eps = cfg.endpoints[`${NS}/svc-flaky:http`].ready as Array<{ address: string; health: { available: boolean } }>;
    expect(eps.find((e) => e.address === '127.0.64.1')?.health.available).toBe(false);
    // POST (not idempotent, has a body) is not retried: it may fail, but it never hangs
    const post = await request({ port: t.gw.httpPort, host: 'flaky.example.com', path: '/', method: 'POST', body: 'x' });
    expect([200, 502]).toContain(post.status);
  });

  it('active health checks (portico.dev/health-check-path) take failing endpoints out', async () => {
    const good = await t.backend('h-good', '127.0.66.1', port, { healthz: 200 });
    const bad = await t.backend('h-bad', '127.0.66.2', port, { healthz: 503 });
    t.cluster.apply(serviceYaml(NS, 'svc-hc', [good, bad]));
    t.cluster.kubectl(['annotate', '-n', NS, 'service', 'svc-hc', '--overwrite', 'portico.dev/health-check-path=/healthz', 'portico.dev/health-check-interval=1']);
    t.cluster.apply(ingress('hc', `  rules:\n  - host: hc.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-hc')}}`));
    await until('hc.example.com', '/', (r) => r.status === 200);
    await waitFor(async () => {
      const names = new Set<string>();
      for (let i = 0; i < 6; i++) names.add((await request({ port: t.gw.httpPort, host: 'hc.example.com', path: '/' })).json().name);
      return names.size === 1 && names.has('h-good');
    }, 'failing endpoint skipped');
    const cfg = (await t.gw.admin('/config')).body;
    const bad2 = cfg.endpoints[`${NS}/svc-hc:http`].ready.find((e: { address: string }) => e.address === '127.0.66.2');
    expect(bad2.health.activeOk).toBe(false);
  });

  it('zero failed GETs while endpoints are added, made terminating and removed', async () => {
    const extra = [await t.backend('d1', '127.0.65.1', port), await t.backend('d2', '127.0.65.2', port), await t.backend('d3', '127.0.65.3', port)];
    t.cluster.apply(serviceYaml(NS, 'svc-churn', [extra[0]]));
    t.cluster.apply(ingress('churn', `  rules:\n  - host: churn.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-churn')}}`));
    await until('churn.example.com', '/', (r) => r.status === 200);
    let stop = false;
    const failures: string[] = [];
    let total = 0;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const load = async () => {
      const deadline = Date.now() + 20_000;
      while (!stop && Date.now() < deadline && total < 5_000) {
        total++;
        const r = await new Promise<number>((resolve) => {
          const req = http.request({ host: '127.0.0.1', port: t.gw.httpPort, path: '/', headers: { host: 'churn.example.com' }, agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', (e) => {
            failures.push(String(e));
            resolve(0);
          });
          req.end();
        });
        if (r !== 200) failures.push(String(r));
      }
    };
    const loaders = Promise.all([load(), load(), load(), load()]);
    const steps: Array<Array<{ address: string; port: number; ready?: boolean; serving?: boolean; terminating?: boolean }>> = [
      [extra[0], extra[1]],
      [extra[0], extra[1], extra[2]],
      [{ ...extra[0], ready: false, serving: true, terminating: true }, extra[1], extra[2]],
      [extra[1], extra[2]],
      [{ ...extra[1], ready: false, serving: true, terminating: true }, extra[2]],
      [extra[2]],
      [extra[0], extra[2]],
    ];
    for (const s of steps) {
      t.cluster.apply(serviceYaml(NS, 'svc-churn', s));
      await new Promise((r) => setTimeout(r, 300));
    }
    stop = true;
    await loaders;
    agent.destroy();
    expect(total).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });

  it('SIGTERM: readiness fails, in-flight requests finish, the process exits 0 (runs last)', async () => {
    t.cluster.apply(ingress('drain', `  rules:\n  - host: drain.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: ${backend('svc-b')}}`));
    await until('drain.example.com', '/', (r) => r.status === 200);
    const slow = request({ port: t.gw.httpPort, host: 'drain.example.com', path: '/slow?delay=1500' });
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((r) => t.gw.child.once('exit', (code) => r(code)));
    t.gw.child.kill('SIGTERM');
    await waitFor(async () => (await t.gw.admin('/readyz').catch(() => ({ status: 0 }))).status === 503, 'readiness failing while draining', 5_000, 20);
    expect((await slow).status).toBe(200);
    expect(await exited).toBe(0);
  });
});

