import { DomainError } from '@herald/domain';

const HOUR = 3_600_000;

export type Granularity = 'hour' | 'day';

/** Something counted at a moment: a `MailingTimeline` hour row, or one event as `{ at, clicks: 1 }`. */
export type TimedCounts<M extends string> = { at: Date } & Partial<Record<M, number>>;

export interface ResultsOverTimeOptions<M extends string> {
  /** The series to count, e.g. ['impressions', 'clicks']. */
  metrics: readonly M[];
  /** The range shown; by default from the first to the last entry. Entries outside it are left out. */
  from?: Date;
  to?: Date;
  /** Above this span (to − from) the buckets are days instead of hours. Default 72. */
  dailyAfterHours?: number;
  /** IANA zone whose midnights bound the days, e.g. 'Europe/Amsterdam'. Default 'UTC'. Hours are always whole UTC hours. */
  timeZone?: string;
}

export interface TimeBucket<M extends string> {
  /** The first instant of the bucket. */
  start: Date;
  /** '2024-03-01T14:00Z' for an hour, '2024-03-01' (a date in the time zone) for a day. */
  label: string;
  counts: Record<M, number>;
}

export interface ResultsOverTime<M extends string> {
  granularity: Granularity;
  /** Every bucket from the first to the last, empty ones filled with zeros. */
  buckets: TimeBucket<M>[];
}

/** More buckets than this is a mistake in the range, not a report anyone can read. */
const MAX_BUCKETS = 10_000;

/**
 * Counts per hour, or per day once the span passes `dailyAfterHours`, for a results-over-time chart.
 * A range with no entries and no `from`/`to` gives no buckets.
 */
export function resultsOverTime<M extends string>(
  entries: Iterable<TimedCounts<M>>,
  options: ResultsOverTimeOptions<M>,
): ResultsOverTime<M> {
  const list = [...entries];
  let first: number | undefined;
  let last: number | undefined;
  for (const entry of list) {
    const t = entry.at.getTime();
    if (first === undefined || t < first) first = t;
    if (last === undefined || t > last) last = t;
  }
  const from = options.from?.getTime() ?? first;
  const to = options.to?.getTime() ?? last;
  const dailyAfterHours = options.dailyAfterHours ?? 72;
  const timeZone = options.timeZone ?? 'UTC';
  const zoned = dayFormatter(timeZone);
  if (from === undefined || to === undefined) return { granularity: 'hour', buckets: [] };
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    throw DomainError.validation('the range of results over time must end after it starts', [
      { path: 'to', message: 'before from' },
    ]);
  }

  const granularity: Granularity = to - from > dailyAfterHours * HOUR ? 'day' : 'hour';
  // Checked before building anything: a wrong year in a range must not cost seconds.
  if ((to - from) / (granularity === 'hour' ? HOUR : 24 * HOUR) + 2 > MAX_BUCKETS) {
    throw DomainError.validation(
      `results over time would need more than ${MAX_BUCKETS} buckets; choose a shorter range`,
      [{ path: 'from', message: 'range too long' }],
    );
  }
  const zero = (): Record<M, number> => Object.fromEntries(options.metrics.map((m) => [m, 0])) as Record<M, number>;
  const buckets: TimeBucket<M>[] = [];
  const byLabel = new Map<string, TimeBucket<M>>();
  const labelOf = granularity === 'hour' ? hourLabel : (t: number) => zoned.format(t);

  if (granularity === 'hour') {
    for (let t = Math.floor(from / HOUR) * HOUR; t <= to; t += HOUR) push(t, hourLabel(t));
  } else {
    const lastDay = labelOf(to);
    for (let day = labelOf(from); ; day = nextDate(day)) {
      push(startOfDay(day, timeZone), day);
      if (day === lastDay) break;
    }
  }

  function push(start: number, label: string): void {
    const bucket = { start: new Date(start), label, counts: zero() };
    buckets.push(bucket);
    byLabel.set(label, bucket);
  }

  for (const entry of list) {
    const t = entry.at.getTime();
    if (t < from || t > to) continue;
    const bucket = byLabel.get(labelOf(t))!;
    for (const metric of options.metrics) bucket.counts[metric] += entry[metric] ?? 0;
  }
  return { granularity, buckets };
}

function hourLabel(t: number): string {
  return `${new Date(Math.floor(t / HOUR) * HOUR).toISOString().slice(0, 13)}:00Z`;
}

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  try {
    // en-CA formats a date as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch {
    throw DomainError.validation(`unknown time zone "${timeZone}"`, [
      { path: 'timeZone', message: 'not an IANA time zone' },
    ]);
  }
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The instant the date begins in the zone (midnight, or the first moment after a DST gap). */
function startOfDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // Offsets move at most once around midnight; two corrections settle it.
  let guess = utcMidnight - offsetAt(utcMidnight, timeZone);
  guess = utcMidnight - offsetAt(guess, timeZone);
  return guess;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(t: number, timeZone: string): number {
  let format = offsetFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(t).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(part.year),
    Number(part.month) - 1,
    Number(part.day),
    Number(part.hour),
    Number(part.minute),
    Number(part.second),
  );
  return local - Math.floor(t / 1000) * 1000;
}
