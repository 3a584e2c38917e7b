import { z } from 'zod';
import { Timestamp } from './common.schema';
import { mailingSettingsSchema } from './mailings';

/** RFC 5545 weekday codes, Monday first. */
export const Weekday = z.enum(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU']);
export type Weekday = z.infer<typeof Weekday>;

const interval = (max: number) => z.number().int().min(1).max(max).default(1);

/**
 * When a scheduled mailing runs (docs/rules/scheduling.md): once, daily, weekly on chosen days, every
 * N weeks, monthly on a day or on "the second Tuesday", or any RFC 5545 RRULE. The time of day is the
 * start's, in the schedule's time zone.
 */
export const Recurrence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ONCE') }),
  z.object({ kind: z.literal('DAILY'), interval: interval(365) }),
  z.object({
    kind: z.literal('WEEKLY'),
    /** Every `interval` weeks. */
    interval: interval(52),
    days: z
      .array(Weekday)
      .min(1, 'name at least one day')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'names a day twice'),
  }),
  z
    .object({
      kind: z.literal('MONTHLY'),
      interval: interval(12),
      /** On this day of the month (a month without it is passed over)... */
      dayOfMonth: z.number().int().min(1).max(31).optional(),
      /** ...or on the `weekOfMonth`-th `weekday` of the month; -1 is the last. */
      weekday: Weekday.optional(),
      weekOfMonth: z
        .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(-1)])
        .optional(),
    })
    .superRefine((m, ctx) => {
      const byWeekday = m.weekday !== undefined || m.weekOfMonth !== undefined;
      if (m.dayOfMonth !== undefined && byWeekday)
        ctx.addIssue({
          code: 'custom',
          path: ['dayOfMonth'],
          message: 'give either dayOfMonth or weekday and weekOfMonth, not both',
        });
      else if (m.dayOfMonth === undefined && !byWeekday)
        ctx.addIssue({
          code: 'custom',
          path: ['dayOfMonth'],
          message: 'give dayOfMonth, or weekday and weekOfMonth',
        });
      else if (byWeekday && m.weekday === undefined)
        ctx.addIssue({ code: 'custom', path: ['weekday'], message: 'is required with weekOfMonth' });
      else if (byWeekday && m.weekOfMonth === undefined)
        ctx.addIssue({ code: 'custom', path: ['weekOfMonth'], message: 'is required with weekday' });
    }),
  z.object({
    kind: z.literal('RRULE'),
    /** An RFC 5545 RRULE such as `FREQ=MONTHLY;BYDAY=2TU`; the start, time zone and end are fields of their own. */
    rrule: z.string().trim().min(1, 'is required').max(1_000),
  }),
]);
export type Recurrence = z.infer<typeof Recurrence>;
export type RecurrenceInput = z.input<typeof Recurrence>;

/** A wall-clock time in the schedule's time zone (`2026-12-08T09:00`), or an instant with its offset. */
const StartAt = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/,
    'must be a date and time such as 2026-12-08T09:00',
  );

const scheduleTimingFields = {
  recurrence: Recurrence,
  /** An IANA time zone; the account's when left out. */
  timezone: z.string().trim().min(1).max(64).optional(),
  startAt: StartAt,
  /** The last day on which it may run, in the schedule's time zone; or `maxRuns`. */
  endDate: z.iso.date('must be a date such as 2026-12-31').nullable().default(null),
  /** How many times it runs; 0 = until the end date, or forever. */
  maxRuns: z.number().int().min(0).max(10_000).default(0),
};

/** `POST /mailings/:id/schedule`: when the mailing runs. */
export const CreateScheduleRequest = z.object(scheduleTimingFields).superRefine((s, ctx) => {
  if (s.endDate && s.maxRuns > 0)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'give an end date or a number of runs, not both' });
});
export type CreateScheduleRequest = z.infer<typeof CreateScheduleRequest>;
export type CreateScheduleInput = z.input<typeof CreateScheduleRequest>;

const TARGET_LOCKED =
  'the target of a scheduled mailing cannot change: delete the schedule (the mailing returns to draft), change the target and schedule it anew';

/**
 * `PATCH /mailings/:id/schedule`: the timing, the mailing's name, document, options, and its document's
 * subject and sender (a new document version, which the next run sends). Not the target.
 */
