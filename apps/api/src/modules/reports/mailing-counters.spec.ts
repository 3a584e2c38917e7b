import { AGGREGATE_COUNTERS, type AggregateCounter } from '@herald/statistics';
import { describe, expect, it } from 'vitest';
import { COUNTERS_SELECT, countersOf } from './mailing-counters';

/** An aggregate row whose counters all differ, plus columns that are not counters. */
function row(): Record<AggregateCounter, number> & { mailingId: number; accountId: number } {
  const counters = Object.fromEntries(AGGREGATE_COUNTERS.map((name, i) => [name, 10 + i])) as Record<
    AggregateCounter,
    number
  >;
  return { ...counters, mailingId: 7, accountId: 3 };
}

describe("a mailing's counters read from its aggregate", () => {
  it('selects every counter of the fold and nothing else', () => {
    expect(Object.keys(COUNTERS_SELECT)).toEqual([...AGGREGATE_COUNTERS]);
    expect(Object.values(COUNTERS_SELECT).every((selected) => selected === true)).toBe(true);
  });

  it('copies each counter from its own column, keeps the implied impressions and leaks nothing else', () => {
    const counters = countersOf(row(), 5);
    const { mailingId: _mailingId, accountId: _accountId, ...expected } = row();
    expect(counters).toEqual({ ...expected, impressionsImplied: 5 });
  });

  it('counts nothing for a mailing without an aggregate', () => {
    const counters = countersOf(null, 2);
    for (const name of AGGREGATE_COUNTERS) expect(counters[name]).toBe(0);
    expect(counters.impressionsImplied).toBe(2);
  });
});
