import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeStreamEntry,
  encodeStreamEntry,
  parseTrackedDestination,
  type TrackingStreamEntry,
} from './tracking-stream';

const KINDS = ['open', 'click', 'unsubscribe', 'one-click-unsubscribe', 'complaint', 'bounce'] as const;
const MAX_INT4 = 2 ** 31 - 1;
const MAX_INT8 = 2n ** 63n - 1n;

/** Field names the decoder reads, other names, and the names of Object.prototype's members. */
const name = fc.oneof(
  fc.constantFrom('k', 'd', 't', 'm', 'ua', 'ip', 'p', 'u', 'ek', 'ec', 'et', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 4 }),
);
const value = fc.oneof(
  fc.constantFrom(
    'o',
    'c',
    'u',
    'l',
    'x',
    'b',
    'constructor',
    'toString',
    '__proto__',
    'HARD',
    'SOFT',
    '1.1',
    '0',
    '-1',
    '1e400',
    '9e15',
    '8640000000000001',
    'NaN',
    '',
  ),
  fc
    .tuple(fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.bigInt({ min: 0n, max: 10n ** 19n }))
    .map(([m, d]) => `${m}.${d}`),
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map(String),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
const pairs = fc.array(fc.tuple(name, value), { maxLength: 14 }).map((list) => list.flat());
// Mostly the three required fields, each near or past its edge, so the checks behind them are reached.
const flat = fc.oneof(
  pairs,
  fc
    .tuple(
      fc.oneof(fc.constantFrom('o', 'c', 'u', 'l', 'x', 'b', 'constructor', 'toString', 'valueOf', '__proto__'), value),
      fc.oneof(
        fc
          .tuple(fc.bigInt({ min: 0n, max: 10n ** 10n - 1n }), fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }))
          .map(([m, d]) => `${m}.${d}`),
        value,
      ),
      fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 16n }).map(String), value),
      pairs,
    )
    .map(([k, d, t, rest]) => ['k', k, 'd', d, 't', t, ...rest]),
  // The packed form: a JSON array in the encoder's order, of values near their edges, of other JSON, or no JSON at all.
  fc
    .array(fc.oneof(value, fc.constant(null), fc.integer(), fc.constant([]), fc.constant({})), { maxLength: 13 })
    .map((values) => ['e', JSON.stringify(values)]),
  fc
    .tuple(
      fc.oneof(fc.constantFrom('o', 'c'), value),
      fc.oneof(fc.constantFrom('1.1', '2147483648.1'), value),
      fc.oneof(fc.constant('1700000000000'), value),
      fc.array(fc.oneof(value, fc.constant(null)), { maxLength: 9 }),
    )
    .map(([k, d, t, rest]) => ['e', JSON.stringify([k, d, t, ...rest])]),
  fc.tuple(fc.constant('e'), fc.oneof(value, fc.json())),
);

/** A well-formed entry of the shapes the API and the inbound server write. */
const entry: fc.Arbitrary<TrackingStreamEntry> = fc.record(
  {
    kind: fc.constantFrom(...KINDS),
    mailingId: fc.integer({ min: 0, max: MAX_INT4 }),
    destinationId: fc.bigInt({ min: 0n, max: MAX_INT8 }),
    at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
    method: fc.constantFrom('GET', 'HEAD', 'POST'),
    userAgent: fc.string({ minLength: 1, maxLength: 600 }).filter((s) => !s.includes('\u0000')),
    ipHash: fc.stringMatching(/^[0-9a-f]{1,64}$/),
    linkPosition: fc.integer({ min: 0, max: MAX_INT4 }),
    url: fc.webUrl(),
    errorKind: fc.constantFrom('SOFT' as const, 'HARD' as const),
    errorCode: fc.stringMatching(/^[245]\.\d{1,3}\.\d{1,3}$/),
    errorText: fc.string({ minLength: 1, maxLength: 1_200 }).filter((s) => !s.includes('\u0000')),
  },
  { requiredKeys: ['kind', 'mailingId', 'destinationId', 'at'] },
);

describe('decodeStreamEntry: what it returns, the database can store', () => {
  it('never throws, and returns only known kinds, ids the columns hold, valid dates and text without NUL', () => {
    fc.assert(
      fc.property(flat, (fields) => {
        const decoded = decodeStreamEntry(fields);
        if (decoded === null) return;
        expect(KINDS).toContain(decoded.kind);
        expect(Number.isInteger(decoded.mailingId) && decoded.mailingId >= 0 && decoded.mailingId <= MAX_INT4).toBe(
          true,
        );
        expect(decoded.destinationId >= 0n && decoded.destinationId <= MAX_INT8).toBe(true);
        expect(Number.isNaN(decoded.at.getTime())).toBe(false);
        if (decoded.linkPosition !== undefined)
          expect(
            Number.isInteger(decoded.linkPosition) && decoded.linkPosition >= 0 && decoded.linkPosition <= MAX_INT4,
          ).toBe(true);
        for (const text of [
          decoded.method,
          decoded.userAgent,
          decoded.ipHash,
          decoded.url,
          decoded.errorCode,
          decoded.errorText,
        ]) {
          if (text !== undefined) expect(text).not.toContain('\u0000');
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('round-trips every well-formed entry, cutting only what the encoder cuts', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const decoded = decodeStreamEntry(encodeStreamEntry(e));
        expect(decoded).toEqual({
          method: undefined,
          userAgent: undefined,
          ipHash: undefined,
          linkPosition: undefined,
          url: undefined,
          errorKind: undefined,
          errorCode: undefined,
          errorText: undefined,
          ...e,
          ...(e.userAgent !== undefined ? { userAgent: e.userAgent.slice(0, 512) } : {}),
          ...(e.errorText !== undefined ? { errorText: e.errorText.slice(0, 1000) } : {}),
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it('regressions: a kind from Object.prototype, ids beyond the columns, an out-of-range time, a NUL byte', () => {
    const base = ['d', '1.1', 't', '1700000000000'];
    expect(decodeStreamEntry(['k', 'constructor', ...base])).toBeNull();
    expect(decodeStreamEntry(['k', 'toString', ...base])).toBeNull();
    expect(decodeStreamEntry(['k', 'o', 'd', '9999999999.1', 't', '1'])).toBeNull();
    expect(decodeStreamEntry(['k', 'o', 'd', '1.9999999999999999999', 't', '1'])).toBeNull();
    expect(decodeStreamEntry(['k', 'o', 'd', '1.1', 't', '9000000000000000'])).toBeNull();
    expect(decodeStreamEntry(['k', 'c', ...base, 'p', '99999999999'])).toBeNull();
    expect(decodeStreamEntry(['k', 'c', ...base, 'p', '1e3'])).toBeNull();
    expect(decodeStreamEntry(['k', 'b', ...base, 'et', 'smtp; 550 user\u0000unknown'])?.errorText).toBe(
      'smtp; 550 userunknown',
    );
    expect(parseTrackedDestination('2147483647.9223372036854775807')).toEqual({
      mailingId: MAX_INT4,
      destinationId: MAX_INT8,
    });
    expect(parseTrackedDestination('2147483648.1')).toBeNull();
  });
});
