import { DateTime } from 'luxon';
import { RRule, Frequency, type Options as RRuleOptions } from 'rrule';
import type { CreateScheduleRequest, Recurrence, Weekday } from '@herald/contracts';
import { DomainError } from '../domain-error';
import { assertTimeZone } from './time-zone';

/** A schedule's timing with its time zone settled (the account's when the request named none). */
export type ScheduleSpec = Omit<CreateScheduleRequest, 'timezone'> & { timezone: string };

/** The occurrences of a valid schedule, as instants; built by `scheduleRule`. */
export interface ScheduleRule {
  /** The first run, as an instant. */
  readonly start: Date;
  /** The last instant a run may fall on (end of the end date in the zone), or null. */
  readonly end: Date | null;
  /** The recurrence as RFC 5545 text (without DTSTART: start and zone are kept apart); null for once. */
  readonly rrule: string | null;
  /** The first occurrence strictly after `after`, or null when there is none any more. */
  next(after: Date): Date | null;
  /** Occurrences in [from, to), at most `limit`. */
  between(from: Date, to: Date, limit?: number): Date[];
  /** "every second Tuesday of the month at 09:00 Europe/Amsterdam, 12 runs" */
  describe(): string;
  /** An instant as the schedule's zone reads it: "8 December 2026 09:00". */
  localTime(at: Date): string;
  /** The description and the given next run: "...; next: 8 December 2026 09:00" or "...; no more runs". */
  summary(next: Date | null): string;
}

const WEEKDAYS: Record<Weekday, { rrule: (typeof RRule)['MO']; name: string }> = {
  MO: { rrule: RRule.MO, name: 'Monday' },
  TU: { rrule: RRule.TU, name: 'Tuesday' },
  WE: { rrule: RRule.WE, name: 'Wednesday' },
  TH: { rrule: RRule.TH, name: 'Thursday' },
  FR: { rrule: RRule.FR, name: 'Friday' },
  SA: { rrule: RRule.SA, name: 'Saturday' },
  SU: { rrule: RRule.SU, name: 'Sunday' },
};
const NTH: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last' };
const DAY_MS = 86_400_000;
/** At most one run an hour: a minutely RRULE is a mistake, not a mailing plan. */
const FASTEST = Frequency.HOURLY;

/**
 * Checks a schedule's timing and returns its occurrences (docs/rules/scheduling.md). The rule runs on
 * wall-clock time in the schedule's zone ("floating" rrule dates) and each occurrence is then placed
 * in the zone, so 09:00 stays 09:00 across daylight saving changes. A local time that does not exist
 * (the hour skipped in spring) moves forward by that hour; one that exists twice is its first.
 */
export function scheduleRule(spec: ScheduleSpec): ScheduleRule {
  const zone = assertTimeZone(spec.timezone, 'timezone', "The schedule's");
  const start = DateTime.fromISO(spec.startAt, { zone });
  if (!start.isValid) throw invalid('startAt', `"${spec.startAt}" is not a valid date and time`);
  const local = start.setZone(zone).startOf('second');
  const end = spec.endDate ? DateTime.fromISO(spec.endDate, { zone }).endOf('day') : null;
  if (end && end < local) throw invalid('endDate', 'is before the start');

  const recurrence = spec.recurrence;
  if (recurrence.kind === 'ONCE') return onceRule(local, zone);

  const options = rruleOptions(recurrence);
  const ruleOptions = {
    ...options,
    dtstart: toFloating(local),
    count: spec.maxRuns > 0 ? spec.maxRuns : null,
    until: end ? toFloating(end) : null,
  };
  const textRule = new RRule({ ...options, dtstart: null });
  const firstAfter = floatingIterator(ruleOptions, textRule.toString());
  const next = (after: Date): Date | null => {
    // The floating cursor starts a day early: near a DST change floating and real order may differ by an hour.
    let cursor = new Date(toFloating(DateTime.fromJSDate(after, { zone })).getTime() - DAY_MS);
    for (;;) {
      const candidate = firstAfter(cursor);
      if (!candidate) return null;
      const instant = fromFloating(candidate, zone);
      if (instant > after) return instant;
      cursor = candidate;
    }
  };
  if (!next(new Date(local.toMillis() - 1))) throw invalid('recurrence', 'never runs between the start and the end');
  return {
    start: local.toJSDate(),
    end: end ? end.toJSDate() : null,
    rrule: textRule.toString().replace(/^RRULE:/, ''),
    next,
    between: (from, to, limit = 1_000) => collect(next, from, to, limit),
    localTime: (at) => localTime(at, zone),
    describe: () => {
      const at = options.byhour == null && options.byminute == null ? ` at ${local.toFormat('HH:mm')}` : '';
      const limit =
        spec.maxRuns > 0
          ? `, ${spec.maxRuns} run${spec.maxRuns === 1 ? '' : 's'}`
          : end
            ? `, until ${end.toFormat('d MMMM yyyy')}`
            : ', without end';
      return `${describe(recurrence, textRule)}${at} ${zone}${limit}`;
    },
    summary(nextRun) {
      return `${this.describe()}; ${nextText(nextRun, zone)}`;
    },
  };
}

