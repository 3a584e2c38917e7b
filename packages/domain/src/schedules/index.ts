export { scheduleRule, type ScheduleRule, type ScheduleSpec } from './recurrence';
export { LATE_RUN_GRACE_MS, nextRun, storedScheduleRule, type StoredScheduleTiming } from './next-run';
export { Clock, SystemClock } from './clock';
export { assertTimeZone } from './time-zone';
