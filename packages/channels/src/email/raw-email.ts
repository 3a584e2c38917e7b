import { randomBytes } from 'node:crypto';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import { encodeQuotedPrintable } from './quoted-printable';

// Boundaries need only be unique within a message: a random prefix per process and a counter.
const BOUNDARY_PREFIX = `h-${randomBytes(8).toString('hex')}-`;
let boundaryCounter = 0;

export interface RawEmailInput {
  from: { name?: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
  date?: Date;
}

const CRLF = '\r\n';
const HEADER_NAME = /^[!-9;-~]+$/;

function headerLine(name: string, value: string): string {
  // Folding keeps every line within RFC 5322's 78 characters; encoded words keep it 7-bit.
  return mimeFuncs.foldLines(`${name}: ${mimeFuncs.isPlainText(value) ? value : mimeFuncs.encodeWords(value, 'Q', 52)}`, 76);
}

function mailbox(address: { name?: string; address: string }): string {
  if (!address.name) return address.address;
  const name = mimeFuncs.isPlainText(address.name)
    ? /^[\w !#$%&'*+\-/=?^`{|}~]*$/.test(address.name)
      ? address.name
      : `"${address.name.replace(/(["\\])/g, '\\$1')}"`
    : mimeFuncs.encodeWord(address.name, 'Q', 52);
  return `${name} <${address.address}>`;
}

/**
 * Whether a body may go as it is (RFC 5322 2.1.1, RFC 2045 2.7 "7bit"): ASCII without NUL, CR and
 * LF only together as CRLF, lines of at most 998 characters. Compiled templates already have CRLF
 * line ends, so a rendered body normally passes; native string searches keep it cheap (a
 * character loop in JavaScript cost more than the rest of building the message).
 */
function isSendableAsIs(body: string): boolean {
  if (Buffer.byteLength(body, 'utf8') !== body.length || body.includes('\0')) return false;
  let lineStart = 0;
  let lines = 0;
  for (let lf = body.indexOf('\n'); lf !== -1; lf = body.indexOf('\n', lineStart)) {
    if (body.charCodeAt(lf - 1) !== 13 || lf - 1 - lineStart > 998) return false;
    lines++;
    lineStart = lf + 1;
  }
  if (body.length - lineStart > 998) return false;
  // Every CR belongs to a CRLF when there are as many CRs as LFs (each LF checked its CR above).
  let crs = 0;
  for (let cr = body.indexOf('\r'); cr !== -1; cr = body.indexOf('\r', cr + 1)) crs++;
  return crs === lines;
}

/**
 * Whether a body with CRLF line ends may go as 8bit (RFC 6152): no NUL and lines of at most 998
 * octets. A line of at most 332 UTF-16 units is at most 996 octets, so only longer ones are measured.
 */
function isSendableAs8Bit(crlfBody: string): boolean {
  if (crlfBody.includes('\0')) return false;
  let lineStart = 0;
  for (;;) {
    const lf = crlfBody.indexOf('\n', lineStart);
    const lineEnd = lf === -1 ? crlfBody.length : lf - 1;
    if (lineEnd - lineStart > 332 && Buffer.byteLength(crlfBody.slice(lineStart, lineEnd), 'utf8') > 998) return false;
    if (lf === -1) return true;
    lineStart = lf + 1;
  }
}

type TransferEncoding = '7bit' | '8bit' | 'quoted-printable';

/**
 * The part's transfer encoding and body: 7bit when it is (after CRLF line ends); 8bit when allowed
 * (the server offers 8BITMIME) and the lines fit; quoted-printable otherwise.
 */
function encodeBody(body: string, allow8Bit: boolean): { encoding: TransferEncoding; body: string } {
  if (isSendableAsIs(body)) return { encoding: '7bit', body };
  const crlf = body.replace(/\r\n|\r|\n/g, CRLF);
  if (isSendableAsIs(crlf)) return { encoding: '7bit', body: crlf };
  if (allow8Bit && isSendableAs8Bit(crlf)) return { encoding: '8bit', body: crlf };
  return { encoding: 'quoted-printable', body: encodeQuotedPrintable(crlf) };
}

export interface RawEmail {
  source: Buffer;
  /** A part is 8bit: the message must be sent with BODY=8BITMIME. */
  eightBit: boolean;
}

/**
 * Builds the message source of a personalised email directly: a multipart/alternative of a
 * text and HTML part in UTF-8, 7bit when they are, 8bit when `allow8Bit` (the server offers
 * 8BITMIME) and quoted-printable otherwise. Each bulk message has the same simple shape, so this
 * skips nodemailer's general composer (its MIME tree and streams cost more than rendering the
 * message does) while using nodemailer's own encoders for headers.
 */
export function composeRawEmail(input: RawEmailInput, options: { allow8Bit: boolean }): RawEmail {
  const boundary = BOUNDARY_PREFIX + (boundaryCounter++).toString(36);
  const lines = [
    headerLine('From', mailbox(input.from)),
    `To: ${input.to}`,
    ...(input.replyTo ? [`Reply-To: ${input.replyTo}`] : []),
    headerLine('Subject', input.subject),
    `Message-ID: ${input.messageId}`,
    `Date: ${(input.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
  ];
  for (const [name, value] of Object.entries(input.headers)) {
    if (!HEADER_NAME.test(name)) throw new Error(`Invalid header name: ${name}`);
    lines.push(headerLine(name, value.replace(/[\r\n]+/g, ' ')));
  }
  lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  const text = encodeBody(input.text, options.allow8Bit);
  const html = encodeBody(input.html, options.allow8Bit);
  const source =
    lines.join(CRLF) +
    CRLF +
    CRLF +
    `--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: ${text.encoding}${CRLF}${CRLF}` +
    text.body +
    `${CRLF}--${boundary}${CRLF}Content-Type: text/html; charset=utf-8${CRLF}Content-Transfer-Encoding: ${html.encoding}${CRLF}${CRLF}` +
    html.body +
    `${CRLF}--${boundary}--${CRLF}`;
  return { source: Buffer.from(source, 'utf8'), eightBit: text.encoding === '8bit' || html.encoding === '8bit' };
}

/** The message source for a server without 8BITMIME: every part 7bit or quoted-printable. */
export function buildRawEmail(input: RawEmailInput): Buffer {
  return composeRawEmail(input, { allow8Bit: false }).source;
}
