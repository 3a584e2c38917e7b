import { validateHeaderValue } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTrackableHref, redirectTarget } from './redirect-target';

/** What the tracking handler needs of a Location: Node accepts it as a header, and it is an absolute http(s) URL. */
function isSafeLocation(location: string): boolean {
  try {
    validateHeaderValue('location', location);
  } catch {
    return false;
  }
  const url = new URL(location);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.href === location;
}

describe('redirectTarget', () => {
  it('percent-encodes what a header cannot hold, as browsers do', () => {
    expect(redirectTarget('https://example.com/ソニー?name=Łukasz')).toBe(
      'https://example.com/%E3%82%BD%E3%83%8B%E3%83%BC?name=%C5%81ukasz',
    );
    expect(redirectTarget('https://bücher.example/ü#ä')).toBe('https://xn--bcher-kva.example/%C3%BC#%C3%A4');
    expect(redirectTarget('HTTP://EXAMPLE.COM/B?x=1&y=2')).toBe('http://example.com/B?x=1&y=2');
  });

  it('drops raw CR, LF and tabs and keeps encoded ones encoded: no header can be split', () => {
    expect(redirectTarget('https://example.com/a\r\nSet-Cookie: x=1')).toBe('https://example.com/aSet-Cookie:%20x=1');
    expect(redirectTarget('https://example.com/a%0D%0ASet-Cookie:%20x=1')).toBe(
      'https://example.com/a%0D%0ASet-Cookie:%20x=1',
    );
  });

  it('refuses anything that is not an absolute http(s) URL', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'vbscript:msgbox(1)',
      '/relative',
      '//example.com/x',
      'example.com',
      'https://exa mple.com/',
      'http://',
      'ftp://example.com/',
      '',
    ]) {
      expect(redirectTarget(url), url).toBeNull();
    }
  });

  it('turns any string into null or a valid Location header holding an absolute http(s) URL', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 200 });
    const httpish = fc
      .tuple(
        fc.constantFrom('http://', 'https://', 'HTTPS://', ' https://', 'http:', 'https:\\\\'),
        anyText,
        fc.webUrl(),
      )
      .map(([scheme, noise, url]) => scheme + noise + url.replace(/^https?:\/\//, ''));
    const withControls = fc
      .tuple(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.array(
          fc.constantFrom(
            '\r',
            '\n',
            '\t',
            '\u0000',
            '\u007f',
            'Ł',
            'ソ',
            '😀',
            '%',
            ' ',
            '"',
            '<',
            '\uD800',
            '%0D%0A',
          ),
          { maxLength: 6 },
        ),
        fc.nat(),
      )
      .map(([url, extras, at]) =>
        extras.reduce((s, extra, i) => {
          const k = (at + i * 7) % (s.length + 1);
          return s.slice(0, k) + extra + s.slice(k);
        }, url),
      );
    fc.assert(
      fc.property(fc.oneof(anyText, httpish, withControls), (input) => {
        const location = redirectTarget(input);
        if (location !== null) {
          expect(isSafeLocation(location), JSON.stringify(location)).toBe(true);
          expect(redirectTarget(location)).toBe(location); // already serialised: a fixed point
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps every valid http(s) URL a redirect target', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        expect(redirectTarget(url)).not.toBeNull();
      }),
    );
  });
});

describe('isTrackableHref', () => {
  it('tracks static absolute http(s) links only', () => {
    expect(isTrackableHref('https://example.com/a')).toBe(true);
    expect(isTrackableHref('HTTP://EXAMPLE.COM/')).toBe(true);
    for (const url of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      'mailto:a@example.com',
      '/relative',
      'https://exa mple.com/',
      ' https://example.com/',
    ]) {
      expect(isTrackableHref(url), url).toBe(false);
    }
  });

  it('tracks Liquid links whose static start can still be http(s)', () => {
    for (const [url, prefix] of [
      ['{{ site }}', ''],
      ['https://example.com/{{ id }}', 'https://example.com/'],
      ['http{{ s }}://example.com', 'http'],
      ['https:{{ rest }}', 'https:'],
    ]) {
      expect(isTrackableHref(url!, prefix), url).toBe(true);
    }
    for (const [url, prefix] of [
      ['javascript:{{ x }}', 'javascript:'],
      ['java\tscript:{{ x }}', 'java\tscript:'],
      ['#{{ anchor }}', '#'],
      ['/p/{{ id }}', '/p/'],
      ['data:{{ x }}', 'data:'],
    ]) {
      expect(isTrackableHref(url!, prefix), url).toBe(false);
    }
  });
});
