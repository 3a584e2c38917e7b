import libmime from 'libmime';

/** Header blocks longer than this are cut: a sink must not grow without bound on a message with no blank line. */
export const MAX_HEADER_BYTES = 256 * 1024;

/**
 * Where the header block of a raw message ends (the index of the blank line), or -1 when it has not ended yet.
 * Accepts bare LF as well as CRLF, as clients differ.
 */
export function headerBlockEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf === -1) return lf;
  if (lf === -1) return crlf;
  return Math.min(crlf, lf);
}

/**
 * Reads the header block of a message into lower-case names and decoded values, without a MIME parse of the body.
 * A repeated header (Received, …) keeps every value, one per line, topmost first.
 */
export function parseHeaderBlock(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = block.split(/\r?\n/);
  let current: string | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const colon = current.indexOf(':');
    if (colon > 0) {
      const name = current.slice(0, colon).trim().toLowerCase();
      const value = decodeHeaderValue(current.slice(colon + 1).trim());
      headers[name] = name in headers ? `${headers[name]}\n${value}` : value;
    }
    current = undefined;
  };
  for (const line of lines) {
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== undefined) {
      // Folded header: the continuation belongs to the line before (RFC 5322 §2.2.3).
      current += ` ${line.trim()}`;
    } else {
      flush();
      current = line;
    }
  }
  flush();
  return headers;
}

function decodeHeaderValue(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    // A malformed encoded-word is shown as it came, not dropped.
    return value;
  }
}
