import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  destinationMac,
  isCanonicalBase64url,
  signTrackingToken,
  signWithDestinationMac,
  verifyTrackingToken,
  type TrackingTokenPayload,
} from './tracking-token';

const SECRET = 'tracking-secret-property';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

// Ids as the tracking tokens carry them (`mailing.destination`), and anything else up to 255 bytes.
const destinationId = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }))
    .map(([m, d]) => `${m}.${d}`),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 60 })
    .filter((id) => Buffer.byteLength(id) <= 255 && Buffer.from(id).toString() === id),
);
const position = fc.integer({ min: 0, max: 0xffffffff });
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true }),
  fc.string({ unit: 'binary', maxLength: 300 }).filter((u) => Buffer.from(u).toString() === u),
);

const payload: fc.Arbitrary<TrackingTokenPayload> = fc.oneof(
  fc.record({ kind: fc.constantFrom('open' as const, 'unsubscribe' as const, 'webversion' as const), destinationId }),
  fc.record({ kind: fc.constant('click' as const), destinationId, linkPosition: position }),
  fc.record({ kind: fc.constant('click' as const), destinationId, linkPosition: position, url }),
);

/** One change an attacker or a mangling mail client could make to a token. */
const mutation = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 63 })).map(([at, shift]) => (token: string) => {
    const i = at % token.length;
    return token.slice(0, i) + ALPHABET[(ALPHABET.indexOf(token[i]!) + shift) % 64] + token.slice(i + 1);
  }),
  fc.nat().map((at) => (token: string) => token.slice(0, at % token.length)),
  fc.string({ minLength: 1, maxLength: 8 }).map((extra) => (token: string) => token + extra),
  fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 4 })).map(
    ([at, extra]) =>
      (token: string) =>
        token.slice(0, at % token.length) + extra + token.slice(at % token.length),
  ),
  fc.nat().map((at) => (token: string) => token.slice(0, at % token.length) + token.slice((at % token.length) + 1)),
);

describe('tracking tokens, for any payload and any string', () => {
  it('verify what they sign, exactly', () => {
    fc.assert(
      fc.property(payload, (signed) => {
        const token = signTrackingToken(signed, SECRET);
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(verifyTrackingToken(token, SECRET)).toEqual(signed);
      }),
      { numRuns: 1_000 },
    );
  });

  it('verify the version 2 tokens of a destination, exactly', () => {
    fc.assert(
      fc.property(destinationId, fc.option(position), (id, linkPosition) => {
        const signed =
          linkPosition === null
            ? { kind: 'open' as const, destinationId: id }
            : { kind: 'click' as const, destinationId: id, linkPosition };
        expect(verifyTrackingToken(signWithDestinationMac(signed, destinationMac(id, SECRET)), SECRET)).toEqual(signed);
      }),
      { numRuns: 500 },
    );
  });

  it('never verify once changed, nor under another secret, and never throw', () => {
    fc.assert(
      fc.property(payload, mutation, (signed, mutate) => {
        const token = signTrackingToken(signed, SECRET);
        const changed = mutate(token);
        fc.pre(changed !== token);
        expect(verifyTrackingToken(changed, SECRET)).toBeNull();
        expect(verifyTrackingToken(token, `${SECRET}x`)).toBeNull();
      }),
      { numRuns: 2_000 },
    );
  });

  it('a changed version 2 token verifies at most as another open or link click of the same destination (by design), never throws', () => {
    fc.assert(
      fc.property(destinationId, position, mutation, (id, linkPosition, mutate) => {
        const token = signWithDestinationMac(
          { kind: 'click', destinationId: id, linkPosition },
          destinationMac(id, SECRET),
        );
        const changed = mutate(token);
        fc.pre(changed !== token);
        const verified = verifyTrackingToken(changed, SECRET);
        if (verified !== null) {
          expect(verified.destinationId).toBe(id);
          expect(['open', 'click']).toContain(verified.kind);
          expect(verified.url).toBeUndefined();
        }
        expect(verifyTrackingToken(token, `${SECRET}x`)).toBeNull();
      }),
      { numRuns: 2_000 },
    );
  });

  it('never verify a string they did not sign, and never throw', () => {
    const tokenLike = fc.stringMatching(/^[A-Za-z0-9_-]{0,120}$/);
    const base64OfBytes = fc
      .uint8Array({ minLength: 0, maxLength: 400 })
      .map((bytes) => Buffer.from(bytes).toString('base64url'));
    // Bodies that parse (right version, kind, lengths) with a MAC that is not the secret's.
    const wellFormed = fc
      .tuple(
        fc.constantFrom(1, 2),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
      )
      .map(([version, kind, flags, rest, mac]) =>
        Buffer.concat([Buffer.from([version, kind, flags, rest.length]), rest, mac]).toString('base64url'),
      );
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'binary' }), tokenLike, base64OfBytes, wellFormed),
        fc.oneof(fc.constant(SECRET), fc.string()),
        (candidate, secret) => {
          expect(verifyTrackingToken(candidate, secret)).toBeNull();
        },
      ),
      { numRuns: 3_000 },
    );
  });
});

describe('isCanonicalBase64url', () => {
  it('holds exactly when encoding the decoded bytes again gives the same text', () => {
    const text = fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength: 60 });
    const encoded = fc
      .uint8Array({ minLength: 1, maxLength: 45 })
      .map((bytes) => Buffer.from(bytes).toString('base64url'));
    fc.assert(
      fc.property(fc.oneof(text, encoded), (candidate) => {
        const reencoded = Buffer.from(candidate, 'base64url').toString('base64url');
        expect(isCanonicalBase64url(candidate)).toBe(reencoded === candidate);
      }),
      { numRuns: 5_000 },
    );
  });
});
