import { describe, expect, it } from 'vitest';
import { leadsToWebsite, withVisitToken } from './visit-link';

describe('leadsToWebsite', () => {
  const domains = ['shop.example'];

  it('is the website domain or a subdomain of it, whatever the case, scheme or port', () => {
    expect(leadsToWebsite('https://shop.example/sale', domains)).toBe(true);
    expect(leadsToWebsite('http://WWW.Shop.Example:8080/', domains)).toBe(true);
    expect(leadsToWebsite('https://a.b.shop.example/x?y=1', domains)).toBe(true);
  });

  it('is not another host that merely ends or starts the same way', () => {
    expect(leadsToWebsite('https://myshop.example/', domains)).toBe(false);
    expect(leadsToWebsite('https://shop.example.evil.test/', domains)).toBe(false);
    expect(leadsToWebsite('https://evil.test/?u=https://shop.example/', domains)).toBe(false);
    expect(leadsToWebsite('https://shop.example@evil.test/', domains)).toBe(false);
  });

  it('is false without websites or for what is no URL', () => {
    expect(leadsToWebsite('https://shop.example/', [])).toBe(false);
    expect(leadsToWebsite('not a url', domains)).toBe(false);
  });
});

describe('withVisitToken', () => {
  it('adds hv as the first or the last parameter, before the fragment', () => {
    expect(withVisitToken('https://shop.example', 'T0k-_')).toBe('https://shop.example?hv=T0k-_');
    expect(withVisitToken('https://shop.example/sale', 'T')).toBe('https://shop.example/sale?hv=T');
    expect(withVisitToken('https://shop.example/sale?utm_campaign=a%20b', 'T')).toBe(
      'https://shop.example/sale?utm_campaign=a%20b&hv=T',
    );
    expect(withVisitToken('https://shop.example/sale?', 'T')).toBe('https://shop.example/sale?hv=T');
    expect(withVisitToken('https://shop.example/sale?a=1#top', 'T')).toBe('https://shop.example/sale?a=1&hv=T#top');
    expect(withVisitToken('https://shop.example/#/route?x=1', 'T')).toBe('https://shop.example/?hv=T#/route?x=1');
  });

  it('leaves a link that carries hv already as it is', () => {
    expect(withVisitToken('https://shop.example/?hv=own&a=1', 'T')).toBe('https://shop.example/?hv=own&a=1');
    expect(withVisitToken('https://shop.example/?a=1&hv=', 'T')).toBe('https://shop.example/?a=1&hv=');
  });
});