function onceRule(local: DateTime, zone: string): ScheduleRule {
  const start = local.toJSDate();
  const next = (after: Date): Date | null => (start > after ? start : null);
  return {
    start,
    end: null,
    rrule: null,
    next,
    between: (from, to, limit = 1_000) => collect(next, from, to, limit),
    localTime: (at) => localTime(at, zone),
    describe: () => `once on ${local.toFormat('d MMMM yyyy')} at ${local.toFormat('HH:mm')} ${zone}`,
    summary(nextRun) {
      return `${this.describe()}; ${nextText(nextRun, zone)}`;
    },
  };
}

function rruleOptions(recurrence: Exclude<Recurrence, { kind: 'ONCE' }>): Partial<RRuleOptions> {
  switch (recurrence.kind) {
    case 'DAILY':
      return { freq: Frequency.DAILY, interval: recurrence.interval };
    case 'WEEKLY':
      return {
        freq: Frequency.WEEKLY,
        interval: recurrence.interval,
        wkst: RRule.MO,
        byweekday: recurrence.days.map((d) => WEEKDAYS[d].rrule),
      };
    case 'MONTHLY':
      return recurrence.dayOfMonth !== undefined
        ? { freq: Frequency.MONTHLY, interval: recurrence.interval, bymonthday: recurrence.dayOfMonth }
        : {
            freq: Frequency.MONTHLY,
            interval: recurrence.interval,
            byweekday: [WEEKDAYS[recurrence.weekday!].rrule.nth(recurrence.weekOfMonth!)],
          };
    case 'RRULE':
      return parseRRule(recurrence.rrule);
  }
}

/** Any RFC 5545 RRULE, except what the schedule's own fields say (start, zone, end, count). */
function parseRRule(text: string): Partial<RRuleOptions> {
  const body = text.replace(/^RRULE:/i, '');
  if (/[\r\n]/.test(body) || /(^|;)\s*(DTSTART|TZID)/i.test(body))
    throw invalid('recurrence.rrule', 'give only the RRULE; the start and time zone are fields of their own');
  if (/(^|;)\s*(COUNT|UNTIL)\s*=/i.test(body))
    throw invalid('recurrence.rrule', 'give the number of runs as maxRuns and the end as endDate, not COUNT or UNTIL');
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(body);
  } catch (error) {
    throw invalid('recurrence.rrule', `is not an RFC 5545 RRULE: ${(error as Error).message}`);
  }
  if (options.freq === undefined) throw invalid('recurrence.rrule', 'needs a FREQ, such as FREQ=WEEKLY');
  if (options.freq > FASTEST || options.bysecond != null)
    throw invalid('recurrence.rrule', 'may run at most once an hour (no MINUTELY, SECONDLY or BYSECOND)');
  return options;
}

