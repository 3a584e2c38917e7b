import { describe, expect, it } from 'vitest';
import { encodeReturnPath, parseHeraldMessageId } from './addresses/herald-addresses';
import { attributeReport } from './report-attribution';

const options = { secret: 'test-secret', domain: 'bounces.herald.localhost' };
const a = { destinationId: '11', mailingId: 1 };
const b = { destinationId: '22', mailingId: 2 };
const report = (originalMessageId?: string, returnPathCandidates: string[] = []) => ({
  originalMessageId,
  returnPathCandidates,
});

describe('parseHeraldMessageId', () => {
  it('reads the mailing and destination of a Message-ID Herald wrote', () => {
    expect(parseHeraldMessageId('<m12.d345@bounces.herald.localhost>')).toEqual({
      mailingId: 12,
      destinationId: '345',
    });
  });

  it.each([
    undefined,
    '',
    '<m1.d2>',
    '<x@y>',
    '<m1.d2@a@b>',
    `<m1.d${'9'.repeat(20)}@b>`,
    '<m99999999999.d1@b>',
    '<m1.d2@b> trailing',
  ])('is null for %s', (id) => {
    expect(parseHeraldMessageId(id)).toBeNull();
  });
});

describe('attributeReport', () => {
  it('applies a report to the destination of its signed return path, with or without a matching hint', () => {
    expect(attributeReport(report(), [a], options)).toEqual({ kind: 'APPLY', destination: a });
    expect(attributeReport(report('<m1.d11@bounces.herald.localhost>'), [a], options)).toEqual({
      kind: 'APPLY',
      destination: a,
    });
    expect(attributeReport(report('<someone-else@mx.example>'), [a], options)).toEqual({
      kind: 'APPLY',
      destination: a,
    });
  });

  it('drops a report whose Message-ID names another destination or another mailing', () => {
    expect(attributeReport(report('<m2.d22@bounces.herald.localhost>'), [a], options)).toMatchObject({
      kind: 'DROP',
      reason: expect.stringContaining('22'),
    });
    expect(attributeReport(report('<m2.d11@bounces.herald.localhost>'), [a], options)).toMatchObject({
      kind: 'DROP',
      reason: expect.stringContaining('mailing 2'),
    });
  });

  it('drops a report whose signed return path candidates name another destination, and ignores unsigned ones', () => {
    const other = encodeReturnPath(22, options);
    expect(attributeReport(report(undefined, [other]), [a], options)).toMatchObject({ kind: 'DROP' });
    expect(
      attributeReport(
        report(undefined, ['b-22-aaaaaaaaaaaaaaaa@bounces.herald.localhost', 'x@y.example']),
        [a],
        options,
      ),
    ).toEqual({ kind: 'APPLY', destination: a });
  });

  it('drops a report with no signed destination, and chooses among several only by a hint naming exactly one', () => {
    expect(attributeReport(report('<m1.d11@b>'), [], options)).toMatchObject({ kind: 'DROP' });
    expect(attributeReport(report(), [a, b], options)).toMatchObject({ kind: 'DROP' });
    expect(attributeReport(report('<m2.d22@b>'), [a, b], options)).toEqual({ kind: 'APPLY', destination: b });
    expect(attributeReport(report('<m2.d22@b>', [encodeReturnPath(11, options)]), [a, b], options)).toMatchObject({
      kind: 'DROP',
    });
  });
});
