import { describe, expect, it } from 'vitest';
import { portFromEnv, servedPort } from './defaults';

describe('servedPort', () => {
  it('maps privileged ports to 8000 + P and keeps the rest', () => {
    expect(servedPort(80)).toBe(8080);
    expect(servedPort(443)).toBe(8443);
    expect(servedPort(5432)).toBe(5432);
  });
});

describe('portFromEnv', () => {
  it('falls back, parses, and names the variable on bad input', () => {
    expect(portFromEnv({}, 'PORT', 3000)).toBe(3000);
    expect(portFromEnv({ PORT: '4000' }, 'PORT', 3000)).toBe(4000);
    expect(() => portFromEnv({ PORT: 'abc' }, 'PORT', 3000)).toThrow(/PORT/);
  });
});
