import { describe, expect, it } from 'vitest';
import {
  matchesLabelSelector,
  matchesMapSelector,
  matchesRequirements,
  parseLabelSelector,
  selectorToString,
} from './selectors';

const labels = { app: 'web', tier: 'front', env: 'prod' };

describe('Gt/Lt requirements (the string syntax only)', () => {
  const rank = (v: string) => ({ rank: v });
  it.each([
    [rank('5'), 'Gt', '2', true],
    [rank('2'), 'Gt', '2', false],
    [rank('1'), 'Lt', '2', true],
    [rank('-3'), 'Lt', '-2', true],
    [rank('x'), 'Gt', '0', false],
    [rank('x'), 'Lt', '9', false],
    [{}, 'Lt', '9', false],
  ] as const)('%j %s %s = %s', (labels, operator, bound, want) =>
    expect(matchesRequirements(labels, [{ key: 'rank', operator, values: [bound] }])).toBe(want),
  );
});

describe('parseLabelSelector', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=api', true],
    ['app=api', false],
    ['app in (web,api)', true],
    ['app in (api)', false],
    ['app notin (api, db)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=front', true],
    ['app=web, tier=back', false],
    ['missing!=x', true],
  ])('%j matches=%s', (sel, want) =>
    expect(matchesRequirements(labels, parseLabelSelector(sel))).toBe(want),
  );

  it.each([
    'app=',
    'app in web',
    'app in ()',
    'a b',
    'app=web,',
    'bad key=1',
    'app=-x',
    'app in (a',
  ])('%j is a parse error', (sel) => {
    if (sel === 'app=') {
      // "app=" selects an empty value; that is valid.
      expect(parseLabelSelector(sel)).toEqual([{ key: 'app', operator: 'In', values: [''] }]);
      return;
    }
    expect(() => parseLabelSelector(sel)).toThrow(/unable to parse requirement/);
  });
});

describe('structured selectors', () => {
  it('matches matchLabels and matchExpressions', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(
      matchesLabelSelector(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }],
        },
        labels,
      ),
    ).toBe(false);
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector(undefined, labels)).toBe(false);
  });
  it('Service map selectors select nothing when empty', () => {
    expect(matchesMapSelector({ app: 'web' }, labels)).toBe(true);
    expect(matchesMapSelector({ app: 'api' }, labels)).toBe(false);
    expect(matchesMapSelector({}, labels)).toBe(false);
  });
  it('prints selectors as kubectl does', () => {
    expect(
      selectorToString({
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,env in (a,b),!x');
  });
});
