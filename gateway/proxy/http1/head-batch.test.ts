import { describe, expect, it } from 'vitest';
import { closeHeadBatch, flushHeadLater, openHeadBatch } from './head-batch';

const head = () => {
  const h = { flushed: 0, flushHead: () => void h.flushed++ };
  return h;
};

describe('head batch', () => {
  it('holds heads until the read that opened the batch is parsed; nested opens do not close it', () => {
    const a = head();
    const b = head();
    expect(openHeadBatch()).toBe(true);
    flushHeadLater(a);
    expect(openHeadBatch()).toBe(false); // nested: the outer one closes
    flushHeadLater(b);
    expect(a.flushed + b.flushed).toBe(0);
    closeHeadBatch();
    expect([a.flushed, b.flushed]).toEqual([1, 1]);
    closeHeadBatch();
    expect([a.flushed, b.flushed]).toEqual([1, 1]);
  });

  it('outside a batch a head is flushed at the end of the tick', async () => {
    const a = head();
    flushHeadLater(a);
    expect(a.flushed).toBe(0);
    await new Promise((r) => process.nextTick(r));
    expect(a.flushed).toBe(1);
  });
});
