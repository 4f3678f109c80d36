// A gateway setting it cannot understand stops it at once with the variable named (it does not
// start half-configured). Real processes: gateway/main.ts under tsx.
import { describe, expect, it } from 'vitest';
import { runGatewayToExit } from './testing/harness';

// One process per case costs seconds on a loaded machine: the parsers have unit tests
// (leader-election.test.ts, publish-address.test.ts); this proves main.ts stops on their errors.
describe('gateway settings', () => {
  it('a bad admin address, an admin API beyond loopback without a token, or a bad Lease timing stops the gateway, naming the variable', async () => {
    const [admin, open, lease] = await Promise.all([
      runGatewayToExit({ GATEWAY_ADMIN_ADDRESS: 'localhost' }),
      runGatewayToExit({ GATEWAY_ADMIN_ADDRESS: '0.0.0.0' }),
      runGatewayToExit({ GATEWAY_LEASE_DURATION_S: '4', GATEWAY_LEASE_RENEW_S: '6' }),
    ]);
    // fail closed: the admin API (routes, pods, addresses of every project) is never served beyond loopback without a token
    expect(open.out).toContain('GATEWAY_ADMIN_ADDRESS=0.0.0.0 is not a loopback address: the admin API then requires a bearer token. Set GATEWAY_ADMIN_TOKEN_FILE');
    expect(open.out).toContain('or GATEWAY_ADMIN_TOKEN');
    expect(open.code).toBe(1);
    expect(admin.out).toContain('GATEWAY_ADMIN_ADDRESS must be an IP address to bind');
    expect(admin.code).toBe(1);
    expect(lease.out).toContain('GATEWAY_LEASE_RENEW_S (6) must be less than GATEWAY_LEASE_DURATION_S (4)');
    expect(lease.code).toBe(1);
  }, 60_000);
});
