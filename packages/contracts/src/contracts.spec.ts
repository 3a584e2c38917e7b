import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CreateDatabaseRequest,
  CreateImportRequest,
  CreateSelectionRequest,
  ErrorResponse,
  FieldDefinition,
  ImportMapping,
  LoginRequest,
  PageQuery,
  SelectionConditions,
} from './index';

function issuePaths(result: { success: boolean; error?: z.ZodError }): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('FieldDefinition', () => {
  it('takes a label with spaces instead of a name, and needs one of the two', () => {
    expect(FieldDefinition.parse({ label: ' first name ', type: 'TEXT' })).toMatchObject({ label: 'first name' });
    expect(FieldDefinition.parse({ name: 'city', type: 'TEXT' })).toMatchObject({ name: 'city' });
    expect(issuePaths(FieldDefinition.safeParse({ type: 'TEXT' }))).toEqual(['label']);
    expect(issuePaths(FieldDefinition.safeParse({ label: '  ', type: 'TEXT' }))).toEqual(['label']);
    expect(issuePaths(FieldDefinition.safeParse({ label: 'first name', name: 'first name', type: 'TEXT' }))).toEqual([
      'name',
    ]);
  });

  it('accepts an identifier-like name and defaults the flags', () => {
    expect(FieldDefinition.parse({ name: 'birth_date', type: 'DATE' })).toEqual({
      name: 'birth_date',
      type: 'DATE',
      required: false,
      unique: false,
    });
  });

  it.each(['1st', 'first name', 'naïve', '', 'x'.repeat(65), 'a-b', 'robert"); drop'])(
    'rejects the name %j',
    (name) => {
      expect(FieldDefinition.safeParse({ name, type: 'TEXT' }).success).toBe(false);
    },
  );

  it('rejects the built-in column names, in any case', () => {
    expect(issuePaths(FieldDefinition.safeParse({ name: 'Email', type: 'TEXT' }))).toEqual(['name']);
    expect(FieldDefinition.safeParse({ name: 'createdAt', type: 'DATE' }).success).toBe(false);
  });

  it('requires choices for CHOICE, and only for CHOICE', () => {
    expect(FieldDefinition.safeParse({ name: 'size', type: 'CHOICE', choices: ['S', 'M'] }).success).toBe(true);
    expect(issuePaths(FieldDefinition.safeParse({ name: 'size', type: 'CHOICE' }))).toEqual(['choices']);
    expect(issuePaths(FieldDefinition.safeParse({ name: 'size', type: 'CHOICE', choices: [] }))).toEqual(['choices']);
    expect(issuePaths(FieldDefinition.safeParse({ name: 'city', type: 'TEXT', choices: ['A'] }))).toEqual(['choices']);
    expect(issuePaths(FieldDefinition.safeParse({ name: 'size', type: 'CHOICE', choices: ['S', 'S'] }))).toEqual([
      'choices',
    ]);
  });

  it('rejects an unknown type', () => {
    expect(FieldDefinition.safeParse({ name: 'x', type: 'JSON' }).success).toBe(false);
  });
});

describe('CreateDatabaseRequest', () => {
  it('points at the second of two fields with one name', () => {
    const result = CreateDatabaseRequest.safeParse({
      name: 'Newsletter',
      fields: [
        { name: 'city', type: 'TEXT' },
        { name: 'city', type: 'TEXT' },
      ],
    });
    expect(issuePaths(result)).toEqual(['fields.1.name']);
  });
});

describe('PageQuery', () => {
  it('coerces query strings and applies defaults', () => {
    expect(PageQuery.parse({})).toEqual({ page: 1, pageSize: 50 });
    expect(PageQuery.parse({ page: '3', pageSize: '500', search: ' jan ' })).toEqual({
      page: 3,
      pageSize: 500,
      search: 'jan',
    });
  });

  it.each([{ page: '0' }, { pageSize: '501' }, { pageSize: '0' }, { page: 'x' }, { page: '1.5' }])(
    'rejects %j',
    (query) => {
      expect(PageQuery.safeParse(query).success).toBe(false);
    },
  );
});

