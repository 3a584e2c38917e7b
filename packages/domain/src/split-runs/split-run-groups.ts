import { DomainError } from '../domain-error';

/** A variant's test group: a share of the target in percent, or a number of recipients. */
export type SplitRunGroupSpec = { percent: number; count?: null } | { count: number; percent?: null };

/** Copernica allows up to 5 groups; Herald up to 10 variants, at least 2 (docs/rules/split-run.md). */
export const SPLIT_RUN_VARIANTS = { min: 2, max: 10 } as const;

/**
 * The groups when none are given: with a winner the product pages' A 25 %, B 25 % and the rest (50 %)
 * for the winner, half the target shared alike by more variants; without a winner (an A/B test) the
 * whole target shared alike.
 */
export function defaultSplitRunGroups(variants: number, withWinner: boolean): SplitRunGroupSpec[] {
  const share = (withWinner ? 50 : 100) / variants;
  return Array.from({ length: variants }, () => ({ percent: share }));
}

/**
 * The size of each test group for a target of `target` recipients: a percentage rounded down, a
 * count as given. Fails, saying which group, when a group would be empty or the groups together
 * need more recipients than the target has. What is left is the remainder (the winner's).
 */
export function splitRunGroupSizes(target: number, groups: readonly SplitRunGroupSpec[]): number[] {
  const sizes = groups.map((g) => (g.count != null ? g.count : Math.floor((target * g.percent!) / 100)));
  // Shares that add up to 100 % cover the whole target (an A/B test without a winner): what rounding
  // down left goes one each to the first groups.
  const percents = groups.every((g) => g.count == null) ? groups.reduce((sum, g) => sum + g.percent!, 0) : 0;
  if (Math.abs(percents - 100) < 1e-9) {
    let left = target - sizes.reduce((sum, n) => sum + n, 0);
    for (let i = 0; left > 0; i = (i + 1) % sizes.length, left--) sizes[i]! += 1;
  }
  const issues = sizes.flatMap((size, i) =>
    size < 1 ? [{ path: `variants.${i}`, message: `its test group would be empty in a target of ${target}` }] : [],
  );
  if (issues.length > 0) throw DomainError.validation('A test group is empty', issues);
  const needed = sizes.reduce((sum, n) => sum + n, 0);
  if (needed > target)
    throw DomainError.validation(`The test groups need ${needed} recipients; the target has ${target}`, [
      { path: 'variants', message: `${needed} recipients in test groups, ${target} in the target` },
    ]);
  return sizes;
}

/** The groups as stored per variant: all given (a percent or a count each), or none given and the defaults. */
export function splitRunGroupSpecs(
  variants: ReadonlyArray<{ groupPercent: number | null; groupCount: number | null }>,
  withWinner: boolean,
): SplitRunGroupSpec[] {
  const given = variants.every((v) => v.groupPercent !== null || v.groupCount !== null);
  if (!given) return defaultSplitRunGroups(variants.length, withWinner);
  return variants.map((v) => (v.groupCount !== null ? { count: v.groupCount } : { percent: v.groupPercent! }));
}
