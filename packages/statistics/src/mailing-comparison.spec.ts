import { describe, expect, it } from 'vitest';
import { emptyMailingCounters, type MailingCounters } from './key-figures';
import { compareMailings } from './mailing-comparison';

const counters = (overrides: Partial<MailingCounters>): MailingCounters => ({
  ...emptyMailingCounters(),
  ...overrides,
});

describe('compareMailings', () => {
  const a = counters({
    destinations: 100,
    sent: 100,
    delivered: 100,
    impressionsUnique: 40,
    clicksUnique: 10,
    complaintsUnique: 1,
    unsubscribesUnique: 2,
    dominantImpression: 30,
    dominantClick: 10,
  });
  const b = counters({
    destinations: 50,
    sent: 50,
    delivered: 48,
    errorsUnique: 2,
    impressionsUnique: 30,
    clicksUnique: 5,
    dominantImpression: 25,
    dominantClick: 5,
  });
  const empty = emptyMailingCounters();

  it('puts the key figures and rates of each mailing side by side, in the order given', () => {
    const comparison = compareMailings([
      { mailing: 'A', counters: a },
      { mailing: 'B', counters: b },
      { mailing: 'C', counters: empty },
    ]);
    expect(comparison.mailings.map((m) => m.mailing)).toEqual(['A', 'B', 'C']);
    expect(comparison.mailings[0]!.metrics).toMatchObject({
      openedRate: 40,
      clickedRate: 10,
      clickThroughRate: 25,
      clickToOpenRate: 25,
      complaintRate: 1,
    });
    expect(comparison.mailings[1]!.metrics).toMatchObject({
      openedRate: 60,
      clickedRate: 10,
      deliveredRate: 96,
      errorRate: 4,
    });
    expect(comparison.mailings[1]!.metrics.clickThroughRate).toBeCloseTo((5 / 30) * 100, 10);
    expect(comparison.mailings[2]!.metrics.openedRate).toBeNull();
  });

  it('names the best mailing per metric, lower being better for errors, unsubscribes and complaints', () => {
    const { best } = compareMailings([
      { mailing: 'A', counters: a },
      { mailing: 'B', counters: b },
      { mailing: 'C', counters: empty },
    ]);
    expect(best.openedRate).toEqual(['B']);
    expect(best.clickThroughRate).toEqual(['A']);
    expect(best.deliveredRate).toEqual(['A']);
    expect(best.errorRate).toEqual(['A']);
    expect(best.complaintRate).toEqual(['B']);
    expect(best.unsubscribedRate).toEqual(['B']);
    expect(best.clickedRate).toEqual(['A', 'B']); // a tie: both
  });

  it('names no best mailing for a metric none of them has', () => {
    const { best } = compareMailings([{ mailing: 1, counters: empty }]);
    expect(best.openedRate).toEqual([]);
  });

  it('ranks by rates, never by raw counts: the big mailing with more opens but a lower open rate comes second', () => {
    const big = counters({ destinations: 1000, sent: 1000, delivered: 1000, impressionsUnique: 200, clicksUnique: 50 });
    const small = counters({ destinations: 100, sent: 100, delivered: 100, impressionsUnique: 40, clicksUnique: 10 });
    const comparison = compareMailings([
      { mailing: 'big', counters: big },
      { mailing: 'small', counters: small },
      { mailing: 'none', counters: empty },
    ]);
    expect(Object.keys(comparison.best)).not.toContain('uniqueImpressions');
    expect(Object.keys(comparison.best)).not.toContain('uniqueClicks');
    expect(comparison.ranking.openedRate).toEqual(['small', 'big', 'none']); // 40 % before 20 %; no value last
    expect(comparison.ranking.clickedRate).toEqual(['small', 'big', 'none']); // 10 % before 5 %
    expect(comparison.ranking.errorRate).toEqual(['big', 'small', 'none']); // a tie at 0 % keeps the order given
    expect(comparison.best.openedRate).toEqual(['small']);
    expect(comparison.bases.openedRate).toBe('messages with impression / messages sent');
  });
});
