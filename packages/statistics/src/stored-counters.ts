import { AGGREGATE_COUNTERS, type AggregateCounter } from './destination-fold';
import { emptyMailingCounters, type MailingCounters } from './key-figures';

/**
 * A mailing's counters from its stored aggregate row, counter by counter so nothing else of the row
 * leaks; a mailing never sent has no row and counts nothing. `impressionsImplied` is read beside it.
 */
export function mailingCountersOf(
  row: Record<AggregateCounter, number> | null | undefined,
  impressionsImplied = 0,
): MailingCounters {
  const counters = { ...emptyMailingCounters(), impressionsImplied };
  if (row) for (const name of AGGREGATE_COUNTERS) counters[name] = row[name];
  return counters;
}
