import { describe, expect, it } from 'vitest';
import {
  marketoCampaignEmailPerformance,
  marketoOpened,
  marketoPerformance,
  marketoSendOutcome,
} from './marketo-performance';

describe('marketoSendOutcome', () => {
  it.each([
    [{}, 'PENDING'],
    [{ delivered: true }, 'DELIVERED'],
    [{ softBounced: true }, 'SOFT_BOUNCED'],
    [{ hardBounced: true, softBounced: true }, 'HARD_BOUNCED'],
    [{ delivered: true, hardBounced: true }, 'HARD_BOUNCED'],
    [{ delivered: true, softBounced: true }, 'SOFT_BOUNCED'],
    [{ opened: true, hardBounced: true }, 'DELIVERED'],
    [{ clicked: true }, 'DELIVERED'],
    [{ unsubscribed: true, softBounced: true }, 'DELIVERED'],
  ] as const)('%j ends as %s', (facts, outcome) => {
    expect(marketoSendOutcome(facts)).toBe(outcome);
  });
});

describe('marketoOpened', () => {
  it("is an open or a click, the mailing report's messages with impression; an unsubscribe alone is no open", () => {
    expect(marketoOpened({ opened: true })).toBe(true);
    expect(marketoOpened({ clicked: true })).toBe(true);
    expect(marketoOpened({ unsubscribed: true, delivered: true })).toBe(false);
    expect(marketoSendOutcome({ unsubscribed: true, hardBounced: true })).toBe('DELIVERED'); // it arrived
  });
});

describe('marketoPerformance', () => {
  it('counts each send once and derives opens from clicks, not from unsubscribes', () => {
    const row = marketoPerformance([
      { delivered: true },
      { delivered: true, opened: true },
      { clicked: true }, // implies opened and delivered
      { unsubscribed: true }, // implies delivered, not opened: the one-click POST opens nothing
      { delivered: true, opened: true, hardBounced: true }, // opened: the bounce is ignored
      { hardBounced: true, softBounced: true },
      { delivered: true, hardBounced: true },
      { softBounced: true },
      {},
      {},
    ]);
    expect(row).toMatchObject({
      sent: 10,
      delivered: 5,
      hardBounced: 2,
      softBounced: 1,
      pending: 2,
      opened: 3,
      clicked: 1,
      unsubscribed: 1,
    });
    expect(row.sent).toBe(row.delivered + row.hardBounced + row.softBounced + row.pending);
    expect(row.rates).toEqual({
      delivered: 50,
      hardBounced: 20,
      softBounced: 10,
      pending: 20,
      opened: 60,
      clicked: 20,
      clickToOpen: (1 / 3) * 100,
      unsubscribed: 20,
    });
  });

  it('gives no rates for an email that was not sent', () => {
    const row = marketoPerformance([]);
    expect(row).toMatchObject({ sent: 0, delivered: 0, pending: 0 });
    expect(Object.values(row.rates).every((r) => r === null)).toBe(true);
  });

  it('gives no open-based rates when nothing was delivered', () => {
    const row = marketoPerformance([{ hardBounced: true }, { softBounced: true }]);
    expect(row.rates.hardBounced).toBe(50);
    expect(row.rates.opened).toBeNull();
    expect(row.rates.clickToOpen).toBeNull();
  });
});

describe('marketoCampaignEmailPerformance', () => {
  it('makes one row per email per campaign, in order of first appearance', () => {
    const rows = marketoCampaignEmailPerformance([
      { campaign: 'Spring', email: 'Welcome', delivered: true, opened: true },
      { campaign: 'Spring', email: 'Reminder', hardBounced: true },
      { campaign: 'Spring', email: 'Welcome', delivered: true },
      { campaign: 1, email: 'Welcome', delivered: true },
      { campaign: '1', email: 'Welcome' },
    ]);
    expect(rows.map((r) => [r.campaign, r.email, r.sent, r.delivered, r.opened])).toEqual([
      ['Spring', 'Welcome', 2, 2, 1],
      ['Spring', 'Reminder', 1, 0, 0],
      [1, 'Welcome', 1, 1, 0],
      ['1', 'Welcome', 1, 0, 0],
    ]);
  });
});
