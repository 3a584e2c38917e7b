import { describe, expect, it } from 'vitest';
import { listUnsubscribeHeaders } from './list-unsubscribe-headers';
import {
  destinationMac,
  signTrackingToken,
  signWithDestinationMac,
  verifyTrackingToken,
  type TrackingTokenPayload,
} from './tracking-token';

const SECRET = 'tracking-secret-one';

function flipCharacter(token: string, index: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const current = alphabet.indexOf(token[index] ?? 'A');
  return token.slice(0, index) + alphabet[(current + 32) % 64] + token.slice(index + 1);
}

describe('tracking tokens', () => {
  const payloads: TrackingTokenPayload[] = [
    { kind: 'open', destinationId: '1' },
    { kind: 'click', destinationId: '123456789012', linkPosition: 7 },
    { kind: 'click', destinationId: '5', linkPosition: 2, url: 'https://example.com/p/5?naam=Jos%C3%A9&x=ü' },
    { kind: 'unsubscribe', destinationId: '77' },
    { kind: 'webversion', destinationId: '77' },
  ];

  it.each(payloads)('round-trips a $kind token', (payload) => {
    const token = signTrackingToken(payload, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(verifyTrackingToken(token, SECRET)).toEqual(payload);
  });

  it('is compact for a static click link', () => {
    expect(
      signTrackingToken({ kind: 'click', destinationId: '1234567', linkPosition: 12 }, SECRET).length,
    ).toBeLessThanOrEqual(44);
  });

  it('rejects a token with any one character altered', () => {
    const token = signTrackingToken(
      { kind: 'click', destinationId: '42', linkPosition: 3, url: 'https://example.com/a' },
      SECRET,
    );
    for (let index = 0; index < token.length; index++) {
      expect(verifyTrackingToken(flipCharacter(token, index), SECRET), `character ${index}`).toBeNull();
    }
  });

  it('rejects a token whose last character differs only in bits base64 ignores', () => {
    const token = signTrackingToken({ kind: 'open', destinationId: '42' }, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1) ?? 'A');
    const variants = [1, 2, 3].map((bit) => token.slice(0, -1) + alphabet[last ^ bit]);
    for (const variant of variants) expect(verifyTrackingToken(variant, SECRET)).toBeNull();
  });

  it('rejects truncated and extended tokens', () => {
    const token = signTrackingToken({ kind: 'click', destinationId: '42', linkPosition: 1 }, SECRET);
    for (let length = 0; length < token.length; length++) {
      expect(verifyTrackingToken(token.slice(0, length), SECRET)).toBeNull();
    }
    expect(verifyTrackingToken(`${token}A`, SECRET)).toBeNull();
    expect(verifyTrackingToken(`${token}=`, SECRET)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    const token = signTrackingToken({ kind: 'unsubscribe', destinationId: '42' }, 'another-secret');
    expect(verifyTrackingToken(token, SECRET)).toBeNull();
  });

  it('rejects garbage without throwing', () => {
    for (const garbage of ['', 'not a token', '!!!!', 'A'.repeat(200), '\u0000', 'x'.repeat(200_000)]) {
      expect(verifyTrackingToken(garbage, SECRET)).toBeNull();
    }
  });

  it('never lets a forger change the URL of a personalised link', () => {
    const token = signTrackingToken(
      { kind: 'click', destinationId: '42', linkPosition: 1, url: 'https://example.com/' },
      SECRET,
    );
    const bytes = Buffer.from(token, 'base64url');
    const url = bytes.indexOf('example');
    bytes.write('evilxyz', url, 'latin1');
    expect(verifyTrackingToken(bytes.toString('base64url'), SECRET)).toBeNull();
  });
});

describe('tracking tokens sharing their destination MAC (version 2)', () => {
  const mac = destinationMac('1.42', SECRET);
  const click = signWithDestinationMac({ kind: 'click', destinationId: '1.42', linkPosition: 3 }, mac);
  const open = signWithDestinationMac({ kind: 'open', destinationId: '1.42' }, mac);

  it('round-trips opens and clicks, and are as compact as version 1', () => {
    expect(verifyTrackingToken(click, SECRET)).toEqual({ kind: 'click', destinationId: '1.42', linkPosition: 3 });
    expect(verifyTrackingToken(open, SECRET)).toEqual({ kind: 'open', destinationId: '1.42' });
    expect(click.length).toBe(
      signTrackingToken({ kind: 'click', destinationId: '1.42', linkPosition: 3 }, SECRET).length,
    );
  });

  it('rejects another destination, another secret, and any altered MAC or destination character', () => {
    expect(
      verifyTrackingToken(signWithDestinationMac({ kind: 'open', destinationId: '1.43' }, mac), SECRET),
    ).toBeNull();
    expect(
      verifyTrackingToken(
        signWithDestinationMac({ kind: 'open', destinationId: '1.42' }, destinationMac('1.42', 'another-secret')),
        SECRET,
      ),
    ).toBeNull();
    const bytes = Buffer.from(click, 'base64url');
    for (const index of [4, 5, 6, 7, ...Array.from({ length: 16 }, (_, i) => bytes.length - 16 + i)]) {
      const altered = Buffer.from(bytes);
      altered[index] = altered[index]! ^ 0x01;
      expect(verifyTrackingToken(altered.toString('base64url'), SECRET), `byte ${index}`).toBeNull();
    }
  });

  it('never becomes an unsubscribe, a web version or a URL: those need a MAC of their own', () => {
    const asKind = (code: number): string => {
      const bytes = Buffer.from(open, 'base64url');
      bytes[1] = code;
      return bytes.toString('base64url');
    };
    expect(verifyTrackingToken(asKind(3), SECRET)).toBeNull(); // unsubscribe
    expect(verifyTrackingToken(asKind(4), SECRET)).toBeNull(); // web version
    // A URL appended under the shared MAC: the layout is valid, the token is not.
    const withUrl = Buffer.from(click, 'base64url');
    const body = withUrl.subarray(0, withUrl.length - 16);
    const url = Buffer.from('https://evil.example/');
    const forged = Buffer.concat([body, Buffer.from([0, url.length]), url, withUrl.subarray(withUrl.length - 16)]);
    forged[2] = 0b11;
    expect(verifyTrackingToken(forged.toString('base64url'), SECRET)).toBeNull();
  });

  it('lets the holder of one token of a message name another link of the same message, and nothing more', () => {
    // The documented trade: positions are not under the shared MAC (the API still checks the link exists).
    const bytes = Buffer.from(click, 'base64url');
    bytes.writeUInt32BE(4, 4 + 4);
    expect(verifyTrackingToken(bytes.toString('base64url'), SECRET)).toEqual({
      kind: 'click',
      destinationId: '1.42',
      linkPosition: 4,
    });
  });
});

describe('listUnsubscribeHeaders', () => {
  it('gives the RFC 8058 one-click headers with the signed URL first and the mailbox second', () => {
    expect(
      listUnsubscribeHeaders({ baseUrl: 'https://t.example.com/', token: 'TOKEN', mailto: 'unsubscribe@example.com' }),
    ).toEqual({
      'List-Unsubscribe': '<https://t.example.com/t/l/TOKEN>, <mailto:unsubscribe@example.com>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('leaves out the mailbox when there is none', () => {
    expect(listUnsubscribeHeaders({ baseUrl: 'https://t.example.com', token: 'TOKEN' })['List-Unsubscribe']).toBe(
      '<https://t.example.com/t/l/TOKEN>',
    );
  });
});
