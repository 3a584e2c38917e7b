import { describe, expect, it } from 'vitest';
import { listUnsubscribeHeaders } from './list-unsubscribe-headers';
import { signTrackingToken, verifyTrackingToken, type TrackingTokenPayload } from './tracking-token';

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
    expect(signTrackingToken({ kind: 'click', destinationId: '1234567', linkPosition: 12 }, SECRET).length).toBeLessThanOrEqual(44);
  });

  it('rejects a token with any one character altered', () => {
    const token = signTrackingToken({ kind: 'click', destinationId: '42', linkPosition: 3, url: 'https://example.com/a' }, SECRET);
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
    const token = signTrackingToken({ kind: 'click', destinationId: '42', linkPosition: 1, url: 'https://example.com/' }, SECRET);
    const bytes = Buffer.from(token, 'base64url');
    const url = bytes.indexOf('example');
    bytes.write('evilxyz', url, 'latin1');
    expect(verifyTrackingToken(bytes.toString('base64url'), SECRET)).toBeNull();
  });
});

describe('listUnsubscribeHeaders', () => {
  it('gives the RFC 8058 one-click headers with the signed URL first and the mailbox second', () => {
    expect(listUnsubscribeHeaders({ baseUrl: 'https://t.example.com/', token: 'TOKEN', mailto: 'unsubscribe@example.com' })).toEqual({
      'List-Unsubscribe': '<https://t.example.com/t/u/TOKEN>, <mailto:unsubscribe@example.com>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('leaves out the mailbox when there is none', () => {
    expect(listUnsubscribeHeaders({ baseUrl: 'https://t.example.com', token: 'TOKEN' })['List-Unsubscribe']).toBe(
      '<https://t.example.com/t/u/TOKEN>',
    );
  });
});
