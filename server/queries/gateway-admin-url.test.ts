import { describe, expect, it, vi } from 'vitest';
import { gatewayAdminUrl } from './gateway';

vi.mock('server-only', () => ({}));

describe('gatewayAdminUrl (GATEWAY_ADMIN_URL)', () => {
  it('defaults to the local gateway on loopback, on GATEWAY_ADMIN_PORT', () => {
    expect(gatewayAdminUrl({})).toBe('http://127.0.0.1:9080');
    expect(gatewayAdminUrl({ GATEWAY_ADMIN_PORT: '19090', BIND_ADDRESS: '0.0.0.0' })).toBe('http://127.0.0.1:19090');
  });
  it('takes the admin Service URL as given (without a trailing slash)', () => {
    expect(gatewayAdminUrl({ GATEWAY_ADMIN_URL: 'http://portico-gateway-admin.portico-system.svc:9080/' })).toBe('http://portico-gateway-admin.portico-system.svc:9080');
  });
  it('refuses what is not an http(s) URL, naming the variable', () => {
    expect(() => gatewayAdminUrl({ GATEWAY_ADMIN_URL: 'portico-gateway-admin:9080' })).toThrow(/GATEWAY_ADMIN_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(() => gatewayAdminUrl({ GATEWAY_ADMIN_URL: 'http://x:9080/?a=1' })).toThrow(/GATEWAY_ADMIN_URL/);
  });
});
