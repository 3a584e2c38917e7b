import { describe, expect, it } from 'vitest';
import type { FieldSpec, FieldType } from './field-spec';
import {
  applyProfilePatch,
  profileChanges,
  validateProfileValues,
  validateSubprofileValues,
} from './profile-validation';

function field(name: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, type, required: false, unique: false, choices: [], ...extra };
}

/** Validates one value of a field of the given type and returns the stored value or the message. */
function check(type: FieldType, raw: unknown, extra: Partial<FieldSpec> = {}): unknown {
  const result = validateProfileValues([field('f', type, extra)], { values: { f: raw } }, { defaultCountry: 'NL' });
  return result.ok ? result.profile.values.f : result.issues;
}

describe('validateProfileValues: field types', () => {
  it.each([
    ['Utrecht', 'Utrecht'],
    ['  trimmed ', 'trimmed'],
  ])('TEXT %j → %j', (raw, stored) => expect(check('TEXT', raw)).toBe(stored));

  it('TEXT rejects non-text and overlong text', () => {
    expect(check('TEXT', 12)).toEqual([{ path: 'values.f', message: 'must be text' }]);
    expect(check('TEXT', 'x'.repeat(10_001))).toEqual([
      { path: 'values.f', message: 'must be at most 10000 characters' },
    ]);
  });

  it.each([
    [12, 12],
    ['12.5', 12.5],
    ['12,5', 12.5],
    ['-3', -3],
    [',5', 0.5],
    ['1.234,56', 1234.56],
    ['1,234.56', 1234.56],
    ['1.234.567', 1234567],
    [' 42 ', 42],
  ])('NUMBER %j → %j', (raw, stored) => expect(check('NUMBER', raw)).toBe(stored));

  it.each(['twelve', '12,5,6', '1.2.3,4,5', '12 5', '0x10', '1e3', Number.NaN, Number.POSITIVE_INFINITY, true])(
    'NUMBER rejects %j',
    (raw) => expect(check('NUMBER', raw)).toEqual([{ path: 'values.f', message: 'must be a number' }]),
  );

  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2024-03-01T10:30:00Z', '2024-03-01'],
    ['31-12-2024', '2024-12-31'],
    ['1/2/2024', '2024-02-01'],
    ['05.06.2024', '2024-06-05'],
    [new Date('2024-07-08T00:00:00Z'), '2024-07-08'],
  ])('DATE %j → %j', (raw, stored) => expect(check('DATE', raw)).toBe(stored));

  it.each(['2023-02-29', '2024-13-01', '2024-04-31', '12/31/2024', 'yesterday', '20240101', 20240101, new Date('x')])(
    'DATE rejects %j',
    (raw) => expect(check('DATE', raw)).toEqual([{ path: 'values.f', message: 'must be a date (YYYY-MM-DD)' }]),
  );

  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['FALSE', false],
    ['yes', true],
    ['No', false],
    ['ja', true],
    ['nee', false],
    ['1', true],
    ['0', false],
    [1, true],
    [0, false],
  ])('BOOLEAN %j → %j', (raw, stored) => expect(check('BOOLEAN', raw)).toBe(stored));

  it.each(['maybe', 2, 'y', {}])('BOOLEAN rejects %j', (raw) => {
    expect(check('BOOLEAN', raw)).toEqual([
      { path: 'values.f', message: 'must be yes or no (true/false, yes/no, ja/nee, 1/0)' },
    ]);
  });

  it.each([
    ['Jan.Jansen@Example.NL', 'Jan.Jansen@example.nl'],
    [' info+news@sub.example.co.uk ', 'info+news@sub.example.co.uk'],
    ['a@xn--bcher-kva.example', 'a@xn--bcher-kva.example'],
    ['a@bücher.de', 'a@bücher.de'],
  ])('EMAIL %j → %j', (raw, stored) => expect(check('EMAIL', raw)).toBe(stored));

  it.each([
    'plain',
    '@example.com',
    'a@',
    'a@localhost',
    'a@example',
    'a..b@example.com',
    '.a@example.com',
    'a b@example.com',
    'a@-example.com',
    'a@example.c',
    'a@exa_mple.com',
    `${'x'.repeat(65)}@example.com`,
    'a@b@example.com',
  ])('EMAIL rejects %j', (raw) => {
    expect(check('EMAIL', raw)).toEqual([{ path: 'values.f', message: 'must be an email address' }]);
  });

  it.each([
    ['06 12345678', '+31612345678'],
    ['06-1234 5678', '+31612345678'],
    ['0031 6 12345678', '+31612345678'],
    ['+31 (0)6 12345678', '+31612345678'],
    ['020 123 4567', '+31201234567'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+32 470 12 34 56', '+32470123456'],
    ['+1 (212) 555-0100', '+12125550100'],
  ])('PHONE %j → %j (default country NL)', (raw, stored) => expect(check('PHONE', raw)).toBe(stored));

  it.each(['06 1234', '+31 6 1234 5678 9', 'call me', '+31 6 12345678 ext. 5'])('PHONE rejects %j', (raw) => {
    expect(check('PHONE', raw)).toEqual([{ path: 'values.f', message: 'must be a phone number' }]);
  });

  it('PHONE without a default country needs the international format', () => {
    const fields = [field('f', 'PHONE')];
    expect(validateProfileValues(fields, { values: { f: '06 12345678' } })).toEqual({
      ok: false,
      issues: [{ path: 'values.f', message: 'must be a phone number in international format (+31 6 12345678)' }],
    });
    const international = validateProfileValues(fields, { values: { f: '+31 6 12345678' } });
    expect(international.ok && international.profile.values.f).toBe('+31612345678');
  });

  it('CHOICE accepts a choice, in any case, stored as spelt', () => {
    const choices = ['Small', 'Medium', 'Large'];
    expect(check('CHOICE', 'Medium', { choices })).toBe('Medium');
    expect(check('CHOICE', 'large', { choices })).toBe('Large');
    expect(check('CHOICE', 'XL', { choices })).toEqual([
      { path: 'values.f', message: 'must be one of: Small, Medium, Large' },
    ]);
    expect(check('CHOICE', 1, { choices })).toEqual([
      { path: 'values.f', message: 'must be one of: Small, Medium, Large' },
    ]);
  });
});

