import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import { DEFAULT_SPLIT_RUN_GROUPS, splitRunGroupSizes } from './split-run-groups';

describe('splitRunGroupSizes', () => {
  it('gives the defaults A 25 %, B 25 % and leaves half for the remainder', () => {
    expect(splitRunGroupSizes(1000, DEFAULT_SPLIT_RUN_GROUPS)).toEqual([250, 250]);
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
});