describe('SelectionConditions', () => {
  const tree = {
    op: 'AND',
    conditions: [
      { field: 'city', operator: 'equals', value: 'Utrecht' },
      {
        op: 'OR',
        conditions: [
          { field: 'age', operator: 'range', min: 18, max: 30 },
          { result: 'opened', withinDays: 90 },
        ],
      },
    ],
  };

  it('accepts a nested tree of conditions, result conditions and groups', () => {
    expect(SelectionConditions.parse(tree)).toEqual(tree);
    expect(CreateSelectionRequest.parse({ name: 'Young in Utrecht', conditions: tree }).conditions).toEqual(tree);
  });

  it('locates a bad node and says what a node may be', () => {
    const result = SelectionConditions.safeParse({
      op: 'AND',
      conditions: [{ op: 'OR', conditions: [{ field: 'city', operator: 'like', value: 'x' }] }],
    });
    // A union reports at the outermost node, so the message carries the path inside it.
    expect(issuePaths(result)).toEqual(['conditions.0']);
    expect(result.error?.issues[0]?.message).toMatch(/^conditions\.0\.operator: Invalid option/);
  });

  it('says what a node may be when it is none of them', () => {
    const result = SelectionConditions.safeParse({ op: 'AND', conditions: [{ name: 'x' }] });
    expect(issuePaths(result)).toEqual(['conditions.0']);
    expect(result.error?.issues[0]?.message).toMatch(/must be a condition/);
  });

  it('reports a bad value inside a node at its own path', () => {
    const result = SelectionConditions.safeParse({ op: 'AND', conditions: [{ result: 'opened', withinDays: 0 }] });
    expect(issuePaths(result)).toEqual(['conditions.0.withinDays']);
  });

  it('rejects unknown keys, so a typo does not silently widen a selection', () => {
    expect(
      SelectionConditions.safeParse({ op: 'AND', conditions: [{ field: 'city', operator: 'equals', valeu: 'x' }] })
        .success,
    ).toBe(false);
  });

  it('has a JSON schema for OpenAPI', () => {
    expect(() => z.toJSONSchema(CreateSelectionRequest)).not.toThrow();
  });
});

describe('ImportMapping and CreateImportRequest', () => {
  it('accepts columns mapped to fields, built-ins and null', () => {
    const mapping = { columns: { 'E-mail': 'email', Stad: 'city', Opmerking: null } };
    expect(CreateImportRequest.parse({ mapping, keyField: 'email' })).toEqual({ mapping, keyField: 'email' });
  });

  it('rejects two columns filling one field', () => {
    const result = ImportMapping.safeParse({ columns: { Stad: 'city', Plaats: 'city' } });
    expect(issuePaths(result)).toEqual(['columns.Plaats']);
  });

  it('rejects a mapping that maps nothing', () => {
    expect(issuePaths(ImportMapping.safeParse({ columns: { Stad: null } }))).toEqual(['columns']);
  });

  it('requires the key field to be mapped and not to be a phone column', () => {
    const mapping = { columns: { Stad: 'city', Mobiel: 'mobile' } };
    expect(issuePaths(CreateImportRequest.safeParse({ mapping, keyField: 'email' }))).toEqual(['keyField']);
    expect(issuePaths(CreateImportRequest.safeParse({ mapping, keyField: 'mobile' }))).toEqual(['keyField']);
    expect(CreateImportRequest.safeParse({ mapping, keyField: 'city' }).success).toBe(true);
  });
});

describe('LoginRequest and ErrorResponse', () => {
  it('checks the login email', () => {
    expect(LoginRequest.safeParse({ email: 'not-an-email', password: 'x' }).success).toBe(false);
    expect(LoginRequest.safeParse({ email: 'a@example.com', password: '' }).success).toBe(false);
  });

  it('allows issues on errors', () => {
    const body = {
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid',
      issues: [{ path: 'values.birthdate', message: 'must be a date (YYYY-MM-DD)' }],
    };
    expect(ErrorResponse.parse(body)).toEqual(body);
  });
});
