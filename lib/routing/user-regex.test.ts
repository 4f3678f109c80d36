import { describe, expect, it } from 'vitest';
import { compileUserRegex, MAX_PATTERN_LENGTH, userRegexProblem } from './user-regex';
import { buildSnapshot } from './index';
import { GATEWAY_CLASS, gateway, httpRoute, ingress, svc } from './fixtures';

describe('compileUserRegex', () => {
  it.each(['/something(/|$)(.*)', '/api/v[0-9]+/users', '^(alpha|beta)$', '/items/(?:[0-9]+)', '(?<id>[a-z]+)-x', '[(+)]+', '/a(b)?c+', '(a+)+$', '(a|aa)*b', '/.*.*.*.*x'])('accepts %s', (re) => {
    expect(userRegexProblem(re)).toBeUndefined();
  });
  it.each([
    ['(?=x)', /unsupported Perl syntax/],
    ['(?!x)y', /unsupported Perl syntax/],
    ['(?<=a)b', /invalid named capture|lookaround/],
    ['(.*)\\1', /invalid escape sequence/],
    ['(a{1000}){1000}', /repeat count/],
    ['(', /missing closing \)/],
    ['x'.repeat(MAX_PATTERN_LENGTH + 1), /more than the limit of 1024/],
    ['a{1000}'.repeat(11), /instructions, more than the limit/],
    ['(?:a{1000}){9}', /repeat count/],
  ])('refuses %s', (re, why) => {
    expect(userRegexProblem(re)).toMatch(why);
  });

  it('keeps the anchoring of each mode', () => {
    const ing = compileUserRegex('/API/(v[0-9]+)', 'ingress-path');
    expect(ing.test('/api/v2/users')).toBe(true); // case-insensitive, prefix
    expect(ing.test('/x/api/v2')).toBe(false); // anchored at the start
    expect(ing.exec('/api/v2/users')).toEqual(['/api/v2', 'v2']);
    const full = compileUserRegex('/users/[0-9]+', 'full');
    expect(full.test('/users/12')).toBe(true);
    expect(full.test('/users/12/x')).toBe(false);
    expect(full.test('/Users/12')).toBe(false);
    expect(compileUserRegex('a|ab', 'full').test('ab')).toBe(true);
    expect(() => compileUserRegex('a)|(b', 'full')).toThrow(/unexpected \)/);
    expect(compileUserRegex('beta', 'search').test('x-beta-1')).toBe(true);
    expect(compileUserRegex('/(a)?(b)', 'ingress-path').exec('/b')).toEqual(['/b', null, 'b']);
  });

  it('matches hostile patterns in linear time', () => {
    const long = '/' + 'a'.repeat(8191);
    for (const [src, mode] of [['/.*.*.*.*x', 'ingress-path'], ['(a+)+$', 'full'], ['(a|aa)*b', 'full']] as const) {
      const re = compileUserRegex(src, mode);
      const t0 = performance.now();
      expect(re.test(long)).toBe(false);
      expect(performance.now() - t0).toBeLessThan(100); // V8's RegExp: hours
    }
  });

  it('refused regexes become diagnostics, not served routes (the rule as a whole)', () => {
    const s = buildSnapshot({
      services: [svc('demo', 'echo'), svc('web', 'a')],
      ingresses: [ingress('demo', 'x', [{ host: 'h.com', paths: [{ path: '/(?=a)', pathType: 'ImplementationSpecific' }, { path: '/ok' }] }], { annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } })],
      gatewayClasses: [GATEWAY_CLASS],
      gateways: [gateway('web', 'gw', [{ name: 'http', port: 80, protocol: 'HTTP' }])],
      httpRoutes: [
        httpRoute('web', 'r', {
          parentRefs: [{ name: 'gw' }],
          hostnames: ['g.com'],
          rules: [
            { matches: [{ path: { type: 'PathPrefix', value: '/fine' } }, { path: { type: 'RegularExpression', value: '/(x)\\1' } }], backendRefs: [{ name: 'a', port: 80 }] },
            { matches: [{ path: { type: 'PathPrefix', value: '/other' } }], backendRefs: [{ name: 'a', port: 80 }] },
          ],
        }),
      ],
    });
    expect(s.match({ method: 'GET', scheme: 'http', host: 'h.com', path: '/ok' }).kind).toBe('route');
    expect(s.match({ method: 'GET', scheme: 'http', host: 'h.com', path: '/aaaa' }).kind).toBe('no-match');
    // the rule holding the bad match is dropped whole: its good match /fine is not served either
    expect(s.match({ method: 'GET', scheme: 'http', host: 'g.com', path: '/fine' }).kind).toBe('no-match');
    expect(s.match({ method: 'GET', scheme: 'http', host: 'g.com', path: '/other' }).kind).toBe('route');
    expect(s.diagnostics.map((d) => d.reason)).toEqual(['InvalidRegex', 'UnsupportedValue']);
    expect(s.diagnostics[0].message).toContain('spec.rules[0].http.paths[0].path "/(?=a)"');
    expect(s.diagnostics[0].message).toContain('unsupported Perl syntax');
    expect(s.diagnostics[1].message).toContain('rules[0].matches[1].path regular expression');
    expect(s.diagnostics[1].message).toContain('invalid escape sequence');
  });
});
