import { describe, expect, it } from 'vitest';
import { parseHostOwnership } from './host-ownership-setting';

describe('GATEWAY_INGRESS_HOST_OWNERSHIP', () => {
  it('defaults to namespace and accepts the two modes', () => {
    expect(parseHostOwnership(undefined)).toBe('namespace');
    expect(parseHostOwnership('')).toBe('namespace');
    expect(parseHostOwnership('off')).toBe('off');
    expect(parseHostOwnership(' Namespace ')).toBe('namespace');
  });
  it('refuses anything else, naming the variable and the value', () => {
    expect(() => parseHostOwnership('on')).toThrow('GATEWAY_INGRESS_HOST_OWNERSHIP must be "namespace" (a host belongs to the namespace whose Ingress claimed it first) or "off" (every namespace may add paths to any host), got "on"');
    expect(() => parseHostOwnership('x'.repeat(10_000))).toThrow(/got "x{64}"$/);
  });
});
