import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES, type FieldSpec, type FieldType } from './field-spec';
import { MAX_TEXT_LENGTH, normaliseFieldValue, unstorableTextReason } from './field-value';
import { createImportRowMapper, MAX_REJECTED_VALUE_LENGTH, validateImportMapping } from './import-row';

function field(name: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, type, required: false, unique: false, choices: [], ...extra };
}

const fields = [
  field('firstName', 'TEXT', { required: true }),
  field('notes', 'TEXT'),
  field('birthdate', 'DATE'),
  field('score', 'NUMBER'),
  field('member', 'BOOLEAN'),
  field('work', 'EMAIL'),
  field('phone', 'PHONE'),
  field('tier', 'CHOICE', { choices: ['gold', 'silver'] }),
];
const headers = ['E-mail', 'Voornaam', 'Notes', 'Birthdate', 'Score', 'Member', 'Work', 'Phone', 'Tier', 'Mobiel'];
const mapping = {
  columns: {
    'E-mail': 'email',
    Voornaam: 'firstName',
    Notes: 'notes',
    Birthdate: 'birthdate',
    Score: 'score',
    Member: 'member',
    Work: 'work',
    Phone: 'phone',
    Tier: 'tier',
    Mobiel: 'mobile',
  },
};
const mapRow = createImportRowMapper(headers, mapping, fields, { defaultCountry: 'NL', keyField: 'email' });

/** Cells as files bring them: any UTF-16 (NUL, controls, lone surrogates), and values close to valid ones. */
const cell = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'a@example.com',
    'Ann',
    '1990-01-31',
    '31-01-1990',
    '12,5',
    'ja',
    'gold',
    '+31 6 12345678',
    '\u0000',
    'x\u0000y',
    '\uD800',
    'NaN',
    '1e400',
  ),
  fc.string({ unit: 'binary', maxLength: 3 }).map((s) => `a${s}@example.com`),
);

// Mostly valid rows with some hostile cells, so that rows get as far as being stored.
const VALID_ROW = [
  'ann@example.com',
  'Ann',
  'said hi',
  '1990-01-31',
  '12,5',
  'ja',
  'ann@work.example',
  '+31 6 12345678',
  'gold',
  '',
];

/** Whether PostgreSQL's text and jsonb take every string in a value as it is about to be stored. */
function storable(value: unknown): boolean {
  const json = JSON.stringify(value);
  return !/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(json);
}

describe('import rows from hostile files (property)', () => {
  it('a row is either rejected with a reason naming a column, or every value in it is normalised and storable', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          ...VALID_ROW.map((valid) =>
            fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: cell }),
          ),
        ),
        (row) => {
          const result = mapRow(row);
          if (!result.ok) {
            expect(result.reason).toMatch(/column "[^"]+": |is empty, but it is the key/);
            expect(storable(result.reason)).toBe(true);
            expect(storable(result)).toBe(true);
            expect((result.value ?? '').length).toBeLessThanOrEqual(MAX_REJECTED_VALUE_LENGTH);
            return;
          }
          expect(storable(result.patch)).toBe(true);
          if (result.create.ok) expect(storable(result.create.profile)).toBe(true);
          for (const value of Object.values(result.patch.values)) {
            if (typeof value === 'string') {
              expect(value).toBe(value.trim());
              expect(value.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
            }
            if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
          }
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('a row of the wrong width is rejected, never mapped', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 20 }).filter((row) => row.length !== headers.length),
        (row) => {
          expect(mapRow(row)).toEqual({
            ok: false,
            reason: `has ${row.length} columns where the header has ${headers.length}`,
          });
        },
      ),
    );
  });

  it('each field type normalises any input to a storable value or a message, never throwing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELD_TYPES), fc.oneof(cell, fc.anything()), (type, raw) => {
        const result = normaliseFieldValue({ type, choices: ['gold', 'Gold'] }, raw, 'NL');
        if (result.ok) expect(storable(result.value)).toBe(true);
        else expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('regression: a NUL byte in a text cell rejects that row with the column and where, instead of failing the import', () => {
    const row = ['ann@example.com', 'An\u0000n', '', '', '', '', '', '', '', ''];
    expect(mapRow(row)).toEqual({
      ok: false,
      reason: 'column "Voornaam": must not contain a NUL character (U+0000, at character 3)',
      column: 'Voornaam',
      value: 'An\uFFFDn',
    });
    expect(mapRow(['ann@example.com', 'Ann', 'x\uDC00', '', '', '', '', '', '', ''])).toEqual({
      ok: false,
      reason: 'column "Notes": must not contain a lone surrogate (invalid UTF-16, at character 2)',
      column: 'Notes',
      value: 'x\uFFFD',
    });
  });

  it('regression: a mapping whose column name holds a NUL is refused, since the import stores its mapping', () => {
    expect(
      validateImportMapping({ columns: { 'E-mail\u0000': 'email' } }, fields, { headers: ['E-mail\u0000'] }),
    ).toEqual([
      { path: 'mapping.columns', message: 'a column name must not contain a NUL character (U+0000, at character 7)' },
    ]);
  });

  it('any mapping is either refused with issues or holds only text PostgreSQL can store', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          cell,
          fc.oneof(fc.constantFrom('email', 'mobile', 'firstName', 'notes'), fc.constant(null), cell),
        ),
        (columns) => {
          const issues = validateImportMapping({ columns }, fields, { headers: Object.keys(columns) });
          if (issues.length === 0) expect(storable(columns)).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('text PostgreSQL can store: surrogate pairs (emoji) are fine, lone halves and NUL are not', () => {
    expect(unstorableTextReason('Łukasz 😀 日本')).toBeNull();
    expect(unstorableTextReason('\uD83D')).toMatch(/lone surrogate/);
    expect(unstorableTextReason('\u0000')).toMatch(/NUL/);
  });
});
