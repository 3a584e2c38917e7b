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
  /** Occurrences a marketer skipped (RFC 5545's EXDATE): they do not run, nor count as runs. */
  skippedOccurrences: readonly Date[];
}

/** A schedule keeps at most this many skipped occurrences to come. */
export const MAX_SKIPPED_OCCURRENCES = 100;

/**
 * The rule of a stored schedule, its skipped occurrences left out; a DomainError when what is stored
 * no longer reads as a recurrence.
 */
export function storedScheduleRule(stored: StoredScheduleTiming): ScheduleRule {
  return withoutSkipped(plannedRule(stored), stored.skippedOccurrences);
}

/** The occurrences as the recurrence plans them, skipped ones included. */
function plannedRule(stored: StoredScheduleTiming): ScheduleRule {
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

/** A rule without the given (skipped) occurrences. */
export function withoutSkipped(rule: ScheduleRule, skipped: readonly Date[]): ScheduleRule {
  if (skipped.length === 0) return rule;
  const left = new Set(skipped.map((at) => at.getTime()));
  const next = (after: Date): Date | null => {
    let at = rule.next(after);
    while (at && left.has(at.getTime())) at = rule.next(at);
    return at;
  };
  return {
    ...rule,
    next,
    // "every week on Tuesday at 09:00 Europe/Amsterdam, 12 runs, 1 skipped": 11 go.
    describe: () => `${rule.describe()}, ${left.size} skipped`,
    between: (from, to, limit = 1_000) =>
      rule
        .between(from, to, limit + left.size)
        .filter((at) => !left.has(at.getTime()))
        .slice(0, limit),
  };
}

/** The next `limit` occurrences after `after` as planned, each marked whether it was skipped. */
export function upcomingOccurrences(
  stored: StoredScheduleTiming,
  after: Date,
  limit: number,
): Array<{ at: Date; skipped: boolean }> {
  const planned = plannedRule(stored);
  const skipped = new Set(stored.skippedOccurrences.map((at) => at.getTime()));
  const upcoming: Array<{ at: Date; skipped: boolean }> = [];
  for (let at = planned.next(after); at && upcoming.length < limit; at = planned.next(at))
    upcoming.push({ at, skipped: skipped.has(at.getTime()) });
  return upcoming;
}

/**
 * The skipped occurrences once `at` is skipped (`skip`) or runs again (`restore`); those that passed are
 * dropped. `at` must be a run of the schedule still to come; a DomainError says what is wrong.
 */
export function changeSkippedOccurrences(
  stored: StoredScheduleTiming,
  at: Date,
  change: 'skip' | 'restore',
  now: Date,
): Date[] {
  if (at.getTime() <= now.getTime())
    throw DomainError.invalidState(`The run of ${at.toISOString()} has passed; only a run to come can be changed`);
  const planned = plannedRule(stored);
  if (planned.next(new Date(at.getTime() - 1))?.getTime() !== at.getTime())
    throw DomainError.validation(`${at.toISOString()} is not a run of this schedule`, [
      { path: 'occurrenceAt', message: `is not a run of this schedule (${planned.describe()})` },
    ]);
  const kept = stored.skippedOccurrences.filter((d) => d.getTime() > now.getTime() && d.getTime() !== at.getTime());
  if (change === 'restore') return kept;
  if (kept.length >= MAX_SKIPPED_OCCURRENCES)
    throw DomainError.validation(`A schedule keeps at most ${MAX_SKIPPED_OCCURRENCES} skipped runs`, [
      { path: 'occurrenceAt', message: `at most ${MAX_SKIPPED_OCCURRENCES} skipped runs to come` },
    ]);
  return [...kept, at].sort((a, b) => a.getTime() - b.getTime());
}
