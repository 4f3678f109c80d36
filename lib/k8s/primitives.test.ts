import { describe, expect, it } from 'vitest';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidConfigKey,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isValidPathSegmentName,
  isDomainPrefixedPath,
} from './validation/primitives';
import { ingressHostErrors, ingressPathErrors } from './validation/networking';
import { gatewayHostnameErrors, httpPathErrors } from './validation/gateway';

const ok = (f: (v: string) => string[], v: string) =>
  expect(f(v), `${f.name}(${JSON.stringify(v)})`).toEqual([]);
const bad = (f: (v: string) => string[], v: string) =>
  expect(f(v).length, `${f.name}(${JSON.stringify(v)})`).toBeGreaterThan(0);

describe('DNS names', () => {
  it.each(['a', 'my-name', '123-abc', 'a'.repeat(63)])('label %s is valid', (v) =>
    ok(isDNS1123Label, v),
  );
  it.each(['', 'Bad_Name', '-a', 'a-', 'a.b', 'a'.repeat(64), 'UPPER'])(
    'label %s is invalid',
    (v) => bad(isDNS1123Label, v),
  );
  it.each(['example.com', 'a.b.c', '1.2.3', 'web'])('subdomain %s is valid', (v) =>
    ok(isDNS1123Subdomain, v),
  );
  it.each(['', 'a..b', '.a', 'a.', 'a_b', 'a'.repeat(254)])('subdomain %s is invalid', (v) =>
    bad(isDNS1123Subdomain, v),
  );
  it.each(['web', 'a-1'])('1035 label %s is valid', (v) => ok(isDNS1035Label, v));
  it.each(['1web', 'web.x', 'Web', ''])('1035 label %s is invalid', (v) => bad(isDNS1035Label, v));

  it('uses the real API wording', () => {
    expect(isDNS1123Label('Bad_Name')[0]).toBe(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('a'.repeat(64))[0]).toBe('must be no more than 63 characters');
  });
});

describe('label keys and values', () => {
  it.each(['app', 'example.com/app', 'app.kubernetes.io/name', 'a_b.c-d', 'A1'])(
    'key %s is valid',
    (v) => ok(isQualifiedName, v),
  );
  it.each(['', '/app', 'a/b/c', '-app', 'Example.com/app', 'a/', 'x'.repeat(64)])(
    'key %s is invalid',
    (v) => bad(isQualifiedName, v),
  );
  it.each(['', 'v1', 'my_value', 'a.b-c'])('value %s is valid', (v) => ok(isValidLabelValue, v));
  it.each(['-a', 'a b', 'a/b', 'x'.repeat(64)])('value %s is invalid', (v) =>
    bad(isValidLabelValue, v),
  );
  it('names the failing part', () => {
    expect(isQualifiedName('Bad.Prefix/x')[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain/,
    );
    expect(isQualifiedName('a/')).toEqual(['name part must be non-empty']);
  });
});

describe('ports, IPs, keys', () => {
  it.each([1, 80, 65535])('port %d is valid', (p) => expect(isValidPortNum(p)).toEqual([]));
  it.each([0, -1, 65536, 1.5])('port %d is invalid', (p) =>
    expect(isValidPortNum(p)).toEqual(['must be between 1 and 65535, inclusive']),
  );
  it.each(['http', 'h2c', 'web-1'])('port name %s is valid', (v) => ok(isValidPortName, v));
  it.each(['123', 'HTTP', 'a--b', '-a', 'a-very-long-port-name'])('port name %s is invalid', (v) =>
    bad(isValidPortName, v),
  );
  it.each(['10.0.0.1', '127.1.2.3', '::1', '2001:db8::ffff', '::ffff:10.0.0.1', 'fe80::1:2:3:4:5'])(
    'IP %s is valid',
    (v) => ok(isValidIP, v),
  );
  it.each(['10.0.0', '256.1.1.1', '01.2.3.4', 'abc', '1:2:3:4:5:6:7:8:9', '1::2::3', ''])(
    'IP %s is invalid',
    (v) => bad(isValidIP, v),
  );
  it.each(['tls.crt', 'KEY_NAME', 'key-name', '.env'])('config key %s is valid', (v) =>
    ok(isValidConfigKey, v),
  );
  it.each(['a/b', '..', '..a', 'a b', ''])('config key %s is invalid', (v) =>
    bad(isValidConfigKey, v),
  );
  it.each(['system:controller:x', 'admin'])('RBAC name %s is valid', (v) =>
    ok(isValidPathSegmentName, v),
  );
  it.each(['a/b', '..', '50%'])('RBAC name %s is invalid', (v) => bad(isValidPathSegmentName, v));
  it.each(['portico.dev/gateway-controller', 'k8s.io/ingress-nginx'])(
    'controller %s is valid',
    (v) => ok(isDomainPrefixedPath, v),
  );
  it.each(['portico', '', 'Bad_Host/x'])('controller %s is invalid', (v) =>
    bad(isDomainPrefixedPath, v),
  );
});

describe('Ingress hosts and paths', () => {
  it.each(['example.com', '*.example.com', 'a.b'])('host %s is valid', (v) =>
    ok(ingressHostErrors, v),
  );
  it.each(['1.2.3.4', 'example.com:80', '*', 'a.*.com', 'Example.com', '*.'])(
    'host %s is invalid',
    (v) => bad(ingressHostErrors, v),
  );
  const paths: Array<[string, string, boolean]> = [
    ['/', 'Prefix', true],
    ['/foo/bar', 'Exact', true],
    ['foo', 'Prefix', false],
    ['/a//b', 'Prefix', false],
    ['/a/../b', 'Exact', false],
    ['/a/%2F', 'Prefix', false],
    ['/a/..', 'Prefix', false],
    ['/a//b', 'ImplementationSpecific', true],
    ['foo', 'ImplementationSpecific', false],
  ];
  it.each(paths)('path %s (%s) valid=%s', (path, type, valid) =>
    expect(ingressPathErrors(path, type).length === 0).toBe(valid),
  );
});

describe('Gateway API hostnames and paths', () => {
  it.each(['example.com', '*.example.com'])('hostname %s is valid', (v) =>
    ok(gatewayHostnameErrors, v),
  );
  it.each(['10.0.0.1', 'Example.com', 'a:80', '*'])('hostname %s is invalid', (v) =>
    bad(gatewayHostnameErrors, v),
  );
  const cases: Array<[string, string, boolean]> = [
    ['PathPrefix', '/', true],
    ['Exact', '/a', true],
    ['PathPrefix', 'a', false],
    ['Exact', '/a#b', false],
    ['RegularExpression', '^/v[0-9]+/', true],
    ['RegularExpression', '/(unclosed', false],
  ];
  it.each(cases)('%s %s valid=%s', (type, value, valid) =>
    expect(httpPathErrors(type, value).length === 0).toBe(valid),
  );
});
