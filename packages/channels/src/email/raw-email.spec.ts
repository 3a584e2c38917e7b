import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildRawEmail, composeRawEmail } from './raw-email';

describe('buildRawEmail', () => {
  it('builds a message that a MIME parser reads back exactly, non-ASCII included', async () => {
    const raw = buildRawEmail({
      from: { name: 'Zoë "Herald" Café', address: 'news@herald.example' },
      to: 'anna@example.test',
      replyTo: 'reply@herald.example',
      subject: 'Hallo Anna — €10 korting op je bestelling',
      html: `<p>Beste Anna,</p><p>${'Lange regel met tekst die over de 76 tekens heen gaat en gevouwen moet worden. '.repeat(3)}</p><p>ëéü ✓</p>`,
      text: 'Beste Anna,\nëéü ✓\n.\n',
      messageId: '<m1.d2@bounces.herald.localhost>',
      headers: {
        'List-Unsubscribe': '<https://h.example/t/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-Evil': 'a\r\nBcc: x@y',
      },
    });
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Hallo Anna — €10 korting op je bestelling');
    expect(parsed.from?.value[0]).toEqual({ name: 'Zoë "Herald" Café', address: 'news@herald.example' });
    expect(parsed.messageId).toBe('<m1.d2@bounces.herald.localhost>');
    expect(parsed.html).toContain('ëéü ✓');
    expect(parsed.html).toContain('gevouwen moet worden. Lange regel');
    expect(parsed.text).toBe('Beste Anna,\nëéü ✓\n.\n');
    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    expect(parsed.headers.has('bcc')).toBe(false);
    for (const line of raw.toString('utf8').split('\r\n')) expect(line.length, line).toBeLessThanOrEqual(78);
    expect([...raw].every((byte) => byte < 0x80)).toBe(true);
  });
});

describe('buildRawEmail transfer encodings', () => {
  const base = {
    from: { address: 'a@herald.example' },
    to: 'b@example.test',
    subject: 'Hi',
    messageId: '<x@y>',
    headers: {},
  };
  it('sends ASCII with short lines as 7bit and reads back unchanged', async () => {
    const raw = buildRawEmail({ ...base, html: '<p>Plain = ASCII</p>\n<p>.</p>', text: 'Plain = ASCII\n.' });
    const source = raw.toString('utf8');
    expect(source).toContain('Content-Transfer-Encoding: 7bit');
    expect(source).not.toContain('quoted-printable');
    const parsed = await simpleParser(raw);
    expect(parsed.html).toBe('<p>Plain = ASCII</p>\n<p>.</p>');
  });
  it('falls back to quoted-printable for a line over 998 characters', async () => {
    const long = 'x'.repeat(1200);
    const raw = buildRawEmail({ ...base, html: `<p>${long}</p>`, text: 'short' });
    const source = raw.toString('utf8');
    expect(source).toContain('Content-Transfer-Encoding: quoted-printable');
    for (const line of source.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    expect((await simpleParser(raw)).html).toBe(`<p>${long}</p>`);
  });
  it('sends a CRLF body with a line of exactly 998 characters as it is, and one of 999 as quoted-printable', () => {
    const at = (length: number): string =>
      buildRawEmail({ ...base, html: `<p>\r\n${'y'.repeat(length)}\r\n</p>`, text: 'short' }).toString('utf8');
    expect(at(998)).toContain(`Content-Transfer-Encoding: 7bit\r\n\r\n<p>\r\n${'y'.repeat(998)}\r\n</p>`);
    expect(at(999)).toContain('Content-Transfer-Encoding: quoted-printable');
  });
  it('turns bare CR and bare LF into CRLF and keeps 7bit', async () => {
    const raw = buildRawEmail({ ...base, html: '<p>a</p>\r<p>b</p>\n<p>c</p>\r\n', text: 'one\rtwo\nthree' });
    const source = raw.toString('utf8');
    expect(source).toContain('Content-Transfer-Encoding: 7bit\r\n\r\n<p>a</p>\r\n<p>b</p>\r\n<p>c</p>\r\n');
    expect(source).toContain('one\r\ntwo\r\nthree');
    expect(source).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  });
  it('never sends a NUL as it is', () => {
    const source = buildRawEmail({ ...base, html: '<p>a\u0000b</p>', text: 'x' }).toString('utf8');
    expect(source).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(source).toContain('a=00b');
  });
  it('sends UTF-8 as 8bit only when allowed and every line is at most 998 octets', async () => {
    const at = (html: string, allow8Bit: boolean) => composeRawEmail({ ...base, html, text: 'x' }, { allow8Bit });
    const eightBit = at('<p>Zoë</p>\n<p>€</p>', true);
    expect(eightBit.eightBit).toBe(true);
    expect(eightBit.source.toString('utf8')).toContain('Content-Transfer-Encoding: 8bit\r\n\r\n<p>Zoë</p>\r\n<p>€</p>');
    expect((await simpleParser(eightBit.source)).html).toBe('<p>Zoë</p>\n<p>€</p>');
    expect(at('<p>Zoë</p>', false).eightBit).toBe(false);
    expect(at('<p>Zoë</p>', false).source.toString('utf8')).toContain('quoted-printable');
    // 499 "é" are 998 octets in 499 characters; 500 are 1,000.
    expect(at('é'.repeat(499), true).eightBit).toBe(true);
    expect(at('é'.repeat(500), true).eightBit).toBe(false);
    expect(at('a\u0000é', true).eightBit).toBe(false);
  });
});
