import { describe, expect, it } from 'vitest';
import { unsafeRegexReason } from './safe-regex';
import { buildSnapshot } from './index';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, svc } from './fixtures';

describe('unsafeRegexReason', () => {
  it.each(['/something(/|$)(.*)', '/api/v[0-9]+/users', '^(alpha|beta)$', '/items/(?:[0-9]+)', '(?<id>[a-z]+)-x', '[(+)]+', '/a(b)?c+'])('accepts %s', (re) => {
    expect(unsafeRegexReason(re)).toBeUndefined();
  });
  it.each(['(a+)+', '(a|aa)*(x*)+', '((ab)*)+', '(\\w+\\s?)*$', '(.*)\\1', 'x'.repeat(2000)])('refuses %s', (re) => {
    expect(unsafeRegexReason(re)).toMatch(/./);
  });
  it('refused regexes become diagnostics, not served routes', () => {
    const s = buildSnapshot({
      services: [svc('demo', 'echo'), svc('web', 'a')],
      ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/(a+)+$', pathType: 'ImplementationSpecific' }, { path: '/ok' }] }], { annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } })],
      gatewayClasses: [GATEWAY_CLASS],
      gateways: [gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }])],
      httpRoutes: [httpRoute('web', 'r', { parentRefs: [{ name: 'gw' }], hostnames: ['g.com'], rules: [{ matches: [{ path: { type: 'RegularExpression', value: '/(x+)+' } }], backendRefs: [{ name: 'a', port: 80 }] }] })],
    });
    expect(s.match({ method: 'GET', scheme: 'http', host: 'h.com', path: '/ok' }).kind).toBe('route');
    expect(s.match({ method: 'GET', scheme: 'http', host: 'h.com', path: '/aaaa' }).kind).toBe('no-match');
    expect(s.diagnostics.map((d) => d.reason)).toEqual(['InvalidRegex', 'UnsupportedValue']);
    expect(s.diagnostics[1].message).toContain('repetition');
  });
});
