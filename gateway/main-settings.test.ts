// A gateway setting it cannot understand stops it at once with the variable named (it does not
// start half-configured). Real processes: gateway/main.ts under tsx.
import { describe, expect, it } from 'vitest';
import { runGatewayToExit } from '../testing/harness';

// One process per case costs seconds on a loaded machine: the parsers have unit tests
// (leader-election.test.ts, publish-address.test.ts); this proves main.ts stops on their errors.
describe('gateway settings', () => {
  it('a bad admin address, an admin API beyond loopback without a token, a bad Lease timing, trusted proxy list or host ownership mode stops the gateway, naming the variable', async () => {
    const [admin, open, lease, proxies, owner] = await Promise.all([
      runGatewayToExit({ GATEWAY_ADMIN_ADDRESS: 'localhost' }),
      runGatewayToExit({ GATEWAY_ADMIN_ADDRESS: '0.0.0.0' }),
      runGatewayToExit({ GATEWAY_LEASE_DURATION_S: '4', GATEWAY_LEASE_RENEW_S: '6' }),
      runGatewayToExit({ GATEWAY_TRUSTED_PROXIES: '10.0.0.0/8, 10.0.0.0/40' }),
      runGatewayToExit({ GATEWAY_INGRESS_HOST_OWNERSHIP: 'first-come' }),
    ]);
    expect(owner.out).toContain('GATEWAY_INGRESS_HOST_OWNERSHIP must be \\"namespace\\"');
    expect(owner.out).toContain('got \\"first-come\\"');
    expect(owner.code).toBe(1);
    // fail closed: the admin API (routes, pods, addresses of every project) is never served beyond loopback without a token
    expect(open.out).toContain('GATEWAY_ADMIN_ADDRESS=0.0.0.0 is not a loopback address: the admin API then requires a bearer token. Set GATEWAY_ADMIN_TOKEN_FILE');
    expect(open.out).toContain('or GATEWAY_ADMIN_TOKEN');
    expect(open.code).toBe(1);
    expect(admin.out).toContain('GATEWAY_ADMIN_ADDRESS must be an IP address to bind');
    expect(admin.code).toBe(1);
    expect(lease.out).toContain('GATEWAY_LEASE_RENEW_S (6) must be less than GATEWAY_LEASE_DURATION_S (4)');
    expect(lease.code).toBe(1);
    expect(proxies.out).toContain('GATEWAY_TRUSTED_PROXIES: \\"10.0.0.0/40\\" is not an IP address or CIDR'); // JSON log line
    expect(proxies.code).toBe(1);
  }, 60_000);

  it('an invalid GATEWAY_UDP_MAX_FLOWS stops the gateway, naming the variable', async () => {
    const r = await runGatewayToExit({ GATEWAY_UDP_MAX_FLOWS: '0' });
    expect(r.out).toContain('GATEWAY_UDP_MAX_FLOWS must be an integer from 1 to 65536');
    expect(r.code).toBe(1);
  }, 60_000);

  it('an invalid GATEWAY_PUBLIC_HTTPS_PORT stops the gateway, naming the variable', async () => {
    const r = await runGatewayToExit({ GATEWAY_PUBLIC_HTTPS_PORT: '443x' });
    expect(r.out).toContain('GATEWAY_PUBLIC_HTTPS_PORT must be a port number from 1 to 65535');
    expect(r.code).toBe(1);
  }, 60_000);

  it('an invalid GATEWAY_ALLOWED_UPSTREAM_CIDRS stops the gateway, naming the variable and the entry', async () => {
    const r = await runGatewayToExit({ GATEWAY_ALLOWED_UPSTREAM_CIDRS: '127.1.0.0/20, 10.0.0.0/33' });
    expect(r.out).toContain('GATEWAY_ALLOWED_UPSTREAM_CIDRS: \\"10.0.0.0/33\\" has an invalid prefix length (0-32 for IPv4)'); // JSON log line
    expect(r.code).toBe(1);
  }, 60_000);
});