function describe(recurrence: Exclude<Recurrence, { kind: 'ONCE' }>, rule: RRule): string {
  const every = (n: number, unit: string) => (n === 1 ? `every ${unit}` : `every ${n} ${unit}s`);
  switch (recurrence.kind) {
    case 'DAILY':
      return every(recurrence.interval, 'day');
    case 'WEEKLY':
      return `${every(recurrence.interval, 'week')} on ${listOf(recurrence.days.map((d) => WEEKDAYS[d].name))}`;
    case 'MONTHLY':
      if (recurrence.dayOfMonth !== undefined)
        return `${every(recurrence.interval, 'month')} on day ${recurrence.dayOfMonth}`;
      return recurrence.interval === 1
        ? `every ${NTH[recurrence.weekOfMonth!]} ${WEEKDAYS[recurrence.weekday!].name} of the month`
        : `the ${NTH[recurrence.weekOfMonth!]} ${WEEKDAYS[recurrence.weekday!].name} of every ${recurrence.interval} months`;
    case 'RRULE':
      return rule.toText();
  }
}

function listOf(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function localTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('d MMMM yyyy HH:mm');
}

function nextText(next: Date | null, zone: string): string {
  return next ? `next: ${localTime(next, zone)}` : 'no more runs';
}

/** Occurrences already found, by rule: where a later search may start instead of at the rule's start. */
const ANCHORS = new Map<string, Array<{ at: number; index: number }>>();
const ANCHOR_RULES = 2_000;
const ANCHORS_PER_RULE = 32;

/**
 * The first floating occurrence after a floating cursor. rrule finds it by stepping from DTSTART, so a
 * daily schedule two years old took 10 ms a lookup. An occurrence found once (and its place in the
 * series) is kept, and the next search starts at the latest one before its cursor: the same rule with
 * that occurrence as DTSTART (and COUNT less the runs before it) gives the same occurrences from there,
 * since an occurrence lies in a period the INTERVAL steps to and has the start's defaults (time, weekday,
 * day of the month) or the rule's own BY parts. Tested against the plain rule in recurrence.spec.ts.
 */
function floatingIterator(options: Partial<RRuleOptions> & { dtstart: Date; count: number | null }, text: string) {
  const key = `${text}|${options.dtstart.getTime()}|${options.count}|${options.until?.getTime() ?? ''}`;
  const fromStart = new RRule(options);
  return (cursor: Date): Date | null => {
    const known = ANCHORS.get(key) ?? [];
    let anchor: { at: number; index: number } | undefined;
    for (const a of known) if (a.at <= cursor.getTime()) anchor = a;
    const rule = anchor
      ? new RRule({
          ...options,
          dtstart: new Date(anchor.at),
          count: options.count === null ? null : options.count - anchor.index,
        })
      : fromStart;
    const base = anchor?.index ?? 0;
    let found: Date | null = null;
    // The occurrence found and the last one before the cursor: a search at the same cursor starts there.
    const seen: Array<{ at: number; index: number }> = [];
    rule.all((date, i) => {
      if (date <= cursor) {
        if (seen.length === 0) seen.push({ at: date.getTime(), index: base + i });
        else seen[0] = { at: date.getTime(), index: base + i };
        return true;
      }
      found = date;
      seen.push({ at: date.getTime(), index: base + i });
      return false;
    });
    remember(key, known, seen);
    return found;
  };
}

function remember(
  key: string,
  known: Array<{ at: number; index: number }>,
  found: Array<{ at: number; index: number }>,
) {
  const added = found.filter((f) => !known.some((a) => a.at === f.at));
  if (added.length === 0) return;
  const anchors = [...known, ...added].sort((a, b) => a.at - b.at).slice(-ANCHORS_PER_RULE);
  ANCHORS.delete(key); // most recently used last
  ANCHORS.set(key, anchors);
  if (ANCHORS.size > ANCHOR_RULES) ANCHORS.delete(ANCHORS.keys().next().value!);
}

function collect(next: (after: Date) => Date | null, from: Date, to: Date, limit: number): Date[] {
  const found: Date[] = [];
  let at = next(new Date(from.getTime() - 1));
  while (at && at < to && found.length < limit) {
    found.push(at);
    at = next(at);
  }
  return found;
}

/** A wall-clock time as rrule's floating date: the local fields written as if they were UTC. */
function toFloating(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

function fromFloating(floating: Date, zone: string): Date {
  return DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    { zone },
  ).toJSDate();
}

function invalid(path: string, message: string): DomainError {
  return DomainError.validation(`The schedule's ${path} ${message}`, [{ path, message }]);
}
