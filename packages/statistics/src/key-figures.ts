import type { DominantResult } from './dominant-result';
import { percentage, type Percentage } from './percent';

/**
 * The counters of one mailing, as kept in `MailingAggregate` (prisma/schema.prisma).
 * Totals count every event, machine ones included; unique counts and dominant buckets count
 * destinations, people only.
 */
export interface MailingCounters {
  destinations: number;
  sent: number;
  failed: number;
  suppressed: number;
  delivered: number;
  errorsTotal: number;
  errorsUnique: number;
  errorsSoft: number;
  errorsHard: number;
  impressionsTotal: number;
  impressionsUnique: number;
  impressionsMachine: number;
  clicksTotal: number;
  clicksUnique: number;
  clicksMachine: number;
  unsubscribesTotal: number;
  unsubscribesUnique: number;
  complaintsTotal: number;
  complaintsUnique: number;
  dominantError: number;
  dominantNoFeedback: number;
  dominantImpression: number;
  dominantClick: number;
  dominantUnsubscribe: number;
  dominantComplaint: number;
}

/** Counters of a mailing that has nothing yet; handy as a base for partial rows. */
export function emptyMailingCounters(): MailingCounters {
  return {
    destinations: 0, sent: 0, failed: 0, suppressed: 0, delivered: 0,
    errorsTotal: 0, errorsUnique: 0, errorsSoft: 0, errorsHard: 0,
    impressionsTotal: 0, impressionsUnique: 0, impressionsMachine: 0,
    clicksTotal: 0, clicksUnique: 0, clicksMachine: 0,
    unsubscribesTotal: 0, unsubscribesUnique: 0, complaintsTotal: 0, complaintsUnique: 0,
    dominantError: 0, dominantNoFeedback: 0, dominantImpression: 0, dominantClick: 0, dominantUnsubscribe: 0, dominantComplaint: 0,
  };
}

/** The dominant buckets of a mailing's counters. */
export function dominantCountsOf(counters: MailingCounters): Record<DominantResult, number> {
  return {
    ERROR: counters.dominantError,
    NO_FEEDBACK: counters.dominantNoFeedback,
    IMPRESSION: counters.dominantImpression,
    CLICK: counters.dominantClick,
    UNSUBSCRIBE: counters.dominantUnsubscribe,
    COMPLAINT: counters.dominantComplaint,
  };
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
  errors: TotalAndUnique & { soft: number; hard: number };
  impressions: TrackedFigure;
  clicks: TrackedFigure;
  unsubscribes: TotalAndUnique;
  complaints: TotalAndUnique;
  /** Destinations with nothing registered (the dominant bucket): not opened yet, images blocked, deleted unread. */
  noFeedback: number;
  rates: {
    /** delivered / sent */
    delivered: Percentage;
    /** unique errors / sent */
    errors: Percentage;
    /** messages with impression / messages sent */
    opened: Percentage;
    /** unique clicks / messages sent */
    clicked: Percentage;
    /** unique unsubscribes / messages sent */
    unsubscribed: Percentage;
    /** unique complaints / destinations */
    complaints: Percentage;
    /** dominant clicks / (dominant impressions + dominant clicks): Herald's CTR */
    clickThrough: Percentage;
    /** unique clicks / messages with impression */
    clickToOpen: Percentage;
    /** machine impressions / total impressions: how much of the raw count is not people */
    machineImpressions: Percentage;
  };
}

export function keyFigures(c: MailingCounters): KeyFigures {
  return {
    destinations: c.destinations,
    sent: c.sent,
    delivered: c.delivered,
    failed: c.failed,
    suppressed: c.suppressed,
    errors: { total: c.errorsTotal, unique: c.errorsUnique, soft: c.errorsSoft, hard: c.errorsHard },
    impressions: { total: c.impressionsTotal, unique: c.impressionsUnique, machine: c.impressionsMachine, human: c.impressionsTotal - c.impressionsMachine },
    clicks: { total: c.clicksTotal, unique: c.clicksUnique, machine: c.clicksMachine, human: c.clicksTotal - c.clicksMachine },
    unsubscribes: { total: c.unsubscribesTotal, unique: c.unsubscribesUnique },
    complaints: { total: c.complaintsTotal, unique: c.complaintsUnique },
    noFeedback: c.dominantNoFeedback,
    rates: {
      delivered: percentage(c.delivered, c.sent),
      errors: percentage(c.errorsUnique, c.sent),
      opened: percentage(c.impressionsUnique, c.sent),
      clicked: percentage(c.clicksUnique, c.sent),
      unsubscribed: percentage(c.unsubscribesUnique, c.sent),
      complaints: percentage(c.complaintsUnique, c.destinations),
      clickThrough: clickThroughRate(c.dominantClick, c.dominantImpression),
      clickToOpen: clickToOpenRate(c.clicksUnique, c.impressionsUnique),
      machineImpressions: percentage(c.impressionsMachine, c.impressionsTotal),
    },
  };
}
