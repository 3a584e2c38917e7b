import type { SplitRunCriterion } from '@herald/contracts';
import { clicksOf, clickThroughRate, impressionsOf, type MailingCounters } from '../key-figures';
import { formatPercent } from '../percent';
import {
  chiSquareTest,
  twoProportionZTest,
  type ChiSquareTest,
  type Proportion,
  type TwoProportionTest,
} from './significance';

/** One variant's results: the counters of its test mailing (docs/rules/key-figures.md). */
export interface SplitRunVariantResult {
  label: string;
  counters: MailingCounters;
}

interface CriterionMeasure {
  /** What is ranked, in words. */
  noun: string;
  better: 'higher' | 'lower';
  /** The ranked value: a rate, so that groups of different sizes compare fairly; null when its base is 0. */
  value(c: MailingCounters): number | null;
  /** The per-destination yes/no behind it, for the significance test. */
  proportion(c: MailingCounters): Proportion;
  /** What the tested rate divides, in words. */
  tested: string;
}

const perSent = (count: number, c: MailingCounters): number | null => (c.sent > 0 ? count / c.sent : null);
const opened = (c: MailingCounters): Proportion => ({ successes: c.impressionsUnique, trials: c.sent });
const clicked = (c: MailingCounters): Proportion => ({ successes: c.clicksUnique, trials: c.sent });

/**
 * The measure of each criterion. People only: machine opens and clicks (privacy proxies, link
 * scanners) are left out by impressionsOf/clicksOf and by the unique counters. Totals are tested on
 * their unique counterparts: one person opening twice is not two independent trials.
 */
const MEASURES: Record<Exclude<SplitRunCriterion, 'MANUAL'>, CriterionMeasure> = {
  IMPRESSIONS: {
    noun: 'impressions per message sent',
    better: 'higher',
    value: (c) => perSent(impressionsOf(c).human, c),
    proportion: opened,
    tested: 'messages with impression / messages sent',
  },
  UNIQUE_IMPRESSIONS: {
    noun: 'messages with impression / messages sent',
    better: 'higher',
    value: (c) => perSent(c.impressionsUnique, c),
    proportion: opened,
    tested: 'messages with impression / messages sent',
  },
  CLICKS: {
    noun: 'clicks per message sent',
    better: 'higher',
    value: (c) => perSent(clicksOf(c).human, c),
    proportion: clicked,
    tested: 'unique clicks / messages sent',
  },
  UNIQUE_CLICKS: {
    noun: 'unique clicks / messages sent',
    better: 'higher',
    value: (c) => perSent(c.clicksUnique, c),
    proportion: clicked,
    tested: 'unique clicks / messages sent',
  },
  CTR: {
    noun: 'CTR',
    better: 'higher',
    value: (c) => {
      const ctr = clickThroughRate(c.dominantClick, c.dominantImpression);
      return ctr === null ? null : ctr / 100;
    },
    proportion: (c) => ({ successes: c.dominantClick, trials: c.dominantImpression + c.dominantClick }),
    tested: 'dominant clicks / (dominant impressions + dominant clicks)',
  },
  FEWEST_ERRORS: {
    noun: 'addresses with an error / messages sent',
    better: 'lower',
    value: (c) => perSent(c.errorsUnique, c),
    proportion: (c) => ({ successes: c.errorsUnique, trials: c.sent }),
    tested: 'addresses with an error / messages sent',
  },
};

/** The significance of the winner's lead on the criterion, in figures and in words. */
export interface SplitRunSignificance {
  /** What the test compares, in words. */
  tested: string;
  /** Per variant the tested rate (0–1), null for an empty group. */
  rates: Array<number | null>;
  /** The winner against the best of the others. */
  pairwise: TwoProportionTest | null;
  /** All variants at once (more than two only). */
  chiSquare: ChiSquareTest | null;
  /** The p-value of the claim: the pairwise one, or with more than two variants the larger of it and chi-square's. */
  pValue: number | null;
  /** 1 − p, as a percentage rounded down so it never overstates, at most 99. */
  confidencePercent: number | null;
  level: number;
  significant: boolean;
  sentence: string;
}

export type WinnerRule = 'best' | 'tie' | 'no-data' | 'manual';

export interface SplitRunWinner {
  /** The winner's index in the variants given, or null when a manual choice is awaited. */
  winner: number | null;
  rule: WinnerRule;
  reason: string;
  /** Per variant the ranked value (a rate, 0–1), null where its base is zero. */
  values: Array<number | null>;
  significance: SplitRunSignificance | null;
}

export interface WinnerOptions {
  /** A choice by hand (MANUAL, or picking early): the index of the variant. */
  manual?: { variant: number; by: string };
  /** Confidence level of the significance test (0.95 unless told). */
  level?: number;
}

function shown(value: number | null): string {
  return formatPercent(value === null ? null : value * 100);
}

