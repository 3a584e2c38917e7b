import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import type { FieldSpec, FieldType } from '../profiles/field-spec';
import { unstorableTextReason } from '../profiles/field-value';
import { compileSelection, type CompileSelectionOptions } from './selection-compiler';
import { CONDITION_OPERATORS, RESULT_KINDS, type SelectionGroup } from './selection-tree';

function field(name: string, type: FieldType, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, type, required: false, unique: false, choices: [], ...extra };
}

const fields = [
  field('city', 'TEXT'),
  field('age', 'NUMBER'),
  field('birthdate', 'DATE'),
  field('member', 'BOOLEAN'),
  field('work_email', 'EMAIL'),
  field('phone', 'PHONE'),
  field('size', 'CHOICE', { choices: ['Small', 'Large'] }),
  // Stored names that are not identifiers never reach the SQL text.
  field('x\'); DROP TABLE "Profile"; --', 'TEXT'),
];
const KNOWN = [
  'city',
  'age',
  'birthdate',
  'member',
  'work_email',
  'phone',
  'size',
  'email',
  'mobile',
  'fax',
  'createdAt',
];
const options: CompileSelectionOptions = { table: 'Profile', alias: 'p', paramOffset: 1, defaultCountry: 'NL' };

/** The SQL text's own string literals: field names as JSON keys and the compiler's fixed words. */
const ALLOWED_LITERALS = new Set([
  ...KNOWN,
  '',
  'number',
  'boolean',
  'UTC',
  'SENT',
  'FAILED',
  'SMS',
  'ERROR',
  'IMPRESSION',
  'CLICK',
  'UNSUBSCRIBE',
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
]);

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '\'; DROP TABLE "Profile"; --',
    "O'Brien",
    '$1',
    '$$',
    '\\',
    '%',
    '_',
    '\u0000',
    'a\u0000b',
    '\uD800',
    'Utrecht',
    'Small',
    '2024-02-30',
    '2024-05-01T09:00:00Z',
    '12,5',
    '+31 6 12345678',
    'ann@example.com',
    'true',
    '1e400',
    'NaN',
    '-0',
  ),
);
const value = fc.oneof(
  hostileText,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.anything({ maxDepth: 1 }),
);
const fieldCondition = fc.record(
  {
    field: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN) }, hostileText, fc.anything({ maxDepth: 1 })),
    operator: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CONDITION_OPERATORS) }, hostileText),
    value,
    min: value,
    max: value,
    values: fc.oneof(fc.array(value, { maxLength: 4 }), value),
  },
  { requiredKeys: ['field', 'operator'] },
);
const resultCondition = fc.record(
  {
    result: fc.oneof(fc.constantFrom(...RESULT_KINDS), hostileText),
    mailingId: fc.oneof(fc.integer(), fc.double(), fc.bigInt().map(String), hostileText),
    withinDays: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double(), hostileText),
    negate: fc.oneof(fc.boolean(), value),
  },
  { requiredKeys: ['result'] },
);
const { tree } = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fieldCondition,
    resultCondition,
    tie('group'),
    fc.anything({ maxDepth: 1 }),
  ),
  group: fc.record({
    op: fc.oneof(fc.constantFrom('AND', 'OR'), hostileText),
    conditions: fc.oneof(fc.array(tie('node'), { maxLength: 4 }), value),
  }),
  tree: tie('group'),
}));

/** Every place in a tree where a string sits, user text that must not reach the SQL text. */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) {
      stringsIn(key, out);
      stringsIn(item, out);
    }
  return out;
}

describe('selection conditions from outside (property)', () => {
  it('any tree compiles to SQL that holds user text only as parameters, or is refused with a VALIDATION error naming where', () => {
    fc.assert(
      fc.property(tree, (candidate) => {
        let compiled: ReturnType<typeof compileSelection>;
        try {
          compiled = compileSelection(candidate as SelectionGroup, fields, options);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('VALIDATION');
          expect((error as DomainError).message.length).toBeGreaterThan(0);
          for (const issue of (error as DomainError).issues) expect(issue.message.length).toBeGreaterThan(0);
          return;
        }
        const { sql, params } = compiled;
        // The text's literals are the compiler's own.
        for (const literal of sql.match(/'(?:[^']|'')*'/g) ?? [])
          expect(ALLOWED_LITERALS.has(literal.slice(1, -1))).toBe(true);
        // Placeholders are numbered after the caller's, each parameter used.
        const used = new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 2));
        // No user text outside an identifier's alphabet appears in the SQL.
        for (const text of stringsIn(candidate)) {
          if (text.length >= 2 && /[^A-Za-z0-9_ ]/.test(text) && !ALLOWED_LITERALS.has(text))
            expect(sql.includes(text)).toBe(false);
        }
        // What travels as a parameter is text PostgreSQL accepts (a NUL would answer 500).
        for (const param of params) {
          expect(typeof param).toBe('string');
          expect(unstorableTextReason(param)).toBeNull();
        }
      }),
      // Found in CI: a field given as an object whose toString is no function made String() throw a TypeError.
      { numRuns: 3_000, examples: [[{ op: '', conditions: [{ field: { toString: 0 }, operator: '' }] }]] },
    );
  });

  it('one condition on a known field with any text: refused, or every parameter is text PostgreSQL accepts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN),
        fc.constantFrom(...CONDITION_OPERATORS),
        fc.string({ unit: 'binary', maxLength: 8 }),
        (name, operator, text) => {
          const condition = { field: name, operator, value: text, min: text, max: text, values: [text] };
          try {
            const { params } = compileSelection({ op: 'AND', conditions: [condition] }, fields, options);
            for (const param of params) expect(unstorableTextReason(param)).toBeNull();
          } catch (error) {
            expect((error as DomainError).code).toBe('VALIDATION');
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('regression: a NUL or a lone surrogate in a condition value is refused, not sent to PostgreSQL', () => {
    for (const [condition, path] of [
      [{ field: 'city', operator: 'equals', value: 'Ut\u0000recht' }, 'conditions.0.value'],
      [{ field: 'city', operator: 'contains', value: '\u0000' }, 'conditions.0.value'],
      [{ field: 'city', operator: 'in', values: ['ok', 'x\uDC00'] }, 'conditions.0.values.1'],
    ] as const) {
      let issues: Array<{ path: string; message: string }> = [];
      try {
        compileSelection({ op: 'AND', conditions: [condition] } as SelectionGroup, fields, options);
      } catch (error) {
        issues = (error as DomainError).issues;
      }
      expect(issues).toEqual([
        { path, message: expect.stringMatching(/must not contain a (NUL character|lone surrogate)/) },
      ]);
    }
  });
});
