import { DomainError } from '../domain-error';

/** A variant's test group: a share of the target in percent, or a number of recipients. */
export type SplitRunGroupSpec = { percent: number; count?: null } | { count: number; percent?: null };

/** Copernica allows up to 5 groups; Herald up to 10 variants, at least 2 (docs/rules/split-run.md). */
export const SPLIT_RUN_VARIANTS = { min: 2, max: 10 } as const;

/** The product pages' defaults: A 25 %, B 25 %, the rest (50 %) for the winner. */
export const DEFAULT_SPLIT_RUN_GROUPS: readonly SplitRunGroupSpec[] = [{ percent: 25 }, { percent: 25 }];

/**
 * The size of each test group for a target of `target` recipients: a percentage rounded down, a
 * count as given. Fails, saying which group, when a group would be empty or the groups together
 * need more recipients than the target has. What is left is the remainder (the winner's).
 */
export function splitRunGroupSizes(target: number, groups: readonly SplitRunGroupSpec[]): number[] {
  const sizes = groups.map((g) => (g.count != null ? g.count : Math.floor((target * g.percent!) / 100)));
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
