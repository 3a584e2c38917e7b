import { describe, expect, it } from 'vitest';
import { calendarWindow, runsByDay, shiftAnchor } from './calendar-window';

const local = (y: number, m: number, d: number, h = 0) => new Date(y, m - 1, d, h);
const ymd = (date: Date) => [date.getFullYear(), date.getMonth() + 1, date.getDate()];

describe('calendarWindow', () => {
  it('shows a month in whole weeks from Monday: December 2026 starts on a Tuesday and ends on a Thursday', () => {
    const { from, to, days } = calendarWindow('month', local(2026, 12, 17, 15));
    expect(ymd(from)).toEqual([2026, 11, 30]);
    expect(ymd(days.at(-1)!)).toEqual([2027, 1, 3]);
    expect(to).toEqual(local(2027, 1, 4));
    expect(days).toHaveLength(35);
    expect(days.every((day) => day.getHours() === 0)).toBe(true);
  });

  it('shows six weeks when the month needs them, and February 2027 (Monday 1st, Sunday 28th) in exactly four', () => {
    expect(calendarWindow('month', local(2026, 8, 1)).days).toHaveLength(42);
    const february = calendarWindow('month', local(2027, 2, 28));
    expect(february.days).toHaveLength(28);
    expect(ymd(february.from)).toEqual([2027, 2, 1]);
  });

  it('shows the week from Monday to Sunday that holds the day, a Sunday in the week before', () => {
    const week = calendarWindow('week', local(2026, 12, 6, 23));
    expect(week.days.map((d) => d.getDate())).toEqual([30, 1, 2, 3, 4, 5, 6]);
    expect(week.to).toEqual(local(2026, 12, 7));
  });

  it('stays within the 62 days the API answers for at once', () => {
    for (let month = 1; month <= 24; month++) {
      const { from, to } = calendarWindow('month', local(2026, month, 1));
      expect(to.getTime() - from.getTime()).toBeLessThanOrEqual(62 * 86_400_000);
    }
  });
});

describe('shiftAnchor', () => {
  it('moves a month from its first day, so 31 January goes to February, and a week by seven days', () => {
    expect(ymd(shiftAnchor('month', local(2027, 1, 31), 1))).toEqual([2027, 2, 1]);
    expect(ymd(shiftAnchor('month', local(2027, 1, 31), -1))).toEqual([2026, 12, 1]);
    expect(ymd(shiftAnchor('week', local(2026, 12, 30, 12), 1))).toEqual([2027, 1, 6]);
  });
});

describe('runsByDay', () => {
  it('groups runs by their local date, keeping their order', () => {
    const run = (at: Date, mailingId: number) => ({
      at: at.toISOString(),
      scheduleId: 1,
      mailingId,
      mailingName: 'x',
      skipped: false,
    });
    const byDay = runsByDay([
      run(local(2026, 12, 8, 9), 1),
      run(local(2026, 12, 8, 17), 2),
      run(local(2026, 12, 9), 3),
    ]);
    expect([...byDay.keys()]).toEqual(['2026-12-08', '2026-12-09']);
    expect(byDay.get('2026-12-08')!.map((r) => r.mailingId)).toEqual([1, 2]);
  });
});
