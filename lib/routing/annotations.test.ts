import { describe, expect, it } from 'vitest';
import { buildSnapshot, SUPPORTED_ANNOTATIONS } from './index';
import type { ClusterState, ForwardAction, MatchResult, RoutingSnapshot } from './types';
import { ingress, svc } from './fixtures';

const N = 'nginx.ingress.kubernetes.io/';
const services = [svc('demo', 'echo'), svc('demo', 'main'), svc('demo', 'canary'), svc('demo', 'other')];
const snap = (state: ClusterState): RoutingSnapshot => buildSnapshot({ services, ...state });
const get = (s: RoutingSnapshot, path: string, headers: Record<string, string> = {}, host = 'h.com'): MatchResult =>
  s.match({ method: 'GET', scheme: 'http', host, path, headers });
const fwd = (r: MatchResult): ForwardAction => {
  if (r.kind !== 'route' || r.action.type !== 'forward') throw new Error(`not a forward: ${JSON.stringify(r)}`);
  return r.action;
};
const one = (paths: Array<{ path?: string; pathType?: string; service?: string }>, annotations: Record<string, string>, name = 'x') =>
  ingress('demo', name, [{ host: 'h.com', paths }], { annotations });

describe('SUPPORTED_ANNOTATIONS', () => {
  it('lists every documented key with a description, example and validator that accepts the example', () => {
    expect(SUPPORTED_ANNOTATIONS.length).toBeGreaterThanOrEqual(29);
    for (const a of SUPPORTED_ANNOTATIONS) {
      expect(a.key.startsWith(N) || a.key.startsWith('portico.dev/')).toBe(true);
      expect(a.description.length).toBeGreaterThan(10);
      expect(a.validate(a.example)).toBeUndefined();
    }
  });
  it.each([
    ['canary-weight', 'abc'],
    ['use-regex', 'yes'],
    ['proxy-body-size', '8 MB'],
    ['backend-protocol', 'FCGI'],
    ['canary-by-header-pattern', '(unclosed'],
    ['limit-rps', '0'],
    ['rewrite-target', '/x; evil'],
    ['cors-allow-origin', 'javascript:alert(1)'],
  ])('%s rejects %j with a message', (key, value) => {
    const spec = SUPPORTED_ANNOTATIONS.find((a) => a.key === N + key)!;
    expect(spec.validate(value)).toMatch(/must/);
  });
});

describe('refused, unsupported and invalid annotations', () => {
  it.each(['configuration-snippet', 'server-snippet', 'auth-snippet', 'stream-snippet', 'modsecurity-snippet', 'custom-new-snippet'])(
    '%s refuses the whole Ingress, mentioning CVE-2025-1974',
    (key) => {
      const s = snap({ ingresses: [one([{ path: '/' }], { [N + key]: 'return 200;' })] });
      expect(get(s, '/').kind).toBe('no-match');
      const d = s.diagnostics.find((x) => x.reason === 'SnippetRefused')!;
      expect(d.message).toContain('CVE-2025-1974');
      expect(d.field).toBe(`metadata.annotations["${N}${key}"]`);
    },
  );
  it('an unknown nginx annotation is reported and ignored; the Ingress still serves', () => {
    const s = snap({ ingresses: [one([{ path: '/' }], { [N + 'upstream-hash-by']: '$request_uri', 'portico.dev/alias': 'x' })] });
    expect(get(s, '/').kind).toBe('route');
    expect(s.diagnostics).toHaveLength(1);
    expect(s.diagnostics[0]).toMatchObject({ reason: 'UnsupportedAnnotation', severity: 'warning' });
    expect(s.diagnostics[0].message).toContain('upstream-hash-by');
  });
  it('an invalid value stops that Ingress only, naming the annotation', () => {
    const bad = one([{ path: '/bad' }], { [N + 'canary-weight']: 'abc' }, 'bad');
    const good = one([{ path: '/good' }], {}, 'good');
    const s = snap({ ingresses: [bad, good] });
    expect(get(s, '/bad').kind).toBe('no-match');
    expect(get(s, '/good').kind).toBe('route');
    expect(s.diagnostics[0]).toMatchObject({ reason: 'InvalidAnnotation', object: { name: 'bad' } });
    expect(s.diagnostics[0].message).toContain('canary-weight');
  });
  it('a bad regex path stops that path only', () => {
    const s = snap({ ingresses: [one([{ path: '/ok(/|$)(.*)', pathType: 'ImplementationSpecific' }, { path: '/bad(' , pathType: 'ImplementationSpecific' }], { [N + 'use-regex']: 'true' })] });
    expect(get(s, '/ok/1').kind).toBe('route');
    expect(s.diagnostics[0]).toMatchObject({ reason: 'InvalidRegex', field: 'spec.rules[0].http.paths[1].path' });
  });
});

