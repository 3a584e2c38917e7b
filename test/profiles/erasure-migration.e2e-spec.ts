import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate, MIGRATIONS_DIR } from '@herald/db';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';

const ERASURE_MIGRATION = '20261203133700_destination_erased_at';

/**
 * Profiles deleted before deletion erased personal data still held it; the migration that brought
 * Destination.erasedAt erases them. Data is written at the migration before it, then it runs.
 */
describe('the erasure migration erases profiles deleted before it', () => {
  let db: TestDatabase;
  let dir: string;
  const ids = { account: 0, gone: 0, kept: 0, goneDestination: 0n, keptDestination: 0n, orphanSubprofile: 0 };

  const one = async <T>(sql: string, ...params: unknown[]): Promise<T> =>
    (await db.prisma.$queryRawUnsafe<T[]>(sql, ...params))[0]!;

  async function whereIs(needle: string): Promise<string[]> {
    const columns = await db.prisma.$queryRaw<Array<{ table: string; column: string }>>`
      SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`;
    const found: string[] = [];
    for (const { table, column } of columns) {
      const row = await one<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE position(lower($1) IN lower("${column}"::text)) > 0`,
        needle,
      );
      if (row.n > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    dir = await mkdtemp(join(tmpdir(), 'herald-migrations-'));
    for (const name of (await listMigrations()).filter((n) => n < ERASURE_MIGRATION))
      await cp(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    await migrate(db.url, dir);

    ids.account = (
      await one<{ id: number }>(`INSERT INTO "Account" (name, "updatedAt") VALUES ('A', now()) RETURNING id`)
    ).id;
    const database = (
      await one<{ id: number }>(
        `INSERT INTO "Database" ("accountId", name, "updatedAt") VALUES ($1, 'Readers', now()) RETURNING id`,
        ids.account,
      )
    ).id;
    const collection = (
      await one<{ id: number }>(
        `INSERT INTO "Collection" ("accountId", "databaseId", name) VALUES ($1, $2, 'Orders') RETURNING id`,
        ids.account,
        database,
      )
    ).id;
    const profile = async (email: string, mobile: string, values: object, deleted: boolean) =>
      (
        await one<{ id: number }>(
          `INSERT INTO "Profile" ("accountId", "databaseId", email, mobile, values, "unsubscribeReason", "updatedAt", "deletedAt")
         VALUES ($1, $2, $3, $4, $5::jsonb, 'said so', now(), ${deleted ? "now() - interval '1 day'" : 'NULL'}) RETURNING id`,
          ids.account,
          database,
          email,
          mobile,
          JSON.stringify(values),
        )
      ).id;
    ids.gone = await profile('Gone.Person@example.test', '+31611112222', { firstname: 'Gonezebulon' }, true);
    ids.kept = await profile('kept.person@example.test', '+31633334444', { firstname: 'Keptzebulon' }, false);
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Subprofile" ("accountId", "collectionId", "profileId", values, "updatedAt") VALUES ($1, $2, $3, '{"item":"Goneteapot"}', now())`,
      ids.account,
      collection,
      ids.gone,
    );
    ids.orphanSubprofile = (
      await one<{ id: number }>(
        `INSERT INTO "Subprofile" ("accountId", "collectionId", "profileId", values, "updatedAt", "deletedAt") VALUES ($1, $2, $3, '{"item":"Keptremovedkettle"}', now(), now()) RETURNING id`,
        ids.account,
        collection,
        ids.kept,
      )
    ).id;
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "ProfileChange" ("accountId", "profileId", source, change) VALUES ($1, $2, 'user:1', '{"after":{"values":{"firstname":"Gonezebulon"}}}')`,
      ids.account,
      ids.gone,
    );
    const mailing = (
      await one<{ id: number }>(
        `INSERT INTO "Mailing" ("accountId", name, channel, "documentId", "targetType", "databaseId", status, "updatedAt") VALUES ($1, 'M', 'EMAIL', 1, 'DATABASE', $2, 'SENT', now()) RETURNING id`,
        ids.account,
        database,
      )
    ).id;
    const destination = async (profileId: number, recipientId: number, address: string) =>
      (
        await one<{ id: bigint }>(
          `INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "dominantResult", "lastErrorText", "updatedAt")
         VALUES ($1, $2, $3, $3, $4, 'SENT', 'ERROR', $5, now()) RETURNING id`,
          ids.account,
          mailing,
          profileId,
          address,
          `550 5.1.1 <${address.toUpperCase()}>: unknown user`,
        )
      ).id;
    ids.goneDestination = await destination(ids.gone, ids.gone, 'gone.person@example.test');
    ids.keptDestination = await destination(ids.kept, ids.kept, 'kept.person@example.test');
    for (const [d, who] of [
      [ids.goneDestination, 'Gone'],
      [ids.keptDestination, 'Kept'],
    ] as const) {
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Event" ("accountId", "mailingId", "destinationId", type, "userAgent", "ipHash", "errorText") VALUES
           ($1, $2, $3, 'IMPRESSION', $4, $5, NULL), ($1, $2, $3, 'ERROR', NULL, NULL, $6)`,
        ids.account,
        mailing,
        d,
        `Browser ${who}sPhone/1`,
        `${who}iphash0000`,
        `smtp; 550 <${who.toLowerCase()}.person@example.test> unknown`,
      );
    }
    await migrate(db.url);
  });

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('leaves no trace of a deleted profile anywhere', async () => {
    for (const needle of [
      'gone.person@example.test',
      '31611112222',
      'Gonezebulon',
      'Goneteapot',
      'GonesPhone',
      'Goneiphash',
    ])
      expect(await whereIs(needle), needle).toEqual([]);
    expect(
      await one('SELECT email, mobile, values, "unsubscribeReason" FROM "Profile" WHERE id = $1', ids.gone),
    ).toEqual({ email: null, mobile: null, values: {}, unsubscribeReason: null });
    expect(
      await one(
        'SELECT address, "lastErrorText", "erasedAt" IS NOT NULL AS erased FROM "Destination" WHERE id = $1',
        ids.goneDestination,
      ),
    ).toEqual({
      address: '(erased)',
      lastErrorText: '550 5.1.1 <(erased)>: unknown user',
      erased: true,
    });
    expect(
      await one(`SELECT "errorText" FROM "Event" WHERE "destinationId" = $1 AND type = 'ERROR'`, ids.goneDestination),
    ).toEqual({ errorText: 'smtp; 550 <(erased)> unknown' });
    expect(
      await db.prisma.$queryRawUnsafe('SELECT source, change FROM "ProfileChange" WHERE "profileId" = $1', ids.gone),
    ).toEqual([{ source: 'migration:destination_erased_at', change: { erased: true } }]);
    // A subprofile deleted on its own keeps no values either.
    expect(await one('SELECT values FROM "Subprofile" WHERE id = $1', ids.orphanSubprofile)).toEqual({ values: {} });
  });

  it('keeps everyone else as they were, and every row that reports count', async () => {
    for (const needle of ['kept.person@example.test', '31633334444', 'Keptzebulon', 'KeptsPhone', 'Keptiphash'])
      expect(await whereIs(needle), needle).not.toEqual([]);
    expect(await one('SELECT "erasedAt" FROM "Destination" WHERE id = $1', ids.keptDestination)).toEqual({
      erasedAt: null,
    });
    expect(await one('SELECT count(*)::int AS n FROM "Event"')).toEqual({ n: 4 });
    expect(await one(`SELECT count(*)::int AS n FROM "Destination" WHERE "dominantResult" = 'ERROR'`)).toEqual({
      n: 2,
    });
  });
});
