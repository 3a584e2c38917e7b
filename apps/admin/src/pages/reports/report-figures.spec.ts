import { describe, expect, it } from 'vitest';
import { DOMINANT_ORDER, type DominantBucket } from '@herald/contracts';
import {
  baseLine,
  basesLine,
  COMPARED_METRICS,
  DOMINANT_LABELS,
  dominanceLine,
  dominantResultOptions,
  dominantSlices,
  expiryOf,
  isBest,
  percentTotal,
  rankOf,
  sharedReportUrl,
  timelineRows,
} from './report-figures';

const buckets: DominantBucket[] = [
  { result: 'ERROR', count: 1, percent: 11.1 },
  { result: 'NO_FEEDBACK', count: 2, percent: 22.2 },
  { result: 'IMPRESSION', count: 2, percent: 22.2 },
  { result: 'CLICK', count: 1, percent: 11.1 },
  { result: 'UNSUBSCRIBE', count: 0, percent: 0 },
  { result: 'COMPLAINT', count: 3, percent: 33.4 },
];

describe('report figures', () => {
  it("offers every dominant result as a filter, least to most dominant, in the contracts' one order", () => {
    const options = dominantResultOptions();
    expect(options.map((o) => o.value)).toEqual([...DOMINANT_ORDER]);
    for (const option of options) expect(option.label).toBe(DOMINANT_LABELS[option.value]);
  });

  it('makes a slice per dominant result with destinations, keeping the API percentages as they are', () => {
    const slices = dominantSlices(buckets);
    expect(slices.map((s) => s.result)).toEqual(['ERROR', 'NO_FEEDBACK', 'IMPRESSION', 'CLICK', 'COMPLAINT']);
    expect(slices.find((s) => s.result === 'COMPLAINT')).toMatchObject({
      name: 'Spam complaint',
      value: 3,
      percent: 33.4,
      color: 'grape.7',
    });
  });

  it('adds the shown percentages up without floating-point noise', () => {
    expect(percentTotal(buckets)).toBe(100);
    expect(percentTotal([])).toBe(0);
  });

  it('labels the timeline per bucket and keeps every count', () => {
    const rows = timelineRows({
      granularity: 'hour',
      buckets: [
        {
          start: '2024-03-01T14:00:00.000Z',
          label: '2024-03-01T14:00Z',
          counts: {
            impressions: 3,
            clicks: 2,
            unsubscribes: 1,
            complaints: 0,
            errors: 1,
            machineImpressions: 4,
            machineClicks: 0,
          },
        },
      ],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ impressions: 3, clicks: 2, unsubscribes: 1, errors: 1 });
    expect(rows[0]!.moment).toContain('14:00'); // the tests run in UTC
  });

  it('marks every mailing that shares the best value', () => {
    const best = { clickedRate: [3, 5], errorRate: [] };
    expect(isBest(best, 'clickedRate', 5)).toBe(true);
    expect(isBest(best, 'clickedRate', 4)).toBe(false);
    expect(isBest(best, 'errorRate', 3)).toBe(false);
    expect(isBest(best, 'openedRate', 3)).toBe(false);
  });

  it("compares rates only and places each mailing by the API's ranking", () => {
    expect(COMPARED_METRICS.every(([, info]) => info.kind === 'percent')).toBe(true);
    const ranking = { openedRate: [7, 3, 5] };
    expect(rankOf(ranking, 'openedRate', 3, 12.5)).toBe(2);
    expect(rankOf(ranking, 'openedRate', 5, null)).toBeNull(); // no value, no place
  });

  it('says under a rate what it divides by', () => {
    expect(baseLine('messages with impression / messages sent')).toBe('of messages sent');
    expect(baseLine('dominant clicks / (dominant impressions + dominant clicks)')).toBe(
      'of dominant impressions + dominant clicks',
    );
    expect(baseLine(undefined)).toBe('');
  });

  it('says under a chart of several rates what each divides by', () => {
    const bases = {
      openedRate: 'messages with impression / messages sent',
      clickThroughRate: 'dominant clicks / (dominant impressions + dominant clicks)',
    };
    const series = [
      { name: 'openedRate', label: 'Opened' },
      { name: 'clickThroughRate', label: 'CTR' },
      { name: 'clickToOpenRate', label: 'Click-to-open' },
    ] as const;
    expect(basesLine(series, bases)).toBe(
      'Opened of messages sent · CTR of dominant impressions + dominant clicks · Click-to-open',
    );
  });

  it('writes the order of dominance in words, from the one list', () => {
    expect(dominanceLine()).toBe(DOMINANT_ORDER.map((result) => DOMINANT_LABELS[result].toLowerCase()).join(' < '));
    expect(dominanceLine()).toMatch(/^error < no feedback < .+ < spam complaint$/);
  });

  it('links a share to the admin app’s public page, not to the API', () => {
    expect(sharedReportUrl('https://herald.example/', 'abc_-1')).toBe('https://herald.example/admin/shared/abc_-1');
  });

  it('lets a link expire at the end of the chosen day, or never', () => {
    expect(expiryOf('')).toBeUndefined();
    expect(expiryOf('2030-06-01')).toBe(new Date('2030-06-01T23:59:59').toISOString());
  });
});
