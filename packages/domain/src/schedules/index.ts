export { scheduleRule, type ScheduleRule, type ScheduleSpec } from './recurrence';
export {
  changeSkippedOccurrences,
  LATE_RUN_GRACE_MS,
  MAX_SKIPPED_OCCURRENCES,
  nextRun,
  storedScheduleRule,
  upcomingOccurrences,
  withoutSkipped,
  type StoredScheduleTiming,
} from './next-run';
export { Clock, SystemClock } from './clock';
export { assertTimeZone } from './time-zone';
