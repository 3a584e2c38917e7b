import { AGGREGATE_COUNTERS, mailingCountersOf, type AggregateCounter, type MailingCounters } from '@herald/statistics';

type CountersSelect = Record<AggregateCounter, true>;

/**
 * The columns of `MailingAggregate` that are `MailingCounters`, for Prisma `select`: named by the
 * fold's own list, so a counter added there is read here without a second list to keep.
 */
export const COUNTERS_SELECT = Object.fromEntries(AGGREGATE_COUNTERS.map((name) => [name, true])) as CountersSelect;

/**
 * Counter by counter, so nothing else of the row leaks; a mailing never sent has no row and counts nothing.
 * `impressionsImplied` is not kept in the aggregate: the caller reads it beside it (ReportSources).
 */
export function countersOf(
  row: Record<AggregateCounter, number> | null | undefined,
  impressionsImplied = 0,
): MailingCounters {
  return mailingCountersOf(row, impressionsImplied);
}
