// A gateway setting it cannot understand stops it at once with the variable named (it does not
// start half-configured). Real processes: gateway/main.ts under tsx.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function runGateway(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // ports 0: should a setting be accepted by mistake, nothing collides; killed after 20 s
    const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', GATEWAY_HTTP_PORT: '0', GATEWAY_HTTPS_PORT: '0', GATEWAY_ADMIN_PORT: '0', GATEWAY_STATIC_CONFIG: '/nonexistent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

// One process per case costs seconds on a loaded machine: the parsers have unit tests
// (leader-election.test.ts, publish-address.test.ts); this proves main.ts stops on their errors.
describe('gateway settings', () => {
  it('a bad admin address or Lease timing stops the gateway, naming the variable', async () => {
    const [admin, lease] = await Promise.all([runGateway({ GATEWAY_ADMIN_ADDRESS: 'localhost' }), runGateway({ GATEWAY_LEASE_DURATION_S: '4', GATEWAY_LEASE_RENEW_S: '6' })]);
    expect(admin.out).toContain('GATEWAY_ADMIN_ADDRESS must be an IP address to bind');
    expect(admin.code).toBe(1);
    expect(lease.out).toContain('GATEWAY_LEASE_RENEW_S (6) must be less than GATEWAY_LEASE_DURATION_S (4)');
    expect(lease.code).toBe(1);
  }, 30_000);
});
