import { describe, expect, it } from 'vitest';
import { parsePageViewBeacon } from './page-view-beacon';

const KEY = '0b5c7a3e-1f2d-4c5b-9a8e-7d6c5b4a3f21';
const TOKEN = 'U0FNUExFLVRPS0VOLUFCQ0RFRkdISUo';
const beacon = (params: Record<string, string>, referer?: string) =>
  parsePageViewBeacon(new URLSearchParams(params), referer);

describe('parsePageViewBeacon', () => {
  it('reads the page, its campaign parameters and the visit token, which the stored URL loses', () => {
    expect(
      beacon({
        k: KEY,
        u: `https://shop.example/shoes/red?utm_source=herald&utm_campaign=spring&hv=${TOKEN}#top`,
        r: 'https://mail.example/inbox',
        v: 'visitor_12345',
      }),
    ).toEqual({
      websiteKey: KEY,
      url: 'https://shop.example/shoes/red?utm_source=herald&utm_campaign=spring',
      path: '/shoes/red',
      referrer: 'https://mail.example/inbox',
      visitorId: 'visitor_12345',
      visit: TOKEN,
      utmSource: 'herald',
      utmMedium: null,
      utmCampaign: 'spring',
    });
  });

  it('takes the Referer header for the pixel without script', () => {
    expect(beacon({ k: KEY }, 'https://shop.example/')).toMatchObject({ url: 'https://shop.example/', path: '/' });
  });

  it('records nothing without a website key or an http(s) page', () => {
    expect(beacon({ u: 'https://shop.example/' })).toBeNull();
    expect(beacon({ k: 'not-a-key', u: 'https://shop.example/' })).toBeNull();
    expect(beacon({ k: KEY, u: 'javascript:alert(1)' })).toBeNull();
    expect(beacon({ k: KEY, u: `https://shop.example/${'a'.repeat(3000)}` })).toBeNull();
    expect(beacon({ k: KEY })).toBeNull();
  });

  it('drops a malformed visitor id, visit token or referrer but keeps the view', () => {
    expect(beacon({ k: KEY, u: 'https://shop.example/', v: 'x', h: '<script>', r: 'ftp://x' })).toMatchObject({
      visitorId: null,
      visit: null,
      referrer: null,
    });
  });
});
