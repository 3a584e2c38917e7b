import { randomBytes } from 'node:crypto';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import { dkimSignatureFields, dkimSignatureFieldsAsync, type DkimKey } from './dkim-signature';
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
  /** Keys of the From address's domain: the message is signed with each (DKIM, relaxed/relaxed). */
  dkim?: readonly DkimKey[];
}

const CRLF = '\r\n';
const HEADER_NAME = /^[!-9;-~]+$/;

function headerLine(name: string, value: string): string {
  // Folding keeps every line within RFC 5322's 78 characters; encoded words keep it 7-bit.
  return mimeFuncs.foldLines(
    `${name}: ${mimeFuncs.isPlainText(value) ? value : mimeFuncs.encodeWords(value, 'Q', 52)}`,
    76,
  );
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

// The checks below use native string searches: a character loop in JavaScript cost more than
// building the rest of the message.

/** Whether CR and LF occur only together as CRLF. Compiled templates have CRLF line ends already. */
function hasOnlyCrlfLineEnds(body: string): boolean {
  let lfs = 0;
  for (let lf = body.indexOf('\n'); lf !== -1; lf = body.indexOf('\n', lf + 1)) {
    if (body.charCodeAt(lf - 1) !== 13) return false;
    lfs++;
  }
  // Each LF has its CR (checked above), so equal counts leave no CR without an LF.
  let crs = 0;
  for (let cr = body.indexOf('\r'); cr !== -1; cr = body.indexOf('\r', cr + 1)) crs++;
  return crs === lfs;
}

/**
 * Whether every line of a CRLF body is at most 998 octets (RFC 5322 2.1.1; RFC 2045 and 6152 for
 * 7bit and 8bit). Outside ASCII a line of at most 332 UTF-16 units is at most 996 octets, so only
 * longer ones are measured.
 */
function linesFit(body: string, ascii: boolean): boolean {
  let lineStart = 0;
  for (;;) {
    const lf = body.indexOf('\n', lineStart);
    const lineEnd = lf === -1 ? body.length : lf - 1;
    const length = lineEnd - lineStart;
    if (length > 998 || (!ascii && length > 332 && Buffer.byteLength(body.slice(lineStart, lineEnd), 'utf8') > 998))
      return false;
    if (lf === -1) return true;
    lineStart = lf + 1;
  }
}

type TransferEncoding = '7bit' | '8bit' | 'quoted-printable';

/**
 * The part's transfer encoding and body with CRLF line ends: 7bit for ASCII, 8bit for other text
 * when allowed (the server offers 8BITMIME), both only without NUL and with lines that fit;
 * quoted-printable otherwise.
 */
function encodeBody(body: string, allow8Bit: boolean): { encoding: TransferEncoding; body: string } {
  const crlf = hasOnlyCrlfLineEnds(body) ? body : body.replace(/\r\n|\r|\n/g, CRLF);
  const ascii = Buffer.byteLength(crlf, 'utf8') === crlf.length;
  if ((ascii || allow8Bit) && !crlf.includes('\0') && linesFit(crlf, ascii))
    return { encoding: ascii ? '7bit' : '8bit', body: crlf };
  return { encoding: 'quoted-printable', body: encodeQuotedPrintable(crlf) };
}

export interface RawEmail {
  source: Buffer;
  /** A part is 8bit: the message must be sent with BODY=8BITMIME. */
  eightBit: boolean;
}

interface ComposedEmail {
  headerFields: string[];
  body: string;
  date: Date;
  eightBit: boolean;
}

function composeParts(input: RawEmailInput, options: { allow8Bit: boolean }): ComposedEmail {
  const boundary = BOUNDARY_PREFIX + (boundaryCounter++).toString(36);
  const date = input.date ?? new Date();
  const headerFields = [
    headerLine('From', mailbox(input.from)),
    `To: ${input.to}`,
    ...(input.replyTo ? [`Reply-To: ${input.replyTo}`] : []),
    headerLine('Subject', input.subject),
    `Message-ID: ${input.messageId}`,
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
  ];
  for (const [name, value] of Object.entries(input.headers)) {
    if (!HEADER_NAME.test(name)) throw new Error(`Invalid header name: ${name}`);
    headerFields.push(headerLine(name, value.replace(/[\r\n]+/g, ' ')));
  }
  headerFields.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  const text = encodeBody(input.text, options.allow8Bit);
  const html = encodeBody(input.html, options.allow8Bit);
  const body =
    `--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}Content-Transfer-Encoding: ${text.encoding}${CRLF}${CRLF}` +
    text.body +
    `${CRLF}--${boundary}${CRLF}Content-Type: text/html; charset=utf-8${CRLF}Content-Transfer-Encoding: ${html.encoding}${CRLF}${CRLF}` +
    html.body +
    `${CRLF}--${boundary}--${CRLF}`;
  return { headerFields, body, date, eightBit: text.encoding === '8bit' || html.encoding === '8bit' };
}

// The signatures go first, as an MTA would add them.
function assemble(composed: ComposedEmail, signatures: readonly string[]): RawEmail {
  const source = [...signatures, ...composed.headerFields].join(CRLF) + CRLF + CRLF + composed.body;
  return { source: Buffer.from(source, 'utf8'), eightBit: composed.eightBit };
}

/**
 * Builds the message source of a personalised email directly: a multipart/alternative of a
 * text and HTML part in UTF-8, 7bit when they are, 8bit when `allow8Bit` (the server offers
 * 8BITMIME) and quoted-printable otherwise. Each bulk message has the same simple shape, so this
 * skips nodemailer's general composer (its MIME tree and streams cost more than rendering the
 * message does) while using nodemailer's own encoders for headers. Signed once with `input.dkim`.
 */
export function composeRawEmail(input: RawEmailInput, options: { allow8Bit: boolean }): RawEmail {
  const composed = composeParts(input, options);
  const { headerFields, body, date } = composed;
  return assemble(composed, input.dkim?.length ? dkimSignatureFields(headerFields, body, input.dkim, date) : []);
}

/** The same, its DKIM signatures made in the thread pool while this thread goes on (the send path). */
export async function composeSignedEmail(input: RawEmailInput, options: { allow8Bit: boolean }): Promise<RawEmail> {
  const composed = composeParts(input, options);
  const { headerFields, body, date } = composed;
  if (!input.dkim?.length) return assemble(composed, []);
  return assemble(composed, await dkimSignatureFieldsAsync(headerFields, body, input.dkim, date));
}

/** The message source for a server without 8BITMIME: every part 7bit or quoted-printable. */
export function buildRawEmail(input: RawEmailInput): Buffer {
  return composeRawEmail(input, { allow8Bit: false }).source;
}
