import { describe, expect, it } from 'vitest';
import { AGE_BAND_LABELS, ageBandBucket, ageBandLabel, pivotCells, type PivotGroup } from './pivot';

const base: Omit<PivotGroup, 'key' | 'count'> = {
  status: 'SENT',
  dominantResult: 'NO_FEEDBACK',
  opened: false,
  clicked: false,
  unsubscribed: false,
  complained: false,
  lastErrorKind: null,
};

describe('pivotCells', () => {
  it('counts each cell from its destinations and works out rates per cell, never by averaging', () => {
    const { cells, totals } = pivotCells([
      // women: 10 sent, 4 opened (impression), 2 of them clicked, 1 bounced hard
      { ...base, key: ['f'], count: 5 },
      { ...base, key: ['f'], count: 2, dominantResult: 'IMPRESSION', opened: true },
      { ...base, key: ['f'], count: 2, dominantResult: 'CLICK', opened: true, clicked: true },
      { ...base, key: ['f'], count: 1, dominantResult: 'ERROR', lastErrorKind: 'HARD' },
      // men: 3 sent, 1 click without an open (images off: an implied impression), 1 suppressed (no destination)
      { ...base, key: ['m'], count: 2 },
      { ...base, key: ['m'], count: 1, dominantResult: 'CLICK', clicked: true },
      { ...base, key: ['m'], count: 1, status: 'SUPPRESSED' },
    ]);
    expect(cells.map((c) => c.key)).toEqual([['f'], ['m']]);
    expect(cells[0]!.metrics).toMatchObject({
      destinations: 10,
      sent: 10,
      delivered: 9,
      impressions: 4,
      clicks: 2,
      errors: 1,
      ctr: 50, // 2 / (2 + 2)
      clickToOpen: 50,
    });
    expect(cells[1]!.metrics).toMatchObject({ destinations: 3, sent: 3, impressions: 1, clicks: 1, ctr: 100 });
    expect(totals).toMatchObject({ destinations: 13, sent: 13, delivered: 12, impressions: 5, clicks: 3, errors: 1 });
    expect(totals.ctr).toBeCloseTo(60); // 3 / (2 + 3), not the mean of 50 and 100
  });

  it('puts profiles without a value last and gives no rate where there is no base', () => {
    const { cells } = pivotCells([
      { ...base, key: [null], count: 1 },
      { ...base, key: ['Zwolle'], count: 1 },
      { ...base, key: ['amsterdam'], count: 1 },
    ]);
    expect(cells.map((c) => c.key[0])).toEqual(['amsterdam', 'Zwolle', null]);
    expect(cells[0]!.metrics.ctr).toBeNull();
    expect(cells[0]!.metrics.clickToOpen).toBeNull();
  });

  it('gives empty totals for no groups', () => {
    expect(pivotCells([], 1)).toEqual({
      cells: [],
      totals: expect.objectContaining({ destinations: 0, ctr: null }),
      rowTotals: [],
      columnTotals: [],
    });
  });

  it('totals each row over its columns and each column over the rows, rates from their own counts', () => {
    const { cells, rowTotals, columnTotals, totals } = pivotCells(
      [
        // rows: gender; columns: city
        { ...base, key: ['f', 'Utrecht'], count: 1, dominantResult: 'CLICK', opened: true, clicked: true },
        { ...base, key: ['f', 'Zwolle'], count: 3, dominantResult: 'IMPRESSION', opened: true },
        { ...base, key: ['m', 'Utrecht'], count: 3, dominantResult: 'IMPRESSION', opened: true },
        { ...base, key: ['m', null], count: 2 },
      ],
      1,
    );
    expect(cells).toHaveLength(4);
    expect(rowTotals.map((r) => [r.key, r.metrics.sent, r.metrics.ctr])).toEqual([
      [['f'], 4, 25], // 1 click / (1 + 3)
      [['m'], 5, 0],
    ]);
    expect(columnTotals.map((c) => [c.key, c.metrics.sent, c.metrics.ctr])).toEqual([
      [['Utrecht'], 4, 25], // 1 / (1 + 3), not the mean of its cells' 100 and 0
      [['Zwolle'], 3, 0],
      [[null], 2, null],
    ]);
    expect(totals.sent).toBe(9);
    // Without columns (the key is all rows) there are no margins, the totals are the one total row.
    expect(pivotCells([{ ...base, key: ['f'], count: 1 }], 1)).toMatchObject({ rowTotals: [], columnTotals: [] });
  });
});

describe('ageBandLabel', () => {
  it('names width_bucket results over the bounds', () => {
    expect([0, 1, 2, 6, null, 7, -1].map(ageBandLabel)).toEqual([
      'under 18',
      '18–24',
      '25–34',
      '65+',
      null,
      null,
      null,
    ]);
  });
});

describe('ageBandBucket', () => {
  it('gives back the bucket of every label, and of a label typed with a hyphen', () => {
    expect(AGE_BAND_LABELS).toHaveLength(7);
    expect(AGE_BAND_LABELS.map(ageBandBucket)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(ageBandBucket(' 25-34 ')).toBe(2);
  });

  it('gives null for what names no band', () => {
    expect(['', '25', '25–35', 'under 19', '65', 'elderly'].map(ageBandBucket)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
