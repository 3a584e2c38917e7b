import { describe, expect, it } from 'vitest';
import { mailingTimeline } from './mailing-timeline';

const at = (iso: string) => new Date(iso);

describe('mailingTimeline', () => {
  it('adds each source to its series, so every series sums to its key figure', () => {
    const timeline = mailingTimeline({
      results: [
        { hour: at('2024-03-01T10:00Z'), impressions: 2, clicks: 1, unsubscribes: 0, complaints: 0 },
        { hour: at('2024-03-01T12:00Z'), impressions: 1, clicks: 0, unsubscribes: 1, complaints: 1 },
      ],
      // A 4xx at send time (10:00) counts as an error, as in the key figures, and so does the later bounce.
      errors: [
        { hour: at('2024-03-01T10:00Z'), count: 1 },
        { hour: at('2024-03-01T11:00Z'), count: 1 },
      ],
      impliedImpressions: [{ hour: at('2024-03-01T10:00Z'), count: 1 }],
      machine: [{ hour: at('2024-03-01T10:00Z'), impressions: 3, clicks: 1 }],
    });
    expect(timeline.granularity).toBe('hour');
    expect(timeline.buckets.map((b) => [b.label, b.counts])).toEqual([
      [
        '2024-03-01T10:00Z',
        {
          impressions: 3,
          clicks: 1,
          unsubscribes: 0,
          complaints: 0,
          errors: 1,
          machineImpressions: 3,
          machineClicks: 1,
        },
      ],
      [
        '2024-03-01T11:00Z',
        {
          impressions: 0,
          clicks: 0,
          unsubscribes: 0,
          complaints: 0,
          errors: 1,
          machineImpressions: 0,
          machineClicks: 0,
        },
      ],
      [
        '2024-03-01T12:00Z',
        {
          impressions: 1,
          clicks: 0,
          unsubscribes: 1,
          complaints: 1,
          errors: 0,
          machineImpressions: 0,
          machineClicks: 0,
        },
      ],
    ]);
  });

  it('shows an hour with only an error at send time', () => {
    const timeline = mailingTimeline({
      results: [],
      errors: [{ hour: at('2024-03-01T09:00Z'), count: 2 }],
      impliedImpressions: [],
      machine: [],
    });
    expect(timeline.buckets).toHaveLength(1);
    expect(timeline.buckets[0]!.counts.errors).toBe(2);
  });
});
