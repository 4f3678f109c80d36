import { describe, expect, it, vi } from 'vitest';
import { gatewayAdminUrl, gatewayTrafficUrls, inClusterAccess } from './gateway';

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

describe('gatewayTrafficUrls (GATEWAY_URL, GATEWAY_HTTPS_URL)', () => {
  it('defaults to the local listeners on BIND_ADDRESS and the listener ports', () => {
    const t = gatewayTrafficUrls({ GATEWAY_HTTP_PORT: '19080', GATEWAY_HTTPS_PORT: '19444' });
    expect(t.http.origin).toBe('http://127.0.0.1:19080');
    expect(t.https.origin).toBe('https://127.0.0.1:19444');
  });
  it('takes the gateway Service URLs as given', () => {
    const t = gatewayTrafficUrls({ GATEWAY_URL: 'http://portico-gateway.portico-system.svc', GATEWAY_HTTPS_URL: 'https://portico-gateway.portico-system.svc:443/' });
    expect(t.http.origin).toBe('http://portico-gateway.portico-system.svc');
    expect(t.https.host).toBe('portico-gateway.portico-system.svc');
  });
  it('refuses a URL with a path or the wrong scheme, naming the variable', () => {
    expect(() => gatewayTrafficUrls({ GATEWAY_URL: 'http://gw/prefix' })).toThrow(/GATEWAY_URL must be a http:\/\/ URL/);
    expect(() => gatewayTrafficUrls({ GATEWAY_HTTPS_URL: 'http://gw' })).toThrow(/GATEWAY_HTTPS_URL/);
  });
});

describe('inClusterAccess (the access table when deployed)', () => {
  const svc = { metadata: { name: 'portico-gateway', namespace: 'portico-system' }, spec: { type: 'NodePort' as const, clusterIP: '10.96.0.20' } };
  it("names the gateway Service's cluster IP and its ports (80/443), not a container's listener", () => {
    expect(inClusterAccess(svc, 80, 443)).toMatchObject({ kind: 'Local', address: '10.96.0.20', httpPort: 80, httpsPort: 443 });
    expect(inClusterAccess(svc, 80, 443).note).toContain('portico-gateway.portico-system.svc');
  });
  it('falls back to the Service DNS name without a cluster IP', () => {
    expect(inClusterAccess({ ...svc, spec: { clusterIP: 'None' } }, 80, undefined)).toMatchObject({ address: 'portico-gateway.portico-system.svc', httpPort: 80, httpsPort: undefined });
  });
});
