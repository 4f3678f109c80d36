// The admin API's token rules: which bind addresses are loopback, which settings start it, and
// that a token configured on loopback is required there too (in-process admin server, real socket).
import type http from 'node:http';
import type net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { GatewayRuntime, defaultProxySettings } from '../proxy/runtime';
import { request } from '../../testing/harness';
import { AdminAuth, adminAuthFromEnv, isLoopbackAddress } from './auth';
import { GatewayMetrics } from './metrics';
import { startAdmin } from './server';

const TOKEN = 'unit-test-admin-token-5e7f9a1b';

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.0.0.2', true],
    ['127.255.255.254', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['128.0.0.1', false],
    ['::ffff:10.0.0.1', false],
    ['fe80::1%eth0', false],
    ['localhost', false],
  ])('%s -> %s', (address, loopback) => expect(isLoopbackAddress(address)).toBe(loopback));
});

describe('adminAuthFromEnv', () => {
  it('loopback without a token: open; beyond loopback without one: refused, naming both variables', () => {
    expect(adminAuthFromEnv({}, '127.0.0.1')).toBeUndefined();
    expect(adminAuthFromEnv({}, '::1')).toBeUndefined();
    for (const addr of ['0.0.0.0', '::', '10.1.2.3']) expect(() => adminAuthFromEnv({}, addr)).toThrow(/GATEWAY_ADMIN_TOKEN_FILE .* or GATEWAY_ADMIN_TOKEN/);
  });

  it('a token is checked: length, characters, a readable file, one source only', () => {
    expect(adminAuthFromEnv({ GATEWAY_ADMIN_TOKEN: TOKEN }, '0.0.0.0')).toBeInstanceOf(AdminAuth);
    expect(() => adminAuthFromEnv({ GATEWAY_ADMIN_TOKEN: 'short' }, '0.0.0.0')).toThrow(/GATEWAY_ADMIN_TOKEN: the admin token must be 16 to 4096 characters/);
    expect(() => adminAuthFromEnv({ GATEWAY_ADMIN_TOKEN: 'has a space in the token' }, '0.0.0.0')).toThrow(/printable ASCII without spaces/);
    expect(() => adminAuthFromEnv({ GATEWAY_ADMIN_TOKEN_FILE: '/nonexistent/token' }, '0.0.0.0')).toThrow(/GATEWAY_ADMIN_TOKEN_FILE: cannot read \/nonexistent\/token \(ENOENT\)/);
    expect(() => adminAuthFromEnv({ GATEWAY_ADMIN_TOKEN_FILE: '/x', GATEWAY_ADMIN_TOKEN: TOKEN }, '0.0.0.0')).toThrow(/set one of GATEWAY_ADMIN_TOKEN_FILE and GATEWAY_ADMIN_TOKEN/);
  });

  it('check(): the Bearer scheme (any case) with the exact token only', () => {
    const a = AdminAuth.fromValue(TOKEN);
    expect(a.check(`Bearer ${TOKEN}`)).toBe(true);
    expect(a.check(`bearer  ${TOKEN}`)).toBe(true);
    for (const h of [undefined, '', 'Bearer', `Bearer ${TOKEN}0`, `Basic ${TOKEN}`, `Bearer ${TOKEN} extra`, TOKEN]) expect(a.check(h), String(h)).toBe(false);
  });
});

describe('a token configured on loopback is required there too', () => {
  let server: http.Server | undefined;
  afterAll(() => server?.close());

  it('127.0.0.1 with GATEWAY_ADMIN_TOKEN: /config 401 without it, 200 with it; probes open', async () => {
    const rt = new GatewayRuntime(defaultProxySettings, new GatewayMetrics(false));
    server = await startAdmin(rt, { host: '127.0.0.1', port: 0, auth: adminAuthFromEnv({ GATEWAY_ADMIN_TOKEN: TOKEN }, '127.0.0.1') });
    const port = (server.address() as net.AddressInfo).port;
    const none = await request({ port, path: '/config' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await request({ port, path: '/config', headers: { authorization: `Bearer ${TOKEN}` } })).json()).toMatchObject({ ready: false });
    expect((await request({ port, path: '/healthz' })).status).toBe(200);
    expect((await request({ port, path: '/readyz' })).status).toBe(503); // no snapshot yet: answers, without a token
  });
});
