import { afterEach, describe, expect, it, vi } from 'vitest';
import { beginTurn, endTurn, now } from './turn-clock';

afterEach(() => {
  endTurn();
  vi.useRealTimers();
});

describe('turn clock', () => {
  it('is Date.now() outside a read, and the time the read began inside one', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    expect(now()).toBe(1_000_000);
    expect(beginTurn()).toBe(true);
    vi.setSystemTime(1_000_050);
    expect(now()).toBe(1_000_000);
    expect(beginTurn()).toBe(false); // nested: the opener ends it
    endTurn();
    expect(now()).toBe(1_000_050);
  });
});
