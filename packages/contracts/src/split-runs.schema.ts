import { z } from 'zod';

/**
 * How a split-run's winner is chosen (docs/rules/split-run.md). The default is the most impressions;
 * MANUAL waits for the marketer's choice.
 */
export const SPLIT_RUN_CRITERIA = [
  'IMPRESSIONS',
  'UNIQUE_IMPRESSIONS',
  'CLICKS',
  'UNIQUE_CLICKS',
  'CTR',
  'FEWEST_ERRORS',
  'MANUAL',
] as const;
export const SplitRunCriterion = z.enum(SPLIT_RUN_CRITERIA);
export type SplitRunCriterion = z.infer<typeof SplitRunCriterion>;
