import { describe, expect, it } from 'vitest';
import { BULK_AUDIENCE, checkDocument, GMAIL_CLIP_BYTES, type DocumentCheckInput } from './document-checks';
import { blockingFindings } from './finding';

const PARAGRAPH =
  '<p>Our autumn collection is here: warm coats, wool scarves and boots made to last. ' +
  'Members get ten percent off everything until the end of the month, in every shop and online.</p>';

const CLEAN_HTML = `<html><body>
<h1>Hello {{ firstname }}</h1>
${PARAGRAPH}
<img src="https://cdn.example.com/coat.jpg" alt="A wool coat">
<p><a href="https://www.example.com/autumn">See the collection</a></p>
<p><a href="{{ unsubscribe }}">Unsubscribe</a></p>
</body></html>`;

function input(overrides: Partial<DocumentCheckInput['document']> = {}, rest: Partial<DocumentCheckInput> = {}) {
  return {
    document: {
      fromAddress: 'news@herald.example',
      subject: 'Autumn news for {{ firstname }}',
      html: CLEAN_HTML,
      text: 'Hello {{ firstname }}, our autumn collection is here. Unsubscribe: {{ unsubscribe }}',
      ...overrides,
    },
    audienceSize: BULK_AUDIENCE,
    sentLastDay: 0,
    fields: { profile: ['firstname'] },
    ...rest,
  };
}

const codes = (i: DocumentCheckInput) => checkDocument(i).map((finding) => finding.code);

describe('checkDocument', () => {
  it('finds nothing in a clean document', () => {
    expect(checkDocument(input())).toEqual([]);
  });

  it('reports a template error with its part and line, as an error', () => {
    const findings = checkDocument(input({ html: CLEAN_HTML.replace('</h1>', '</h1>\n{% if x %}') }));
    expect(findings.map((f) => f.code)).toEqual(['template-error']);
    expect(findings[0]).toMatchObject({ severity: 'error', where: { part: 'html' } });
  });

  it('reports a field the database lacks, naming it', () => {
    const findings = checkDocument(input({ html: CLEAN_HTML.replace('{{ firstname }}', '{{ city }}') }));
    expect(findings.map((f) => f.code)).toEqual(['unknown-field']);
    expect(findings[0]).toMatchObject({ severity: 'warning', where: { field: 'city' } });
  });

  it('reports an empty subject and an empty body as blocking', () => {
    expect(codes(input({ subject: '  ' }))).toEqual(['empty-subject']);
    const empty = checkDocument(input({ html: '<html><body><a href="{{ unsubscribe }}"></a></body></html>' }));
    expect(blockingFindings(empty).map((f) => f.code)).toEqual(['empty-body']);
  });

  it('informs that there is no plain-text part', () => {
    const findings = checkDocument(input({ text: null }));
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['no-text-part', 'info']]);
  });

  it('blocks a bulk send without an unsubscribe link and warns under the bulk line', () => {
    const html = CLEAN_HTML.replace('<p><a href="{{ unsubscribe }}">Unsubscribe</a></p>', '');
    const bulk = checkDocument(input({ html }));
    expect(bulk.map((f) => [f.code, f.severity])).toEqual([['missing-unsubscribe-link', 'error']]);
    const small = checkDocument(input({ html }, { audienceSize: BULK_AUDIENCE - 1 }));
    expect(small.map((f) => [f.code, f.severity])).toEqual([['missing-unsubscribe-link', 'warning']]);
  });

  it("counts the account's past 24 hours toward the bulk line, not only this mailing", () => {
    const html = CLEAN_HTML.replace('<p><a href="{{ unsubscribe }}">Unsubscribe</a></p>', '');
    const afterOthers = checkDocument(input({ html }, { audienceSize: 1000, sentLastDay: BULK_AUDIENCE - 1000 }));
    expect(afterOthers.map((f) => [f.code, f.severity])).toEqual([['missing-unsubscribe-link', 'error']]);
    expect(afterOthers[0]!.message).toMatch(/with 4000 message\(s\) sent in the past 24 hours and 1000 now/);
    const quietDay = checkDocument(input({ html }, { audienceSize: 1000, sentLastDay: BULK_AUDIENCE - 1001 }));
    expect(quietDay.map((f) => [f.code, f.severity])).toEqual([['missing-unsubscribe-link', 'warning']]);
  });

  it("accepts Copernica's {unsubscribe} as the unsubscribe link", () => {
    expect(codes(input({ html: CLEAN_HTML.replace('{{ unsubscribe }}', '{unsubscribe}') }))).toEqual([]);
  });

  it.each([
    ['https//www.example.com/autumn', 'malformed-link'],
    ['javascript:alert(1)', 'malformed-link'],
    ['http://www.example.com/autumn', 'insecure-link'],
    ['https://bit.ly/3xYz', 'shortened-link'],
    ['https://192.0.2.10/autumn', 'ip-address-link'],
    ['https://[2001:db8::1]/autumn', 'ip-address-link'],
  ])('reports the link %s as %s, with its line', (href, code) => {
    const findings = checkDocument(input({ html: CLEAN_HTML.replace('https://www.example.com/autumn', href) }));
    expect(findings.map((f) => f.code)).toEqual([code]);
    expect(findings[0]!.where).toEqual({ part: 'html', line: 5, link: href });
  });

  it('leaves personalised, mailto and anchor links alone', () => {
    const html = CLEAN_HTML.replace('https://www.example.com/autumn', '{{ profile.shop }}').replace(
      '</body>',
      '<a href="mailto:help@example.com">Help</a><a href="#top">Top</a></body>',
    );
    expect(codes(input({ html }, { fields: { profile: ['firstname', 'shop'] } }))).toEqual([]);
  });

  it('reports an image without alt text, with its line; alt="" is a decorative image', () => {
    const findings = checkDocument(input({ html: CLEAN_HTML.replace(' alt="A wool coat"', '') }));
    expect(findings.map((f) => f.code)).toEqual(['image-without-alt']);
    expect(findings[0]!.where).toMatchObject({ part: 'html', line: 4 });
    expect(codes(input({ html: CLEAN_HTML.replace('A wool coat', '') }))).toEqual([]);
  });

  it('warns about little text beside images', () => {
    expect(codes(input({ html: CLEAN_HTML.replace(PARAGRAPH, '') }))).toEqual(['little-text']);
  });

  it('warns about a message Gmail clips', () => {
    const padding = `<!-- ${'x'.repeat(GMAIL_CLIP_BYTES)} -->`;
    expect(codes(input({ html: CLEAN_HTML.replace('</body>', `${padding}</body>`) }))).toEqual(['message-too-large']);
  });

  it('warns about a long subject and a shouting one', () => {
    expect(codes(input({ subject: `Autumn ${'news '.repeat(20)}` }))).toEqual(['subject-too-long']);
    expect(codes(input({ subject: 'HUGE AUTUMN SALE NOW' }))).toEqual(['subject-shouting']);
    expect(codes(input({ subject: 'Autumn sale!!!' }))).toEqual(['subject-shouting']);
    expect(codes(input({ subject: 'Autumn sale for {{ FIRSTNAME }}!' }, { fields: null }))).toEqual([]);
  });
});
