import { describe, expect, it } from 'vitest';
import { isLikelyMachine } from './machine-detector';

const human =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const sentAt = new Date('2026-01-01T10:00:00Z');
const later = new Date('2026-01-01T10:05:00Z');

describe('isLikelyMachine', () => {
  it('lets a browser open or click minutes after delivery count as human', () => {
    expect(isLikelyMachine({ kind: 'open', method: 'GET', userAgent: human, occurredAt: later, sentAt })).toBe(false);
    expect(isLikelyMachine({ kind: 'click', method: 'GET', userAgent: human, occurredAt: later, sentAt })).toBe(false);
  });
  it('flags a click within a second of delivery, a HEAD probe and a scanner', () => {
    expect(
      isLikelyMachine({
        kind: 'click',
        method: 'GET',
        userAgent: human,
        occurredAt: new Date(sentAt.getTime() + 800),
        sentAt,
      }),
    ).toBe(true);
    expect(isLikelyMachine({ kind: 'click', method: 'HEAD', userAgent: human, occurredAt: later, sentAt })).toBe(true);
    expect(
      isLikelyMachine({ kind: 'click', method: 'GET', userAgent: 'python-requests/2.31', occurredAt: later, sentAt }),
    ).toBe(true);
  });
  it('flags privacy proxy opens', () => {
    expect(isLikelyMachine({ kind: 'open', method: 'GET', userAgent: 'Mozilla/5.0', occurredAt: later, sentAt })).toBe(
      true,
    );
    expect(
      isLikelyMachine({
        kind: 'open',
        method: 'GET',
        userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
        occurredAt: later,
        sentAt,
      }),
    ).toBe(true);
  });
  it('flags a request without a user agent: browsers always send one', () => {
    expect(isLikelyMachine({ kind: 'open', method: 'GET', userAgent: undefined, occurredAt: later, sentAt })).toBe(
      true,
    );
    expect(isLikelyMachine({ kind: 'click', method: 'GET', userAgent: '', occurredAt: later, sentAt })).toBe(true);
  });
  it('flags a crawler that calls itself a bot', () => {
    expect(
      isLikelyMachine({
        kind: 'click',
        method: 'GET',
        userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
        occurredAt: later,
        sentAt,
      }),
    ).toBe(true);
    expect(
      isLikelyMachine({ kind: 'open', method: 'GET', userAgent: 'ExampleLinkBot 1.0', occurredAt: later, sentAt }),
    ).toBe(true);
  });
});
