import { describe, expect, it } from 'vitest';
import { apiMessage, describeLeaseProblem, leaseTimingsFromEnv } from './leader-election';

describe('leaseTimingsFromEnv', () => {
  it('defaults: 15 s Lease, renew every 5 s, retry every 2 s', () => {
    expect(leaseTimingsFromEnv({})).toEqual({ durationS: 15, renewS: 5, retryS: 2 });
  });
  it('short timings for tests; renew and retry default from the duration', () => {
    expect(leaseTimingsFromEnv({ GATEWAY_LEASE_DURATION_S: '3' })).toEqual({ durationS: 3, renewS: 1, retryS: 1 });
    expect(leaseTimingsFromEnv({ GATEWAY_LEASE_DURATION_S: '4', GATEWAY_LEASE_RENEW_S: '1.5', GATEWAY_LEASE_RETRY_S: '0.25' })).toEqual({ durationS: 4, renewS: 1.5, retryS: 0.25 });
  });
  it('refuses values that cannot work, naming the variable', () => {
    expect(() => leaseTimingsFromEnv({ GATEWAY_LEASE_DURATION_S: '2.5' })).toThrow(/GATEWAY_LEASE_DURATION_S must be a whole number of seconds > 0, got "2.5"/);
    expect(() => leaseTimingsFromEnv({ GATEWAY_LEASE_RETRY_S: 'soon' })).toThrow(/GATEWAY_LEASE_RETRY_S must be a number/);
    expect(() => leaseTimingsFromEnv({ GATEWAY_LEASE_RENEW_S: '0' })).toThrow(/GATEWAY_LEASE_RENEW_S/);
    expect(() => leaseTimingsFromEnv({ GATEWAY_LEASE_DURATION_S: '5', GATEWAY_LEASE_RENEW_S: '5' })).toThrow(/must be less than GATEWAY_LEASE_DURATION_S \(5\)/);
  });
});

describe('describeLeaseProblem', () => {
  it('403 names the operation, the Lease and the RBAC fix', () => {
    const p = describeLeaseProblem('get', 403, 'leases.coordination.k8s.io "portico-gateway" is forbidden');
    expect(p.reason).toBe('Forbidden');
    expect(p.message).toMatch(/^cannot get Lease portico-system\/portico-gateway: forbidden \(403\)/);
    expect(p.message).toContain('Role portico-gateway-leader-election');
  });
  it('a missing namespace on create is not an RBAC problem', () => {
    const p = describeLeaseProblem('create', 404, '');
    expect(p.reason).toBe('NamespaceNotFound');
    expect(p.message).toContain('namespace portico-system does not exist');
  });
  it('apiMessage reads the Status message from an API error body', () => {
    expect(apiMessage({ body: JSON.stringify({ kind: 'Status', message: 'nope' }), message: 'HTTP-Code: 403\nMessage: x' })).toBe('nope');
    expect(apiMessage(new Error('HTTP-Code: 500\nMessage: boom'))).toBe('HTTP-Code: 500');
  });
});

describe('describeApiProblem (watcher): missing CRDs vs missing RBAC', () => {
  it('404 on a Gateway API kind: install the CRDs; 403: grant RBAC, naming the resource', async () => {
    const { describeApiProblem } = await import('./watcher');
    const w = { kind: 'HTTPRoute', path: '/apis/gateway.networking.k8s.io/v1/httproutes' };
    expect(describeApiProblem(w, 404)).toMatch(/HTTPRoute: the API gateway.networking.k8s.io\/v1 is not served \(404\): the Gateway API CRDs are not installed. Install them/);
    const forbidden = describeApiProblem(w, 403);
    expect(forbidden).toMatch(/cannot list httproutes.gateway.networking.k8s.io: forbidden \(403\). Grant the gateway's ServiceAccount get\/list\/watch/);
    expect(forbidden).not.toMatch(/CRD/);
    expect(describeApiProblem({ kind: 'Service', path: '/api/v1/services' }, 403)).toMatch(/cannot list services: forbidden \(403\).*retrying every 2s/);
  });
});
