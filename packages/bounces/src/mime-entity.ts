import libmime from 'libmime';
import { decode as decodeCharset } from 'libmime/lib/charset.js';
import { decode as decodeQuotedPrintable } from 'libqp';

/**
 * A small, synchronous MIME walk made for bounces. mailparser's simpleParser folds a
 * `message/delivery-status` part into the message text and takes milliseconds per message;
 * here each part keeps its own headers and body, and only the parts we read get decoded.
 * Bodies are held as latin1 strings (one char per byte) so nothing is decoded twice.
 */
export type HeaderMap = Map<string, string[]>;

export interface MimeEntity {
  headers: HeaderMap;
  /** Lower case, e.g. `multipart/report`. */
  contentType: string;
  params: Record<string, string>;
  /** The raw (still transfer-encoded) body, one char per byte. */
  body: string;
  parts: MimeEntity[];
}

const MAX_DEPTH = 6;
const MAX_PARTS = 64;
const MAX_HEADER_LINES = 2_000;
const HEADER_NAME = /^[!-9;-~]+$/;
// Longer header values are cut: no real header needs more, and every regex downstream stays cheap.
const MAX_HEADER_VALUE = 16 * 1024;

export function parseHeaderBlock(block: string): HeaderMap {
  const headers: HeaderMap = new Map();
  const lines = block.split(/\r?\n/, MAX_HEADER_LINES);
  let pending: string | undefined;
  const flush = (): void => {
    if (pending === undefined) return;
    const colon = pending.indexOf(':');
    if (colon > 0) {
      const name = pending.slice(0, colon).trim().toLowerCase();
      if (HEADER_NAME.test(name)) {
        const value = pending
          .slice(colon + 1, colon + 1 + MAX_HEADER_VALUE)
          .replace(/\s+/g, ' ')
          .trim();
        const values = headers.get(name);
        if (values) values.push(value);
        else headers.set(name, [value]);
      }
    }
    pending = undefined;
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line) && pending !== undefined) {
      if (pending.length < MAX_HEADER_VALUE) pending += ` ${line.trim()}`;
    } else {
      flush();
      pending = line;
    }
  }
  flush();
  return headers;
}

export function header(headers: HeaderMap, name: string): string | undefined {
  return headers.get(name)?.[0];
}

/** A header value with RFC 2047 encoded words decoded (subjects, display names). */
export function decodedHeader(headers: HeaderMap, name: string): string | undefined {
  const value = header(headers, name);
  if (value === undefined) return undefined;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

function splitHead(raw: string): { head: string; body: string } {
  if (/^\r?\n/.test(raw)) return { head: '', body: raw.replace(/^\r?\n/, '') };
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { head: raw, body: '' };
  return { head: raw.slice(0, match.index), body: raw.slice(match.index + match[0].length) };
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let start = -1;
  let from = 0;
  while (parts.length < MAX_PARTS) {
    const at = body.indexOf(delimiter, from);
    if (at < 0) break;
    from = at + delimiter.length;
    if (at > 0 && body[at - 1] !== '\n') continue; // not at the start of a line
    const isClose = body.startsWith('--', from);
    const lineEnd = body.indexOf('\n', from);
    // "--abc-inner" is not a delimiter of "abc": only whitespace may follow the boundary.
    const rest = body.slice(isClose ? from + 2 : from, lineEnd < 0 ? body.length : lineEnd);
    if (rest.trim() !== '') continue;
    if (start >= 0) parts.push(body.slice(start, at).replace(/\r?\n$/, ''));
    if (isClose || lineEnd < 0) {
      start = -1;
      break;
    }
    start = lineEnd + 1;
  }
  // A missing closing delimiter (a truncated message) still yields the last part.
  if (start >= 0 && parts.length < MAX_PARTS) parts.push(body.slice(start));
  return parts;
}

export function parseEntity(raw: string, depth = 0): MimeEntity {
  const { head, body } = splitHead(raw);
  const headers = parseHeaderBlock(head);
  let contentType = 'text/plain';
  let params: Record<string, string> = {};
  const typeHeader = header(headers, 'content-type');
  if (typeHeader) {
    const parsed = libmime.parseHeaderValue(typeHeader);
    if (/^[\w.+-]+\/[\w.+-]+$/.test(parsed.value)) contentType = parsed.value.toLowerCase();
    params = Object.fromEntries(
      Object.entries(parsed.params).map(([key, value]) => [key.toLowerCase(), String(value)]),
    );
  }
  const entity: MimeEntity = { headers, contentType, params, body, parts: [] };
  if (contentType.startsWith('multipart/') && params.boundary && depth < MAX_DEPTH) {
    entity.parts = splitMultipart(body, params.boundary).map((part) => parseEntity(part, depth + 1));
  }
  return entity;
}

/** The body with its Content-Transfer-Encoding undone. */
export function decodedBody(entity: MimeEntity): Buffer {
  const encoding = header(entity.headers, 'content-transfer-encoding')?.toLowerCase().trim();
  if (encoding === 'base64') return Buffer.from(entity.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(Buffer.from(entity.body, 'latin1'));
  return Buffer.from(entity.body, 'latin1');
}

/** The body as text in its declared charset (UTF-8 when none is declared). */
export function bodyText(entity: MimeEntity): string {
  const bytes = decodedBody(entity);
  try {
    return decodeCharset(bytes, entity.params.charset ?? 'utf-8');
  } catch {
    return bytes.toString('utf8');
  }
}

/** Every entity of the tree, depth first, not descending into attached messages. */
export function walk(entity: MimeEntity, visit: (part: MimeEntity) => void): void {
  visit(entity);
  for (const part of entity.parts) walk(part, visit);
}
