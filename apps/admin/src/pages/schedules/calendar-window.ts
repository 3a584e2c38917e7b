import type { ScheduledRunResponse } from '@herald/contracts';
import { toDateInput } from '../../components/format';

export type CalendarView = 'month' | 'week';

/** What the calendar shows: its days (whole weeks from Monday, local time) and the window to ask the API for. */
export interface CalendarWindow {
  /** The first instant shown: the first day's local midnight. */
  from: Date;
  /** The first instant after it: the local midnight after the last day. */
  to: Date;
  /** Each day shown, at local midnight; a multiple of 7, Monday first. */
  days: Date[];
}

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());
const plusDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
/** The Monday on or before `date`. */
const mondayOf = (date: Date) => plusDays(startOfDay(date), -((date.getDay() + 6) % 7));

/**
 * The days of the month (in whole weeks: from the Monday on or before the 1st to the Sunday on or after the
 * last day) or of the week that hold `anchor`. Days are counted on the calendar, not in 24-hour steps, so a
 * daylight-saving change does not shift them.
 */
export function calendarWindow(view: CalendarView, anchor: Date): CalendarWindow {
  const first = view === 'month' ? mondayOf(new Date(anchor.getFullYear(), anchor.getMonth(), 1)) : mondayOf(anchor);
  const last =
    view === 'month'
      ? plusDays(mondayOf(new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0)), 6)
      : plusDays(first, 6);
  const days: Date[] = [];
  for (let day = first; day <= last; day = plusDays(day, 1)) days.push(day);
  return { from: first, to: plusDays(last, 1), days };
}

/** The anchor of the month or week before (`step` -1) or after (+1); a month moves from its 1st, so 31 January goes to February. */
export function shiftAnchor(view: CalendarView, anchor: Date, step: -1 | 1): Date {
  return view === 'month'
    ? new Date(anchor.getFullYear(), anchor.getMonth() + step, 1)
    : plusDays(startOfDay(anchor), 7 * step);
}

/** The runs of each day (its local date, YYYY-MM-DD), in the order given (the API's: soonest first). */
export function runsByDay(runs: readonly ScheduledRunResponse[]): Map<string, ScheduledRunResponse[]> {
  const byDay = new Map<string, ScheduledRunResponse[]>();
  for (const run of runs) {
    const key = toDateInput(new Date(run.at));
    byDay.set(key, [...(byDay.get(key) ?? []), run]);
  }
  return byDay;
}
