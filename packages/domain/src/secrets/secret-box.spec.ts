import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, DomainErrorCode } from '../domain-error';
import { isSealed, SecretBox } from './secret-box';

const KEY = 'k'.repeat(16) + '0123456789abcdef0123456789';
const box = SecretBox.fromSecretsKey(KEY);
const context = 'smtp-password:account:1';

describe('SecretBox', () => {
  it('opens what it sealed, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (plain) => {
        expect(box.open(box.seal(plain, context), context)).toBe(plain);
      }),
    );
  });

  it('stores a versioned string that does not contain the secret, different each time', () => {
    const a = box.seal('correct horse battery staple', context);
    const b = box.seal('correct horse battery staple', context);
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('horse');
    expect(a).not.toBe(b);
    expect(isSealed(a)).toBe(true);
  });

  it('derives the same key from the same SECRETS_KEY (a restart opens old values)', () => {
    expect(SecretBox.fromSecretsKey(KEY).open(box.seal('s3cret', context), context)).toBe('s3cret');
  });

  it('gives a clear error naming SECRETS_KEY under another key, never garbage', () => {
    const sealed = box.seal('s3cret', context);
    const other = SecretBox.fromSecretsKey('another key of at least thirty-two characters');
    const error = (() => {
      try {
        other.open(sealed, context);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(DomainErrorCode.Unavailable);
    expect((error as DomainError).message).toContain('SECRETS_KEY');
  });

  it('refuses a value moved to another context (another account) or altered', () => {
    const sealed = box.seal('s3cret', context);
    expect(() => box.open(sealed, 'smtp-password:account:2')).toThrow(/SECRETS_KEY/);
    const [v, iv, tag, ct] = sealed.split(':') as [string, string, string, string];
    const flipped = ct.slice(0, -1) + (ct.endsWith('A') ? 'B' : 'A');
    expect(() => box.open([v, iv, tag, flipped].join(':'), context)).toThrow(DomainError);
  });

  it('refuses an unknown format or version with a message saying so', () => {
    expect(() => box.open('v2:abc:def:ghi', context)).toThrow(/not in a known sealed format \(version "v2"\)/);
    expect(() => box.open('plain', context)).toThrow(/not in a known sealed format/);
  });

  it('treats a value that is not sealed as clear text from before encryption', () => {
    expect(isSealed('hunter2')).toBe(false);
    expect(isSealed('v1:short:x:y')).toBe(false);
    expect(box.openStored('hunter2', context)).toBe('hunter2');
    expect(box.openStored(box.seal('hunter2', context), context)).toBe('hunter2');
  });

  it('refuses a SECRETS_KEY shorter than 32 characters', () => {
    expect(() => SecretBox.fromSecretsKey('short')).toThrow(/SECRETS_KEY/);
  });
});
