import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeHeraldAddress,
  decodeReturnPath,
  decodeUnsubscribeAddress,
  encodeDestinationAddresses,
  encodeHeraldMessageId,
  encodeReturnPath,
  encodeUnsubscribeAddress,
  parseHeraldMessageId,
  type HeraldAddressKind,
} from './herald-addresses';

const destinationId = fc.bigInt({ min: 0n, max: 2n ** 63n - 1n });
const secret = fc.string({ minLength: 1, maxLength: 40 });
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
const options = fc.record({ secret, domain });
const kind = fc.constantFrom<HeraldAddressKind>('RETURN_PATH', 'UNSUBSCRIBE');
const encode = (k: HeraldAddressKind) => (k === 'RETURN_PATH' ? encodeReturnPath : encodeUnsubscribeAddress);
const decode = (k: HeraldAddressKind) => (k === 'RETURN_PATH' ? decodeReturnPath : decodeUnsubscribeAddress);

/** Each character of the address in either case: receivers may fold a local part's case (RFC 5321 leaves it to them). */
const anyCase = (address: string) =>
  fc
    .array(fc.boolean(), { minLength: address.length, maxLength: address.length })
    .map((upper) => [...address].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

const oneChar = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 });

/** Replace, insert or delete one character, or cut the address short. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), char: oneChar }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), char: oneChar }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(address: string, m: Mutation): string {
  const at = m.at % (address.length + 1);
  switch (m.op) {
    case 'replace':
      return address.slice(0, at) + m.char + address.slice(at + 1);
    case 'insert':
      return address.slice(0, at) + m.char + address.slice(at);
    case 'delete':
      return address.slice(0, at) + address.slice(at + 1);
    case 'truncate':
      return address.slice(0, at);
  }
}

function neverThrows<T>(run: () => T): T {
  let result: T | undefined;
  expect(() => (result = run())).not.toThrow();
  return result as T;
}

describe('signed addresses round-trip', () => {
  it('decode(encode(id)) is the id, as its own kind, in any case', () => {
    fc.assert(
      fc.property(destinationId, options, kind, (id, opts, k) => {
        const address = encode(k)(id, opts);
        expect(decode(k)(address, opts)).toEqual({ destinationId: id.toString() });
        expect(decodeHeraldAddress(address, opts)).toEqual({ kind: k, destinationId: id.toString() });
        fc.assert(
          fc.property(anyCase(address), (folded) => {
            expect(decodeHeraldAddress(folded, opts)).toEqual({ kind: k, destinationId: id.toString() });
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 300 },
    );
  });

  it('one HMAC gives both addresses, each equal to its own encoder', () => {
    fc.assert(
      fc.property(destinationId, options, (id, opts) => {
        expect(encodeDestinationAddresses(id, opts)).toEqual({
          returnPath: encodeReturnPath(id, opts),
          unsubscribeAddress: encodeUnsubscribeAddress(id, opts),
        });
      }),
      { numRuns: 200 },
    );
  });

  it('an address is never the other kind, nor the other kind with its prefix swapped', () => {
    fc.assert(
      fc.property(destinationId, options, kind, (id, opts, k) => {
        const other: HeraldAddressKind = k === 'RETURN_PATH' ? 'UNSUBSCRIBE' : 'RETURN_PATH';
        const address = encode(k)(id, opts);
        expect(decode(other)(address, opts)).toBeNull();
        // The other kind's prefix on this kind's signature: what a holder of one address could make.
        const swapped = encode(other)(id, opts).slice(0, 2) + address.slice(2);
        expect(neverThrows(() => decodeHeraldAddress(swapped, opts))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('an address signed with another secret or for another domain does not verify', () => {
    fc.assert(
      fc.property(destinationId, options, secret, domain, kind, (id, opts, otherSecret, otherDomain, k) => {
        const address = encode(k)(id, opts);
        if (otherSecret !== opts.secret)
          expect(decodeHeraldAddress(address, { ...opts, secret: otherSecret })).toBeNull();
        if (otherDomain !== opts.domain) {
          expect(decodeHeraldAddress(address, { ...opts, domain: otherDomain })).toBeNull();
          // Same local part under the other domain: the signature covers the domain.
          const moved = `${address.split('@')[0]}@${otherDomain}`;
          expect(decodeHeraldAddress(moved, { ...opts, domain: otherDomain })).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a mutated address is null and never throws, unless the mutation only changed case or brackets', () => {
    fc.assert(
      fc.property(
        destinationId,
        options,
        kind,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (id, opts, k, mutations) => {
          const address = encode(k)(id, opts);
          const damaged = mutations.reduce(mutate, address);
          const decoded = neverThrows(() => decodeHeraldAddress(damaged, opts));
          if (decoded) {
            const undone = damaged
              .trim()
              .replace(/^<(.*)>$/, '$1')
              .trim()
              .toLowerCase()
              .replace(/\.$/, '');
            expect(undone).toBe(address);
            expect(decoded).toEqual({ kind: k, destinationId: id.toString() });
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('nothing arbitrary verifies and nothing throws', () => {
    const opts = { secret: 'property-secret', domain: 'bounces.herald.localhost' };
    const guess = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      fc
        .tuple(
          fc.constantFrom('b', 'u', 'B', 'U'),
          fc.bigInt({ min: 0n, max: 2n ** 64n }),
          fc.stringMatching(/^[a-z2-7]{16}$/),
        )
        .map(([p, n, s]) => `${p}-${n}-${s}@${opts.domain}`),
    );
    fc.assert(
      fc.property(guess, (candidate) => {
        expect(neverThrows(() => decodeHeraldAddress(candidate, opts))).toBeNull();
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('Message-IDs round-trip', () => {
  const mailingId = fc.integer({ min: 1, max: 2 ** 31 - 1 });
  const positiveDestination = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n });

  it('parse(encode(ids)) is the ids, whatever the domain and case', () => {
    fc.assert(
      fc.property(mailingId, positiveDestination, domain, fc.boolean(), (m, d, host, upper) => {
        const messageId = encodeHeraldMessageId({ mailingId: m, destinationId: d }, host);
        const expected = { mailingId: m, destinationId: d.toString() };
        expect(parseHeraldMessageId(messageId)).toEqual(expected);
        expect(parseHeraldMessageId(upper ? messageId.toUpperCase() : ` ${messageId} `)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('a mutated Message-ID is null or names ids it literally spells, and never throws', () => {
    fc.assert(
      fc.property(
        mailingId,
        positiveDestination,
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (m, d, mutations) => {
          const damaged = mutations.reduce(
            mutate,
            encodeHeraldMessageId({ mailingId: m, destinationId: d }, 'bounces.herald.localhost'),
          );
          const parsed = neverThrows(() => parseHeraldMessageId(damaged));
          // Unsigned, so a change of digits may name other ids; but what it names must be what it spells.
          if (parsed)
            expect(
              encodeHeraldMessageId(parsed, damaged.trim().slice(damaged.trim().indexOf('@') + 1, -1)).toLowerCase(),
            ).toBe(damaged.trim().toLowerCase());
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('an address is no Message-ID and a Message-ID is no address', () => {
    fc.assert(
      fc.property(mailingId, positiveDestination, (m, d) => {
        const opts = { secret: 's', domain: 'bounces.herald.localhost' };
        const messageId = encodeHeraldMessageId({ mailingId: m, destinationId: d }, opts.domain);
        expect(decodeHeraldAddress(messageId, opts)).toBeNull();
        const { returnPath, unsubscribeAddress } = encodeDestinationAddresses(d, opts);
        expect(parseHeraldMessageId(`<${returnPath}>`)).toBeNull();
        expect(parseHeraldMessageId(`<${unsubscribeAddress}>`)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
