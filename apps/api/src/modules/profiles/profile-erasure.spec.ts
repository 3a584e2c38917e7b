import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERASED_ADDRESS, eraseIdentifiers, personalIdentifiers } from './profile-erasure';

describe('profile erasure rules', () => {
  it('collects the addresses and numbers, phone numbers also without "+", longest first', () => {
    const ids = personalIdentifiers({ email: 'Ann@Example.com', mobile: '+31612345678', fax: null }, [
      'ann@example.com',
      'old@example.com',
      ERASED_ADDRESS,
      '',
    ]);
    expect(ids).toEqual(['ann@example.com', 'old@example.com', '+31612345678', '31612345678']);
  });

  it("replaces a bounce's address in any case and leaves the rest of the text", () => {
    const ids = personalIdentifiers({ email: 'ann@example.com', mobile: null, fax: null }, []);
    expect(
      eraseIdentifiers('550 5.1.1 <ANN@example.com>: Recipient address rejected; ann@example.com unknown', ids),
    ).toBe(`550 5.1.1 <${ERASED_ADDRESS}>: Recipient address rejected; ${ERASED_ADDRESS} unknown`);
    expect(eraseIdentifiers(null, ids)).toBeNull();
    expect(eraseIdentifiers('mailbox full', ids)).toBe('mailbox full');
  });

  it('treats regular-expression characters in an address literally', () => {
    expect(eraseIdentifiers('a+b@x.io and aab@x.io', ['a+b@x.io'])).toBe(`${ERASED_ADDRESS} and aab@x.io`);
  });

  it('leaves no identifier in any text (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.string(), fc.string(), (email, before, after) => {
        const ids = personalIdentifiers({ email, mobile: null, fax: null }, []);
        const erased = eraseIdentifiers(`${before}${email.toUpperCase()}${after}`, ids)!;
        expect(erased.toLowerCase().includes(email.toLowerCase())).toBe(false);
      }),
    );
  });
});
