import { RRule } from 'rrule';
import { describe, expect, it } from 'vitest';
import { CreateScheduleRequest, type CreateScheduleInput } from '@herald/contracts';
import { DomainError } from '../domain-error';
import { LATE_RUN_GRACE_MS, nextRun } from './next-run';
import { scheduleRule, type ScheduleRule } from './recurrence';

const AMSTERDAM = 'Europe/Amsterdam';

function rule(input: Omit<CreateScheduleInput, 'timezone'> & { timezone?: string }) {
  return scheduleRule({ ...CreateScheduleRequest.parse(input), timezone: input.timezone ?? AMSTERDAM });
}
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const YEARS = [new Date('2026-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')] as const;

describe('scheduleRule', () => {
  // Amsterdam: CET (UTC+1) in winter, CEST (UTC+2) from the last Sunday of March to the last Sunday of October.
  it('keeps 09:00 local on a weekly schedule across the autumn change (25 October 2026)', () => {
    const weekly = rule({ recurrence: { kind: 'WEEKLY', days: ['MO'] }, startAt: '2026-10-12T09:00', maxRuns: 3 });
    expect(iso(weekly.between(...YEARS))).toEqual([
      '2026-10-12T07:00:00.000Z',
      '2026-10-19T07:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local on a weekly schedule across the spring change (29 March 2026)', () => {
    const weekly = rule({ recurrence: { kind: 'WEEKLY', days: ['MO'] }, startAt: '2026-03-16T09:00', maxRuns: 3 });
    expect(iso(weekly.between(...YEARS))).toEqual([
      '2026-03-16T08:00:00.000Z',
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('runs on the second Tuesday of each month (1 Dec 2026 is a Tuesday; so is 6 Apr 2027)', () => {
    const second = rule({
      recurrence: { kind: 'MONTHLY', weekday: 'TU', weekOfMonth: 2 },
      startAt: '2026-12-01T09:00',
      maxRuns: 5,
    });
    expect(iso(second.between(...YEARS))).toEqual([
      '2026-12-08T08:00:00.000Z',
      '2027-01-12T08:00:00.000Z',
      '2027-02-09T08:00:00.000Z',
      '2027-03-09T08:00:00.000Z',
      '2027-04-13T07:00:00.000Z',
    ]);
    expect(second.rrule).toBe('FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TU');
  });

  it('takes the same dates from the RRULE text', () => {
    const text = rule({
      recurrence: { kind: 'RRULE', rrule: 'RRULE:FREQ=MONTHLY;BYDAY=2TU' },
      startAt: '2026-12-01T09:00',
      endDate: '2027-03-09',
    });
    expect(iso(text.between(...YEARS))).toEqual([
      '2026-12-08T08:00:00.000Z',
      '2027-01-12T08:00:00.000Z',
      '2027-02-09T08:00:00.000Z',
      '2027-03-09T08:00:00.000Z',
    ]);
  });

  it('runs every other week on the chosen days', () => {
    const biweekly = rule({
      recurrence: { kind: 'WEEKLY', interval: 2, days: ['TU', 'TH'] },
      startAt: '2026-12-01T10:30',
      timezone: 'UTC',
      endDate: '2026-12-31',
    });
    expect(iso(biweekly.between(...YEARS))).toEqual([
      '2026-12-01T10:30:00.000Z',
      '2026-12-03T10:30:00.000Z',
      '2026-12-15T10:30:00.000Z',
      '2026-12-17T10:30:00.000Z',
      '2026-12-29T10:30:00.000Z',
      '2026-12-31T10:30:00.000Z',
    ]);
  });

  it('passes over months without the day', () => {
    const monthly = rule({ recurrence: { kind: 'MONTHLY', dayOfMonth: 31 }, startAt: '2027-01-31T08:00', maxRuns: 3 });
    expect(iso(monthly.between(...YEARS))).toEqual([
      '2027-01-31T07:00:00.000Z',
      '2027-03-31T06:00:00.000Z',
      '2027-05-31T06:00:00.000Z',
    ]);
  });

  it('moves a local time that does not exist (the skipped hour) forward by the hour', () => {
    const daily = rule({ recurrence: { kind: 'DAILY' }, startAt: '2026-03-28T02:30', maxRuns: 3 });
    expect(iso(daily.between(...YEARS))).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:30:00.000Z', // 02:30 does not exist: 03:30 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('counts runs and includes the whole end date', () => {
    const counted = rule({ recurrence: { kind: 'DAILY' }, startAt: '2026-12-01T09:00', maxRuns: 2 });
    expect(counted.next(new Date('2026-12-01T08:00:00Z'))?.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(counted.next(new Date('2026-12-02T08:00:00Z'))).toBeNull();
    const ended = rule({ recurrence: { kind: 'DAILY' }, startAt: '2026-12-01T23:30', endDate: '2026-12-02' });
    expect(iso(ended.between(...YEARS))).toEqual(['2026-12-01T22:30:00.000Z', '2026-12-02T22:30:00.000Z']);
  });

  it('takes an instant with an offset as that instant', () => {
    const once = rule({ recurrence: { kind: 'ONCE' }, startAt: '2026-12-08T08:00:00Z' });
    expect(once.next(new Date('2026-12-01T00:00:00Z'))?.toISOString()).toBe('2026-12-08T08:00:00.000Z');
    expect(once.next(new Date('2026-12-08T08:00:00Z'))).toBeNull();
    expect(once.summary(once.next(new Date('2026-12-04T00:00:00Z')))).toBe(
      'once on 8 December 2026 at 09:00 Europe/Amsterdam; next: 8 December 2026 09:00',
    );
  });

  it('says in plain words when it runs, how often and when next', () => {
    const now = new Date('2026-12-04T15:00:00Z');
    const at = (r: ScheduleRule) => r.summary(r.next(now));
    expect(
      at(
        rule({
          recurrence: { kind: 'MONTHLY', weekday: 'TU', weekOfMonth: 2 },
          startAt: '2026-12-01T09:00',
          maxRuns: 12,
        }),
      ),
    ).toBe('every second Tuesday of the month at 09:00 Europe/Amsterdam, 12 runs; next: 8 December 2026 09:00');
    expect(
      at(
        rule({
          recurrence: { kind: 'WEEKLY', interval: 2, days: ['MO', 'WE', 'FR'] },
          startAt: '2026-12-01T07:15',
          endDate: '2027-06-30',
        }),
      ),
      // Friday 4 December 07:15 is already past at 16:00 local; the next week of the pair starts on 14 December.
    ).toBe(
      'every 2 weeks on Monday, Wednesday and Friday at 07:15 Europe/Amsterdam, until 30 June 2027; next: 14 December 2026 07:15',
    );
    expect(at(rule({ recurrence: { kind: 'DAILY' }, startAt: '2026-11-01T09:00', maxRuns: 1 }))).toBe(
      'every day at 09:00 Europe/Amsterdam, 1 run; no more runs',
    );
    expect(
      at(rule({ recurrence: { kind: 'RRULE', rrule: 'FREQ=WEEKLY;BYDAY=FR' }, startAt: '2026-12-01T09:00' })),
    ).toBe('every week on Friday at 09:00 Europe/Amsterdam, without end; next: 11 December 2026 09:00');
  });

  it('waits for the occurrence after the last run, or a late one within the grace', () => {
    const hourly = rule({ recurrence: { kind: 'RRULE', rrule: 'FREQ=HOURLY' }, startAt: '2026-12-01T09:00' });
    const now = new Date('2026-12-01T12:04:00Z');
    // 13:00 local (12:00Z) is four minutes late: within the grace, it still runs.
    expect(nextRun(hourly, now, null)?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(nextRun(hourly, now, new Date('2026-12-01T12:00:00Z'))?.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    // Six minutes late: passed over.
    expect(nextRun(hourly, new Date('2026-12-01T12:06:00Z'), null)?.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(LATE_RUN_GRACE_MS).toBe(5 * 60_000);
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ startAt: '2026-02-30T09:00' }, 'startAt'],
    [{ endDate: '2026-11-30' }, 'endDate'],
    [{ recurrence: { kind: 'RRULE', rrule: 'FREQ=SOMETIMES' } }, 'recurrence.rrule'],
    [{ recurrence: { kind: 'RRULE', rrule: 'BYDAY=MO' } }, 'recurrence.rrule'],
    [{ recurrence: { kind: 'RRULE', rrule: 'FREQ=MINUTELY' } }, 'recurrence.rrule'],
    [{ recurrence: { kind: 'RRULE', rrule: 'FREQ=DAILY;COUNT=3' } }, 'recurrence.rrule'],
    [{ recurrence: { kind: 'RRULE', rrule: 'DTSTART:20261201T090000Z\nRRULE:FREQ=DAILY' } }, 'recurrence.rrule'],
    [{ recurrence: { kind: 'RRULE', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' } }, 'recurrence'],
  ] as const)('refuses %o at %s', (change, path) => {
    const base = { recurrence: { kind: 'DAILY' } as const, startAt: '2026-12-01T09:00' };
    const attempt = () => rule({ ...base, ...change } as CreateScheduleInput);
    expect(attempt).toThrow(DomainError);
    try {
      attempt();
    } catch (error) {
      expect((error as DomainError).issues[0]?.path).toBe(path);
    }
  });

  it.each([
    [{ recurrence: { kind: 'MONTHLY', dayOfMonth: 3, weekday: 'TU', weekOfMonth: 2 } }, 'recurrence.dayOfMonth'],
    [{ recurrence: { kind: 'MONTHLY', weekday: 'TU' } }, 'recurrence.weekOfMonth'],
    [{ recurrence: { kind: 'WEEKLY', days: [] } }, 'recurrence.days'],
    [{ endDate: '2027-01-01', maxRuns: 3 }, 'endDate'],
    [{ startAt: 'tomorrow' }, 'startAt'],
  ] as const)('the request schema refuses %o at %s', (change, path) => {
    const result = CreateScheduleRequest.safeParse({
      recurrence: { kind: 'DAILY' },
      startAt: '2026-12-01T09:00',
      ...change,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('scheduleRule on old and long series', () => {
  // In UTC floating and real times are the same, so rrule itself, stepping from the start, is the oracle.
  const series: Array<{ rrule: string; maxRuns: number }> = [
    { rrule: 'FREQ=DAILY;INTERVAL=3', maxRuns: 0 },
    { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO', maxRuns: 0 },
    { rrule: 'FREQ=WEEKLY;INTERVAL=3;WKST=SU', maxRuns: 40 },
    { rrule: 'FREQ=MONTHLY;BYDAY=2TU', maxRuns: 0 },
    { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', maxRuns: 0 },
    { rrule: 'FREQ=MONTHLY;INTERVAL=5;BYDAY=MO,TU;BYSETPOS=-1', maxRuns: 0 },
    { rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', maxRuns: 3 },
    { rrule: 'FREQ=HOURLY;INTERVAL=7;BYHOUR=1,8,15,22', maxRuns: 500 },
  ];
  const start = new Date('2019-01-31T09:30:00Z');

  for (const { rrule, maxRuns } of series) {
    it(`finds the same next run as stepping from the start, wherever it is asked: ${rrule}, ${maxRuns || 'no'} count`, () => {
      const schedule = rule({
        recurrence: { kind: 'RRULE', rrule },
        startAt: '2019-01-31T09:30',
        maxRuns,
        timezone: 'UTC',
      });
      const oracle = new RRule({ ...RRule.parseString(rrule), dtstart: start, count: maxRuns || null });
      // Queries forwards, backwards and at occurrences themselves, from a fixed seed.
      let seed = 26;
      const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      const span = Date.parse('2033-01-01T00:00:00Z') - start.getTime();
      for (let i = 0; i < 300; i++) {
        const at = new Date(start.getTime() - 86_400_000 + Math.floor(random() * span));
        const expected = oracle.after(at, false);
        expect(schedule.next(at)?.toISOString(), at.toISOString()).toBe(expected?.toISOString());
        if (expected) expect(schedule.next(new Date(expected.getTime() - 1))).toEqual(expected);
      }
    });
  }

  it('answers in a few milliseconds for a daily schedule years old', () => {
    const daily = rule({ recurrence: { kind: 'DAILY' }, startAt: '2016-01-01T09:00' });
    daily.next(new Date('2026-06-01T00:00:00Z'));
    const started = performance.now();
    for (let day = 0; day < 100; day++) daily.next(new Date(Date.parse('2026-06-01T00:00:00Z') + day * 86_400_000));
    // Stepping from 2016 took about 15 ms a lookup; from the nearest run found, well under one.
    expect((performance.now() - started) / 100).toBeLessThan(5);
  });
});
