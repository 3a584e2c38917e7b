import { describe, expect, it } from 'vitest';
import { AGGREGATE_COUNTERS, dominantCounterOf, type AggregateCounter } from './destination-fold';
import { DOMINANT_ORDER } from './dominant-result';
import {
  clickThroughRate,
  clickToOpenRate,
  dominantCountsOf,
  emptyMailingCounters,
  keyFigures,
  RATE_BASES,
  type MailingCounters,
} from './key-figures';
import { formatPercent, percentage, roundHalfUp } from './percent';

function counters(overrides: Partial<MailingCounters>): MailingCounters {
  return { ...emptyMailingCounters(), ...overrides };
}

describe('clickThroughRate', () => {
  it('is dominant clicks / (dominant impressions + dominant clicks): 120 and 12 give 9.09 %', () => {
    const ctr = clickThroughRate(12, 120);
    expect(ctr).toBeCloseTo((12 / 132) * 100, 10);
    expect(formatPercent(ctr)).toBe('9.09 %');
    expect(formatPercent(ctr, 0)).toBe('9 %');
  });

  it('has no value without impressions or clicks', () => {
    expect(clickThroughRate(0, 0)).toBeNull();
    expect(formatPercent(clickThroughRate(0, 0))).toBe('–');
  });

  it('is 100 % when everyone who reacted clicked', () => {
    expect(clickThroughRate(5, 0)).toBe(100);
  });
});

describe('clickToOpenRate', () => {
  it('is unique clicks / messages with impression, and differs from the CTR', () => {
    expect(clickToOpenRate(12, 132)).toBeCloseTo(9.0909, 3);
    expect(clickToOpenRate(12, 120)).toBe(10);
    expect(clickToOpenRate(3, 0)).toBeNull();
  });
});

describe('percentage and formatPercent', () => {
  it('never gives NaN or Infinity', () => {
    expect(percentage(0, 0)).toBeNull();
    expect(percentage(5, 0)).toBeNull();
    expect(percentage(Number.NaN, 10)).toBeNull();
    expect(percentage(1, 4)).toBe(25);
  });

  it('rounds half up and shows a space before the sign', () => {
    expect(formatPercent(1.005)).toBe('1.01 %');
    expect(formatPercent((2 / 3) * 100)).toBe('66.67 %');
    expect(formatPercent(0)).toBe('0.00 %');
    expect(formatPercent(100, 0)).toBe('100 %');
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
  });
});

