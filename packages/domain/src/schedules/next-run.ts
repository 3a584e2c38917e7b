import { Recurrence } from '@herald/contracts';
import { DomainError } from '../domain-error';
import { scheduleRule, type ScheduleRule } from './recurrence';

/**
 * How late an occurrence may still run: one missed while the workers restarted runs when they are
 * back; one missed by longer (the schedule was inactive, nothing ran for hours) is passed over.
 */
export const LATE_RUN_GRACE_MS = 5 * 60_000;

/** A schedule as stored: its timing, validated when it was saved. */
export interface StoredScheduleTiming {
  recurrence: unknown;
  timezone: string;
  startAt: Date;
  endDate: string | null;
  maxRuns: number;
}

/** The rule of a stored schedule; a DomainError when what is stored no longer reads as a recurrence. */
export function storedScheduleRule(stored: StoredScheduleTiming): ScheduleRule {
  const recurrence = Recurrence.safeParse(stored.recurrence);
  if (!recurrence.success)
    throw DomainError.invalidState(
      `its recurrence does not read (${recurrence.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')})`,
    );
  return scheduleRule({
    recurrence: recurrence.data,
    timezone: stored.timezone,
    startAt: stored.startAt.toISOString(),
    endDate: stored.endDate,
    maxRuns: stored.maxRuns,
  });
}

/**
 * The occurrence a schedule waits for next (docs/rules/scheduling.md): after the last one that ran,
 * and not more than the grace before now. Null when no run is left.
 */
export function nextRun(rule: ScheduleRule, now: Date, lastRunAt: Date | null): Date | null {
  const floor = now.getTime() - LATE_RUN_GRACE_MS;
  return rule.next(new Date(Math.max(floor - 1, lastRunAt ? lastRunAt.getTime() : -Infinity)));
}
