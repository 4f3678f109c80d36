// The admin API is not a public door (issue 13 point 7): a gateway process whose admin API is
// bound beyond loopback (0.0.0.0; we connect only over 127.0.0.1) asks for the bearer token on
// everything but the probes, re-reads a rotated token file, and answers /config and
// /routes/test for the namespaces asked only. Real sockets, gateway/main.ts under tsx.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, selfSignedCert, startGateway, waitFor, type TestGateway } from '../../testing/harness';

const TOKEN = 'admin-test-token-6f1d2c9a8b7e4f30a1b2';
const ROTATED = 'admin-test-token-rotated-0c4e8d2f7a9b';
// Each namespace: an Ingress on its own host, a Service with a manual EndpointSlice on its
// own address, and for beta a TLS certificate and an unsupported annotation (a diagnostic).
const NS = {
  alpha: { host: 'shop.alpha.test', address: '127.0.81.1' },
  beta: { host: 'secret-shop.beta.test', address: '127.0.82.2' },
} as const;

function objects() {
  const cert = selfSignedCert(NS.beta.host, [NS.beta.host]);
  const out: unknown[] = [{ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'portico' }, spec: { controller: 'portico.dev/ingress-controller' } }];
  for (const [ns, { host, address }] of Object.entries(NS)) {
    out.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: `${ns}-web`, namespace: ns }, spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${ns}-web-1`, namespace: ns, labels: { 'kubernetes.io/service-name': `${ns}-web` } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [address], conditions: { ready: true }, targetRef: { kind: 'Pod', name: `${ns}-web-pod`, namespace: ns } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: `${ns}-web`, namespace: ns, annotations: ns === 'beta' ? { 'nginx.ingress.kubernetes.io/x-unknown': 'on' } : {} },
        spec: {
          ingressClassName: 'portico',
          ...(ns === 'beta' ? { tls: [{ hosts: [host], secretName: 'beta-tls' }] } : {}),
          rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `${ns}-web`, port: { name: 'http' } } } }] } }],
        },
      },
    );
  }
  out.push({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'beta-tls', namespace: 'beta' }, data: { 'tls.crt': Buffer.from(cert.cert).toString('base64'), 'tls.key': Buffer.from(cert.key).toString('base64') } });
  return out;
}

let dir: string;
let tokenFile: string;
let gw: TestGateway;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-admin-auth-'));
  tokenFile = path.join(dir, 'token');
  writeFileSync(tokenFile, `${TOKEN}\n`); // as `kubectl create secret --from-file` leaves it: trailing newline
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(objects()));
  gw = await startGateway({ GATEWAY_STATIC_CONFIG: config, GATEWAY_ADMIN_ADDRESS: '0.0.0.0', GATEWAY_ADMIN_TOKEN_FILE: tokenFile });
}, 120_000);

afterAll(async () => {
  await gw?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = (p: string, token?: string, scheme = 'Bearer') => request({ port: gw.adminPort, path: p, headers: token === undefined ? {} : { authorization: `${scheme} ${token}` } });

describe('admin API bound beyond loopback (0.0.0.0) with GATEWAY_ADMIN_TOKEN_FILE', () => {
  it('without the token: 401 with WWW-Authenticate: Bearer and no data, on every path but the probes', async () => {
    for (const p of ['/config', '/metrics', '/routes/test?url=http://shop.alpha.test/', '/config?namespace=alpha', '/nope']) {
      const r = await get(p);
      expect(r.status, p).toBe(401);
      expect(r.headers['www-authenticate'], p).toMatch(/^Bearer\b/);
      for (const leak of ['alpha', 'beta', '127.0.8', 'portico_']) expect(r.body, `${p} leaks ${leak}`).not.toContain(leak);
    }
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
  });

  it('a wrong token, a token in another scheme, or an empty one: 401', async () => {
    for (const [token, scheme] of [[`${TOKEN}x`, 'Bearer'], [TOKEN.slice(0, -1), 'Bearer'], [TOKEN, 'Basic'], ['', 'Bearer']] as const) {
      const r = await get('/config', token, scheme);
      expect(r.status, `${scheme} ${token}`).toBe(401);
      expect(r.body).not.toContain('alpha');
    }
  });

  it('the right token: /config (whole view), /metrics and /routes/test answer', async () => {
    const cfg = await get('/config', TOKEN);
    expect(cfg.status).toBe(200);
    const body = cfg.json();
    expect([...new Set(body.routes.map((r: { route: { namespace: string } }) => r.route.namespace))].sort()).toEqual(['alpha', 'beta']);
    expect(body.source).toBeDefined(); // controller info: whole view only
    expect((await get('/metrics', TOKEN)).body).toContain('portico_');
    expect((await get('/routes/test?url=http://shop.alpha.test/', TOKEN, 'bearer')).json().route.namespace).toBe('alpha');
  });

  it('/config?namespace=alpha holds nothing of beta: no route, backend, endpoint address, host, certificate or diagnostic', async () => {
    const whole = (await get('/config', TOKEN)).body;
    // the whole view does carry all of these: the scoped one must drop them
    for (const s of ['beta/beta-web', NS.beta.address, NS.beta.host, 'beta/beta-tls', 'UnsupportedAnnotation']) expect(whole).toContain(s);
    const r = await get('/config?namespace=alpha', TOKEN);
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body.namespaces).toEqual(['alpha']);
    expect([...new Set(body.routes.map((x: { route: { id: string } }) => x.route.id))]).toEqual(['Ingress/alpha/alpha-web/0/0']); // one per listener port
    expect(body.backends.map((b: { key: string }) => b.key)).toEqual(['alpha/alpha-web:http']);
    expect(body.endpoints['alpha/alpha-web:http'].ready.map((e: { address: string }) => e.address)).toEqual([NS.alpha.address]);
    expect(body.certificates).toEqual([]);
    expect(body.diagnostics).toEqual([]);
    expect(body.listeners.length).toBeGreaterThan(0);
    for (const leak of ['beta', NS.beta.address, NS.beta.host, 'leader', 'source']) expect(r.body, `leaks ${leak}`).not.toContain(leak);

    const b = (await get('/config?namespace=beta', TOKEN)).json();
    expect(b.certificates).toEqual([{ key: 'beta/beta-tls', hosts: [NS.beta.host] }]);
    expect(b.diagnostics.map((d: { reason: string; object: { namespace: string } }) => [d.reason, d.object.namespace])).toEqual([['UnsupportedAnnotation', 'beta']]);
    expect(JSON.stringify(b)).not.toContain(NS.alpha.address);
    const both = (await get('/config?namespace=alpha&namespace=beta', TOKEN)).json();
    expect(both.backends.map((x: { key: string }) => x.key).sort()).toEqual(['alpha/alpha-web:http', 'beta/beta-web:http']);
  });

  it('/routes/test?namespace=alpha: its own route in full; another project\'s only as "served by another project"', async () => {
    const own = (await get(`/routes/test?url=http://${NS.alpha.host}/&namespace=alpha`, TOKEN)).json();
    expect(own.route.name).toBe('alpha-web');
    expect(own.backends[0].nextEndpoint).toBe(`${NS.alpha.address}:8080`);
    const r = await get(`/routes/test?url=http://${NS.beta.host}/&namespace=alpha`, TOKEN);
    expect(r.status).toBe(200);
    const other = r.json();
    expect(other.result).toBe('other-project');
    expect(other.why).toBe('served by another project');
    expect(other.route).toBeUndefined();
    expect(other.backends).toBeUndefined();
    for (const leak of ['beta-web', 'beta/', NS.beta.address, 'pod']) expect(r.body, `leaks ${leak}`).not.toContain(leak);
    // no match stays a no-match; a bad namespace is refused naming the field
    expect((await get('/routes/test?url=http://nobody.test/&namespace=alpha', TOKEN)).json().result).toBe('no-match');
    const bad = await get('/config?namespace=Not_A_Label', TOKEN);
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/^namespace "Not_A_Label": must be a DNS label/);
  });

  it('a rotated token file is read again: the old token stops working, the new one works', async () => {
    writeFileSync(tokenFile, ROTATED);
    await waitFor(async () => (await get('/config', ROTATED)).status === 200, 'the rotated token to be accepted', 10_000, 200);
    expect((await get('/config', TOKEN)).status).toBe(401);
    writeFileSync(tokenFile, TOKEN); // the harness presents the original one
    await waitFor(async () => (await get('/config', TOKEN)).status === 200, 'the original token again', 10_000, 200);
  });
});
