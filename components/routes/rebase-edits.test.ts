import { describe, expect, it } from 'vitest';
import { rebaseEdits } from './rebase-edits';

describe('rebaseEdits', () => {
  const base = { metadata: { name: 'r', resourceVersion: '1', annotations: { a: '1' } }, spec: { rules: [{ host: 'a.test' }] } };
  it('keeps their changes and mine, on their resourceVersion', () => {
    const mine = { ...base, metadata: { ...base.metadata, annotations: { a: 'mine' } } };
    const latest = { ...base, metadata: { ...base.metadata, resourceVersion: '2', annotations: { a: '1', b: 'theirs' } } };
    const out = rebaseEdits(base, mine, latest);
    expect(out.metadata).toEqual({ name: 'r', resourceVersion: '2', annotations: { a: 'mine', b: 'theirs' } });
  });
  it('mine wins on the same field, skips edits under removed parents', () => {
    const mine = { ...base, spec: { rules: [{ host: 'mine.test' }] } };
    const latest = { metadata: { ...base.metadata, resourceVersion: '3' } };
    const out = rebaseEdits(base, mine, latest);
    expect(out.spec).toBeUndefined();
    const out2 = rebaseEdits(base, mine, { ...base, metadata: { ...base.metadata, resourceVersion: '4' }, spec: { rules: [{ host: 'theirs.test' }] } });
    expect(out2.spec.rules[0].host).toBe('mine.test');
  });
});
