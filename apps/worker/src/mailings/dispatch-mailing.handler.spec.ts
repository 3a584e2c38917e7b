import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@herald/db';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { QueueName, bullConnection } from '@herald/queue';
import { parseConfig } from '@herald/config';
import { DispatchMailingHandler } from './dispatch-mailing.handler';
import { SelectionFilterService } from './selection-filter.service';

describe('DispatchMailingHandler: destinations and their counters', () => {
  let db: TestDatabase;
  let queue: Queue;
  let sut: DispatchMailingHandler;

  async function queuedMailing(emails: Array<string | null>, settings: Prisma.InputJsonObject) {
    const accountId = (await db.prisma.account.create({ data: { name: 'Dispatch' } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    for (const email of emails) await db.prisma.profile.create({ data: { accountId, databaseId, email } });
    const mailing = await db.prisma.mailing.create({
      data: {
        accountId,
        name: 'M',
        channel: 'EMAIL',
        documentId,
        targetType: 'DATABASE',
        databaseId,
        status: 'QUEUED',
        settings,
      },
    });
    return mailing.id;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `herald-test-${randomBytes(6).toString('hex')}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      TRACKING_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('hex'),
    });
    queue = new Queue(QueueName.SendEmail, {
      connection: bullConnection(config.REDIS_URL),
      prefix: config.REDIS_PREFIX,
    });
    sut = new DispatchMailingHandler(db.prisma, config, queue, new SelectionFilterService(db.prisma));
  }, 60_000);

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await db?.drop();
  });

  it('skips duplicate addresses whatever their case, keeping the lowest recipient, and counts the rest as suppressed', async () => {
    const mailingId = await queuedMailing(['Ann@Example.test', 'ann@example.TEST', 'bob@example.test', null], {
      skipDuplicates: true,
    });
    expect(await sut.run(mailingId)).toBe('dispatched');

    const destinations = await db.prisma.destination.findMany({
      where: { mailingId },
      orderBy: { recipientId: 'asc' },
      select: { status: true, suppressionReason: true },
    });
    expect(destinations.map((d) => d.status)).toEqual(['PENDING', 'SUPPRESSED', 'PENDING', 'SUPPRESSED']);
    expect(destinations[1]!.suppressionReason).toMatch(/^duplicate address/);
    expect(await db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } })).toMatchObject({
      destinations: 2,
      dominantNoFeedback: 2,
      suppressed: 2,
      sent: 0,
    });
  });
});