describe('keyFigures', () => {
  it('computes every figure and rate of a mailing by hand', () => {
    const figures = keyFigures(
      counters({
        destinations: 200,
        sent: 190,
        failed: 10,
        delivered: 185,
        errorsTotal: 25,
        errorsUnique: 15,
        errorsSoft: 20,
        errorsHard: 5,
        impressionsTotal: 150,
        impressionsUnique: 95,
        impressionsMachine: 30,
        clicksTotal: 40,
        clicksUnique: 19,
        clicksMachine: 4,
        unsubscribesTotal: 3,
        unsubscribesUnique: 2,
        complaintsTotal: 3,
        complaintsUnique: 1,
        dominantError: 15,
        dominantNoFeedback: 90,
        dominantImpression: 76,
        dominantClick: 16,
        dominantUnsubscribe: 2,
        dominantComplaint: 1,
      }),
    );
    expect(figures.errors).toEqual({ total: 25, unique: 15, soft: 20, hard: 5 });
    expect(figures.impressions).toEqual({ total: 150, unique: 95, machine: 30, human: 120 });
    expect(figures.clicks).toEqual({ total: 40, unique: 19, machine: 4, human: 36 });
    expect(figures.noFeedback).toBe(90);
    expect(figures.rates.opened).toBe(50); // 95 / 190
    expect(figures.rates.clicked).toBe(10); // 19 / 190
    expect(figures.rates.complaints).toBe(0.5); // 1 / 200
    expect(figures.rates.delivered).toBeCloseTo((185 / 190) * 100, 10);
    expect(figures.rates.errors).toBeCloseTo((15 / 190) * 100, 10);
    expect(figures.rates.unsubscribed).toBeCloseTo((2 / 190) * 100, 10);
    expect(figures.rates.clickThrough).toBeCloseTo((16 / 92) * 100, 10);
    expect(figures.rates.clickToOpen).toBe(20); // 19 / 95
    expect(figures.rates.machineImpressions).toBe(20); // 30 / 150
  });

  it('gives no rate at all for a mailing without destinations', () => {
    const figures = keyFigures(emptyMailingCounters());
    for (const rate of Object.values(figures.rates)) expect(rate).toBeNull();
    expect(figures.impressions.human).toBe(0);
  });

  it('handles a mailing where every send failed', () => {
    const figures = keyFigures(
      counters({
        destinations: 4,
        failed: 4,
        errorsTotal: 9,
        errorsUnique: 4,
        errorsHard: 4,
        errorsSoft: 5,
        dominantError: 4,
      }),
    );
    expect(figures.rates.opened).toBeNull(); // nothing sent
    expect(figures.rates.complaints).toBe(0);
    expect(figures.rates.clickThrough).toBeNull();
    expect(dominantCountsOf(counters({ dominantError: 4 }))).toEqual({
      ERROR: 4,
      NO_FEEDBACK: 0,
      IMPRESSION: 0,
      CLICK: 0,
      UNSUBSCRIBE: 0,
      COMPLAINT: 0,
    });
  });

  it('shows every open as a machine open when all came from a privacy proxy', () => {
    const figures = keyFigures(
      counters({
        destinations: 10,
        sent: 10,
        delivered: 10,
        impressionsTotal: 12,
        impressionsMachine: 12,
        dominantNoFeedback: 10,
      }),
    );
    expect(figures.impressions.human).toBe(0);
    expect(figures.rates.opened).toBe(0);
    expect(figures.rates.machineImpressions).toBe(100);
  });

  it('counts the impression a click without an open implies, so unique impressions never exceed the total', () => {
    // One person opened twice; another clicked with images off (no open registered): 2 messages with impression.
    const figures = keyFigures(
      counters({
        destinations: 2,
        sent: 2,
        delivered: 2,
        impressionsTotal: 2,
        impressionsUnique: 2,
        impressionsImplied: 1,
        clicksTotal: 1,
        clicksUnique: 1,
        dominantImpression: 1,
        dominantClick: 1,
      }),
    );
    expect(figures.impressions).toEqual({ human: 3, machine: 0, total: 3, unique: 2 });
    expect(figures.impressions.unique).toBeLessThanOrEqual(figures.impressions.human);
  });

  it('puts people first and machines apart in both tracked figures', () => {
    const figures = keyFigures(
      counters({ impressionsTotal: 5, impressionsMachine: 2, impressionsImplied: 1, clicksTotal: 4, clicksMachine: 3 }),
    );
    expect(Object.keys(figures.impressions)).toEqual(['human', 'machine', 'total', 'unique']);
    expect(figures.impressions).toMatchObject({ human: 4, machine: 2, total: 6 });
    expect(figures.clicks).toMatchObject({ human: 1, machine: 3, total: 4 });
    expect(figures.rates.machineImpressions).toBeCloseTo((2 / 6) * 100, 10);
  });

  it('names the base of every rate it gives', () => {
    const figures = keyFigures(emptyMailingCounters());
    expect(Object.keys(figures.rateBases).sort()).toEqual(Object.keys(figures.rates).sort());
    expect(RATE_BASES.opened).toBe('messages with impression / messages sent');
    expect(RATE_BASES.complaints).toBe('unique complaints / destinations');
  });
});

describe('MailingCounters', () => {
  it('starts every counter of the aggregate at 0, and the implied impressions too', () => {
    expect(emptyMailingCounters()).toEqual({
      ...Object.fromEntries(AGGREGATE_COUNTERS.map((name) => [name, 0])),
      impressionsImplied: 0,
    });
  });

  it("reads each dominant bucket from that result's own counter, in DOMINANT_ORDER", () => {
    const distinct = Object.fromEntries(AGGREGATE_COUNTERS.map((name, i) => [name, i + 1])) as Record<
      AggregateCounter,
      number
    >;
    const counts = dominantCountsOf(counters(distinct));
    expect(Object.keys(counts)).toEqual([...DOMINANT_ORDER]);
    for (const result of DOMINANT_ORDER) expect(counts[result]).toBe(distinct[dominantCounterOf(result)]);
    expect(new Set(Object.values(counts)).size).toBe(DOMINANT_ORDER.length);
  });
});
