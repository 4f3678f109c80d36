import { describe, expect, it } from 'vitest';
import { ingress, svc } from '../fixtures';
import { planConversion, formatReport, sampleOf, type ConversionTarget } from './index';
import { buildSnapshot } from '../snapshot';
import { validateObject } from '../../k8s';

const NS = 'demo';
const N = 'nginx.ingress.kubernetes.io/';
const target: ConversionTarget = {
  namespace: 'portico-system',
  name: 'portico',
  listeners: [
    { name: 'http', protocol: 'HTTP', port: 80 },
    { name: 'https', protocol: 'HTTPS', port: 443 },
  ],
};
const services = [svc(NS, 'echo'), svc(NS, 'echo-canary'), svc(NS, 'api', [{ name: 'web', port: 8080 }])];

function plan(main: ReturnType<typeof ingress>, others: ReturnType<typeof ingress>[] = []) {
  return planConversion(main, [main, ...others], services, target);
}

describe('convert Ingress -> HTTPRoute', () => {
  it('plain prefixes and exact paths are equivalent on every generated request', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'shop.example.com', paths: [{ path: '/a', pathType: 'Prefix' }, { path: '/a/b', pathType: 'Exact', service: 'api', port: 'web' }, { path: '/' }] }]));
    expect(p.conversion.routes).toHaveLength(1);
    const r = p.conversion.routes[0];
    expect(r.spec.hostnames).toEqual(['shop.example.com']);
    expect(r.spec.rules?.map((x) => x.matches?.[0].path)).toEqual([
      { type: 'PathPrefix', value: '/a' },
      { type: 'Exact', value: '/a/b' },
      { type: 'PathPrefix', value: '/' },
    ]);
    // the named Service port became its number
    expect(r.spec.rules?.[1].backendRefs).toEqual([{ name: 'api', port: 8080 }]);
    expect(p.equivalence!.requests).toBeGreaterThan(50);
    expect(p.equivalence!.differences).toEqual([]);
  });

  it('canary by cookie, by header (always/never, value, pattern) and by weight: rules of the main route, equivalent', () => {
    const main = ingress(NS, 'web', [{ host: 'shop.example.com', paths: [{ path: '/' }] }]);
    const byCookie = ingress(NS, 'web-canary', [{ host: 'shop.example.com', paths: [{ path: '/', service: 'echo-canary' }] }], {
      annotations: { [N + 'canary']: 'true', [N + 'canary-by-cookie']: 'beta', [N + 'canary-by-header']: 'X-Canary', [N + 'canary-weight']: '20' },
    });
    const p = plan(main, [byCookie]);
    expect(p.conversion.canaries).toEqual(['web-canary']);
    const rules = p.conversion.routes[0].spec.rules!;
    expect(rules.map((r) => r.matches?.[0].headers?.[0]?.value ?? '-')).toEqual(['always', 'never', expect.stringContaining('beta'), expect.stringContaining('beta'), '-']);
    expect(rules[4].backendRefs).toEqual([{ name: 'echo', port: 80, weight: 80 }, { name: 'echo-canary', port: 80, weight: 20 }]);
    expect(p.equivalence!.differences).toEqual([]);
    const rows = p.conversion.annotations.filter((a) => a.ingress === 'web-canary');
    expect(rows.find((a) => a.key === N + 'canary-by-cookie')?.status).toBe('approximated');

    for (const extra of [{ [N + 'canary-by-header-value']: 'yes' }, { [N + 'canary-by-header-pattern']: '^(beta|alpha)$' }]) {
      const c = ingress(NS, 'web-canary', [{ host: 'shop.example.com', paths: [{ path: '/', service: 'echo-canary' }] }], { annotations: { [N + 'canary']: 'true', [N + 'canary-by-header']: 'X-Canary', ...extra } });
      const q = plan(main, [c]);
      expect(q.equivalence!.differences).toEqual([]);
      // the check did send the trigger value (the canary was reachable)
      const snap = buildSnapshot({ ingresses: [main, c], services });
      const v = extra[N + 'canary-by-header-value' as keyof typeof extra] ?? 'beta';
      const res = snap.match({ method: 'GET', scheme: 'http', host: 'shop.example.com', path: '/', headers: { 'x-canary': v } });
      expect(res.kind === 'route' && res.action.type === 'forward' && res.action.backends[0].service).toBe('echo-canary');
    }
  });

  it('rewrite-target with a capture of the rest: PathPrefix + ReplacePrefixMatch, differs only in case', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'shop.example.com', paths: [{ path: '/shop(/|$)(.*)', pathType: 'ImplementationSpecific' }] }], { annotations: { [N + 'rewrite-target']: '/$2' } }));
    const rule = p.conversion.routes[0].spec.rules![0];
    expect(rule.matches?.[0].path).toEqual({ type: 'PathPrefix', value: '/shop' });
    expect(rule.filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }]);
    expect(p.conversion.annotations.find((a) => a.key === N + 'rewrite-target')?.status).toBe('approximated');
    const diffs = p.equivalence!.differences;
    expect(diffs.length).toBeGreaterThan(0);
    // every difference is an upper-case path the case-insensitive Ingress regex matched
    for (const d of diffs) expect(d.request.path).toMatch(/^\/SHOP/);
    const same = p.equivalence!.requests - diffs.length;
    expect(same).toBeGreaterThan(0);
  });

  it('rewrite-target with captures that URLRewrite cannot express: same matching, listed upstream paths', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'shop.example.com', paths: [{ path: '/api/(v[0-9]+)/(.*)', pathType: 'ImplementationSpecific' }] }], { annotations: { [N + 'rewrite-target']: '/$2/$1' } }));
    expect(p.conversion.routes[0].spec.rules![0].matches?.[0].path).toEqual({ type: 'RegularExpression', value: '(?i)(?:/api/(v[0-9]+)/(.*)).*' });
    expect(p.conversion.annotations.find((a) => a.key === N + 'rewrite-target')?.status).toBe('not-translatable');
    const d = p.equivalence!.differences;
    expect(d.length).toBeGreaterThan(0);
    // a path reaching into the regex (sampled from it): the Ingress rewrites with the captures, the proposal cannot
    expect(d).toContainEqual(expect.objectContaining({ request: expect.objectContaining({ path: '/api/v0/a' }), ingress: 'forward demo/echo:http HTTP path /a/v0', proposal: 'forward demo/echo:http HTTP path /api/v0/a' }));
    expect(formatReport(p)).toMatch(/routed differently/);
  });

  it('use-regex: the case-insensitive start-anchored match becomes a whole-path RegularExpression, equivalent', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'shop.example.com', paths: [{ path: '/api/v[0-9]+', pathType: 'ImplementationSpecific' }, { path: '/', pathType: 'ImplementationSpecific' }] }], { annotations: { [N + 'use-regex']: 'true' } }));
    expect(p.equivalence!.differences).toEqual([]);
  });

  it('ssl-redirect: forwarding on HTTPS, a 308 redirect route on HTTP; equivalent', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'shop.example.com', paths: [{ path: '/a' }] }], { tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] }));
    expect(p.conversion.routes.map((r) => [r.metadata.name, r.spec.parentRefs?.map((x) => x.sectionName)])).toEqual([
      ['web', ['https']],
      ['web-redirect', ['http']],
    ]);
    expect(p.equivalence!.differences).toEqual([]);
  });

  it('force-ssl-redirect without TLS redirects too; ssl-redirect without a TLS host redirects nothing', () => {
    const forced = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/' }] }], { annotations: { [N + 'force-ssl-redirect']: 'true' } }));
    expect(forced.conversion.routes.map((r) => r.metadata.name)).toEqual(['web', 'web-redirect']);
    expect(forced.equivalence!.differences).toEqual([]);
    const plain = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/' }] }], { annotations: { [N + 'ssl-redirect']: 'true' } }));
    expect(plain.conversion.routes.map((r) => r.metadata.name)).toEqual(['web']);
    expect(plain.conversion.annotations[0]).toMatchObject({ status: 'translated', detail: expect.stringMatching(/nothing redirects/) });
    expect(plain.equivalence!.differences).toEqual([]);
  });

  it('a one-label Ingress wildcard differs from the Gateway API wildcard on two labels, and the check says so', () => {
    const p = plan(ingress(NS, 'web', [{ host: '*.example.com', paths: [{ path: '/' }] }]));
    const hosts = new Set(p.equivalence!.differences.map((d) => d.request.host));
    expect([...hosts]).toEqual(['x.y.example.com']);
    expect(p.equivalence!.differences[0]).toMatchObject({ ingress: '404', proposal: expect.stringMatching(/^forward demo\/echo/) });
  });

  it('policies without a Gateway API field are reported, not silently dropped; unsupported ones are ignored', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/' }] }], {
      annotations: { [N + 'proxy-read-timeout']: '30', [N + 'enable-cors']: 'true', [N + 'limit-rps']: '5', [N + 'upstream-vhost']: 'inner.local', [N + 'affinity']: 'cookie', [N + 'x-unknown']: 'y', 'portico.dev/load-balance': 'hash' },
    }));
    const st = Object.fromEntries(p.conversion.annotations.map((a) => [a.key.replace(N, ''), a.status]));
    expect(st).toEqual({ 'proxy-read-timeout': 'not-translatable', 'enable-cors': 'approximated', 'limit-rps': 'not-translatable', 'upstream-vhost': 'translated', affinity: 'translated', 'x-unknown': 'ignored', 'portico.dev/load-balance': 'not-translatable' });
    expect(p.conversion.routes[0].spec.rules![0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { hostname: 'inner.local' } },
      { type: 'CORS', cors: expect.objectContaining({ allowOrigins: ['*'], maxAge: 1728000 }) },
    ]);
    expect(p.conversion.routes[0].spec.rules![0].sessionPersistence).toEqual({ sessionName: 'INGRESSCOOKIE', type: 'Cookie' });
    // "*" origins: every Origin gets "*" both ways, so nothing differs
    expect(p.equivalence!.differences).toEqual([]);
  });

  it('enable-cors with listed origins -> the CORS filter; the proof asks Origins and preflights and lists what differs', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/' }] }], {
      annotations: {
        [N + 'enable-cors']: 'true',
        [N + 'cors-allow-origin']: 'https://app.example.com, https://*.example.org',
        [N + 'cors-allow-methods']: 'GET, PUT, PROPFIND',
        [N + 'cors-allow-headers']: 'Content-Type,Authorization',
        [N + 'cors-expose-headers']: 'X-Request-Id',
        [N + 'cors-allow-credentials']: 'true',
        [N + 'cors-max-age']: '600',
      },
    }));
    const rule = p.conversion.routes[0].spec.rules![0];
    expect(rule.filters).toEqual([
      { type: 'CORS', cors: { allowOrigins: ['https://app.example.com', 'https://*.example.org'], allowMethods: ['GET', 'PUT'], allowHeaders: ['Content-Type', 'Authorization'], exposeHeaders: ['X-Request-Id'], allowCredentials: true, maxAge: 600 } },
    ]);
    const st = Object.fromEntries(p.conversion.annotations.map((a) => [a.key.replace(N, ''), a.status]));
    expect(st).toMatchObject({ 'enable-cors': 'approximated', 'cors-allow-origin': 'approximated', 'cors-allow-methods': 'approximated', 'cors-allow-headers': 'translated', 'cors-max-age': 'translated' });
    // the route is valid for the API server
    expect(validateObject({ ...p.conversion.routes[0] })).toEqual([]);
    const diffs = p.equivalence!.differences;
    // the same answer for a listed origin's request and preflight
    const listed = (d: (typeof diffs)[number]) => d.request.headers.origin === 'https://app.example.com';
    expect(diffs.filter(listed)).toEqual([]);
    // what differs, honestly listed: two labels under the wildcard, and a stranger's preflight (upstream vs 204)
    expect(diffs.find((d) => d.request.headers.origin === 'https://a.b.example.org' && d.request.method === 'GET')).toMatchObject({ ingress: expect.stringContaining('cors none'), proposal: expect.stringContaining('cors allow-origin https://a.b.example.org credentials') });
    expect(diffs.find((d) => d.request.headers.origin === 'https://stranger.example' && d.request.method === 'OPTIONS')).toMatchObject({ ingress: expect.stringContaining('preflight sent upstream'), proposal: expect.stringContaining('preflight answered') });
    expect(diffs.find((d) => d.request.headers.origin === 'https://a.example.org' )).toBeUndefined();
  });

  it('affinity cookie with max-age and path -> sessionPersistence Permanent; a path other than / is listed as a difference', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/' }] }], {
      annotations: { [N + 'affinity']: 'cookie', [N + 'session-cookie-name']: 'route', [N + 'session-cookie-max-age']: '3600', [N + 'session-cookie-path']: '/shop' },
    }));
    expect(p.conversion.routes[0].spec.rules![0].sessionPersistence).toEqual({ sessionName: 'route', type: 'Cookie', absoluteTimeout: '1h', cookieConfig: { lifetimeType: 'Permanent' } });
    const st = Object.fromEntries(p.conversion.annotations.map((a) => [a.key.replace(N, ''), a.status]));
    expect(st).toEqual({ affinity: 'translated', 'session-cookie-name': 'translated', 'session-cookie-max-age': 'approximated', 'session-cookie-path': 'approximated' });
    expect(p.equivalence!.differences[0]).toMatchObject({ ingress: expect.stringContaining('session cookie route path /shop max-age 3600'), proposal: expect.stringContaining('session cookie route path / max-age 3600') });
    const same = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/' }] }], { annotations: { [N + 'affinity']: 'cookie', [N + 'session-cookie-max-age']: '90000' } }));
    expect(same.conversion.routes[0].spec.rules![0].sessionPersistence).toMatchObject({ absoluteTimeout: '25h' });
    expect(same.equivalence!.differences).toEqual([]);
  });

  it('a missing Service: the Ingress answers 503, the route 500 -- listed', () => {
    const p = plan(ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/', service: 'gone' }] }]));
    expect(p.equivalence!.differences.length).toBeGreaterThan(0);
    expect(p.equivalence!.differences[0]).toMatchObject({ ingress: 'status 503', proposal: 'status 500' });
  });

  it('refuses a canary Ingress and an Ingress with a snippet, naming why', () => {
    const c = plan(ingress(NS, 'c', [{ host: 'a.example.com', paths: [{ path: '/' }] }], { annotations: { [N + 'canary']: 'true' } }));
    expect(c.conversion.refused).toMatch(/canary Ingress/);
    const s = plan(ingress(NS, 's', [{ host: 'a.example.com', paths: [{ path: '/' }] }], { annotations: { [N + 'server-snippet']: 'x' } }));
    expect(s.conversion.refused).toMatch(/server-snippet/);
    expect(s.equivalence).toBeUndefined();
  });

  it('several hosts: one route per host; defaultBackend becomes a last rule on each', () => {
    const ing = ingress(NS, 'web', [{ host: 'a.example.com', paths: [{ path: '/a' }] }, { host: 'b.example.com', paths: [{ path: '/b' }] }], { defaultBackend: { service: 'api', port: 8080 } });
    const p = plan(ing);
    expect(p.conversion.routes.map((r) => r.metadata.name)).toEqual(['web-a-example-com', 'web-b-example-com']);
    expect(p.conversion.notes.join()).toMatch(/catch-all/);
    // only the unlisted host differs (the Ingress's catch-all default backend)
    expect(new Set(p.equivalence!.differences.map((d) => d.request.host))).toEqual(new Set(['unlisted.example']));
  });
});

describe('sampleOf', () => {
  it('gives a string the pattern matches', () => {
    expect(sampleOf('/api/(v[0-9]+)/(.*)')).toBe('/api/v0/a');
    expect(sampleOf('/shop(/|$)(.*)')).toBe('/shop/a');
    expect(sampleOf('(?i)/x\\d{2}(?:a|b)')).toBe('/x1a');
  });
});