function significanceOf(
  variants: readonly SplitRunVariantResult[],
  measure: CriterionMeasure,
  winner: number,
  level: number,
): SplitRunSignificance {
  const proportions = variants.map((v) => measure.proportion(v.counters));
  const rates = proportions.map((p) => (p.trials > 0 ? p.successes / p.trials : null));
  const sign = measure.better === 'higher' ? 1 : -1;
  // The runner-up on the tested rate: the best of the others, first on a tie.
  let runnerUp: number | null = null;
  rates.forEach((r, i) => {
    if (i === winner || r === null) return;
    const best = runnerUp === null ? null : rates[runnerUp]!;
    if (best === null || sign * (r - best) > 0) runnerUp = i;
  });
  const pairwise = runnerUp === null ? null : twoProportionZTest(proportions[runnerUp]!, proportions[winner]!, level);
  const chiSquare = variants.length > 2 ? chiSquareTest(proportions) : null;
  const pValue = pairwise === null ? null : Math.max(pairwise.pValue, chiSquare?.pValue ?? 0);
  // Rounded down, and never 100 %: no test of a sample makes the difference certain.
  const confidencePercent = pValue === null ? null : Math.min(99, Math.floor((1 - pValue) * 100));
  const leads = pairwise !== null && sign * pairwise.difference > 0;
  const significant = leads && pValue !== null && pValue <= 1 - level;
  const w = variants[winner]!.label;
  const other = runnerUp === null ? '' : variants[runnerUp]!.label;
  const better = measure.better === 'higher' ? 'better than' : 'fewer errors than';
  const needed = Math.round(level * 100);
  let sentence: string;
  if (pairwise === null) sentence = 'Not enough data to compare the variants yet.';
  else if (!leads) sentence = `Too close to call: ${w} and ${other} do equally well so far.`;
  else if (significant) sentence = `${w} is ${better} ${other} with ${confidencePercent} % confidence.`;
  else
    sentence = `Too close to call: ${w} leads ${other}, but with ${confidencePercent} % confidence (${needed} % needed).`;
  return {
    tested: measure.tested,
    rates,
    pairwise,
    chiSquare,
    pValue,
    confidencePercent,
    level,
    significant,
    sentence,
  };
}

/**
 * The winner of a split-run by its criterion (docs/rules/split-run.md): the best rate wins; a tie goes
 * to the first of the tied variants and no data at all to the first variant, each with the reason
 * recorded; a manual choice wins over everything. MANUAL without a choice yet has no winner.
 */
export function chooseSplitRunWinner(
  variants: readonly SplitRunVariantResult[],
  criterion: SplitRunCriterion,
  options: WinnerOptions = {},
): SplitRunWinner {
  if (variants.length === 0) throw new RangeError('a split-run has at least one variant');
  const level = options.level ?? 0.95;
  const measure = MEASURES[criterion === 'MANUAL' ? 'UNIQUE_IMPRESSIONS' : criterion];
  const values = variants.map((v) => measure.value(v.counters));
  const label = (i: number) => variants[i]!.label;

  if (options.manual) {
    const { variant, by } = options.manual;
    if (!Number.isInteger(variant) || variant < 0 || variant >= variants.length)
      throw new RangeError(`no variant ${variant}`);
    return {
      winner: variant,
      rule: 'manual',
      reason: `Variant ${label(variant)} chosen by hand by ${by}.`,
      values,
      significance: significanceOf(variants, measure, variant, level),
    };
  }
  if (criterion === 'MANUAL')
    return { winner: null, rule: 'manual', reason: 'Waiting for a choice by hand.', values, significance: null };

  const known = values.filter((v): v is number => v !== null);
  const noData = known.length === 0 || (measure.better === 'higher' && known.every((v) => v === 0));
  if (noData) {
    return {
      winner: 0,
      rule: 'no-data',
      reason: `No ${measure.noun} in any test group: variant ${label(0)}, the first, by rule.`,
      values,
      significance: significanceOf(variants, measure, 0, level),
    };
  }
  const best = measure.better === 'higher' ? Math.max(...known) : Math.min(...known);
  // Rates are quotients of whole numbers, correctly rounded: equal fractions give equal numbers.
  const tied = values.flatMap((v, i) => (v === best ? [i] : []));
  const winner = tied[0]!;
  const most = measure.better === 'higher' ? 'highest' : 'lowest';
  const reason =
    tied.length > 1
      ? `Variants ${tied.map(label).join(', ')} tied on ${measure.noun} (${shown(best)}): ${label(winner)}, the first of them, by rule.`
      : `Variant ${label(winner)} has the ${most} ${measure.noun}: ${shown(best)}, against ${values
          .flatMap((v, i) => (i === winner ? [] : [`${label(i)} ${shown(v)}`]))
          .join(', ')}.`;
  return {
    winner,
    rule: tied.length > 1 ? 'tie' : 'best',
    reason,
    values,
    significance: significanceOf(variants, measure, winner, level),
  };
}

export type WinnerFallback = 'CONTROL' | 'WAIT';

/**
 * What goes to the remainder when the winner must be significant: the winner if it is (or was chosen
 * by hand), else the control (the first variant) or nothing until a choice by hand.
 */
export function variantForRemainder(
  choice: SplitRunWinner,
  requireSignificance: boolean,
  fallback: WinnerFallback,
): { variant: number; why: string } | null {
  if (choice.winner === null) return null;
  if (!requireSignificance || choice.rule === 'manual' || choice.significance?.significant)
    return { variant: choice.winner, why: choice.reason };
  if (fallback === 'WAIT') return null;
  return { variant: 0, why: `${choice.reason} Not significant: the control variant goes to the rest.` };
}
