import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** One group's binary outcome: of `trials` destinations, `successes` did it (opened, clicked, bounced). */
export interface Proportion {
  successes: number;
  trials: number;
}

export interface TwoProportionTest {
  /** pB − pA. */
  difference: number;
  z: number;
  /** Two-sided, under H0: pA = pB (pooled standard error). */
  pValue: number;
  /** Confidence interval of pB − pA at `level` (unpooled standard error, Wald). */
  confidenceInterval: [number, number];
  level: number;
}

function rate(p: Proportion): number {
  return p.trials > 0 ? p.successes / p.trials : 0;
}

/**
 * Two-proportion z-test of B against A. Null when either group is empty; a p-value of 1 when the
 * pooled rate is 0 or 1 (nobody or everybody did it: no difference can be shown).
 */
export function twoProportionZTest(a: Proportion, b: Proportion, level = 0.95): TwoProportionTest | null {
  if (a.trials <= 0 || b.trials <= 0) return null;
  const pA = rate(a);
  const pB = rate(b);
  const difference = pB - pA;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const z = pooledSe > 0 ? difference / pooledSe : 0;
  const pValue = pooledSe > 0 ? 2 * (1 - normalCdf(Math.abs(z), 0, 1)) : 1;
  const se = Math.sqrt((pA * (1 - pA)) / a.trials + (pB * (1 - pB)) / b.trials);
  const margin = normalQuantile(1 - (1 - level) / 2, 0, 1) * se;
  return { difference, z, pValue, confidenceInterval: [difference - margin, difference + margin], level };
}

export interface ChiSquareTest {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/**
 * Pearson's chi-square test of independence on a k × 2 table (did it / did not, per group): are the
 * groups' rates the same? Null with fewer than two non-empty groups.
 */
export function chiSquareTest(groups: readonly Proportion[]): ChiSquareTest | null {
  const used = groups.filter((g) => g.trials > 0);
  if (used.length < 2) return null;
  const trials = used.reduce((sum, g) => sum + g.trials, 0);
  const successes = used.reduce((sum, g) => sum + g.successes, 0);
  const pooled = successes / trials;
  const degreesOfFreedom = used.length - 1;
  if (pooled === 0 || pooled === 1) return { statistic: 0, degreesOfFreedom, pValue: 1 };
  let statistic = 0;
  for (const g of used) {
    const expectedYes = g.trials * pooled;
    const expectedNo = g.trials * (1 - pooled);
    statistic += (g.successes - expectedYes) ** 2 / expectedYes;
    statistic += (g.trials - g.successes - expectedNo) ** 2 / expectedNo;
  }
  return { statistic, degreesOfFreedom, pValue: 1 - chisquareCdf(statistic, degreesOfFreedom) };
}

/**
 * Chi-square goodness of fit: do the observed counts fit the expected shares (any scale)? Used to
 * check that random groups are drawn uniformly.
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], expectedShares: readonly number[]): ChiSquareTest {
  const total = observed.reduce((sum, n) => sum + n, 0);
  const shareTotal = expectedShares.reduce((sum, n) => sum + n, 0);
  let statistic = 0;
  observed.forEach((n, i) => {
    const expected = (total * expectedShares[i]!) / shareTotal;
    statistic += (n - expected) ** 2 / expected;
  });
  const degreesOfFreedom = observed.length - 1;
  return { statistic, degreesOfFreedom, pValue: 1 - chisquareCdf(statistic, degreesOfFreedom) };
}

/**
 * The smallest difference in rate (absolute, 0–1) that groups of these sizes detect with the given
 * power at the given level (two-sided), for a rate near `baseline`: (z₁₋α/₂ + z_power) · √(p(1−p)(1/nA + 1/nB)).
 * 0.5 is the worst case, so a baseline of 0.5 gives an upper bound. Null for an empty group.
 */
export function minimumDetectableDifference(
  sizeA: number,
  sizeB: number,
  options: { baseline: number; level?: number; power?: number },
): number | null {
  if (sizeA <= 0 || sizeB <= 0) return null;
  const level = options.level ?? 0.95;
  const power = options.power ?? 0.8;
  const p = options.baseline;
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1) + normalQuantile(power, 0, 1);
  return z * Math.sqrt(p * (1 - p) * (1 / sizeA + 1 / sizeB));
}
