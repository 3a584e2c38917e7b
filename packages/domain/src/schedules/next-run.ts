import { Recurrence } from '@herald/contracts';
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

export function storedScheduleRule(stored: StoredScheduleTiming): ScheduleRule {
  return scheduleRule({
    recurrence: Recurrence.parse(stored.recurrence),
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
