import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  const ok: Array<[string, string, string]> = [
    ['/', '/', ''],
    ['/foo?x=1', '/foo', '?x=1'],
    ['/a/./b', '/a/b', ''],
    ['/a/../b', '/b', ''],
    ['/../../etc/passwd', '/etc/passwd', ''],
    ['/a/b/..', '/a/', ''],
    ['/a/%2e%2e/b', '/b', ''],
    ['/a/%2E%2e/%2e/b', '/b', ''],
    ['/a%2Fb', '/a%2Fb', ''],
    ['/a%2fb', '/a%2Fb', ''],
    ['/%7Euser', '/~user', ''],
    ['/x?a=/../b', '/x', '?a=/../b'],
    ['http://example.com/p?q', '/p', '?q'],
    ['https://example.com', '/', ''],
    ['/a//b', '/a//b', ''],
  ];
  it.each(ok)('%s -> path %s query %s', (raw, path, query) => {
    const r = parseRequestTarget(raw);
    expect(r).toMatchObject({ ok: true, path, query, target: path + query });
  });

  it.each(['', 'foo', '/a b', '/a#b', '/a%zz', '/a%2', '/a\\b', '/a\u0001'])('rejects %j', (raw) => {
    const r = parseRequestTarget(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
  });

  it('returns the same string when nothing needs normalising', () => {
    const raw = '/api/v1/items?x=1';
    const r = parseRequestTarget(raw);
    expect(r.ok && r.target).toBe(raw);
  });
});
