import { describe, expect, it } from 'vitest';
import { CreateScheduleRequest } from '@herald/contracts';
import { defaultScheduleValues, scheduleRequestOf } from './schedule-form-values';

describe('the schedule dialog', () => {
  const base = defaultScheduleValues(new Date(2026, 11, 7, 15, 0)); // Monday 7 December 2026

  it('starts tomorrow at 09:00, on tomorrow’s weekday and its week of the month', () => {
    expect(base).toMatchObject({ startAt: '2026-12-08T09:00', days: ['TU'], weekday: 'TU', weekOfMonth: 2 });
  });

  it('sends what the API accepts for each kind, with an end only where there is one', () => {
    const requests = [
      scheduleRequestOf(base),
      scheduleRequestOf({ ...base, kind: 'WEEKLY', interval: 2, days: ['MO', 'TH'], endBy: 'runs', maxRuns: 6 }),
      scheduleRequestOf({ ...base, kind: 'MONTHLY', endBy: 'date', endDate: '2027-12-31' }),
      scheduleRequestOf({ ...base, kind: 'MONTHLY', monthlyBy: 'day', dayOfMonth: 15, timezone: 'UTC' }),
      scheduleRequestOf({ ...base, kind: 'RRULE', rrule: ' FREQ=WEEKLY;BYDAY=FR ' }),
    ];
    expect(requests.map((r) => CreateScheduleRequest.safeParse(r).success)).toEqual([true, true, true, true, true]);
    expect(requests[0]).toEqual({
      recurrence: { kind: 'ONCE' },
      startAt: '2026-12-08T09:00',
      endDate: null,
      maxRuns: 0,
    });
    expect(requests[1]).toMatchObject({ recurrence: { kind: 'WEEKLY', interval: 2, days: ['MO', 'TH'] }, maxRuns: 6 });
    expect(requests[2]).toMatchObject({
      recurrence: { kind: 'MONTHLY', weekday: 'TU', weekOfMonth: 2 },
      endDate: '2027-12-31',
      maxRuns: 0,
    });
    expect(requests[3]).toMatchObject({ recurrence: { dayOfMonth: 15 }, timezone: 'UTC' });
    expect(requests[4]!.recurrence).toEqual({ kind: 'RRULE', rrule: 'FREQ=WEEKLY;BYDAY=FR' });
  });

  it('drops an end from a once-schedule', () => {
    expect(scheduleRequestOf({ ...base, endBy: 'runs', maxRuns: 3 })).toMatchObject({ maxRuns: 0, endDate: null });
  });
});
