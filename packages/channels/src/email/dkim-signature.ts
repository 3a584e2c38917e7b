import { createHash, sign, type KeyObject } from 'node:crypto';

/** One key a message is signed with: RSA (rsa-sha256), and Ed25519 (ed25519-sha256, RFC 8463) beside it. */
export interface DkimKey {
  /** The d= domain: the From address's domain, ASCII. */
  domain: string;
  selector: string;
  /** Parsed once per domain by whoever holds the keys: parsing a PEM per message costs more than signing. */
  key: KeyObject;
}

/**
 * The header fields a signature covers when the message has them (RFC 6376 5.4.1), with
 * List-Unsubscribe and List-Unsubscribe-Post, which RFC 8058 requires to be signed for one-click.
 */
const SIGNED_FIELDS = [
  'from',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'in-reply-to',
  'references',
  'feedback-id',
];
const SIGNED = new Set(SIGNED_FIELDS);
const CRLF = '\r\n';

/** Relaxed header canonicalization (RFC 6376 3.4.2) of one field `Name: value`, folded or not. */
function relaxedHeader(field: string): { name: string; line: string } {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return { name, line: `${name}:${value}` };
}

/**
 * Relaxed body canonicalization (RFC 6376 3.4.4) of a CRLF body: runs of spaces and tabs become one
 * space, none at a line's end, and no empty lines at the end. Native regular expressions, as a
 * character loop cost more than the rest of the message.
 */
export function relaxedBody(body: string): string {
  const canonical = /[ \t]/.test(body)
    ? body
        .replace(/[ \t]+\r\n/g, CRLF)
        .replace(/[ \t]+$/, '')
        .replace(/[ \t]+/g, ' ')
    : body;
  let end = canonical.length;
  while (end >= 2 && canonical.charCodeAt(end - 1) === 10 && canonical.charCodeAt(end - 2) === 13) end -= 2;
  // A non-empty body ends in one CRLF; an empty one is the empty string.
  return end === 0 ? '' : `${canonical.slice(0, end)}${CRLF}`;
}

/** Folds a header within 76 characters after `; ` or `:`: unfolding gives a space there, which DKIM allows. */
function foldDkimHeader(header: string): string {
  const parts = header.split(/(?<=; |:)/);
  let out = '';
  let lineLength = 0;
  for (const part of parts) {
    const piece = part.replace(/ $/, '');
    if (lineLength > 0 && lineLength + piece.length > 76) {
      out = out.replace(/ $/, '') + `${CRLF} `;
      lineLength = 1;
    }
    out += part;
    lineLength += part.length;
  }
  return out;
}

/** What one key signs, and the field its signature completes. */
interface UnsignedDkimField {
  key: DkimKey;
  /** The field up to `b=`. */
  header: string;
  /** The algorithm's input: RSA signs it with SHA-256, Ed25519 its SHA-256 digest (RFC 8463). */
  algorithm: 'sha256' | null;
  data: Buffer;
}

/**
 * What each key signs for a message's header fields and body (relaxed/relaxed, SHA-256): the body
 * hash once for all keys, each field folded at its tag boundaries so that unfolding gives back what
 * was signed. `headerFields` are the message's fields as written (folded with CRLF and whitespace).
 */
function unsignedDkimFields(
  headerFields: readonly string[],
  body: string,
  keys: readonly DkimKey[],
  now: Date,
): UnsignedDkimField[] {
  const bodyHash = createHash('sha256').update(relaxedBody(body), 'utf8').digest('base64');
  // The last instance of each field is the one a verifier takes first (RFC 6376 5.4.2); each once.
  const signed = new Map<string, string>();
  for (let i = headerFields.length - 1; i >= 0; i--) {
    const relaxed = relaxedHeader(headerFields[i]!);
    if (SIGNED.has(relaxed.name) && !signed.has(relaxed.name)) signed.set(relaxed.name, relaxed.line);
  }
  const names = SIGNED_FIELDS.filter((name) => signed.has(name));
  const canonicalHeaders = names.map((name) => signed.get(name)! + CRLF).join('');
  const time = Math.floor(now.getTime() / 1000);
  return keys.map((key) => {
    const ed25519 = key.key.asymmetricKeyType === 'ed25519';
    const tags = [
      'v=1',
      `a=${ed25519 ? 'ed25519-sha256' : 'rsa-sha256'}`,
      'c=relaxed/relaxed',
      `d=${key.domain}`,
      `s=${key.selector}`,
      `t=${time}`,
      `h=${names.join(':')}`,
      `bh=${bodyHash}`,
    ];
    // Folded at tag and field-name boundaries; the verifier unfolds before it hashes, as here.
    const header = `${foldDkimHeader(`DKIM-Signature: ${tags.join('; ')};`)}${CRLF} b=`;
    const data = canonicalHeaders + relaxedHeader(header).line;
    return ed25519
      ? { key, header, algorithm: null, data: createHash('sha256').update(data, 'utf8').digest() }
      : { key, header, algorithm: 'sha256', data: Buffer.from(data, 'utf8') };
  });
}

/** The field completed with its signature; whitespace inside b= is ignored by the verifier, which removes the value. */
function signedField(field: UnsignedDkimField, signature: Buffer): string {
  const b = signature.toString('base64');
  return field.header + b.slice(0, 73) + b.slice(73).replace(/.{1,75}/g, (chunk) => `${CRLF} ${chunk}`);
}

/** The DKIM-Signature fields of a message, one per key, signed on this thread. */
export function dkimSignatureFields(
  headerFields: readonly string[],
  body: string,
  keys: readonly DkimKey[],
  now: Date,
): string[] {
  return unsignedDkimFields(headerFields, body, keys, now).map((field) =>
    signedField(field, sign(field.algorithm, field.data, field.key.key)),
  );
}

/**
 * The same, signed in libuv's thread pool: an RSA-2048 signature costs more than composing the
 * message, and the sending thread composes the next messages meanwhile.
 */
export function dkimSignatureFieldsAsync(
  headerFields: readonly string[],
  body: string,
  keys: readonly DkimKey[],
  now: Date,
): Promise<string[]> {
  return Promise.all(
    unsignedDkimFields(headerFields, body, keys, now).map(
      (field) =>
        new Promise<string>((resolve, reject) =>
          sign(field.algorithm, field.data, field.key.key, (error, signature) =>
            error ? reject(error) : resolve(signedField(field, signature)),
          ),
        ),
    ),
  );
}