export const UpdateScheduleRequest = z
  .object({
    recurrence: Recurrence.optional(),
    timezone: scheduleTimingFields.timezone,
    startAt: StartAt.optional(),
    endDate: z.iso.date('must be a date such as 2026-12-31').nullable().optional(),
    maxRuns: z.number().int().min(0).max(10_000).optional(),
    name: z.string().trim().min(1, 'is required').max(255).optional(),
    documentId: z.number().int().positive().optional(),
    subject: z.string().min(1, 'is required').max(255, 'must be at most 255 characters').optional(),
    fromName: z.string().max(255).optional(),
    fromAddress: z.string().trim().min(3, 'is required').max(255).optional(),
    settings: mailingSettingsSchema.partial().optional(),
    targetType: z.never({ error: TARGET_LOCKED }).optional(),
    databaseId: z.never({ error: TARGET_LOCKED }).optional(),
    collectionId: z.never({ error: TARGET_LOCKED }).optional(),
    selectionId: z.never({ error: TARGET_LOCKED }).optional(),
    toSubprofiles: z.never({ error: TARGET_LOCKED }).optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'change at least one thing');
export type UpdateScheduleRequest = z.input<typeof UpdateScheduleRequest>;

export const ScheduleRunStatus = z.enum(['QUEUED', 'SKIPPED']);
export type ScheduleRunStatus = z.infer<typeof ScheduleRunStatus>;

/** One occurrence that came due: the mailing it sent, or why it was skipped. */
export const ScheduleRunResponse = z.object({
  occurrenceAt: Timestamp,
  status: ScheduleRunStatus,
  reason: z.string().nullable(),
  /** The mailing of this run, with its own report; null when skipped. */
  mailingId: z.number().int().nullable(),
  createdAt: Timestamp,
});
export type ScheduleRunResponse = z.infer<typeof ScheduleRunResponse>;

export const ScheduleResponse = z.object({
  id: z.number().int(),
  /** The scheduled mailing: its document, target and options are those of every run. */
  mailingId: z.number().int(),
  mailingName: z.string(),
  recurrence: Recurrence,
  timezone: z.string(),
  startAt: Timestamp,
  endDate: z.string().nullable(),
  maxRuns: z.number().int(),
  runCount: z.number().int(),
  active: z.boolean(),
  nextRunAt: Timestamp.nullable(),
  lastRunAt: Timestamp.nullable(),
  /** The recurrence as an RFC 5545 RRULE. */
  rrule: z.string().nullable(),
  /** "every second Tuesday of the month at 09:00 Europe/Amsterdam, 12 runs; next: 8 December 2026 09:00" */
  summary: z.string(),
  /** The most recent runs, newest first. */
  runs: z.array(ScheduleRunResponse),
  /**
   * The next runs as planned, soonest first, those a marketer skipped marked (at most 10). Only when one
   * schedule is read or changed; `GET /schedules` leaves it out.
   */
  upcoming: z.array(z.object({ at: Timestamp, skipped: z.boolean() })).optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ScheduleResponse = z.infer<typeof ScheduleResponse>;

const CALENDAR_MAX_DAYS = 62;

/** `GET /schedules/calendar`: the runs to come in a window of at most 62 days. */
export const ScheduleCalendarQuery = z
  .object({ from: Timestamp, to: Timestamp })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'must be after from' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= CALENDAR_MAX_DAYS * 86_400_000, {
    path: ['to'],
    message: `must be at most ${CALENDAR_MAX_DAYS} days after from`,
  });
export type ScheduleCalendarQuery = z.infer<typeof ScheduleCalendarQuery>;

/** One run to come of an active schedule. */
export const ScheduledRunResponse = z.object({
  at: Timestamp,
  scheduleId: z.number().int(),
  mailingId: z.number().int(),
  mailingName: z.string(),
  /** A marketer skipped this run: it does not go. */
  skipped: z.boolean(),
});
export type ScheduledRunResponse = z.infer<typeof ScheduledRunResponse>;

/** `POST /mailings/:id/schedule/skip` and `/restore`: one planned run of the schedule, still to come. */
export const ScheduleOccurrenceRequest = z.strictObject({
  /** The run's moment as the schedule plans it (an `upcoming` entry's `at`). */
  occurrenceAt: Timestamp,
});
export type ScheduleOccurrenceRequest = z.infer<typeof ScheduleOccurrenceRequest>;
