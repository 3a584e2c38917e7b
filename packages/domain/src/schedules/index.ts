export { scheduleRule, type ScheduleRule, type ScheduleSpec } from './recurrence';
