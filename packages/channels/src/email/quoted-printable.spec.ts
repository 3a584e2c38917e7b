import { simpleParser } from 'mailparser';
import * as nodemailerQp from 'nodemailer/lib/qp';
import { describe, expect, it } from 'vitest';
import { encodeQuotedPrintable } from './quoted-printable';
import { buildRawEmail } from './raw-email';

/** RFC 2045 6.7 decoding, written from the rules and kept apart from the encoder under test. */
function decode(encoded: string): string {
  const bytes: number[] = [];
  for (const line of encoded.split('\r\n').map((l, i, all) => (i < all.length - 1 ? `${l}\r\n` : l))) {
    const soft = line.endsWith('=\r\n');
    const content = soft ? line.slice(0, -3) : line;
    for (let i = 0; i < content.length; i++) {
      if (content[i] === '=') {
        bytes.push(parseInt(content.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(content.charCodeAt(i));
      }
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Deterministic pseudo-random text of the pieces that make quoted-printable hard. */
function randomText(seed: number, pieces: number): string {
  const alphabet = [
    'a',
    'Word ',
    ' ',
    '\t',
    '=',
    '==',
    'é',
    '€',
    '😀',
    '\r\n',
    ' \r\n',
    '\t\r\n',
    '.',
    '=\r\n',
    'x'.repeat(80),
    'ë'.repeat(30),
    '<a href="x">',
  ];
  let state = seed;
  let text = '';
  for (let i = 0; i < pieces; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    text += alphabet[state % alphabet.length];
  }
  return text;
}

function expectWellFormed(encoded: string): void {
  for (const line of encoded.split('\r\n')) {
    expect(line.length, line).toBeLessThanOrEqual(76);
    expect(line, line).toMatch(/^[\t\x20-\x7e]*$/);
    expect(line, line).not.toMatch(/[ \t]$/);
  }
  expect(encoded).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
}

describe('encodeQuotedPrintable', () => {
  it('encodes what it must and nothing more', () => {
    expect(encodeQuotedPrintable('Plain text, 100% ASCII.')).toBe('Plain text, 100% ASCII.');
    expect(encodeQuotedPrintable('a=b')).toBe('a=3Db');
    expect(encodeQuotedPrintable('Zoë €')).toBe('Zo=C3=AB =E2=82=AC');
    expect(encodeQuotedPrintable('end \r\nnext\t\r\nlast ')).toBe('end=20\r\nnext=09\r\nlast=20');
  });

  it('breaks long lines softly, never inside an encoded byte', () => {
    const encoded = encodeQuotedPrintable(`${'x'.repeat(74)}é${'y'.repeat(200)}`);
    expectWellFormed(encoded);
    expect(encoded.split('\r\n')[0]).toBe(`${'x'.repeat(74)}=`);
    expect(encoded.split('\r\n')[1]!.startsWith('=C3=A9')).toBe(true);
    expect(decode(encoded)).toBe(`${'x'.repeat(74)}é${'y'.repeat(200)}`);
  });

  it('round-trips any mix of the hard cases, well formed', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = randomText(seed, 1 + (seed % 60));
      const encoded = encodeQuotedPrintable(text);
      expectWellFormed(encoded);
      expect(decode(encoded), `seed ${seed}`).toBe(text);
    }
  });

  it('decodes to the same text as nodemailer’s encoder does', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const text = randomText(seed, 40);
      const theirs = nodemailerQp.wrap(nodemailerQp.encode(Buffer.from(text, 'utf8')), 76).replace(/\r?\n/g, '\r\n');
      expect(decode(encodeQuotedPrintable(text))).toBe(decode(theirs));
    }
  });

  it('reads back through a MIME parser inside a whole message', async () => {
    const html = `<p style="color: red">Beste Zoë,</p>\r\n<p>${'Lange regel met tekst = waarde. '.repeat(40)}</p>\r\n<p>€ 10 korting </p>`;
    const raw = buildRawEmail({
      from: { address: 'a@herald.example' },
      to: 'b@example.test',
      subject: 'Hi',
      messageId: '<x@y>',
      headers: {},
      html,
      text: 'Zoë',
    });
    expect(raw.toString('latin1')).toContain('Content-Transfer-Encoding: quoted-printable');
    const parsed = await simpleParser(raw);
    expect(parsed.html).toBe(html.replace(/\r\n/g, '\n'));
    expect(parsed.text).toBe('Zoë');
  });
});
