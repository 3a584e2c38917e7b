import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client';
import * as Enums from './generated/prisma/enums';
import { migrate } from './migrate';
import { createTestDatabase, type TestDatabase } from './testing';

// Applies every migration to an empty database and proves that each model, field and enum value
// of the generated client exists there: a schema change without its migration fails here.
describe('migrations match the schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    const result = await migrate(db.url);
    expect(result.applied.length).toBeGreaterThan(0);
  });
  afterAll(async () => db?.drop());

  it('has a table with every column for every model', async () => {
    const rows = await db.prisma.$queryRaw<{ table_name: string; column_name: string }[]>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`;
    const columns = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const missing: string[] = [];
    const namespace = Prisma as unknown as Record<string, Record<string, string> | undefined>;
    for (const model of Object.values(Prisma.ModelName)) {
      const fields = namespace[`${model}ScalarFieldEnum`];
      expect(fields, `field list of ${model}`).toBeDefined();
      for (const field of Object.values(fields ?? {})) {
        if (!columns.has(`${model}.${field}`)) missing.push(`${model}.${field}`);
      }
    }
    expect(missing, 'columns in the schema but not in the migrations').toEqual([]);
  });

  it('has every enum value', async () => {
    const rows = await db.prisma.$queryRaw<{ typname: string; enumlabel: string }[]>`
      SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid`;
    const labels = new Set(rows.map((r) => `${r.typname}.${r.enumlabel}`));
    const missing: string[] = [];
    for (const [name, values] of Object.entries(Enums)) {
      for (const value of Object.values(values as Record<string, string>)) {
        if (!labels.has(`${name}.${value}`)) missing.push(`${name}.${value}`);
      }
    }
    expect(missing, 'enum values in the schema but not in the migrations').toEqual([]);
  });

  it('gives every column the default the schema gives its field', async () => {
    // The client writes the schema's default itself, so a migration's default that differs (the account's
    // soft-error limit was one) goes unseen until a row is written by SQL: a second owner of the rule.
    const schema = readFileSync(resolve(__dirname, '../../../prisma/schema.prisma'), 'utf8');
    const expected = new Map<string, string>();
    for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      for (const [, field, value] of body!.matchAll(/^\s*(\w+)\s+\w+.*@default\(([^()]*)\)/gm)) {
        expected.set(`${model}.${field}`, value!.replace(/^"(.*)"$/, '$1'));
      }
    }
    expect(expected.has('Account.softErrorLimit'), 'the schema parsed').toBe(true);
    const rows = await db.prisma.$queryRaw<{ column: string; value: string | null }[]>`
      SELECT table_name || '.' || column_name AS column, column_default AS value
      FROM information_schema.columns WHERE table_schema = 'public'`;
    // PostgreSQL shows '{}'::jsonb, 'DRAFT'::"MailingStatus", 3: the literal without its cast and quotes;
    // and an empty list (the schema's []) as (ARRAY[]::timestamp without time zone[])::timestamp(3) ...[].
    const literal = (value: string | null): string | null =>
      value === null
        ? null
        : /^\(ARRAY\[\]::[^()]*\[\]\)::[^()]*(\(\d+\))?[^()]*\[\]$/.test(value)
          ? '[]'
          : value.replace(/::[\w" []+$/, '').replace(/^'(.*)'$/, '$1');
    const actual = new Map(rows.map((r) => [r.column, literal(r.value)]));
    const differing = [...expected]
      .filter(([column, value]) => actual.get(column) !== value)
      .map(([column, value]) => `${column}: schema ${value}, migrations ${actual.get(column)}`);
    expect(differing, 'defaults that differ between the schema and the migrations').toEqual([]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    const again = await migrate(db.url);
    expect(again.applied).toEqual([]);
  });
});
