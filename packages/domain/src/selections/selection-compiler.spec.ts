import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import type { FieldSpec, FieldType } from '../profiles/field-spec';
import { compileSelection, type CompileSelectionOptions, escapeLikePattern } from './selection-compiler';
import type { SelectionGroup, SelectionNode } from './selection-tree';

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
];
const profiles: CompileSelectionOptions = { table: 'Profile', alias: 'p', paramOffset: 1, defaultCountry: 'NL' };

const and = (...conditions: SelectionNode[]): SelectionGroup => ({ op: 'AND', conditions });
const or = (...conditions: SelectionNode[]): SelectionGroup => ({ op: 'OR', conditions });

function compileOne(node: SelectionNode, options: CompileSelectionOptions = profiles) {
  return compileSelection(and(node), fields, options);
}

/** The issues of the DomainError a compilation throws. */
function issuesOf(tree: SelectionGroup, options: CompileSelectionOptions = profiles) {
  try {
    compileSelection(tree, fields, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('VALIDATION');
    return (error as DomainError).issues;
  }
  throw new Error('expected the selection to be refused');
}

const CITY = `(p."values"->>'city')`;
const AGE = `(CASE WHEN jsonb_typeof(p."values"->'age') = 'number' THEN (p."values"->>'age')::numeric END)`;
const BIRTHDATE = `(CASE WHEN (p."values"->>'birthdate') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN (p."values"->>'birthdate')::date END)`;
const MEMBER = `(CASE WHEN jsonb_typeof(p."values"->'member') = 'boolean' THEN (p."values"->>'member')::boolean END)`;

describe('compileSelection: operators', () => {
  it.each<[string, SelectionNode, string, string[]]>([
    [
      'text equals, case-insensitive',
      { field: 'city', operator: 'equals', value: 'Utrecht' },
      `lower(${CITY}) = $2::text`,
      ['utrecht'],
    ],
    [
      'text notEquals includes profiles without a value',
      { field: 'city', operator: 'notEquals', value: 'Delft' },
      `lower(${CITY}) IS DISTINCT FROM $2::text`,
      ['delft'],
    ],
    ['contains', { field: 'city', operator: 'contains', value: 'trecht' }, `${CITY} ILIKE $2::text`, ['%trecht%']],
    ['startsWith', { field: 'city', operator: 'startsWith', value: 'Ut' }, `${CITY} ILIKE $2::text`, ['Ut%']],
    ['empty', { field: 'city', operator: 'empty' }, `COALESCE(${CITY}, '') = ''`, []],
    ['notEmpty', { field: 'city', operator: 'notEmpty' }, `COALESCE(${CITY}, '') <> ''`, []],
    [
      'text in',
      { field: 'city', operator: 'in', values: ['Utrecht', 'DELFT', 'utrecht'] },
      `lower(${CITY}) IN ($2::text, $3::text)`,
      ['utrecht', 'delft'],
    ],
    [
      'number equals from a decimal comma',
      { field: 'age', operator: 'equals', value: '12,5' },
      `${AGE} = $2::numeric`,
      ['12.5'],
    ],
    [
      'number range',
      { field: 'age', operator: 'range', min: 18, max: 30 },
      `(${AGE} >= $2::numeric AND ${AGE} <= $3::numeric)`,
      ['18', '30'],
    ],
    ['number range with only a minimum', { field: 'age', operator: 'range', min: 65 }, `${AGE} >= $2::numeric`, ['65']],
    ['number empty', { field: 'age', operator: 'empty' }, `${AGE} IS NULL`, []],
    [
      'number in',
      { field: 'age', operator: 'in', values: [1, '2'] },
      `${AGE} IN ($2::numeric, $3::numeric)`,
      ['1', '2'],
    ],
    [
      'date equals, normalised',
      { field: 'birthdate', operator: 'equals', value: '31-12-1990' },
      `${BIRTHDATE} = $2::date`,
      ['1990-12-31'],
    ],
    [
      'date range',
      { field: 'birthdate', operator: 'range', min: '1980-01-01', max: '1989-12-31' },
      `(${BIRTHDATE} >= $2::date AND ${BIRTHDATE} <= $3::date)`,
      ['1980-01-01', '1989-12-31'],
    ],
    ['date notEmpty', { field: 'birthdate', operator: 'notEmpty' }, `${BIRTHDATE} IS NOT NULL`, []],
    [
      'boolean equals from ja',
      { field: 'member', operator: 'equals', value: 'ja' },
      `${MEMBER} = $2::boolean`,
      ['true'],
    ],
    [
      'boolean notEquals',
      { field: 'member', operator: 'notEquals', value: true },
      `${MEMBER} IS DISTINCT FROM $2::boolean`,
      ['true'],
    ],
    [
      'choice equals, spelt as the choice',
      { field: 'size', operator: 'equals', value: 'large' },
      `(p."values"->>'size') = $2::text`,
      ['Large'],
    ],
    [
      'email field equals, lowercased',
      { field: 'work_email', operator: 'equals', value: 'Ann@Example.com' },
      `lower((p."values"->>'work_email')) = $2::text`,
      ['ann@example.com'],
    ],
    [
      'phone field equals, in E.164',
      { field: 'phone', operator: 'equals', value: '06 12345678' },
      `(p."values"->>'phone') = $2::text`,
      ['+31612345678'],
    ],
    [
      'built-in email equals',
      { field: 'email', operator: 'equals', value: 'Ann@Example.com' },
      `lower(p."email") = $2::text`,
      ['ann@example.com'],
    ],
    [
      'built-in email contains a domain',
      { field: 'email', operator: 'contains', value: '@example.' },
      `p."email" ILIKE $2::text`,
      ['%@example.%'],
    ],
    [
      'built-in mobile in',
      { field: 'mobile', operator: 'in', values: ['0612345678', '+32470123456'] },
      `p."mobile" IN ($2::text, $3::text)`,
      ['+31612345678', '+32470123456'],
    ],
    ['built-in fax empty', { field: 'fax', operator: 'empty' }, `COALESCE(p."fax", '') = ''`, []],
    [
      'createdAt on a day',
      { field: 'createdAt', operator: 'equals', value: '2024-05-01' },
      `(p."createdAt" >= $2::timestamp AND p."createdAt" < $3::timestamp)`,
      ['2024-05-01 00:00:00.000', '2024-05-02 00:00:00.000'],
    ],
    [
      'createdAt range of days includes the last day',
      { field: 'createdAt', operator: 'range', min: '2024-01-01', max: '2024-01-31' },
      `(p."createdAt" >= $2::timestamp AND p."createdAt" < $3::timestamp)`,
      ['2024-01-01 00:00:00.000', '2024-02-01 00:00:00.000'],
    ],
    [
      'createdAt range of instants, converted to UTC',
      { field: 'createdAt', operator: 'range', max: '2024-01-31T12:00:00+02:00' },
      `p."createdAt" <= $2::timestamp`,
      ['2024-01-31 10:00:00.000'],
    ],
  ])('%s', (_name, node, sql, params) => {
    expect(compileOne(node)).toEqual({ sql, params });
  });

  it('escapes LIKE wildcards so they match themselves', () => {
    expect(escapeLikePattern('50%_off\\')).toBe('50\\%\\_off\\\\');
    expect(compileOne({ field: 'city', operator: 'contains', value: '100%' }).params).toEqual(['%100\\%%']);
  });
});

describe('compileSelection: groups and parameters', () => {
  it('nests AND/OR groups in parentheses with parameters in order', () => {
    const tree = and(
      { field: 'city', operator: 'equals', value: 'Utrecht' },
      or({ field: 'age', operator: 'range', min: 18, max: 30 }, { field: 'member', operator: 'equals', value: true }),
    );
    expect(compileSelection(tree, fields, profiles)).toEqual({
      sql: `(lower(${CITY}) = $2::text AND ((${AGE} >= $3::numeric AND ${AGE} <= $4::numeric) OR ${MEMBER} = $5::boolean))`,
      params: ['utrecht', '18', '30', 'true'],
    });
  });

  it('numbers parameters from the given offset', () => {
    const tree = and({ field: 'city', operator: 'equals', value: 'x' });
    expect(compileSelection(tree, fields, { table: 'Profile', alias: 'p' }).sql).toBe(`lower(${CITY}) = $1::text`);
    expect(compileSelection(tree, fields, { table: 'Profile', alias: 'p', paramOffset: 3 }).sql).toBe(
      `lower(${CITY}) = $4::text`,
    );
  });

  it('treats an empty AND as everyone and an empty OR as no one', () => {
    expect(compileSelection(and(), fields, profiles)).toEqual({ sql: 'TRUE', params: [] });
    expect(compileSelection(and({ field: 'city', operator: 'empty' }, or()), fields, profiles).sql).toBe(
      `(COALESCE(${CITY}, '') = '' AND FALSE)`,
    );
  });

  it('uses the given alias everywhere', () => {
    const result = compileSelection(and({ field: 'city', operator: 'empty' }, { result: 'clicked' }), fields, {
      table: 'Profile',
      alias: 'prof',
    });
    expect(result.sql).not.toMatch(/\bp\./);
    expect(result.sql).toContain(`prof."values"->>'city'`);
    expect(result.sql).toContain(`prof_d1."profileId" = prof."id"`);
  });
});

describe('compileSelection: result conditions', () => {
  it('opened: an impression or a click of any mailing', () => {
    expect(compileOne({ result: 'opened' })).toEqual({
      sql: `EXISTS (SELECT 1 FROM "Destination" p_d1 JOIN "Event" p_e1 ON p_e1."destinationId" = p_d1."id" WHERE p_d1."profileId" = p."id" AND p_e1."type" IN ('IMPRESSION', 'CLICK'))`,
      params: [],
    });
  });

  it('clicked one mailing in the last days', () => {
    expect(compileOne({ result: 'clicked', mailingId: 12, withinDays: 90 })).toEqual({
      sql: `EXISTS (SELECT 1 FROM "Destination" p_d1 JOIN "Event" p_e1 ON p_e1."destinationId" = p_d1."id" WHERE p_d1."profileId" = p."id" AND p_d1."mailingId" = $2::int AND p_e1."type" = 'CLICK' AND p_e1."occurredAt" >= (now() AT TIME ZONE 'UTC') - make_interval(days => $3::int))`,
      params: ['12', '90'],
    });
  });

  it('did not receive, and delivered, go by the destination', () => {
    expect(compileOne({ result: 'received', mailingId: 7, negate: true }).sql).toBe(
      `NOT EXISTS (SELECT 1 FROM "Destination" p_d1 WHERE p_d1."profileId" = p."id" AND p_d1."mailingId" = $2::int AND p_d1."status" = 'SENT')`,
    );
    expect(compileOne({ result: 'delivered', withinDays: 30 }).sql).toBe(
      `EXISTS (SELECT 1 FROM "Destination" p_d1 WHERE p_d1."profileId" = p."id" AND p_d1."status" = 'SENT' AND p_d1."dominantResult" <> 'ERROR' AND p_d1."sentAt" >= (now() AT TIME ZONE 'UTC') - make_interval(days => $2::int))`,
    );
  });

  it('gives each subquery its own aliases', () => {
    const { sql } = compileSelection(or({ result: 'opened' }, { result: 'clicked' }), fields, profiles);
    expect(sql).toContain('p_d1');
    expect(sql).toContain('p_d2');
  });

  it('matches subprofiles through their own destinations', () => {
    const { sql } = compileSelection(and({ result: 'received' }), fields, { table: 'Subprofile', alias: 's' });
    expect(sql).toContain(`s_d1."subprofileId" = s."id"`);
  });

  it('reads SMS results from SMS mailings only: delivered, or failed at send or by a callback', () => {
    expect(compileOne({ result: 'sms_delivered', mailingId: 3 }).sql).toBe(
      `EXISTS (SELECT 1 FROM "Destination" p_d1 JOIN "Mailing" p_e1 ON p_e1."id" = p_d1."mailingId" AND p_e1."channel" = 'SMS' WHERE p_d1."profileId" = p."id" AND p_d1."mailingId" = $2::int AND p_d1."status" = 'SENT' AND p_d1."dominantResult" <> 'ERROR')`,
    );
    expect(compileOne({ result: 'sms_failed', negate: true }).sql).toBe(
      `NOT EXISTS (SELECT 1 FROM "Destination" p_d1 JOIN "Mailing" p_e1 ON p_e1."id" = p_d1."mailingId" AND p_e1."channel" = 'SMS' WHERE p_d1."profileId" = p."id" AND (p_d1."status" = 'FAILED' OR (p_d1."status" = 'SENT' AND p_d1."dominantResult" = 'ERROR')))`,
    );
  });

  it('reads a STOP reply as an unsubscribe event on an SMS mailing, since when it came', () => {
    expect(compileOne({ result: 'sms_stopped', mailingId: 3, withinDays: 30 }).sql).toBe(
      `EXISTS (SELECT 1 FROM "Destination" p_d1 JOIN "Mailing" p_e1m ON p_e1m."id" = p_d1."mailingId" AND p_e1m."channel" = 'SMS' JOIN "Event" p_e1 ON p_e1."destinationId" = p_d1."id" AND p_e1."type" = 'UNSUBSCRIBE' WHERE p_d1."profileId" = p."id" AND p_d1."mailingId" = $2::int AND p_e1."occurredAt" >= (now() AT TIME ZONE 'UTC') - make_interval(days => $3::int))`,
    );
  });

  it('checks mailingId and withinDays', () => {
    expect(issuesOf(and({ result: 'opened', mailingId: -1, withinDays: 1.5 } as SelectionNode))).toEqual([
      { path: 'conditions.0.mailingId', message: 'must be a mailing id' },
      { path: 'conditions.0.withinDays', message: 'must be a whole number of days from 1 to 3650' },
    ]);
  });
});

describe('compileSelection: validation with paths', () => {
  it('reports every bad condition at once, each at its path', () => {
    const tree = and(
      { field: 'city', operator: 'equals', value: 'ok' },
      { field: 'shoe_size', operator: 'equals', value: 42 },
      or(
        { field: 'age', operator: 'contains', value: '1' },
        { field: 'age', operator: 'range', min: 30, max: 18 },
        { field: 'birthdate', operator: 'equals', value: 'last year' },
        { field: 'city', operator: 'equals' },
      ),
      { field: 'size', operator: 'in', values: ['Small', 'Huge'] },
    );
    expect(issuesOf(tree)).toEqual([
      {
        path: 'conditions.1.field',
        message: 'unknown field shoe_size: must be email, mobile, fax, createdAt or a field of the database',
      },
      {
        path: 'conditions.2.conditions.0.operator',
        message: 'contains does not fit a NUMBER field: use equals, notEquals, range, empty, notEmpty, in',
      },
      { path: 'conditions.2.conditions.1.max', message: 'must not be less than min' },
      { path: 'conditions.2.conditions.2.value', message: 'must be a date (YYYY-MM-DD)' },
      { path: 'conditions.2.conditions.3.value', message: 'is required' },
      { path: 'conditions.3.values.1', message: 'must be one of: Small, Large' },
    ]);
  });

  it.each<[string, SelectionNode, { path: string; message: string }]>([
    [
      'an unknown operator',
      { field: 'city', operator: 'like' } as unknown as SelectionNode,
      {
        path: 'conditions.0.operator',
        message: 'must be one of equals, notEquals, contains, startsWith, range, empty, notEmpty, in',
      },
    ],
    [
      'a range without bounds',
      { field: 'age', operator: 'range' },
      { path: 'conditions.0.min', message: 'a range needs min, max or both' },
    ],
    [
      'a bad range bound',
      { field: 'age', operator: 'range', min: 'old' },
      { path: 'conditions.0.min', message: 'must be a number' },
    ],
    [
      'in without values',
      { field: 'city', operator: 'in', values: [] },
      { path: 'conditions.0.values', message: 'needs a list of at least one value' },
    ],
    [
      'contains on a boolean',
      { field: 'member', operator: 'contains', value: 't' },
      {
        path: 'conditions.0.operator',
        message: 'contains does not fit a BOOLEAN field: use equals, notEquals, empty, notEmpty',
      },
    ],
    [
      'empty on createdAt',
      { field: 'createdAt', operator: 'empty' },
      { path: 'conditions.0.operator', message: 'empty does not fit createdAt: use equals, range' },
    ],
    [
      'a bad createdAt',
      { field: 'createdAt', operator: 'equals', value: 'May' },
      {
        path: 'conditions.0.value',
        message: 'must be a date (YYYY-MM-DD) or a date-time with a zone (2024-05-01T09:00:00Z)',
      },
    ],
    [
      'a bad email value',
      { field: 'email', operator: 'equals', value: 'nobody' },
      { path: 'conditions.0.value', message: 'must be an email address' },
    ],
    [
      'a blank contains',
      { field: 'city', operator: 'contains', value: '  ' },
      { path: 'conditions.0.value', message: 'is required' },
    ],
    [
      'an unknown result',
      { result: 'bounced' } as unknown as SelectionNode,
      {
        path: 'conditions.0.result',
        message: 'must be one of received, delivered, opened, clicked, sms_delivered, sms_failed, sms_stopped',
      },
    ],
    [
      'a node that is none of the kinds',
      { name: 'x' } as unknown as SelectionNode,
      {
        path: 'conditions.0',
        message:
          'must be a condition {field, operator}, a result condition {result}, a survey condition {survey, question} or a group {op, conditions}',
      },
    ],
  ])('refuses %s', (_name, node, issue) => {
    expect(issuesOf(and(node))).toEqual([issue]);
  });

  it('refuses a bad group operator and a group without a list', () => {
    expect(issuesOf({ op: 'XOR', conditions: [] } as unknown as SelectionGroup)).toEqual([
      { path: 'op', message: 'must be AND or OR' },
    ]);
    expect(issuesOf(and({ op: 'OR' } as unknown as SelectionNode))).toEqual([
      { path: 'conditions.0.conditions', message: 'must be a list of conditions' },
    ]);
  });

  it('does not offer the built-in columns of profiles on subprofiles', () => {
    expect(issuesOf(and({ field: 'email', operator: 'empty' }), { table: 'Subprofile', alias: 's' })).toEqual([
      { path: 'conditions.0.field', message: 'unknown field email: must be createdAt or a field of the collection' },
    ]);
  });
});

describe('compileSelection: limits', () => {
  function nested(depth: number): SelectionGroup {
    let tree: SelectionGroup = and({ field: 'city', operator: 'empty' });
    for (let level = 1; level < depth; level += 1) tree = and(tree);
    return tree;
  }

  it('allows groups 10 deep and refuses 11, at the path of the group too deep', () => {
    expect(() => compileSelection(nested(10), fields, profiles)).not.toThrow();
    expect(issuesOf(nested(11))).toEqual([
      { path: Array(10).fill('conditions.0').join('.'), message: 'groups may be nested at most 10 deep' },
    ]);
  });

  it('allows 200 conditions and refuses 201', () => {
    const conditions = (count: number): SelectionGroup =>
      and(...Array.from({ length: count }, (): SelectionNode => ({ field: 'city', operator: 'notEmpty' })));
    expect(() => compileSelection(conditions(200), fields, profiles)).not.toThrow();
    expect(issuesOf(conditions(201))).toEqual([
      { path: 'conditions.200', message: 'a selection may have at most 200 conditions' },
    ]);
  });

  it('refuses an in-list of more than 1000 values', () => {
    const values = Array.from({ length: 1001 }, (_, index) => `c${index}`);
    expect(issuesOf(and({ field: 'city', operator: 'in', values }))).toEqual([
      { path: 'conditions.0.values', message: 'may hold at most 1000 values' },
    ]);
  });
});

describe('compileSelection: SQL injection', () => {
  const attacks = [
    `'; DROP TABLE "Profile"; --`,
    `x' OR '1'='1`,
    `$1`,
    `\\'; SELECT pg_sleep(10); --`,
    `city') OR TRUE --`,
  ];

  it.each(attacks)('keeps the value %j out of the SQL text', (attack) => {
    for (const operator of ['equals', 'contains', 'startsWith', 'notEquals'] as const) {
      const { sql, params } = compileOne({ field: 'city', operator, value: attack });
      expect(sql).not.toContain(attack);
      expect(sql).not.toMatch(/DROP|pg_sleep|'1'='1|OR TRUE/);
      expect(params).toHaveLength(1);
      expect(params[0]).toContain(attack.trim().toLowerCase().slice(0, 3));
    }
    const listed = compileOne({ field: 'city', operator: 'in', values: [attack, 'b'] });
    expect(listed.sql).not.toMatch(/DROP|pg_sleep|'1'='1|OR TRUE/);
  });

  it.each(attacks)('refuses the field name %j, even when the database lists it', (attack) => {
    const hostile = [...fields, field(attack, 'TEXT')];
    let thrown: unknown;
    try {
      compileSelection(and({ field: attack, operator: 'empty' }), hostile, profiles);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).issues[0]?.path).toBe('conditions.0.field');
  });

  it('refuses a hostile alias', () => {
    expect(() => compileSelection(and(), fields, { table: 'Profile', alias: 'p; DROP TABLE x' })).toThrow(DomainError);
    expect(() => compileSelection(and(), fields, { table: 'Profile', alias: 'P"' })).toThrow(DomainError);
  });

  it('refuses a non-numeric mailing id rather than putting it in the SQL', () => {
    const node = { result: 'opened', mailingId: '1; DROP TABLE "Event"' } as unknown as SelectionNode;
    expect(issuesOf(and(node))).toEqual([{ path: 'conditions.0.mailingId', message: 'must be a mailing id' }]);
  });

  it('puts only the SQL of fixed templates and validated identifiers in the text', () => {
    const tree = and(
      { field: 'city', operator: 'in', values: ['a', 'b'] },
      or({ field: 'age', operator: 'range', min: 1, max: 2 }, { result: 'opened', mailingId: 5, withinDays: 3 }),
    );
    const { sql, params } = compileSelection(tree, fields, profiles);
    const placeholders = sql.match(/\$\d+/g) ?? [];
    expect(placeholders).toEqual(params.map((_, index) => `$${index + 2}`));
    // Every quoted literal in the SQL is one of ours: a JSON key, a type name, an enum value or the date pattern.
    const literals = new Set(sql.match(/'[^']*'/g));
    for (const literal of literals) {
      expect([`'city'`, `'age'`, `'number'`, `'IMPRESSION'`, `'CLICK'`, `'UTC'`]).toContain(literal);
    }
  });
});
