import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { mailingAggregateRepository, type MailingAggregateChanges } from './mailing-aggregate.repository';
import { prismaRunner } from './sql-runner';

describe('mailingAggregateRepository', () => {
  let db: TestDatabase;

  async function mailingOf(name: string) {
    const accountId = (await db.prisma.account.create({ data: { name } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const mailing = await db.prisma.mailing.create({
      data: { accountId, name: 'M', channel: 'EMAIL', documentId, targetType: 'DATABASE', databaseId },
    });
    return { mailingId: mailing.id, accountId };
  }
  const read = (mailingId: number) => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } });

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('creates, sets and moves the counters of one mailing, and only within its account', async () => {
    const mailing = await mailingOf('A');
    const other = await mailingOf('B');
    const sql = prismaRunner(db.prisma);
    await mailingAggregateRepository.ensure(sql, mailing);
    await mailingAggregateRepository.initialise(sql, mailing, {
      destinations: 3,
      dominantNoFeedback: 3,
      suppressed: 0,
    });
    expect(
      await mailingAggregateRepository.apply(sql, mailing, {
        dominantNoFeedback: -1,
        dominantClick: 1,
        clicksTotal: 2,
      }),
    ).toBe(true);
    expect(await read(mailing.mailingId)).toMatchObject({
      destinations: 3,
      dominantNoFeedback: 2,
      dominantClick: 1,
      clicksTotal: 2,
      suppressed: 0,
    });

    // Another account's id for this mailing moves nothing.
    expect(
      await mailingAggregateRepository.apply(
        sql,
        { mailingId: mailing.mailingId, accountId: other.accountId },
        { clicksTotal: 5 },
      ),
    ).toBe(false);
    await mailingAggregateRepository.initialise(
      sql,
      { mailingId: mailing.mailingId, accountId: other.accountId },
      { destinations: 99 },
    );
    expect(await read(mailing.mailingId)).toMatchObject({
      destinations: 3,
      clicksTotal: 2,
      accountId: mailing.accountId,
    });
  });

  it('refuses a name that is no counter rather than writing it into SQL', async () => {
    const mailing = await mailingOf('C');
    const sql = prismaRunner(db.prisma);
    await mailingAggregateRepository.ensure(sql, mailing);
    const forged = { 'sent" = 0, "accountId': 1 } as unknown as MailingAggregateChanges;
    await expect(mailingAggregateRepository.apply(sql, mailing, forged)).rejects.toThrow(/has no counter/);
    await expect(mailingAggregateRepository.apply(sql, mailing, { sent: 0.5 })).rejects.toThrow(/cannot move by 0.5/);
  });
});
