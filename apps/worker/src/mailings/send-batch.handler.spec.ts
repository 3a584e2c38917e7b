import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@herald/config';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type MailCatcher } from '@herald/mail-catcher';
import { JobName, QueueName, jobId, type JobPayloads } from '@herald/queue';
import { createWorker } from '../bootstrap';

/**
 * A profile that unsubscribes or is disabled after dispatch wrote its destination, but before the send
 * job for it runs, gets nothing: the send job checks again. The send queue is paused between the two.
 */
describe('send-time re-check of unsubscribed and disabled profiles', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let worker: INestApplicationContext;

  async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
    for (const until = Date.now() + timeoutMs; ;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    catcher = await startMailCatcher({
      smtpPort: 0,
      keep: 'all',
      replies: [
        { match: /^policy@/, code: 550, message: '5.7.1 Message rejected: sender not authenticated (SPF)' },
        { match: /^full@/, code: 452, message: '4.2.2 Mailbox full' },
        { match: /^gone@/, code: 550, message: '5.1.1 User unknown' },
      ],
    });
    const config = parseConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '5',
      REDIS_URL: process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `herald-test-${randomBytes(6).toString('hex')}`,
      API_PORT: '0',
      JWT_SECRET: randomBytes(32).toString('hex'),
      TRACKING_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: randomBytes(32).toString('hex'),
      SMTP_PORT: String(catcher.smtpPort),
      INBOUND_SMTP_PORT: '0',
      // One attempt: a soft or sender-side reply fails the destination at once.
      SEND_MAX_ATTEMPTS: '1',
    });
    worker = await createWorker(config);
    await worker.init();
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await catcher?.close();
    await db?.drop();
  });

  /** A queued mailing of one frozen document to the database, handed to dispatch as the API would; returns its id. */
  async function dispatchMailing(accountId: number, databaseId: number): Promise<number> {
    const dispatchQueue = worker.get<Queue>(getQueueToken(QueueName.Dispatch), { strict: false });
    const document = await db.prisma.document.create({ data: { accountId, name: 'News', channel: 'EMAIL' } });
    const version = await db.prisma.documentVersion.create({
      data: {
        accountId,
        documentId: document.id,
        version: 1,
        fromAddress: 'news@herald.example',
        subject: 'News',
        html: '<html><body><p>Hello</p></body></html>',
      },
    });
    const mailing = await db.prisma.mailing.create({
      data: {
        accountId,
        name: 'News',
        channel: 'EMAIL',
        documentId: document.id,
        documentVersionId: version.id,
        targetType: 'DATABASE',
        databaseId,
        status: 'QUEUED',
      },
    });
    const payload: JobPayloads[JobName.DispatchMailing] = { mailingId: mailing.id, accountId };
    await dispatchQueue.add(JobName.DispatchMailing, payload, { jobId: jobId('dispatch', mailing.id) });
    return mailing.id;
  }

  /** Waits until the mailing is in `status`. */
  const mailingInStatus = (mailingId: number, status: string) =>
    waitFor(
      () => db.prisma.mailing.findUniqueOrThrow({ where: { id: mailingId }, select: { status: true } }),
      (m) => m.status === status,
    );

  /** A new account with a database of one profile per name (`<name>@example.test`). */
  async function readers(accountName: string, names: string[]): Promise<{ accountId: number; databaseId: number }> {
    const accountId = (await db.prisma.account.create({ data: { name: accountName } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await db.prisma.profile.createMany({
      data: names.map((name) => ({ accountId, databaseId, email: `${name}@example.test` })),
    });
    return { accountId, databaseId };
  }

  /** Who the sink received a message for, in order of address. */
  const recipientsCaught = (): string[] =>
    catcher
      .messages()
      .map((m) => m.envelope.to[0]!)
      .sort();

  it('sends nothing to a profile unsubscribed or disabled between dispatch and its send job', async () => {
    const sendQueue = worker.get<Queue>(getQueueToken(QueueName.Send), { strict: false });
    await sendQueue.pause();

    const { accountId, databaseId } = await readers('Re-check', ['stays', 'leaves', 'bounced', 'texted-stop']);
    const mailingId = await dispatchMailing(accountId, databaseId);

    // Dispatch wrote every destination as pending; the send jobs wait in the paused queue.
    await mailingInStatus(mailingId, 'SENDING');
    expect(await db.prisma.destination.count({ where: { mailingId, status: 'PENDING' } })).toBe(4);
    expect(await sendQueue.count()).toBeGreaterThan(0);

    await db.prisma.profile.updateMany({
      where: { databaseId, email: 'leaves@example.test' },
      data: { unsubscribedAt: new Date(), unsubscribeReason: 'unsubscribe link' },
    });
    await db.prisma.profile.updateMany({
      where: { databaseId, email: 'bounced@example.test' },
      data: { disabledAt: new Date(), disabledReason: 'hard error: 5.1.1' },
    });
    // A STOP reply to an SMS opts out of SMS only: this e-mail still goes.
    await db.prisma.profile.updateMany({
      where: { databaseId, email: 'texted-stop@example.test' },
      data: { smsUnsubscribedAt: new Date() },
    });
    await sendQueue.resume();

    await mailingInStatus(mailingId, 'SENT');
    expect(recipientsCaught()).toEqual(['stays@example.test', 'texted-stop@example.test']);
    const destinations = await db.prisma.destination.findMany({
      where: { mailingId },
      orderBy: { address: 'asc' },
      select: { address: true, status: true, suppressionReason: true },
    });
    expect(destinations).toEqual([
      { address: 'bounced@example.test', status: 'SUPPRESSED', suppressionReason: 'disabled' },
      { address: 'leaves@example.test', status: 'SUPPRESSED', suppressionReason: 'unsubscribed' },
      { address: 'stays@example.test', status: 'SENT', suppressionReason: null },
      { address: 'texted-stop@example.test', status: 'SENT', suppressionReason: null },
    ]);
  }, 60_000);

  it('leaves a destination with a failed attempt to its retry job, queuing that job when a crash lost it, so the two never both send', async () => {
    const sendQueue = worker.get<Queue>(getQueueToken(QueueName.Send), { strict: false });
    await sendQueue.pause();
    const { accountId, databaseId } = await readers('Retried', ['fresh', 'retried']);
    const mailingId = await dispatchMailing(accountId, databaseId);
    await mailingInStatus(mailingId, 'SENDING');
    // Its first attempt failed and was stored; the worker died before it queued the retry.
    const retried = await db.prisma.destination.findFirstOrThrow({
      where: { mailingId, address: 'retried@example.test' },
      select: { id: true },
    });
    await db.prisma.destination.update({ where: { id: retried.id }, data: { attempts: 1 } });
    catcher.clear();
    await sendQueue.resume();

    const retryJobId = jobId('retry', retried.id.toString(), 1);
    const retryJob = await waitFor(
      () => sendQueue.getJob(retryJobId),
      (job) => job !== undefined,
    );
    await waitFor(
      () => db.prisma.destination.findFirstOrThrow({ where: { mailingId, address: 'fresh@example.test' } }),
      (d) => d.status === 'SENT',
    );
    // The batch sent the other one and queued the retry (delayed by the back-off) instead of sending it too.
    expect(await retryJob!.isDelayed()).toBe(true);
    expect(recipientsCaught()).toEqual(['fresh@example.test']);
    expect(await db.prisma.destination.findUniqueOrThrow({ where: { id: retried.id } })).toMatchObject({
      status: 'PENDING',
      attempts: 1,
    });

    await retryJob!.promote();
    await mailingInStatus(mailingId, 'SENT');
    expect(recipientsCaught()).toEqual(['fresh@example.test', 'retried@example.test']);
  }, 60_000);

  it('counts send-time outcomes through the fold: a third soft error in a row disables, a delivery ends a run, a sender-side rejection is not held against the recipient', async () => {
    const accountId = (await db.prisma.account.create({ data: { name: 'Outcomes' } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const names = ['ok', 'policy', 'full', 'gone', 'unsubscribed'];
    await db.prisma.profile.createMany({
      data: names.map((name) => ({
        accountId,
        databaseId,
        email: `${name}@example.test`,
        softErrorStreak: 2,
        unsubscribedAt: name === 'unsubscribed' ? new Date() : null,
      })),
    });
    const mailingId = await dispatchMailing(accountId, databaseId);
    await mailingInStatus(mailingId, 'SENT');

    const profiles = await db.prisma.profile.findMany({
      where: { databaseId },
      orderBy: { id: 'asc' },
      select: { email: true, softErrorStreak: true, disabledReason: true },
    });
    expect(profiles).toEqual([
      { email: 'ok@example.test', softErrorStreak: 0, disabledReason: null },
      { email: 'policy@example.test', softErrorStreak: 2, disabledReason: null },
      { email: 'full@example.test', softErrorStreak: 3, disabledReason: '3 soft errors in a row' },
      { email: 'gone@example.test', softErrorStreak: 2, disabledReason: expect.stringMatching(/^hard error: 5\.1\.1/) },
      { email: 'unsubscribed@example.test', softErrorStreak: 2, disabledReason: null },
    ]);
    expect(await db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } })).toMatchObject({
      destinations: 4,
      suppressed: 1,
      sent: 1,
      delivered: 1,
      failed: 3,
      dominantNoFeedback: 1,
      dominantError: 3,
      errorsTotal: 3,
      errorsUnique: 3,
      errorsSoft: 2,
      errorsHard: 1,
    });
  }, 60_000);
});
