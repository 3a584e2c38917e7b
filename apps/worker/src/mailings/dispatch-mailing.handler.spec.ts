import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@herald/db';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { QueueName, bullConnection } from '@herald/queue';
import { parseConfig } from '@herald/config';
import { ChannelAdapters } from '../channels/channel-adapters';
import { DispatchMailingHandler } from './dispatch-mailing.handler';
import { MailingContextService } from './mailing-context.service';
import { SelectionFilterService } from './selection-filter.service';

describe('DispatchMailingHandler: destinations and their counters', () => {
  let db: TestDatabase;
  let queue: Queue;
  let sut: DispatchMailingHandler;

  async function queuedMailing(
    addresses: Array<string | null>,
    settings: Prisma.InputJsonObject,
    channel: 'EMAIL' | 'SMS' = 'EMAIL',
  ): Promise<{ mailingId: number; accountId: number }> {
    const accountId = (await db.prisma.account.create({ data: { name: 'Dispatch' } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel } })).id;
    for (const address of addresses) {
      // Each profile has both kinds of address, so only the channel can pick the right one.
      const other =
        address === null ? 'other@example.test' : `+31 6 0000 ${String(addresses.indexOf(address)).padStart(4, '0')}`;
      const data = channel === 'EMAIL' ? { email: address, mobile: other } : { mobile: address, email: other };
      await db.prisma.profile.create({ data: { accountId, databaseId, ...data } });
    }
    const mailing = await db.prisma.mailing.create({
      data: {
        accountId,
        name: 'M',
        channel,
        documentId,
        targetType: 'DATABASE',
        databaseId,
        status: 'QUEUED',
        settings,
      },
    });
    return { mailingId: mailing.id, accountId };
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
    queue = new Queue(QueueName.Send, {
      connection: bullConnection(config.REDIS_URL),
      prefix: config.REDIS_PREFIX,
    });
    // No channel: the send jobs' context that dispatch prepares ahead fails, which is theirs to report.
    const contexts = new MailingContextService(db.prisma, new ChannelAdapters([]));
    sut = new DispatchMailingHandler(db.prisma, config, queue, new SelectionFilterService(db.prisma), contexts);
  }, 60_000);

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await db?.drop();
  });

  it('skips duplicate addresses whatever their case, keeping the lowest recipient, and counts the rest as suppressed', async () => {
    const { mailingId, accountId } = await queuedMailing(
      ['Ann@Example.test', 'ann@example.TEST', 'bob@example.test', null],
      { skipDuplicates: true },
    );
    expect(await sut.run(mailingId, accountId)).toBe('dispatched');

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

  it("reads the mailing's channel address: an SMS mailing sends to mobile numbers and suppresses missing or unusable ones", async () => {
    const { mailingId, accountId } = await queuedMailing(
      ['+31 6 1234 5678', null, 'call me', '+31612345678'],
      {
        skipDuplicates: true,
      },
      'SMS',
    );
    expect(await sut.run(mailingId, accountId)).toBe('dispatched');
    const destinations = await db.prisma.destination.findMany({
      where: { mailingId },
      orderBy: { recipientId: 'asc' },
      select: { status: true, address: true, suppressionReason: true },
    });
    expect(destinations).toEqual([
      { status: 'PENDING', address: '+31 6 1234 5678', suppressionReason: null },
      { status: 'SUPPRESSED', address: '', suppressionReason: 'no mobile number' },
      { status: 'SUPPRESSED', address: 'call me', suppressionReason: 'invalid mobile number' },
      { status: 'PENDING', address: '+31612345678', suppressionReason: null },
    ]);
  });

  it("does not dispatch another account's mailing: the job's account scopes the read", async () => {
    const { mailingId, accountId } = await queuedMailing(['a@example.test'], {});
    expect(await sut.run(mailingId, accountId + 1_000)).toBe('missing');
    expect(await db.prisma.destination.count({ where: { mailingId } })).toBe(0);
    expect(await sut.run(mailingId, accountId)).toBe('dispatched');
    expect(await db.prisma.destination.count({ where: { mailingId } })).toBe(1);
  });
});
