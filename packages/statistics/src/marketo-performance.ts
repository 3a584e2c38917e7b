import { percentage, type Percentage } from './percent';

/**
 * What is known about one send of an email to one person. `clicked` must leave out clicks on the
 * unsubscribe link and on mailto links (Marketo does not count them as clicks).
 */
export interface MarketoSendFacts {
  delivered?: boolean;
  hardBounced?: boolean;
  softBounced?: boolean;
  opened?: boolean;
  clicked?: boolean;
  unsubscribed?: boolean;
}

/** Where one send ended: exactly one of these. */
export type MarketoSendOutcome = 'DELIVERED' | 'HARD_BOUNCED' | 'SOFT_BOUNCED' | 'PENDING';

/**
 * Whether a send was opened: an open or a click by a person, the same destinations as the mailing
 * report's "messages with impression". Herald departs from Marketo here: an unsubscribe proves
 * that the message arrived, not that it was read (the one-click POST comes from the mail client
 * without opening anything), so it is no open.
 */
export function marketoOpened(facts: MarketoSendFacts): boolean {
  return Boolean(facts.opened || facts.clicked);
}

/**
 * Marketo's rules (docs/rules/key-figures.md, "Other views"): a click implies an open, an open or an unsubscribe
 * implies delivery, and once opened (or unsubscribed) a bounce is ignored; otherwise hard wins over
 * soft and over delivered, soft over delivered, and with nothing known the send is still pending.
 */
export function marketoSendOutcome(facts: MarketoSendFacts): MarketoSendOutcome {
  if (marketoOpened(facts) || facts.unsubscribed) return 'DELIVERED';
  if (facts.hardBounced) return 'HARD_BOUNCED';
  if (facts.softBounced) return 'SOFT_BOUNCED';
  return facts.delivered ? 'DELIVERED' : 'PENDING';
}

export interface MarketoPerformance {
  sent: number;
  delivered: number;
  hardBounced: number;
  softBounced: number;
  /** sent − delivered − hard bounced − soft bounced */
  pending: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  rates: {
    /** delivered / sent */
    delivered: Percentage;
    /** hard bounced / sent */
    hardBounced: Percentage;
    /** soft bounced / sent */
    softBounced: Percentage;
    /** pending / sent */
    pending: Percentage;
    /** opened / delivered */
    opened: Percentage;
    /** clicked / delivered */
    clicked: Percentage;
    /** clicked / opened */
    clickToOpen: Percentage;
    /** unsubscribed / delivered */
    unsubscribed: Percentage;
  };
}

/** The performance of one email over the given sends (one entry per send). */
export function marketoPerformance(sends: Iterable<MarketoSendFacts>): MarketoPerformance {
  let sent = 0,
    delivered = 0,
    hardBounced = 0,
    softBounced = 0,
    opened = 0,
    clicked = 0,
    unsubscribed = 0;
  for (const facts of sends) {
    sent++;
    const outcome = marketoSendOutcome(facts);
    if (outcome === 'DELIVERED') delivered++;
    else if (outcome === 'HARD_BOUNCED') hardBounced++;
    else if (outcome === 'SOFT_BOUNCED') softBounced++;
    if (marketoOpened(facts)) opened++;
    if (facts.clicked) clicked++;
    if (facts.unsubscribed) unsubscribed++;
  }
  const pending = sent - delivered - hardBounced - softBounced;
  return {
    sent,
    delivered,
    hardBounced,
    softBounced,
    pending,
    opened,
    clicked,
    unsubscribed,
    rates: {
      delivered: percentage(delivered, sent),
      hardBounced: percentage(hardBounced, sent),
      softBounced: percentage(softBounced, sent),
      pending: percentage(pending, sent),
      opened: percentage(opened, delivered),
      clicked: percentage(clicked, delivered),
      clickToOpen: percentage(clicked, opened),
      unsubscribed: percentage(unsubscribed, delivered),
    },
  };
}

/** One send, with the campaign and email it belongs to. */
export interface MarketoCampaignSend extends MarketoSendFacts {
  campaign: string | number;
  email: string | number;
}

export interface MarketoCampaignEmailRow extends MarketoPerformance {
  campaign: string | number;
  email: string | number;
}

/**
 * The campaign email performance report: one row per email per campaign, in the order each
 * pair first appears. The time frame is the caller's filter on the sends.
 */
export function marketoCampaignEmailPerformance(sends: Iterable<MarketoCampaignSend>): MarketoCampaignEmailRow[] {
  const groups = new Map<string, { campaign: string | number; email: string | number; sends: MarketoSendFacts[] }>();
  for (const send of sends) {
    // typeof in the key keeps campaign 1 and campaign "1" apart.
    const key = JSON.stringify([typeof send.campaign, send.campaign, typeof send.email, send.email]);
    let group = groups.get(key);
    if (!group) {
      group = { campaign: send.campaign, email: send.email, sends: [] };
      groups.set(key, group);
    }
    group.sends.push(send);
  }
  return [...groups.values()].map((g) => ({ campaign: g.campaign, email: g.email, ...marketoPerformance(g.sends) }));
}
