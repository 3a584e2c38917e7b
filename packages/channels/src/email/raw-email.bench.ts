// Run: cd /work/main && npx vitest bench --run packages/channels
// No timing assertions anywhere: this only prints. A 14 KB newsletter body built into a message:
// ASCII (sent as 7bit), and the same with one "é" (quoted-printable, or 8bit), beside nodemailer's
// quoted-printable encoder on the same body for comparison.
import * as nodemailerQp from 'nodemailer/lib/qp';
import { bench, describe } from 'vitest';
import { encodeQuotedPrintable } from './quoted-printable';
import { buildRawEmail, composeRawEmail } from './raw-email';

const paragraph =
  '<p style="font-family:Arial;color:#555;line-height:1.5">Lorem ipsum dolor sit amet, consectetur adipiscing elit. <a href="https://example.com/x?a=1&amp;b=2">Read more</a></p>';
const ascii = Array.from({ length: 80 }, (_, i) => `${paragraph}${i}`).join('\r\n');
const dutch = ascii.replace('Lorem', 'Beste Zoë,');
const message = (html: string) => ({
  from: { name: 'Herald', address: 'news@herald.example' },
  to: 'p@example.test',
  subject: 'Hello',
  messageId: '<m1.d1@b>',
  headers: {},
  html,
  text: 'Hello',
});

describe(`message with a ${ascii.length}-character HTML body`, () => {
  bench('buildRawEmail, ASCII body (7bit)', () => {
    buildRawEmail(message(ascii));
  });
  bench('buildRawEmail, body with one é (quoted-printable)', () => {
    buildRawEmail(message(dutch));
  });
  bench('composeRawEmail, body with one é, server offers 8BITMIME (8bit)', () => {
    composeRawEmail(message(dutch), { allow8Bit: true });
  });
  bench('encodeQuotedPrintable alone', () => {
    encodeQuotedPrintable(dutch);
  });
  bench("nodemailer's qp encode + wrap alone (before)", () => {
    nodemailerQp.wrap(nodemailerQp.encode(Buffer.from(dutch, 'utf8')), 76).replace(/\r?\n/g, '\r\n');
  });
});
