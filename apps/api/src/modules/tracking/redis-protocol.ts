/*
 * Just enough of the Redis protocol (RESP2) for the tracking stream's own connection: commands as
 * arrays of bulk strings, and replies read only for whether each one is an error. ioredis builds an
 * object, a promise and an argument list per command and parses every reply into a value; for the
 * one XADD per open and click that was a fifth of the API's CPU per request.
 */

const CR = 0x0d;
const LF = 0x0a;

/** A command as Redis reads it: `*<n>` then each argument as a bulk string. */
export function redisCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${bulkStrings(args)}`;
}

/** Arguments as bulk strings (`$<bytes>` and the text), for a command whose first arguments are written once. */
export function bulkStrings(args: readonly string[]): string {
  let out = '';
  for (const arg of args) out += `$${Buffer.byteLength(arg, 'utf8')}\r\n${arg}\r\n`;
  return out;
}

/** Something the server sent that is not RESP2: the connection can no longer be read. */
export class RedisProtocolError extends Error {}

/**
 * Splits what a Redis connection receives into replies, in order, whatever the chunks' boundaries.
 * Each reply is reported as its error message (`-ERR …` without the dash) or null for any other reply.
 */
export class RedisReplyReader {
  private rest: Buffer | null = null;

  /** Throws RedisProtocolError on bytes that are no reply; the replies before them were reported. */
  read(chunk: Buffer, onReply: (error: string | null) => void): void {
    const buffer = this.rest === null ? chunk : Buffer.concat([this.rest, chunk]);
    let at = 0;
    for (;;) {
      const end = replyEnd(buffer, at);
      if (end < 0) break;
      onReply(buffer[at] === 0x2d ? buffer.toString('utf8', at + 1, end - 2) : null);
      at = end;
    }
    this.rest = at < buffer.length ? buffer.subarray(at) : null;
  }
}

/** Where the reply starting at `at` ends (past its last CRLF), or -1 while it is incomplete. */
function replyEnd(buffer: Buffer, at: number): number {
  if (at >= buffer.length) return -1;
  const lineEnd = buffer.indexOf(CR, at);
  if (lineEnd < 0 || lineEnd + 1 >= buffer.length) return -1;
  if (buffer[lineEnd + 1] !== LF) throw new RedisProtocolError('a Redis reply line without CRLF');
  const afterLine = lineEnd + 2;
  switch (buffer[at]) {
    case 0x2b: // + simple string
    case 0x2d: // - error
    case 0x3a: // : integer
      return afterLine;
    case 0x24: {
      // $ bulk string, or $-1 for none
      const length = lengthOf(buffer, at + 1, lineEnd);
      if (length < 0) return afterLine;
      const end = afterLine + length + 2;
      return end <= buffer.length ? end : -1;
    }
    case 0x2a: {
      // * array of replies, or *-1 for none
      const count = lengthOf(buffer, at + 1, lineEnd);
      let end = afterLine;
      for (let i = 0; i < count; i++) {
        end = replyEnd(buffer, end);
        if (end < 0) return -1;
      }
      return end;
    }
    default:
      throw new RedisProtocolError(`not a Redis reply: byte ${buffer[at]} at ${at}`);
  }
}

/** The decimal length between `from` and `to`: -1 for none, and a protocol error for anything else. */
function lengthOf(buffer: Buffer, from: number, to: number): number {
  if (to - from === 2 && buffer[from] === 0x2d && buffer[from + 1] === 0x31) return -1;
  if (to === from || to - from > 10) throw new RedisProtocolError('bad length in a Redis reply');
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = buffer[i]! - 0x30;
    if (digit < 0 || digit > 9) throw new RedisProtocolError('bad length in a Redis reply');
    value = value * 10 + digit;
  }
  return value;
}
