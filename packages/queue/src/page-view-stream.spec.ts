import { describe, expect, it } from 'vitest';
import { decodePageViewEntry, encodePageViewEntry, type PageViewStreamEntry } from './page-view-stream';

const view: PageViewStreamEntry = {
  websiteKey: '0b5c7a3e-1f2d-4c5b-9a8e-7d6c5b4a3f21',
  url: 'https://shop.example/shoes?utm_source=herald',
  path: '/shoes',
  referrer: null,
  visitorId: 'visitor_1',
  visit: 'token',
  utmSource: 'herald',
  utmMedium: null,
  utmCampaign: null,
  at: new Date('2026-12-04T10:00:00Z'),
  userAgent: 'Mozilla/5.0',
  ipHash: 'abc',
};

describe('page view stream entries', () => {
  it('decode to what was encoded', () => {
    expect(decodePageViewEntry(encodePageViewEntry(view))).toEqual(view);
  });

  it('are null for anything else', () => {
    expect(decodePageViewEntry(['e', 'not json'])).toBeNull();
    expect(decodePageViewEntry(['e', '[1,2]'])).toBeNull();
    expect(decodePageViewEntry(['k', '1', 'd', '2'])).toBeNull();
    const [, json] = encodePageViewEntry(view);
    const values = JSON.parse(json!) as unknown[];
    values[9] = 'yesterday';
    expect(decodePageViewEntry(['e', JSON.stringify(values)])).toBeNull();
  });
});
