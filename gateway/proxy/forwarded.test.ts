import { describe, expect, it } from 'vitest';
import { clientAddress, clientBehind, isTrustedPeer, parseTrustedProxies } from './forwarded';

describe('trusted proxies', () => {
  it('parses CIDRs and single addresses; refuses anything else naming the entry', () => {
    const t = parseTrustedProxies('10.0.0.0/8, 127.0.0.1 ,fd00::/8')!;
    expect(isTrustedPeer(t, '10.1.2.3')).toBe(true);
    expect(isTrustedPeer(t, '127.0.0.1')).toBe(true);
    expect(isTrustedPeer(t, '::ffff:127.0.0.1')).toBe(true);
    expect(isTrustedPeer(t, '127.0.0.2')).toBe(false);
    expect(isTrustedPeer(t, 'fd12::1')).toBe(true);
    expect(isTrustedPeer(t, '')).toBe(false);
    expect(parseTrustedProxies('')).toBeUndefined();
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.0/', '10.0.0.0/8x', '::/129', '1.2.3']) {
      expect(() => parseTrustedProxies(`10.0.0.0/8,${bad}`)).toThrow(`GATEWAY_TRUSTED_PROXIES: "${bad}" is not an IP address or CIDR`);
    }
  });

  it('the client is the right-most untrusted X-Forwarded-For entry (real_ip_recursive)', () => {
    const t = parseTrustedProxies('10.0.0.0/8')!;
    expect(clientBehind(t, '10.0.0.1', '203.0.113.9, 198.51.100.7, 10.0.0.5')).toBe('198.51.100.7');
    expect(clientBehind(t, '10.0.0.1', ['203.0.113.9', '10.0.0.5'])).toBe('203.0.113.9');
    expect(clientBehind(t, '10.0.0.1', '10.0.0.9, 10.0.0.5')).toBe('10.0.0.9');
    expect(clientBehind(t, '10.0.0.1', undefined)).toBe('10.0.0.1');
    expect(clientBehind(t, '10.0.0.1', 'garbage, 10.0.0.5')).toBe('10.0.0.5');
    expect(clientBehind(t, '10.0.0.1', ' , 2001:db8::1 ,')).toBe('2001:db8::1');
  });

  it('an untrusted peer is the client whatever it sends; no list trusts nobody', () => {
    const t = parseTrustedProxies('10.0.0.0/8')!;
    expect(clientAddress(t, '192.0.2.1', '10.0.0.5')).toBe('192.0.2.1');
    expect(clientAddress(undefined, '10.0.0.1', '203.0.113.9')).toBe('10.0.0.1');
    expect(clientAddress(t, '10.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
  });
});
