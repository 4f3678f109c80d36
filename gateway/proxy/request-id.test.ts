import { describe, expect, it } from 'vitest';
import { newRequestId } from './request-id';

describe('newRequestId', () => {
  it('makes version-4 UUIDs, all different across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = newRequestId();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(2000);
  });

  it('uses every hex digit in the random positions (not a constant or a counter)', () => {
    const digits = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of newRequestId().slice(0, 8)) digits.add(c);
    expect(digits.size).toBe(16);
  });
});
