import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import { defaultSplitRunGroups, splitRunGroupSizes, splitRunGroupSpecs } from './split-run-groups';

describe('splitRunGroupSizes', () => {
  it('gives the defaults A 25 %, B 25 % and leaves half for the remainder', () => {
    expect(splitRunGroupSizes(1000, defaultSplitRunGroups(2, true))).toEqual([250, 250]);
    expect(splitRunGroupSizes(1000, defaultSplitRunGroups(3, true))).toEqual([166, 166, 166]);
  });

  it('without a winner covers the whole target, what rounding left going to the first groups', () => {
    expect(splitRunGroupSizes(1001, defaultSplitRunGroups(2, false))).toEqual([501, 500]);
    expect(splitRunGroupSizes(11, defaultSplitRunGroups(3, false))).toEqual([4, 4, 3]);
    expect(splitRunGroupSizes(10, [{ percent: 70 }, { percent: 30 }])).toEqual([7, 3]);
  });

  it('rounds percentages down and takes counts as given', () => {
    expect(splitRunGroupSizes(999, [{ percent: 10 }, { count: 37 }, { percent: 33.3 }])).toEqual([99, 37, 332]);
  });

  it('fails on an empty group, naming it', () => {
    expect(() => splitRunGroupSizes(3, [{ percent: 50 }, { percent: 10 }])).toThrow(DomainError);
    try {
      splitRunGroupSizes(3, [{ percent: 50 }, { percent: 10 }]);
    } catch (error) {
      expect((error as DomainError).issues[0]!.path).toBe('variants.1');
    }
  });

  it('fails when the groups need more than the target', () => {
    expect(() => splitRunGroupSizes(100, [{ count: 60 }, { count: 41 }])).toThrow(
      'The test groups need 101 recipients; the target has 100',
    );
    expect(splitRunGroupSizes(100, [{ count: 60 }, { count: 40 }])).toEqual([60, 40]);
  });

  it('reads the stored groups, or takes the defaults when a variant has none', () => {
    const stored = [
      { groupPercent: 10, groupCount: null },
      { groupPercent: null, groupCount: 30 },
    ];
    expect(splitRunGroupSpecs(stored, true)).toEqual([{ percent: 10 }, { count: 30 }]);
    const none = [
      { groupPercent: null, groupCount: null },
      { groupPercent: null, groupCount: null },
    ];
    expect(splitRunGroupSpecs(none, true)).toEqual([{ percent: 25 }, { percent: 25 }]);
    expect(splitRunGroupSpecs(none, false)).toEqual([{ percent: 50 }, { percent: 50 }]);
  });
});
