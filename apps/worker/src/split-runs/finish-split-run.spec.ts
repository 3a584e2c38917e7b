import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { finishMailingIfDone } from '../mailings/dispatch-mailing.handler';

describe('finishMailingIfDone with a split-run', () => {
  let db: TestDatabase;

  /** A DECIDED split-run whose remainder mailing is sending and has nothing left pending. */
  async function decidedSplitRun() {
    const accountId = (await db.prisma.account.create({ data: { name: 'Split' } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'People' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const splitRun = await db.prisma.splitRun.create({
      data: {
        accountId,
        name: 'A/B',
        targetType: 'DATABASE',
        databaseId,
        seed: 's',
        waitMinutes: 60,
        status: 'DECIDED',
      },
    });
    const mailing = await db.prisma.mailing.create({
      data: {
        accountId,
        name: 'Remainder',
        channel: 'EMAIL',
        documentId,
        targetType: 'DATABASE',
        databaseId,
        status: 'SENDING',
        dispatchedAt: new Date(),
        splitRunId: splitRun.id,
      },
    });
    await db.prisma.splitRun.update({ where: { id: splitRun.id }, data: { finalMailingId: mailing.id } });
    return { ref: { mailingId: mailing.id, accountId }, splitRunId: splitRun.id };
  }

  const statuses = async (ref: { mailingId: number }, splitRunId: number) => [
    (await db.prisma.mailing.findUniqueOrThrow({ where: { id: ref.mailingId } })).status,
    (await db.prisma.splitRun.findUniqueOrThrow({ where: { id: splitRunId } })).status,
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('finishes the remainder and its split-run together', async () => {
    const { ref, splitRunId } = await decidedSplitRun();
    expect(await finishMailingIfDone(db.prisma, ref)).toBe(true);
    expect(await statuses(ref, splitRunId)).toEqual(['SENT', 'FINISHED']);
    // Again (a retried job): nothing moves.
    expect(await finishMailingIfDone(db.prisma, ref)).toBe(false);
  });

  it('leaves both as they were when the split-run cannot be finished, so a retry finishes both', async () => {
    const { ref, splitRunId } = await decidedSplitRun();
    // PostgreSQL refuses the split-run's update, as a connection lost at that moment would leave it.
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_split_run() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER refuse BEFORE UPDATE ON "SplitRun" FOR EACH ROW EXECUTE FUNCTION refuse_split_run();`);
    try {
      await expect(finishMailingIfDone(db.prisma, ref)).rejects.toThrow(/refused/);
      expect(await statuses(ref, splitRunId)).toEqual(['SENDING', 'DECIDED']);
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER refuse ON "SplitRun"; DROP FUNCTION refuse_split_run();`);
    }
    expect(await finishMailingIfDone(db.prisma, ref)).toBe(true);
    expect(await statuses(ref, splitRunId)).toEqual(['SENT', 'FINISHED']);
  });
});
