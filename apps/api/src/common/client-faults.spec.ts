import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { toErrorBody } from './http-exception.filter';
import { findNul } from './pipes/no-nul.pipe';
import { idParamProblem } from './pipes/id-param.pipe';

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the query to fail');
}

// Real errors from PostgreSQL through Prisma's pg adapter, so a change of their shape shows here.
describe('database errors that are the client’s fault', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('maps an id beyond integer to 400', async () => {
    const body = toErrorBody(await errorOf(() => db.prisma.account.findUnique({ where: { id: 2 ** 31 } })));
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining('out of range') });
  });

  it('maps a NUL byte to 400', async () => {
    const body = toErrorBody(await errorOf(() => db.prisma.account.create({ data: { name: 'a\u0000b' } })));
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining('NUL') });
  });

  it('maps invalid input syntax in raw SQL to 400', async () => {
    const body = toErrorBody(await errorOf(() => db.prisma.$queryRawUnsafe(`select 'abc'::int`)));
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringContaining('22P02') });
  });

  it('maps an update of a missing row to 404', async () => {
    const body = toErrorBody(
      await errorOf(() => db.prisma.account.update({ where: { id: 123456 }, data: { name: 'x' } })),
    );
    expect(body.statusCode).toBe(404);
  });

  it('keeps a server fault a 500', async () => {
    const body = toErrorBody(await errorOf(() => db.prisma.$queryRawUnsafe('select * from no_such_table')));
    expect(body.statusCode).toBe(500);
  });
});

describe('boundary rules', () => {
  it('accepts ids 1..2^31-1 only, as plain digits', () => {
    for (const ok of ['1', '42', '2147483647']) expect(idParamProblem(ok)).toBeUndefined();
    for (const bad of ['0', '-1', '2147483648', '01', '1.0', '1e3', ' 1', 'abc', '', '99999999999999999999']) {
      expect(idParamProblem(bad)).toMatch(/must be a whole number from 1 to 2147483647/);
    }
  });

  it('finds a NUL in nested strings and keys, and survives deep nesting', () => {
    expect(findNul({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toBe('a.1.c');
    expect(findNul({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findNul({ a: 'clean', b: [1, null, true] })).toBeUndefined();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNul(deep)).toMatch(/^0(\.0)*$/);
  });
});

describe('errors of lower layers', () => {
  it('keeps an outbound client’s error with a 4xx status a server fault', () => {
    const providerError = Object.assign(new Error('The requested resource was not found'), { status: 404 });
    expect(toErrorBody(providerError).statusCode).toBe(500);
    const expressError = Object.assign(new Error('Failed to decode param'), { status: 400, expose: true });
    expect(toErrorBody(expressError)).toMatchObject({ statusCode: 400, message: 'Failed to decode param' });
  });
});
