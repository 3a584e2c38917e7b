import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '@herald/mail-catcher';
import { InboundSmtpServer } from '../../apps/worker/src/inbound/inbound-smtp.server';
import { startApi, type RunningApi } from '../support/api';
import { dsn } from '../support/returned-mail';
import { testConfigWithPublicUrl } from '../support/config';
import { createAccount, createUser } from '../support/factories';
import { startWorker } from '../support/worker';

/**
 * A bounce message about us (5.7.x: the receiving server did not accept our authentication) is an error
 * of the message but says nothing of the recipient: it neither disables the address nor counts towards
 * its soft errors in a row. A mailbox-full bounce beside it does, so the run is seen to move at all.
 */
describe('bounce messages about the sender, through the inbound SMTP server', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let databaseId: number;
  let mailingId: number;
  const byRecipient = new Map<string, CaughtMessage>();

  async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    for (const until = Date.now() + timeoutMs; ;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function bounce(who: string, status: string, diagnostic: string): Promise<void> {
    const sent = byRecipient.get(who)!;
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: worker.get(InboundSmtpServer).port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        envelope: { from: 'mailer-daemon@mx.example.test', to: sent.envelope.from },
        raw: dsn(sent.envelope.from, `${who}@example.test`, status, diagnostic, sent.headers['message-id']!),
      });
    } finally {
      transport.close();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    catcher = await startMailCatcher({ smtpPort: 0, keep: 'all' });
    const config = await testConfigWithPublicUrl(db.url, { SMTP_PORT: String(catcher.smtpPort) });
    api = await startApi(config);
    worker = await startWorker(config);
    const accountId = (await createAccount(db.prisma)).id;
    const user = await createUser(db.prisma, accountId, 'MARKETER');
    const token = await api.login(user.email, user.password);
    databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await db.prisma.profile.createMany({
      data: ['policy', 'full'].map((name) => ({ accountId, databaseId, email: `${name}@example.test` })),
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: { name: 'News', fromAddress: 'news@herald.example', subject: 'News', html: '<p>Hello</p>' },
    });
    const created = await api.request<{ id: number }>('POST', '/mailings', {
      token,
      body: { name: 'News', documentId: document.body.id, targetType: 'DATABASE', databaseId },
    });
    mailingId = created.body.id;
    await api.request('POST', `/mailings/${mailingId}/send`, { token });
    await waitFor(
      () => db.prisma.mailing.findUniqueOrThrow({ where: { id: mailingId }, select: { status: true } }),
      (m) => m.status === 'SENT',
      60_000,
    );
    for (const message of catcher.messages()) byRecipient.set(message.envelope.to[0]!.split('@')[0]!, message);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await catcher?.close();
    await db?.drop();
  });

  it('counts the error of the message, but neither disables the recipient nor adds to their soft errors in a row', async () => {
    // The delivery ended any earlier run; both come back with two soft errors in a row since.
    await db.prisma.profile.updateMany({ where: { databaseId }, data: { softErrorStreak: 2 } });
    await bounce('policy', '5.7.1', '550 5.7.1 Message rejected: sender not authenticated (SPF)');
    await bounce('full', '5.2.2', '552 5.2.2 <full@example.test>: Mailbox full');

    const aggregate = await waitFor(
      () => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } }),
      (a) => a.errorsTotal >= 2,
    );
    expect(aggregate).toMatchObject({ sent: 2, errorsTotal: 2, errorsUnique: 2, dominantError: 2, delivered: 0 });
    const profiles = await db.prisma.profile.findMany({
      where: { databaseId },
      orderBy: { id: 'asc' },
      select: { email: true, softErrorStreak: true, disabledAt: true, disabledReason: true },
    });
    expect(profiles).toEqual([
      { email: 'policy@example.test', softErrorStreak: 2, disabledAt: null, disabledReason: null },
      {
        email: 'full@example.test',
        softErrorStreak: 3,
        disabledAt: expect.any(Date),
        disabledReason: '3 soft errors in a row',
      },
    ]);
  });
});