describe('validateProfileValues: built-in columns', () => {
  it('normalises email, mobile and fax and fills absent ones with null', () => {
    expect(
      validateProfileValues(
        [],
        { email: 'Piet@Example.COM', mobile: '06 12345678', values: {} },
        { defaultCountry: 'NL' },
      ),
    ).toEqual({
      ok: true,
      profile: { email: 'Piet@example.com', mobile: '+31612345678', fax: null, values: {} },
    });
  });

  it('reports every bad column with its path', () => {
    const result = validateProfileValues(
      [],
      { email: 'nope', mobile: '123', fax: 'fax me', values: {} },
      { defaultCountry: 'NL' },
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'email', message: 'must be an email address' },
        { path: 'mobile', message: 'must be a phone number' },
        { path: 'fax', message: 'must be a phone number' },
      ],
    });
  });
});

describe('validateProfileValues: required and unknown fields', () => {
  const fields = [field('firstName', 'TEXT', { required: true }), field('birthdate', 'DATE'), field('score', 'NUMBER')];

  it('requires required fields on create, blank counting as missing', () => {
    expect(validateProfileValues(fields, { values: {} })).toEqual({
      ok: false,
      issues: [{ path: 'values.firstName', message: 'is required' }],
    });
    expect(validateProfileValues(fields, { values: { firstName: '  ' } })).toEqual({
      ok: false,
      issues: [{ path: 'values.firstName', message: 'is required' }],
    });
  });

  it('rejects unknown fields by name, together with other problems', () => {
    const result = validateProfileValues(fields, { values: { firstName: 'Ann', birthdate: 'soon', shoeSize: 42 } });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'values.shoeSize', message: 'unknown field shoeSize' },
        { path: 'values.birthdate', message: 'must be a date (YYYY-MM-DD)' },
      ],
    });
  });

  it('rejects values that are not an object', () => {
    expect(validateProfileValues([], { values: ['a'] })).toEqual({
      ok: false,
      issues: [{ path: 'values', message: 'must be an object of values by field name' }],
    });
  });

  it('drops empty optional values on create', () => {
    const result = validateProfileValues(fields, { values: { firstName: 'Ann', birthdate: '', score: null } });
    expect(result).toEqual({
      ok: true,
      profile: { email: null, mobile: null, fax: null, values: { firstName: 'Ann' } },
    });
  });

  it('on a partial update checks only what is given, keeps clears as null and refuses to clear a required field', () => {
    expect(validateProfileValues(fields, { values: { score: '7,5' } }, { partial: true })).toEqual({
      ok: true,
      profile: { values: { score: 7.5 } },
    });
    expect(validateProfileValues(fields, { email: null, values: { birthdate: null } }, { partial: true })).toEqual({
      ok: true,
      profile: { email: null, values: { birthdate: null } },
    });
    expect(validateProfileValues(fields, { values: { firstName: null } }, { partial: true })).toEqual({
      ok: false,
      issues: [{ path: 'values.firstName', message: 'is required' }],
    });
    expect(validateProfileValues(fields, {}, { partial: true })).toEqual({ ok: true, profile: { values: {} } });
  });

  it('does not take field names from the prototype chain', () => {
    const result = validateProfileValues(fields, { values: { firstName: 'Ann', constructor: 'x' } });
    expect(result.ok).toBe(false);
    expect(validateProfileValues([field('toString', 'TEXT', { required: true })], { values: {} }).ok).toBe(false);
  });
});

describe('validateSubprofileValues', () => {
  it('checks values against the collection fields', () => {
    const fields = [field('product', 'TEXT', { required: true }), field('price', 'NUMBER')];
    expect(validateSubprofileValues(fields, { product: 'Bike', price: '499,95' })).toEqual({
      ok: true,
      profile: { product: 'Bike', price: 499.95 },
    });
    expect(validateSubprofileValues(fields, { price: 'cheap' })).toEqual({
      ok: false,
      issues: [
        { path: 'values.product', message: 'is required' },
        { path: 'values.price', message: 'must be a number' },
      ],
    });
  });
});

describe('profileChanges and applyProfilePatch', () => {
  const current = { email: 'a@example.com', mobile: null, fax: null, values: { city: 'Utrecht', score: 3 } };

  it('finds nothing when a patch repeats what is stored', () => {
    expect(profileChanges(current, { email: 'a@example.com', values: { city: 'Utrecht' } })).toBeNull();
  });

  it('lists only what differs, including removals', () => {
    expect(
      profileChanges(current, {
        email: 'a@example.com',
        mobile: '+31612345678',
        values: { city: 'Delft', score: null, x: null },
      }),
    ).toEqual({
      mobile: '+31612345678',
      values: { city: 'Delft', score: null },
    });
  });

  it('applies a patch, removing cleared values', () => {
    expect(applyProfilePatch(current, { fax: '+31201234567', values: { score: null, city: 'Delft' } })).toEqual({
      email: 'a@example.com',
      mobile: null,
      fax: '+31201234567',
      values: { city: 'Delft' },
    });
  });
});
