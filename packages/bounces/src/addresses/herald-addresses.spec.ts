import { DomainError } from '@herald/domain';
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
} from './herald-addresses';

const options = { secret: 'test-secret', domain: 'bounces.herald.localhost' };

describe('encodeReturnPath', () => {
  it('writes b-<id>-<signature>@<domain> in lower case', () => {
    const address = encodeReturnPath(123n, options);
    expect(address).toMatch(/^b-123-[a-z2-7]{16}@bounces\.herald\.localhost$/);
  });

  it('gives one address per destination whatever type the id comes in', () => {
    const address = encodeReturnPath(42n, options);
    expect(encodeReturnPath(42, options)).toBe(address);
    expect(encodeReturnPath('42', options)).toBe(address);
    expect(encodeReturnPath('0042', options)).toBe(address);
  });

  it('keeps the local part within 64 characters for the largest BigInt id', () => {
    const address = encodeReturnPath(2n ** 63n - 1n, options);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(decodeReturnPath(address, options)).toEqual({ destinationId: (2n ** 63n - 1n).toString() });
  });

  it('signs with the secret and the domain', () => {
    const address = encodeReturnPath(7, options);
    expect(encodeReturnPath(7, { ...options, secret: 'other' })).not.toBe(address);
    expect(encodeReturnPath(7, { ...options, domain: 'bounces.other.example' }).split('@')[0]).not.toBe(
      address.split('@')[0],
    );
  });

  it.each([-1, 1.5, Number.NaN, 'abc', '12a', '', '-3'])('refuses %s as a destination id', (id) => {
    expect(() => encodeReturnPath(id, options)).toThrow(DomainError);
  });

  it('refuses to sign without a secret or a domain', () => {
    expect(() => encodeReturnPath(1, { ...options, secret: '' })).toThrow(DomainError);
    expect(() => encodeReturnPath(1, { ...options, domain: ' ' })).toThrow(DomainError);
    expect(() => encodeReturnPath(1, { ...options, domain: 'a@b' })).toThrow(DomainError);
  });
});

describe('decodeReturnPath', () => {
  const address = encodeReturnPath(123, options);
  const [local, domain] = address.split('@') as [string, string];
  const signature = local.split('-')[2]!;

  it('finds the destination of its own return path', () => {
    expect(decodeReturnPath(address, options)).toEqual({ destinationId: '123' });
  });

  it('survives MTAs that fold case, brackets and a trailing dot', () => {
    expect(decodeReturnPath(address.toUpperCase(), options)).toEqual({ destinationId: '123' });
    expect(decodeReturnPath(` <${address}> `, options)).toEqual({ destinationId: '123' });
    expect(decodeReturnPath(`${address}.`, options)).toEqual({ destinationId: '123' });
    expect(decodeReturnPath(address, { ...options, domain: 'BOUNCES.herald.localhost' })).toEqual({
      destinationId: '123',
    });
  });

  it('rejects a forged signature', () => {
    const flipped = signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(decodeReturnPath(`b-123-${flipped}@${domain}`, options)).toBeNull();
  });

  it('rejects a signature moved to another destination', () => {
    expect(decodeReturnPath(`b-124-${signature}@${domain}`, options)).toBeNull();
  });

  it('rejects truncated addresses', () => {
    expect(decodeReturnPath(`b-123-${signature.slice(0, 15)}@${domain}`, options)).toBeNull();
    expect(decodeReturnPath(`b-123-@${domain}`, options)).toBeNull();
    expect(decodeReturnPath(`b-123@${domain}`, options)).toBeNull();
    expect(decodeReturnPath(local, options)).toBeNull();
    expect(decodeReturnPath(`${local}@`, options)).toBeNull();
    expect(decodeReturnPath(address.slice(0, -3), options)).toBeNull();
  });

  it('rejects foreign addresses and other shapes', () => {
    expect(decodeReturnPath(`${local}@bounces.other.example`, options)).toBeNull();
    expect(decodeReturnPath(`${local}@evil.bounces.herald.localhost`, options)).toBeNull();
    expect(decodeReturnPath(`x${local}@${domain}`, options)).toBeNull();
    expect(decodeReturnPath(`b-0123-${signature}@${domain}`, options)).toBeNull();
    expect(decodeReturnPath('postmaster@bounces.herald.localhost', options)).toBeNull();
    expect(decodeReturnPath('', options)).toBeNull();
    expect(decodeReturnPath('@', options)).toBeNull();
  });

  it('rejects a return path signed with another secret, and accepts it during a key rotation', () => {
    const old = encodeReturnPath(9, { ...options, secret: 'old-secret' });
    expect(decodeReturnPath(old, options)).toBeNull();
    expect(decodeReturnPath(old, { ...options, previousSecrets: ['old-secret'] })).toEqual({ destinationId: '9' });
  });

  it('never throws on what comes in, however odd', () => {
    const odd: unknown[] = [
      null,
      undefined,
      42,
      {},
      'x'.repeat(10_000),
      'b-1-\u0000@bounces.herald.localhost',
      '<<>>@@',
    ];
    for (const value of odd) expect(decodeReturnPath(value as string, options)).toBeNull();
  });
});