describe('use-regex and rewrite-target', () => {
  it('rewrites with capture groups and keeps the query', () => {
    const s = snap({ ingresses: [one([{ path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific' }], { [N + 'rewrite-target']: '/$2' })] });
    expect(get(s, '/something')).toMatchObject({ upstreamPath: '/' });
    expect(get(s, '/something/')).toMatchObject({ upstreamPath: '/' });
    expect(get(s, '/something/new?x=1')).toMatchObject({ upstreamPath: '/new?x=1' });
    expect(get(s, '/SOMETHING/new')).toMatchObject({ upstreamPath: '/new' }); // case-insensitive, like nginx ~*
    expect(get(s, '/other').kind).toBe('no-match');
  });
  it('rewrite-target without groups replaces the whole path (ingress-nginx >= 0.22)', () => {
    const s = snap({ ingresses: [one([{ path: '/app', pathType: 'Prefix' }], { [N + 'rewrite-target']: '/' })] });
    expect(get(s, '/app/x?y=2')).toMatchObject({ upstreamPath: '/?y=2' });
  });
  it('use-regex anchors at the start; longer regex first', () => {
    const s = snap({
      ingresses: [one([{ path: '/api/v[0-9]+/users', pathType: 'ImplementationSpecific', service: 'other' }, { path: '/api', pathType: 'ImplementationSpecific' }], { [N + 'use-regex']: 'true' })],
    });
    expect(fwd(get(s, '/api/v2/users/7')).backends[0].service).toBe('other');
    expect(fwd(get(s, '/api/x')).backends[0].service).toBe('echo');
    expect(get(s, '/x/api').kind).toBe('no-match');
  });
});

describe('canary', () => {
  const main = one([{ path: '/', service: 'main' }], {}, 'main');
  const canary = (ann: Record<string, string>) => one([{ path: '/', service: 'canary' }], { [N + 'canary']: 'true', ...ann }, 'canary');
  it('splits by weight (out of canary-weight-total)', () => {
    const s = snap({ ingresses: [main, canary({ [N + 'canary-weight']: '20' })] });
    const a = fwd(get(s, '/'));
    expect(a.backends.map((b) => [b.service, b.weight, !!b.canary])).toEqual([['main', 80, false], ['canary', 20, true]]);
    expect(a.totalWeight).toBe(100);
    const s2 = snap({ ingresses: [main, canary({ [N + 'canary-weight']: '3', [N + 'canary-weight-total']: '10' })] });
    expect(fwd(get(s2, '/')).backends.map((b) => b.weight)).toEqual([7, 3]);
  });
  it('weight 0 keeps all traffic on main; weight = total sends all to canary', () => {
    expect(fwd(get(snap({ ingresses: [main, canary({ [N + 'canary-weight']: '0' })] }), '/')).backends.map((b) => b.service)).toEqual(['main']);
    expect(fwd(get(snap({ ingresses: [main, canary({ [N + 'canary-weight']: '100' })] }), '/')).backends.map((b) => b.service)).toEqual(['canary']);
  });
  it('by header: always / never / other falls through to the weight', () => {
    const s = snap({ ingresses: [main, canary({ [N + 'canary-by-header']: 'X-Canary', [N + 'canary-weight']: '50' })] });
    expect(fwd(get(s, '/', { 'x-canary': 'always' })).backends.map((b) => b.service)).toEqual(['canary']);
    expect(fwd(get(s, '/', { 'x-canary': 'never' })).backends.map((b) => b.service)).toEqual(['main']);
    expect(fwd(get(s, '/', { 'x-canary': 'maybe' })).backends).toHaveLength(2);
  });
  it('by header value and pattern', () => {
    const v = snap({ ingresses: [main, canary({ [N + 'canary-by-header']: 'X-Env', [N + 'canary-by-header-value']: 'beta' })] });
    expect(fwd(get(v, '/', { 'x-env': 'beta' })).backends[0].service).toBe('canary');
    expect(fwd(get(v, '/', { 'x-env': 'always' })).backends[0].service).toBe('main');
    const p = snap({ ingresses: [main, canary({ [N + 'canary-by-header']: 'X-Env', [N + 'canary-by-header-pattern']: '^(alpha|beta)$' })] });
    expect(fwd(get(p, '/', { 'x-env': 'alpha' })).backends[0].service).toBe('canary');
    expect(fwd(get(p, '/', { 'x-env': 'gamma' })).backends[0].service).toBe('main');
  });
  it('by cookie; header takes precedence over cookie', () => {
    const s = snap({ ingresses: [main, canary({ [N + 'canary-by-cookie']: 'beta', [N + 'canary-by-header']: 'X-Canary' })] });
    expect(fwd(get(s, '/', { cookie: 'a=1; beta=always' })).backends[0].service).toBe('canary');
    expect(fwd(get(s, '/', { cookie: 'beta=never' })).backends[0].service).toBe('main');
    expect(fwd(get(s, '/', { cookie: 'beta=always', 'x-canary': 'never' })).backends[0].service).toBe('main');
  });
  it('a canary without a main Ingress is reported and not served', () => {
    const s = snap({ ingresses: [canary({ [N + 'canary-weight']: '50' })] });
    expect(get(s, '/').kind).toBe('no-match');
    expect(s.diagnostics[0].reason).toBe('CanaryWithoutMain');
  });
});

describe('policies', () => {
  it('maps timeouts, body size, rate limits, CORS, affinity and backend protocol', () => {
    const s = snap({
      ingresses: [
        one([{ path: '/' }], {
          [N + 'proxy-connect-timeout']: '5',
          [N + 'proxy-read-timeout']: '120',
          [N + 'proxy-send-timeout']: '30s',
          [N + 'proxy-body-size']: '8m',
          [N + 'limit-rps']: '10',
          [N + 'limit-connections']: '3',
          [N + 'enable-cors']: 'true',
          [N + 'cors-allow-origin']: 'https://a.example.com, https://*.b.com',
          [N + 'cors-allow-credentials']: 'false',
          [N + 'cors-max-age']: '600',
          [N + 'affinity']: 'cookie',
          [N + 'session-cookie-name']: 'route',
          [N + 'session-cookie-max-age']: '3600',
          [N + 'backend-protocol']: 'grpc',
        }),
      ],
    });
    const a = fwd(get(s, '/'));
    expect(a.policy).toMatchObject({
      connectTimeoutMs: 5000,
      readTimeoutMs: 120000,
      sendTimeoutMs: 30000,
      maxBodyBytes: 8 * 1024 * 1024,
      rateLimit: { rps: 10, burst: 50, connections: 3 },
      cors: { allowOrigins: ['https://a.example.com', 'https://*.b.com'], allowCredentials: false, maxAgeSeconds: 600 },
      affinity: { type: 'cookie', cookieName: 'route', maxAgeSeconds: 3600 },
    });
    expect(a.backends[0].protocol).toBe('GRPC');
    expect(s.diagnostics).toEqual([]);
  });
  it('proxy-body-size 0 means unlimited (null), 1g is bytes', () => {
    expect(fwd(get(snap({ ingresses: [one([{ path: '/' }], { [N + 'proxy-body-size']: '0' })] }), '/')).policy.maxBodyBytes).toBeNull();
    expect(fwd(get(snap({ ingresses: [one([{ path: '/' }], { [N + 'proxy-body-size']: '1g' })] }), '/')).policy.maxBodyBytes).toBe(1024 ** 3);
  });
});

describe('canary Ingress annotations', () => {
  it('reports behaviour annotations on a canary as ignored', () => {
    const main = one([{ path: '/', service: 'main' }], {}, 'main');
    const c = one([{ path: '/', service: 'canary' }], { [N + 'canary']: 'true', [N + 'canary-weight']: '10', [N + 'rewrite-target']: '/x' }, 'canary');
    const s = snap({ ingresses: [main, c] });
    expect(s.diagnostics.map((d) => [d.reason, d.field])).toEqual([['IgnoredOnCanary', `metadata.annotations["${N}rewrite-target"]`]]);
    expect(get(s, '/a')).toMatchObject({ upstreamPath: '/a' });
  });
});

describe('route summary', () => {
  it('lists compiled routes with their https-only flag', () => {
    const s = snap({ ingresses: [one([{ path: '/' }], { [N + 'force-ssl-redirect']: 'true' })] });
    expect(s.routes.map((r) => [r.listenerPort, r.host, r.match, r.httpsOnly])).toEqual([
      [8080, 'h.com', 'Prefix /', true],
      [8443, 'h.com', 'Prefix /', true],
    ]);
  });
});

describe('README', () => {
  it('documents every supported annotation', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const a of SUPPORTED_ANNOTATIONS) expect(readme).toContain('`' + (a.key.startsWith(N) ? a.key.slice(N.length) : a.key) + '`');
  });
});

describe('checkAnnotations (for forms)', () => {
  it('lists each problem with its reason', async () => {
    const { checkAnnotations } = await import('./index');
    expect(checkAnnotations({ [N + 'server-snippet']: 'x', [N + 'limit-rps']: 'fast', [N + 'x-unknown']: '1', [N + 'use-regex']: 'true', other: 'ignored' }).map((p) => [p.key.slice(N.length), p.reason])).toEqual([
      ['server-snippet', 'SnippetRefused'],
      ['limit-rps', 'InvalidAnnotation'],
      ['x-unknown', 'UnsupportedAnnotation'],
    ]);
  });
});

describe('portico.dev/load-balance', () => {
  const LB = 'portico.dev/load-balance';
  it('sets the route policy algorithm', () => {
    for (const algo of ['round-robin', 'least-request', 'hash'] as const) {
      const s = snap({ ingresses: [one([{ path: '/' }], { [LB]: algo })] });
      expect(fwd(get(s, '/')).policy.loadBalance).toBe(algo);
    }
    expect(fwd(get(snap({ ingresses: [one([{ path: '/' }], {})] }), '/')).policy.loadBalance).toBeUndefined();
  });
  it('an invalid value stops the Ingress with a diagnostic naming the choices', () => {
    const s = snap({ ingresses: [one([{ path: '/' }], { [LB]: 'random' })] });
    expect(get(s, '/').kind).toBe('no-match');
    const d = s.diagnostics.find((x) => x.reason === 'InvalidAnnotation');
    expect(d?.message).toMatch(/round-robin, least-request, hash/);
  });
  it('is listed in SUPPORTED_ANNOTATIONS; other portico.dev/ keys are not reported', () => {
    expect(SUPPORTED_ANNOTATIONS.some((a) => a.key === LB)).toBe(true);
    const s = snap({ ingresses: [one([{ path: '/' }], { 'portico.dev/alias': 'Shop' })] });
    expect(get(s, '/').kind).toBe('route');
    expect(s.diagnostics).toEqual([]);
  });
});
