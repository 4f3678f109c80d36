// The request the console builds for the gateway admin API: the token as a bearer header (from
// the console's own settings, never from the caller), and the namespaces of the scope only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));
const { buildAdminCall, gatewayAdminToken } = await import('./gateway-admin');

const URL_ENV = { GATEWAY_ADMIN_URL: 'http://portico-gateway-admin.portico-system.svc:9080' };

describe('buildAdminCall', () => {
  it('sends Authorization: Bearer <token> and namespace=<project>; a namespace in the caller query is dropped', () => {
    const q = new URLSearchParams({ method: 'GET', url: 'http://x/' });
    q.append('namespace', 'someone-else');
    const call = buildAdminCall('/routes/test', q, { namespaces: ['demo'] }, gatewayAdminToken({ GATEWAY_ADMIN_TOKEN: 'tok-123' }), URL_ENV);
    const u = new URL(call.url);
    expect(`${u.origin}${u.pathname}`).toBe('http://portico-gateway-admin.portico-system.svc:9080/routes/test');
    expect(u.searchParams.getAll('namespace')).toEqual(['demo']);
    expect(u.searchParams.get('url')).toBe('http://x/');
    expect(call.headers).toEqual({ authorization: 'Bearer tok-123' });
  });

  it("the whole view ('all') carries no namespace; no token: no header (a loopback gateway)", () => {
    const call = buildAdminCall('/config', undefined, 'all', undefined, URL_ENV);
    expect(call.url).toBe('http://portico-gateway-admin.portico-system.svc:9080/config');
    expect(call.headers).toEqual({});
    expect(() => buildAdminCall('/config', undefined, { namespaces: [] }, undefined, URL_ENV)).toThrow(/at least one namespace/);
  });

  it('GATEWAY_ADMIN_TOKEN_FILE: read (trimmed), re-read after a second; errors name the variable', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-console-token-'));
    try {
      const file = path.join(dir, 'token');
      writeFileSync(file, 'first-token\n');
      expect(gatewayAdminToken({ GATEWAY_ADMIN_TOKEN_FILE: file }, 1_000_000)).toBe('first-token');
      writeFileSync(file, 'second-token\n');
      expect(gatewayAdminToken({ GATEWAY_ADMIN_TOKEN_FILE: file }, 1_000_500)).toBe('first-token');
      expect(gatewayAdminToken({ GATEWAY_ADMIN_TOKEN_FILE: file }, 1_001_001)).toBe('second-token');
      expect(() => gatewayAdminToken({ GATEWAY_ADMIN_TOKEN_FILE: path.join(dir, 'missing') })).toThrow(/^GATEWAY_ADMIN_TOKEN_FILE: cannot read .*missing \(ENOENT\)/);
      expect(() => gatewayAdminToken({ GATEWAY_ADMIN_TOKEN_FILE: file, GATEWAY_ADMIN_TOKEN: 'x' })).toThrow(/set one of/);
      expect(() => gatewayAdminToken({ GATEWAY_ADMIN_TOKEN: 'two words' })).toThrow(/^GATEWAY_ADMIN_TOKEN: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
