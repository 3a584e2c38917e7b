import { DomainError } from '@herald/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominantBreakdown } from './dominant-breakdown';
import type { DominantResult } from './dominant-result';

function counts(partial: Partial<Record<DominantResult, number>>): Record<DominantResult, number> {
  return { ERROR: 0, NO_FEEDBACK: 0, IMPRESSION: 0, CLICK: 0, UNSUBSCRIBE: 0, COMPLAINT: 0, ...partial };
}

const percents = (b: ReturnType<typeof dominantBreakdown>) =>
  Object.fromEntries(b.buckets.map((x) => [x.result, x.percent]));
/** Sum in whole units of the last decimal, so float noise cannot hide a missing unit. */
const unitsSum = (b: ReturnType<typeof dominantBreakdown>, decimals: number) =>
  b.buckets.reduce((s, x) => s + Math.round(x.percent * 10 ** decimals), 0);

describe('dominantBreakdown', () => {
  it('splits thirds so they add up to 100, giving the extra unit to the more dominant bucket', () => {
    const b = dominantBreakdown(counts({ NO_FEEDBACK: 1, IMPRESSION: 1, CLICK: 1 }), 1);
    expect(percents(b)).toEqual({
      ERROR: 0,
      NO_FEEDBACK: 33.3,
      IMPRESSION: 33.3,
      CLICK: 33.4,
      UNSUBSCRIBE: 0,
      COMPLAINT: 0,
    });
    expect(b.total).toBe(3);
  });

  it('gives the extra units to the largest remainders', () => {
    // 1/7 = 14.2857 %, 6/7 = 85.7142 %: at 0 decimals 14 + 86.
    expect(percents(dominantBreakdown(counts({ ERROR: 1, NO_FEEDBACK: 6 }), 0))).toMatchObject({
      ERROR: 14,
      NO_FEEDBACK: 86,
    });
    // 2/3 and 1/3 at 2 decimals: 66.67 + 33.33.
    expect(percents(dominantBreakdown(counts({ IMPRESSION: 2, CLICK: 1 }), 2))).toMatchObject({
      IMPRESSION: 66.67,
      CLICK: 33.33,
    });
  });

  it('keeps exact shares exact', () => {
    expect(percents(dominantBreakdown(counts({ ERROR: 1, NO_FEEDBACK: 1, IMPRESSION: 2 }), 1))).toMatchObject({
      ERROR: 25,
      NO_FEEDBACK: 25,
      IMPRESSION: 50,
    });
  });

  it('shows an empty mailing as all zero with total 0', () => {
    const b = dominantBreakdown(counts({}));
    expect(b.total).toBe(0);
    expect(b.buckets.map((x) => x.percent)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(b.buckets.map((x) => x.result)).toEqual([
      'ERROR',
      'NO_FEEDBACK',
      'IMPRESSION',
      'CLICK',
      'UNSUBSCRIBE',
      'COMPLAINT',
    ]);
  });

  it('shows all errors as 100 % errors', () => {
    expect(percents(dominantBreakdown(counts({ ERROR: 17 }), 2)).ERROR).toBe(100);
  });

  it('always adds up to exactly 100 and stays within one unit of the true share', () => {
    const count = fc.nat({ max: 1_000_000 });
    fc.assert(
      fc.property(
        fc.tuple(count, count, count, count, count, count),
        fc.integer({ min: 0, max: 4 }),
        ([e, n, i, c, u, k], decimals) => {
          fc.pre(e + n + i + c + u + k > 0);
          const b = dominantBreakdown(
            counts({ ERROR: e, NO_FEEDBACK: n, IMPRESSION: i, CLICK: c, UNSUBSCRIBE: u, COMPLAINT: k }),
            decimals,
          );
          expect(unitsSum(b, decimals)).toBe(100 * 10 ** decimals);
          for (const bucket of b.buckets) {
            expect(Math.abs(bucket.percent - (bucket.count / b.total) * 100)).toBeLessThan(10 ** -decimals + 1e-9);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses counts that are not counts', () => {
    expect(() => dominantBreakdown(counts({ CLICK: -1 }))).toThrow(DomainError);
    expect(() => dominantBreakdown(counts({ CLICK: 1.5 }))).toThrow(DomainError);
    expect(() => dominantBreakdown(counts({ CLICK: 1 }), 9)).toThrow(DomainError);
  });
});
