import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import type { FieldSpec, FieldType } from './field-spec';
import { createImportRowMapper, mapImportRow, validateImportMapping } from './import-row';

function field(name: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, type, required: false, unique: false, choices: [], ...extra };
}

const fields = [
  field('firstName', 'TEXT', { required: true }),
  field('birthdate', 'DATE'),
  field('customerNo', 'NUMBER', { unique: true }),
];
const headers = ['E-mail', 'Voornaam', 'Geboortedatum', 'Klantnummer', 'Mobiel', 'Opmerking'];
const mapping = {
  columns: {
    'E-mail': 'email',
    Voornaam: 'firstName',
    Geboortedatum: 'birthdate',
    Klantnummer: 'customerNo',
    Mobiel: 'mobile',
    Opmerking: null,
  },
};
const options = { defaultCountry: 'NL' as const, keyField: 'email' };

describe('mapImportRow', () => {
  it('maps a complete line to a patch, its key and a profile to create', () => {
    const result = mapImportRow(
      headers,
      ['Ann@Example.com', 'Ann', '31-12-1990', '1.234', '06 12345678', 'ignored'],
      mapping,
      fields,
      options,
    );
    const profile = {
      email: 'Ann@example.com',
      mobile: '+31612345678',
      fax: null,
      values: { firstName: 'Ann', birthdate: '1990-12-31', customerNo: 1.234 },
    };
    expect(result).toEqual({
      ok: true,
      patch: { email: 'Ann@example.com', mobile: '+31612345678', values: profile.values },
      key: { field: 'email', value: 'Ann@example.com' },
      create: { ok: true, profile },
    });
  });

  it('leaves empty cells out of the patch, so an update keeps what is stored', () => {
    const result = mapImportRow(headers, ['a@example.com', '', '', '', '', ''], mapping, fields, options);
    expect(result.ok && result.patch).toEqual({ email: 'a@example.com', values: {} });
  });

  it('can update a line that could not be created, and says why it could not', () => {
    const result = mapImportRow(headers, ['a@example.com', '', '', '', '', ''], mapping, fields, options);
    expect(result.ok && result.create).toEqual({
      ok: false,
      reason: 'column "Voornaam": required field firstName is empty',
    });
  });

  it('says when a required field has no column at all', () => {
    const result = mapImportRow(['E-mail'], ['a@example.com'], { columns: { 'E-mail': 'email' } }, fields, options);
    expect(result.ok && result.create).toEqual({ ok: false, reason: 'required field firstName has no column' });
  });

  it('rejects a line with the column and the reason for each bad cell', () => {
    const result = mapImportRow(
      headers,
      ['not-an-email', 'Ann', '1990-02-30', 'many', '06 12', ''],
      mapping,
      fields,
      options,
    );
    expect(result).toEqual({
      ok: false,
      reason:
        'column "E-mail": must be an email address; column "Mobiel": must be a phone number; ' +
        'column "Geboortedatum": must be a date (YYYY-MM-DD); column "Klantnummer": must be a number',
      column: 'E-mail',
      value: 'not-an-email',
    });
  });

  it("reads dates in the import's format and names the cell it refuses", () => {
    const line = (date: string) => ['a@example.com', 'Ann', date, '', '', ''];
    const american = { ...options, dateFormat: 'mm/dd/yyyy' as const };
    const result = mapImportRow(headers, line('12/31/2024'), mapping, fields, american);
    expect(result.ok && result.patch.values).toEqual({ firstName: 'Ann', birthdate: '2024-12-31' });
    expect(mapImportRow(headers, line('31-12-2024'), mapping, fields, american)).toEqual({
      ok: false,
      reason: 'column "Geboortedatum": must be a date written mm/dd/yyyy (12/31/2024)',
      column: 'Geboortedatum',
      value: '31-12-2024',
    });
    const dutch = { ...options, dateFormat: 'dd-mm-yyyy' as const };
    expect(mapImportRow(headers, line('31-02-2024'), mapping, fields, dutch)).toMatchObject({
      ok: false,
      column: 'Geboortedatum',
      value: '31-02-2024',
    });
  });

  it('rejects a line without its key', () => {
    expect(mapImportRow(headers, ['', 'Ann', '', '', '', ''], mapping, fields, options)).toEqual({
      ok: false,
      reason: 'column "E-mail": is empty, but it is the key',
      column: 'E-mail',
      value: '',
    });
  });

  it('takes a custom field as the key, normalised', () => {
    const result = mapImportRow(headers, ['', 'Ann', '', '00042', '', ''], mapping, fields, {
      defaultCountry: 'NL',
      keyField: 'customerNo',
    });
    expect(result.ok && result.key).toEqual({ field: 'customerNo', value: 42 });
  });

  it('without a key field every valid line has no key', () => {
    const result = mapImportRow(headers, ['', 'Ann', '', '', '', ''], mapping, fields, { defaultCountry: 'NL' });
    expect(result.ok && result.key).toBeNull();
  });

  it('rejects a line whose column count differs from the header', () => {
    expect(mapImportRow(headers, ['a@example.com', 'Ann'], mapping, fields, options)).toEqual({
      ok: false,
      reason: 'has 2 columns where the header has 6',
    });
  });

  it('finds columns by header, whatever their order in the file', () => {
    const result = mapImportRow(
      ['Voornaam', 'E-mail'],
      ['Bob', 'bob@example.com'],
      { columns: { 'E-mail': 'email', Voornaam: 'firstName' } },
      fields,
      {},
    );
    expect(result.ok && result.patch).toEqual({ email: 'bob@example.com', values: { firstName: 'Bob' } });
  });
});

describe('validateImportMapping and createImportRowMapper', () => {
  it('accepts a mapping that fits the file and the fields', () => {
    expect(validateImportMapping(mapping, fields, { headers, keyField: 'email' })).toEqual([]);
  });

  it('lists every problem with its path', () => {
    expect(
      validateImportMapping(
        { columns: { Stad: 'city', Naam: 'firstName', Roepnaam: 'firstName', Weg: null } },
        fields,
        { headers: ['Naam', 'Roepnaam'], keyField: 'customerNo' },
      ),
    ).toEqual([
      { path: 'mapping.columns.Stad', message: 'the file has no column "Stad"' },
      { path: 'mapping.columns.Stad', message: 'unknown field city' },
      { path: 'mapping.columns.Roepnaam', message: 'firstName is already filled from column "Naam"' },
      { path: 'keyField', message: 'no column is mapped to customerNo' },
    ]);
  });

  it('refuses a phone column as key and an empty mapping', () => {
    expect(validateImportMapping({ columns: { M: 'mobile' } }, fields, { keyField: 'mobile' })).toEqual([
      { path: 'keyField', message: 'must be email or a field name' },
    ]);
    expect(validateImportMapping({ columns: { M: null } }, fields)).toEqual([
      { path: 'mapping.columns', message: 'map at least one column' },
    ]);
  });

  it('throws a VALIDATION DomainError for a mapping that cannot work, before any line', () => {
    let thrown: unknown;
    try {
      createImportRowMapper(['A'], { columns: { A: 'nope' } }, fields);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('VALIDATION');
    expect((thrown as DomainError).issues).toEqual([{ path: 'mapping.columns.A', message: 'unknown field nope' }]);
  });

  it('maps many lines with one mapper', () => {
    const mapLine = createImportRowMapper(headers, mapping, fields, options);
    const results = [
      ['a@example.com', 'A', '', '', '', ''],
      ['b@example', 'B', '', '', '', ''],
    ].map(mapLine);
    expect(results.map((result) => result.ok)).toEqual([true, false]);
  });
});
