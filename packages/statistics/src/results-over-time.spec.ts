import { DomainError } from '@herald/domain';
import { describe, expect, it } from 'vitest';
import { resultsOverTime } from './results-over-time';

const at = (iso: string) => new Date(iso);
const metrics = ['impressions', 'clicks'] as const;

describe('resultsOverTime', () => {
  it('buckets per hour, filling empty hours with zeros', () => {
    const series = resultsOverTime(
      [
        { at: at('2024-03-01T09:15:00Z'), impressions: 1 },
        { at: at('2024-03-01T09:59:59Z'), impressions: 2, clicks: 1 },
        { at: at('2024-03-01T12:00:00Z'), clicks: 1 },
      ],
      { metrics },
    );
    expect(series.granularity).toBe('hour');
    expect(series.buckets.map((b) => [b.label, b.counts.impressions, b.counts.clicks])).toEqual([
      ['2024-03-01T09:00Z', 3, 1],
      ['2024-03-01T10:00Z', 0, 0],
      ['2024-03-01T11:00Z', 0, 0],
      ['2024-03-01T12:00Z', 0, 1],
    ]);
    expect(series.buckets[1]!.start).toEqual(at('2024-03-01T10:00:00Z'));
  });

  it('stays hourly at exactly 72 hours and switches to days past it', () => {
    const from = at('2024-03-01T00:00:00Z');
    expect(resultsOverTime([], { metrics, from, to: at('2024-03-04T00:00:00Z') }).granularity).toBe('hour');
    const daily = resultsOverTime(
      [
        { at: at('2024-03-02T23:59:59Z'), clicks: 4 },
        { at: at('2024-03-04T00:00:01Z'), clicks: 1 },
      ],
      {
        metrics,
        from,
        to: at('2024-03-04T00:00:01Z'),
      },
    );
    expect(daily.granularity).toBe('day');
    expect(daily.buckets.map((b) => [b.label, b.counts.clicks])).toEqual([
      ['2024-03-01', 0],
      ['2024-03-02', 4],
      ['2024-03-03', 0],
      ['2024-03-04', 1],
    ]);
  });

  it('takes its threshold from the options', () => {
    const series = resultsOverTime([{ at: at('2024-03-01T00:00:00Z') }, { at: at('2024-03-02T01:00:00Z') }], {
      metrics,
      dailyAfterHours: 24,
    });
    expect(series.granularity).toBe('day');
    expect(series.buckets).toHaveLength(2);
  });

  it('leaves out entries outside the chosen range', () => {
    const series = resultsOverTime(
      [
        { at: at('2024-03-01T08:00:00Z'), impressions: 5 },
        { at: at('2024-03-01T10:30:00Z'), impressions: 1 },
      ],
      { metrics, from: at('2024-03-01T10:00:00Z'), to: at('2024-03-01T11:00:00Z') },
    );
    expect(series.buckets.map((b) => b.counts.impressions)).toEqual([1, 0]);
  });

  it('bounds days by midnight in the report time zone, across a DST change', () => {
    // Europe/Amsterdam moved to summer time on 2024-03-31: that day is 23 hours long.
    const series = resultsOverTime(
      [
        { at: at('2024-03-29T23:30:00Z'), clicks: 1 }, // 00:30 on the 30th in Amsterdam
        { at: at('2024-03-31T22:30:00Z'), clicks: 1 }, // 00:30 on 1 April in Amsterdam
      ],
      { metrics, from: at('2024-03-29T00:00:00Z'), to: at('2024-04-01T12:00:00Z'), timeZone: 'Europe/Amsterdam' },
    );
    expect(series.buckets.map((b) => [b.label, b.start.toISOString(), b.counts.clicks])).toEqual([
      ['2024-03-29', '2024-03-28T23:00:00.000Z', 0],
      ['2024-03-30', '2024-03-29T23:00:00.000Z', 1],
      ['2024-03-31', '2024-03-30T23:00:00.000Z', 0],
      ['2024-04-01', '2024-03-31T22:00:00.000Z', 1],
    ]);
  });

  it('gives no buckets for no entries and no range', () => {
    expect(resultsOverTime([], { metrics })).toEqual({ granularity: 'hour', buckets: [] });
  });

  it('refuses a range that ends before it starts, an unknown zone and an unreadable number of buckets', () => {
    expect(() =>
      resultsOverTime([], { metrics, from: at('2024-03-02T00:00:00Z'), to: at('2024-03-01T00:00:00Z') }),
    ).toThrow(DomainError);
    expect(() => resultsOverTime([{ at: at('2024-03-01T00:00:00Z') }], { metrics, timeZone: 'Mars/Olympus' })).toThrow(
      DomainError,
    );
    expect(() =>
      resultsOverTime([], { metrics, from: at('2000-01-01T00:00:00Z'), to: at('2100-01-01T00:00:00Z') }),
    ).toThrow(DomainError);
  });
});
