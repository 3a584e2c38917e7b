import { emptyMailingCounters, type MailingCounters } from '@herald/statistics';

/** The columns of `MailingAggregate` that are `MailingCounters`, for Prisma `select`. */
export const COUNTERS_SELECT = {
  destinations: true,
  sent: true,
  failed: true,
  suppressed: true,
  delivered: true,
  errorsTotal: true,
  errorsUnique: true,
  errorsSoft: true,
  errorsHard: true,
  impressionsTotal: true,
  impressionsUnique: true,
  impressionsMachine: true,
  clicksTotal: true,
  clicksUnique: true,
  clicksMachine: true,
  unsubscribesTotal: true,
  unsubscribesUnique: true,
  complaintsTotal: true,
  complaintsUnique: true,
  dominantError: true,
  dominantNoFeedback: true,
  dominantImpression: true,
  dominantClick: true,
  dominantUnsubscribe: true,
  dominantComplaint: true,
} as const;

type AggregateCounters = Omit<MailingCounters, 'impressionsImplied'>;

/**
 * Field by field, so nothing else of the row leaks; a mailing never sent has no row and counts nothing.
 * `impressionsImplied` is not kept in the aggregate: the caller reads it beside it (impliedImpressionsSql).
 */
export function countersOf(row: AggregateCounters | null | undefined, impressionsImplied = 0): MailingCounters {
  if (!row) return { ...emptyMailingCounters(), impressionsImplied };
  return {
    destinations: row.destinations,
    sent: row.sent,
    failed: row.failed,
    suppressed: row.suppressed,
    delivered: row.delivered,
    errorsTotal: row.errorsTotal,
    errorsUnique: row.errorsUnique,
    errorsSoft: row.errorsSoft,
    errorsHard: row.errorsHard,
    impressionsTotal: row.impressionsTotal,
    impressionsUnique: row.impressionsUnique,
    impressionsMachine: row.impressionsMachine,
    clicksTotal: row.clicksTotal,
    clicksUnique: row.clicksUnique,
    clicksMachine: row.clicksMachine,
    unsubscribesTotal: row.unsubscribesTotal,
    unsubscribesUnique: row.unsubscribesUnique,
    complaintsTotal: row.complaintsTotal,
    complaintsUnique: row.complaintsUnique,
    dominantError: row.dominantError,
    dominantNoFeedback: row.dominantNoFeedback,
    dominantImpression: row.dominantImpression,
    dominantClick: row.dominantClick,
    dominantUnsubscribe: row.dominantUnsubscribe,
    dominantComplaint: row.dominantComplaint,
    impressionsImplied,
  };
}
