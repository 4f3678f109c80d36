import { describe, expect, it } from 'vitest';
import { corsAllowOrigin, corsPreflightHeaders, corsResponseHeaders, isCorsPreflight } from './cors';
import type { CorsPolicy } from './types';

const base: CorsPolicy = { allowOrigins: ['*'], allowMethods: 'GET, POST', allowHeaders: 'Content-Type', exposeHeaders: '', allowCredentials: true, maxAgeSeconds: 600 };
const listed: CorsPolicy = { ...base, allowOrigins: ['https://app.example.com', 'https://*.corp.example', 'http://localhost:3000'] };

describe('corsAllowOrigin', () => {
  it('any-origin policy: a literal "*", never the request Origin (with or without one)', () => {
    expect(corsAllowOrigin(base, 'https://evil.example')).toBe('*');
    expect(corsAllowOrigin(base, undefined)).toBe('*');
    expect(corsAllowOrigin({ ...base, allowOrigins: ['https://a.example', '*'] }, 'https://evil.example')).toBe('*');
  });

  it('a list: echoes only listed origins, case-insensitively, as sent', () => {
    expect(corsAllowOrigin(listed, 'https://app.example.com')).toBe('https://app.example.com');
    expect(corsAllowOrigin(listed, 'HTTPS://App.Example.com')).toBe('HTTPS://App.Example.com');
    expect(corsAllowOrigin(listed, 'http://localhost:3000')).toBe('http://localhost:3000');
    for (const o of ['https://evil.example', 'http://app.example.com', 'https://app.example.com:8443', 'https://app.example.com.evil.example', 'null', 'http://localhost:3001']) {
      expect(corsAllowOrigin(listed, o), o).toBeUndefined();
    }
    expect(corsAllowOrigin(listed, undefined)).toBeUndefined();
  });

  it('"https://*.corp.example" stands for exactly one label, same scheme, no port', () => {
    expect(corsAllowOrigin(listed, 'https://a-1.corp.example')).toBe('https://a-1.corp.example');
    for (const o of ['https://corp.example', 'https://.corp.example', 'https://a.b.corp.example', 'http://a.corp.example', 'https://a.corp.example:444', 'https://evilcorp.example', 'https://a_b.corp.example']) {
      expect(corsAllowOrigin(listed, o), o).toBeUndefined();
    }
  });
});

describe('CORS headers', () => {
  it('preflight: "*" without credentials or Vary; a listed origin with both', () => {
    expect(corsPreflightHeaders(base, '*')).toEqual(['access-control-allow-origin', '*', 'access-control-allow-methods', 'GET, POST', 'access-control-allow-headers', 'Content-Type', 'access-control-max-age', '600', 'content-length', '0']);
    expect(corsPreflightHeaders(listed, 'https://app.example.com')).toEqual([
      'access-control-allow-origin', 'https://app.example.com', 'access-control-allow-methods', 'GET, POST', 'access-control-allow-headers', 'Content-Type', 'access-control-max-age', '600',
      'access-control-allow-credentials', 'true', 'vary', 'Origin', 'content-length', '0',
    ]);
    expect(corsPreflightHeaders({ ...listed, allowCredentials: false }, 'https://app.example.com')).not.toContain('access-control-allow-credentials');
  });

  it('response: replaces upstream Access-Control-* headers; Vary: Origin on every answer of a listed policy', () => {
    const out = ['Content-Type', 'text/plain', 'Access-Control-Allow-Origin', 'https://evil.example', 'access-control-allow-credentials', 'true'];
    corsResponseHeaders(out, base, '*');
    expect(out).toEqual(['Content-Type', 'text/plain', 'access-control-allow-origin', '*']);
    const refused = ['Access-Control-Allow-Origin', 'https://evil.example'];
    corsResponseHeaders(refused, listed, undefined);
    expect(refused).toEqual(['vary', 'Origin']);
    const ok: string[] = [];
    corsResponseHeaders(ok, { ...listed, exposeHeaders: 'X-Request-ID' }, 'https://app.example.com');
    expect(ok).toEqual(['access-control-allow-origin', 'https://app.example.com', 'access-control-allow-credentials', 'true', 'access-control-expose-headers', 'X-Request-ID', 'vary', 'Origin']);
  });

  it('a preflight is OPTIONS with an Origin and Access-Control-Request-Method', () => {
    expect(isCorsPreflight('OPTIONS', 'https://a', 'POST')).toBe(true);
    expect(isCorsPreflight('OPTIONS', undefined, 'POST')).toBe(false);
    expect(isCorsPreflight('OPTIONS', 'https://a', undefined)).toBe(false);
    expect(isCorsPreflight('GET', 'https://a', 'POST')).toBe(false);
  });
});
