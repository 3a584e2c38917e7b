import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RedisProtocolError, RedisReplyReader, bulkStrings, redisCommand } from './redis-protocol';

/** A reply as Redis would send it, and what the reader reports for it (its error message, or null). */
type Reply = { wire: string; error: string | null };

const line = fc.string({ maxLength: 30 }).map((text) => text.replace(/[\r\n]/g, ' '));
const reply: fc.Arbitrary<Reply> = fc.letrec<{ reply: Reply }>((tie) => ({
  reply: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    line.map((text) => ({ wire: `+${text}\r\n`, error: null })),
    line.map((text) => ({ wire: `-${text}\r\n`, error: text })),
    fc.integer().map((n) => ({ wire: `:${n}\r\n`, error: null })),
    // Bulk strings may hold anything, CRLF and multi-byte characters included.
    fc.string({ unit: 'binary', maxLength: 40 }).map((text) => ({
      wire: `$${Buffer.byteLength(text)}\r\n${text}\r\n`,
      error: null,
    })),
    fc.constant({ wire: '$-1\r\n', error: null }),
    fc.constant({ wire: '*-1\r\n', error: null }),
    fc
      .array(tie('reply'), { maxLength: 4 })
      .map((items) => ({ wire: `*${items.length}\r\n${items.map((item) => item.wire).join('')}`, error: null })),
  ),
})).reply;

/** Feeds `wire` to a reader in the chunks `cuts` make, and lists what it reports. */
function readInChunks(wire: Buffer, cuts: number[]): Array<string | null> {
  const reader = new RedisReplyReader();
  const seen: Array<string | null> = [];
  const at = [...new Set(cuts.map((cut) => cut % (wire.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...at, wire.length]) {
    reader.read(wire.subarray(from, to), (error) => seen.push(error));
    from = to;
  }
  return seen;
}

describe('redisCommand', () => {
  it('counts each argument in bytes, not characters', () => {
    expect(redisCommand(['XADD', 'k', '*', 'e', 'Łódź'])).toBe(
      '*5\r\n$4\r\nXADD\r\n$1\r\nk\r\n$1\r\n*\r\n$1\r\ne\r\n$7\r\nŁódź\r\n',
    );
    expect(redisCommand(['PING'])).toBe(`*1\r\n${bulkStrings(['PING'])}`);
    expect(bulkStrings([''])).toBe('$0\r\n\r\n');
  });
});

describe('RedisReplyReader', () => {
  it('reports every reply once, in order, with its error, however the bytes are cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(reply, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 12 }), (replies, cuts) => {
        const wire = Buffer.from(replies.map((r) => r.wire).join(''), 'utf8');
        expect(readInChunks(wire, cuts)).toEqual(replies.map((r) => r.error));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reports nothing of a reply until its last byte is in', () => {
    const wire = Buffer.from('$5\r\nab\r\nc\r\n-WRONGTYPE no\r\n');
    const reader = new RedisReplyReader();
    const seen: Array<string | null> = [];
    for (let i = 0; i < wire.length; i++) {
      reader.read(wire.subarray(i, i + 1), (error) => seen.push(error));
      if (i < 10) expect(seen, `after byte ${i}`).toEqual([]);
    }
    expect(seen).toEqual([null, 'WRONGTYPE no']);
  });

  it('refuses bytes that are no reply, after reporting the replies before them', () => {
    for (const garbage of ['?what\r\n', '$x\r\n', '$12345678901\r\n', '*\r\n', '+OK\rX']) {
      const seen: Array<string | null> = [];
      expect(() => new RedisReplyReader().read(Buffer.from(`+OK\r\n${garbage}`), (e) => seen.push(e))).toThrow(
        RedisProtocolError,
      );
      expect(seen).toEqual([null]);
    }
  });
});
