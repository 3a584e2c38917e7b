import { DomainError } from '@herald/domain';
import { DOMINANT_ORDER, type DominantResult } from './dominant-result';

export interface DominantBucket {
  result: DominantResult;
  count: number;
  /** Rounded to the chosen decimals; the buckets' percentages add up to exactly 100 (0 for an empty mailing). */
  percent: number;
}

export interface DominantBreakdown {
  /** Destinations counted: each once. */
  total: number;
  /** In DOMINANT_ORDER, least dominant first. */
  buckets: DominantBucket[];
}

/**
 * Shares of each dominant result. Rounded by largest remainder so the shown figures add up to
 * exactly 100 (plain rounding of 1/3, 1/3, 1/3 shows 99.9); on equal remainders the more dominant
 * bucket gets the extra unit, so the split is the same every time.
 */
export function dominantBreakdown(counts: Record<DominantResult, number>, decimals = 1): DominantBreakdown {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw DomainError.validation(`decimals must be a whole number from 0 to 6, got ${decimals}`, [
      { path: 'decimals', message: 'out of range' },
    ]);
  }
  for (const result of DOMINANT_ORDER) {
    const count = counts[result];
    if (!Number.isInteger(count) || count < 0) {
      throw DomainError.validation(`the count of ${result} must be a whole number of at least 0, got ${count}`, [
        { path: `counts.${result}`, message: 'not a count' },
      ]);
    }
  }
  const total = DOMINANT_ORDER.reduce((sum, result) => sum + counts[result], 0);
  if (total === 0)
    return { total: 0, buckets: DOMINANT_ORDER.map((result) => ({ result, count: counts[result], percent: 0 })) };

  const unitsInWhole = 100 * 10 ** decimals;
  // Exact integer arithmetic: units = floor(count × unitsInWhole / total), remainder kept as an integer numerator.
  const shares = DOMINANT_ORDER.map((result, order) => {
    const numerator = counts[result] * unitsInWhole;
    return { result, order, units: Math.floor(numerator / total), remainder: numerator % total };
  });
  let missing = unitsInWhole - shares.reduce((sum, s) => sum + s.units, 0);
  const byRemainder = [...shares].sort((a, b) => b.remainder - a.remainder || b.order - a.order);
  for (const share of byRemainder) {
    if (missing <= 0) break;
    if (share.remainder === 0) continue;
    share.units += 1;
    missing -= 1;
  }
  const scale = 10 ** decimals;
  return {
    total,
    buckets: shares.map((s) => ({ result: s.result, count: counts[s.result], percent: s.units / scale })),
  };
}