describe('unsubscribe addresses', () => {
  const { returnPath, unsubscribeAddress } = encodeDestinationAddresses(123, options);

  it('writes u-<id>-<signature>@<domain> beside the return path, with a signature of its own', () => {
    expect(unsubscribeAddress).toMatch(/^u-123-[a-z2-7]{16}@bounces\.herald\.localhost$/);
    expect(returnPath).toBe(encodeReturnPath(123, options));
    expect(unsubscribeAddress).toBe(encodeUnsubscribeAddress(123, options));
    expect(unsubscribeAddress.split('-')[2]).not.toBe(returnPath.split('-')[2]);
  });

  it('reads each address as its own kind only', () => {
    expect(decodeHeraldAddress(unsubscribeAddress, options)).toEqual({ kind: 'UNSUBSCRIBE', destinationId: '123' });
    expect(decodeHeraldAddress(returnPath, options)).toEqual({ kind: 'RETURN_PATH', destinationId: '123' });
    expect(decodeUnsubscribeAddress(unsubscribeAddress.toUpperCase(), options)).toEqual({ destinationId: '123' });
    expect(decodeReturnPath(unsubscribeAddress, options)).toBeNull();
    expect(decodeUnsubscribeAddress(returnPath, options)).toBeNull();
  });

  it('does not take a return path with its prefix changed for an unsubscribe address (its holder could unsubscribe anyone)', () => {
    const [local, domain] = returnPath.split('@') as [string, string];
    const madeUp = `u${local.slice(1)}@${domain}`;
    expect(decodeHeraldAddress(madeUp, options)).toBeNull();
    expect(decodeUnsubscribeAddress(madeUp, options)).toBeNull();
    const [uLocal] = unsubscribeAddress.split('@') as [string];
    expect(decodeHeraldAddress(`b${uLocal.slice(1)}@${domain}`, options)).toBeNull();
  });

  it('accepts an unsubscribe address signed with a previous secret during a key rotation', () => {
    const old = encodeUnsubscribeAddress(9, { ...options, secret: 'old-secret' });
    expect(decodeUnsubscribeAddress(old, options)).toBeNull();
    expect(decodeUnsubscribeAddress(old, { ...options, previousSecrets: ['old-secret'] })).toEqual({
      destinationId: '9',
    });
  });
});

describe('Message-IDs', () => {
  it('writes <m<mailing>.d<destination>@<domain>> and reads it back', () => {
    const messageId = encodeHeraldMessageId({ mailingId: 12, destinationId: 345n }, 'bounces.herald.localhost');
    expect(messageId).toBe('<m12.d345@bounces.herald.localhost>');
    expect(parseHeraldMessageId(messageId)).toEqual({ mailingId: 12, destinationId: '345' });
  });

  it.each([
    [{ mailingId: 0, destinationId: 1 }, 'mailingId'],
    [{ mailingId: 2 ** 31, destinationId: 1 }, 'mailingId'],
    [{ mailingId: 1.5, destinationId: 1 }, 'mailingId'],
    [{ mailingId: 1, destinationId: 0 }, 'destinationId'],
    [{ mailingId: 1, destinationId: 2n ** 63n }, 'destinationId'],
    [{ mailingId: 1, destinationId: -1 }, 'destinationId'],
  ])('refuses ids the database cannot hold (%o)', (ids, field) => {
    expect(() => encodeHeraldMessageId(ids, 'bounces.herald.localhost')).toThrow(DomainError);
    expect(() => encodeHeraldMessageId(ids, 'bounces.herald.localhost')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: field })] }),
    );
  });

  it.each(['', ' ', 'a@b', 'a b', '<x>'])('refuses %j as its domain', (domain) => {
    expect(() => encodeHeraldMessageId({ mailingId: 1, destinationId: 1 }, domain)).toThrow(DomainError);
  });

  it('is null for ids the database cannot hold', () => {
    expect(parseHeraldMessageId(`<m${2 ** 31}.d1@b>`)).toBeNull();
    expect(parseHeraldMessageId(`<m1.d${2n ** 63n}@b>`)).toBeNull();
    expect(parseHeraldMessageId(`<m${2 ** 31 - 1}.d${2n ** 63n - 1n}@b>`)).toEqual({
      mailingId: 2 ** 31 - 1,
      destinationId: (2n ** 63n - 1n).toString(),
    });
  });
});
