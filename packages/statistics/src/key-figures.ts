import { AGGREGATE_COUNTERS, dominantCounterOf, type AggregateCounter } from './destination-fold';
import { DOMINANT_ORDER, type DominantResult } from './dominant-result';
import { percentage, type Percentage } from './percent';

/**
 * The counters of one mailing: every counter of `MailingAggregate` (AGGREGATE_COUNTERS, the one list
 * of them) and one figure read beside it. Totals count every event, machine ones included; unique
 * counts and dominant buckets count destinations, people only.
 */
export interface MailingCounters extends Record<AggregateCounter, number> {
  /**
   * Destinations whose first result from a person was a click, with no open registered before it
   * (images off): the click implies an impression that no pixel counted. Not a column of
   * MailingAggregate: the API reads it beside the aggregate (see the reports module).
   */
  impressionsImplied: number;
}

/** Counters of a mailing that has nothing yet; handy as a base for partial rows. */
export function emptyMailingCounters(): MailingCounters {
  const zeros = Object.fromEntries(AGGREGATE_COUNTERS.map((name) => [name, 0])) as Record<AggregateCounter, number>;
  return { ...zeros, impressionsImplied: 0 };
}

/** The dominant buckets of a mailing's counters, in DOMINANT_ORDER. */
export function dominantCountsOf(counters: MailingCounters): Record<DominantResult, number> {
  const counts = DOMINANT_ORDER.map((result) => [result, counters[dominantCounterOf(result)]] as const);
  return Object.fromEntries(counts) as Record<DominantResult, number>;
}

/**
 * CTR as Herald reports it (docs/rules/ctr.md): on dominant results,
 * clicks / (impressions + clicks) × 100. 120 impressions and 12 clicks give 9.09 %.
 */
export function clickThroughRate(dominantClicks: number, dominantImpressions: number): Percentage {
  return percentage(dominantClicks, dominantImpressions + dominantClicks);
}

/** Copernica's other definition, under its own name: unique clicks / messages with impression × 100. */
export function clickToOpenRate(uniqueClicks: number, uniqueImpressions: number): Percentage {
  return percentage(uniqueClicks, uniqueImpressions);
}

/**
 * Impressions (docs/rules/key-figures.md): every open registered, plus the one a click without an
 * open implies, so unique never exceeds total. People first; machines (privacy proxies) apart.
 */
export function impressionsOf(c: MailingCounters): TrackedFigure {
  const human = c.impressionsTotal - c.impressionsMachine + c.impressionsImplied;
  return { human, machine: c.impressionsMachine, total: human + c.impressionsMachine, unique: c.impressionsUnique };
}

/** Clicks: every click on a normal link (not the unsubscribe link). People first; machines (link scanners) apart. */
export function clicksOf(c: MailingCounters): TrackedFigure {
  const human = c.clicksTotal - c.clicksMachine;
  return { human, machine: c.clicksMachine, total: c.clicksTotal, unique: c.clicksUnique };
}

/** What each rate divides by, in words: shown beside every rate so no one has to guess. */
export const RATE_BASES = {
  delivered: 'delivered / messages sent',
  errors: 'addresses with an error / messages sent',
  opened: 'messages with impression / messages sent',
  clicked: 'unique clicks / messages sent',
  unsubscribed: 'unique unsubscribes / messages sent',
  complaints: 'unique complaints / destinations',
  clickThrough: 'dominant clicks / (dominant impressions + dominant clicks)',
  clickToOpen: 'unique clicks / messages with impression',
  machineImpressions: 'machine impressions / total impressions',
} as const satisfies Record<string, string>;

export type RateName = keyof typeof RATE_BASES;

/** Every rate of a mailing, each by its base in RATE_BASES (the one place they are divided). */
export function ratesOf(c: MailingCounters): Record<RateName, Percentage> {
  const impressions = impressionsOf(c);
  return {
    delivered: percentage(c.delivered, c.sent),
    errors: percentage(c.errorsUnique, c.sent),
    opened: percentage(c.impressionsUnique, c.sent),
    clicked: percentage(c.clicksUnique, c.sent),
    unsubscribed: percentage(c.unsubscribesUnique, c.sent),
    complaints: percentage(c.complaintsUnique, c.destinations),
    clickThrough: clickThroughRate(c.dominantClick, c.dominantImpression),
    clickToOpen: clickToOpenRate(c.clicksUnique, c.impressionsUnique),
    machineImpressions: percentage(impressions.machine, impressions.total),
  };
}

export interface TotalAndUnique {
  total: number;
  unique: number;
}

/** Totals split into people and machines (privacy-proxy opens, link scanners): human = total − machine. */
export interface TrackedFigure extends TotalAndUnique {
  machine: number;
  human: number;
}

/** The key figures of a mailing (docs/rules/key-figures.md); every rate a percentage or null. */
export interface KeyFigures {
  destinations: number;
  sent: number;
  delivered: number;
  failed: number;
  suppressed: number;
  /**
   * Not handed over: an admin stopped the mailing first, or its maximum duration ran out (not sent: time
   * limit). sent + failed + cancelled + pending = destinations.
   */
  cancelled: number;
  errors: TotalAndUnique & { soft: number; hard: number };
  impressions: TrackedFigure;
  clicks: TrackedFigure;
  unsubscribes: TotalAndUnique;
  complaints: TotalAndUnique;
  /** Destinations with nothing registered (the dominant bucket): not opened yet, images blocked, deleted unread. */
  noFeedback: number;
  /** Each rate a percentage of its base, named in `rateBases`. */
  rates: Record<RateName, Percentage>;
  rateBases: typeof RATE_BASES;
}

export function keyFigures(c: MailingCounters): KeyFigures {
  return {
    destinations: c.destinations,
    sent: c.sent,
    delivered: c.delivered,
    failed: c.failed,
    suppressed: c.suppressed,
    cancelled: c.cancelled,
    errors: { total: c.errorsTotal, unique: c.errorsUnique, soft: c.errorsSoft, hard: c.errorsHard },
    impressions: impressionsOf(c),
    clicks: clicksOf(c),
    unsubscribes: { total: c.unsubscribesTotal, unique: c.unsubscribesUnique },
    complaints: { total: c.complaintsTotal, unique: c.complaintsUnique },
    noFeedback: c.dominantNoFeedback,
    rates: ratesOf(c),
    rateBases: RATE_BASES,
  };
}
