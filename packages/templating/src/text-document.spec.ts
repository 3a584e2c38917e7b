import { describe, expect, it } from 'vitest';
import { compileTextDocument, renderTextDocument } from './text-document';
import { verifyTrackingToken } from './tracking-token';

const secret = 's'.repeat(32);
const context = {
  profile: { id: 7, email: null, firstname: 'Ann', city: 'Delft' },
  subprofile: null,
  destinationId: '3.41',
  tracking: { baseUrl: 'https://herald.example/', secret },
};

describe('renderTextDocument', () => {
  it('substitutes plain outputs without LiquidJS, with the same result LiquidJS gives', () => {
    const planned = compileTextDocument('Hi {{ profile.firstname }} from {{ city }}, {{ profile.missing }}!');
    expect(planned).toMatchObject({ kind: 'template', readsUnsubscribe: false });
    expect(planned.kind === 'template' && planned.plan).not.toBeNull();
    expect(renderTextDocument(planned, context)).toBe('Hi Ann from Delft, !');
  });

  it('renders filters and tags with LiquidJS', () => {
    const liquid = compileTextDocument('{% if city %}Hi {{ profile.firstname | upcase }}{% endif %}');
    expect(liquid.kind === 'template' && liquid.plan).toBeNull();
    expect(renderTextDocument(liquid, context)).toBe('Hi ANN');
  });

  it('signs the unsubscribe link only for a text that reads it, planned or not', () => {
    for (const source of ['Stop: {{ unsubscribe }}', 'Stop: {{ unsubscribe | strip }}', 'Stop: {unsubscribe}']) {
      const compiled = compileTextDocument(source);
      expect(compiled).toMatchObject({ readsUnsubscribe: true });
      const link = renderTextDocument(compiled, context).slice('Stop: '.length);
      const token = link.split('/').pop()!;
      expect(link.startsWith('https://herald.example/')).toBe(true);
      expect(verifyTrackingToken(token, secret)).toMatchObject({ kind: 'unsubscribe', destinationId: '3.41' });
    }
  });

  it('keeps a text without Liquid as it is', () => {
    expect(renderTextDocument(compileTextDocument('20% off today'), context)).toBe('20% off today');
  });
});
