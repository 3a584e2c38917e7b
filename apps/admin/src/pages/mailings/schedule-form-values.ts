import type { CreateScheduleInput, Weekday } from '@herald/contracts';

export type ScheduleKind = 'ONCE' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'RRULE';

/** What the schedule dialog holds; the API checks it and says in plain words when it runs. */
export interface ScheduleFormValues {
  kind: ScheduleKind;
  /** `YYYY-MM-DDTHH:mm`, a wall-clock time in `timezone`. */
  startAt: string;
  /** Empty: the account's time zone. */
  timezone: string;
  interval: number;
  days: Weekday[];
  monthlyBy: 'day' | 'weekday';
  dayOfMonth: number;
  weekday: Weekday;
  weekOfMonth: 1 | 2 | 3 | 4 | 5 | -1;
  rrule: string;
  endBy: 'never' | 'date' | 'runs';
  endDate: string;
  maxRuns: number;
}

/** Tomorrow at 09:00 in the browser's clock, weekly on that day. */
export function defaultScheduleValues(now: Date): ScheduleFormValues {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = (['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const)[tomorrow.getDay()]!;
  return {
    kind: 'ONCE',
    startAt: `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`,
    timezone: '',
    interval: 1,
    days: [day],
    monthlyBy: 'weekday',
    dayOfMonth: tomorrow.getDate(),
    weekday: day,
    weekOfMonth: Math.min(5, Math.ceil(tomorrow.getDate() / 7)) as 1 | 2 | 3 | 4 | 5,
    rrule: 'FREQ=MONTHLY;BYDAY=2TU',
    endBy: 'never',
    endDate: '',
    maxRuns: 12,
  };
}

function recurrenceOf(v: ScheduleFormValues): CreateScheduleInput['recurrence'] {
  switch (v.kind) {
    case 'ONCE':
      return { kind: 'ONCE' };
    case 'DAILY':
      return { kind: 'DAILY', interval: v.interval };
    case 'WEEKLY':
      return { kind: 'WEEKLY', interval: v.interval, days: v.days };
    case 'MONTHLY':
      return v.monthlyBy === 'day'
        ? { kind: 'MONTHLY', interval: v.interval, dayOfMonth: v.dayOfMonth }
        : { kind: 'MONTHLY', interval: v.interval, weekday: v.weekday, weekOfMonth: v.weekOfMonth };
    case 'RRULE':
      return { kind: 'RRULE', rrule: v.rrule.trim() };
  }
}

/** The request `POST /mailings/:id/schedule` takes; a once-schedule has no end. */
export function scheduleRequestOf(v: ScheduleFormValues): CreateScheduleInput {
  const once = v.kind === 'ONCE';
  return {
    recurrence: recurrenceOf(v),
    startAt: v.startAt,
    ...(v.timezone.trim() ? { timezone: v.timezone.trim() } : {}),
    endDate: !once && v.endBy === 'date' && v.endDate ? v.endDate : null,
    maxRuns: !once && v.endBy === 'runs' ? v.maxRuns : 0,
  };
}
