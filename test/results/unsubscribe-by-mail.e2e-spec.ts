import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { decodeHeraldAddress, parseHeraldMessageId } from '@herald/bounces';
import { startMailCatcher, type CaughtMessage, type MailCatcher } from '@herald/mail-catcher';
import type { HeraldConfig } from '@herald/config';
import { InboundSmtpServer } from '../../apps/worker/src/inbound/inbound-smtp.server';
import { startApi, type RunningApi } from '../support/api';
import { testConfigWithPublicUrl } from '../support/config';
import { createAccount, createUser } from '../support/factories';
import { startWorker } from '../support/worker';

/**
 * The List-Unsubscribe mailto: mail to it unsubscribes its destination's profile. Its address has a
 * signature of its own: the return path is in every delivered message's Return-Path header (and with
 * every relay and forwarder on the way), so an unsubscribe address made from it by changing the
 * prefix must unsubscribe no one.
 */
describe('unsubscribe by mail (List-Unsubscribe mailto)', () => {
  let db: TestDatabase;
  let catcher: MailCatcher;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let config: HeraldConfig;
  let inboundPort: number;
  let mailingId: number;
  const sent = new Map<string, CaughtMessage>();

  async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    for (const until = Date.now() + timeoutMs; ;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > until) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function mailTo(to: string): Promise<void> {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inboundPort,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        envelope: { from: 'reader@example.test', to },
        raw: 'From: reader@example.test\r\nSubject: unsubscribe\r\n\r\nunsubscribe',
      });
    } finally {
      transport.close();
    }
  }

  const mailto = (who: string): string => /<mailto:([^>]+)>/.exec(sent.get(who)!.headers['list-unsubscribe']!)![1]!;
  const returnPath = (who: string): string => sent.get(who)!.envelope.from;
  const profile = (who: string) =>
    db.prisma.profile.findFirstOrThrow({ where: { email: `${who}@example.test` }, select: { unsubscribedAt: true } });
  const destination = (who: string) =>
    db.prisma.destination.findFirstOrThrow({
      where: { address: `${who}@example.test` },
      select: { id: true, mailingId: true, providerMessageId: true },
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    catcher = await startMailCatcher({ smtpPort: 0, keep: 'all' });
    config = await testConfigWithPublicUrl(db.url, { SMTP_PORT: String(catcher.smtpPort) });
    api = await startApi(config);
    worker = await startWorker(config);
    inboundPort = worker.get(InboundSmtpServer).port;

    const accountId = (await createAccount(db.prisma)).id;
    const user = await createUser(db.prisma, accountId, 'MARKETER');
    const token = await api.login(user.email, user.password);
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await db.prisma.profile.createMany({
      data: ['leaver', 'victim', 'keeper'].map((name) => ({
        accountId,
        databaseId,
        email: `${name}@example.test`,
        values: {},
      })),
    });
    const document = await api.request<{ id: number }>('POST', '/documents', {
      token,
      body: {
        name: 'News',
        fromAddress: 'news@herald.example',
        subject: 'News',
        html: '<html><body><p>Hello</p></body></html>',
      },
    });
    const mailing = await api.request<{ id: number }>('POST', '/mailings', {
      token,
      body: { name: 'News', documentId: document.body.id, targetType: 'DATABASE', databaseId },
    });
    mailingId = mailing.body.id;
    await api.request('POST', `/mailings/${mailingId}/send`, { token });
    await waitFor(
      () => db.prisma.mailing.findUniqueOrThrow({ where: { id: mailingId }, select: { status: true } }),
      (m) => m.status === 'SENT',
      60_000,
    );
    for (const message of catcher.messages()) sent.set(message.envelope.to[0]!.split('@')[0]!, message);
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await catcher?.close();
    await db?.drop();
  });

  it('sends each message a return path, an unsubscribe address and a Message-ID that name its destination', async () => {
    const options = { secret: config.TRACKING_SECRET, domain: config.BOUNCE_DOMAIN };
    for (const who of ['leaver', 'victim', 'keeper']) {
      const { id } = await destination(who);
      expect(decodeHeraldAddress(returnPath(who), options)).toEqual({
        kind: 'RETURN_PATH',
        destinationId: id.toString(),
      });
      expect(decodeHeraldAddress(mailto(who), options)).toEqual({ kind: 'UNSUBSCRIBE', destinationId: id.toString() });
      expect(parseHeraldMessageId(sent.get(who)!.headers['message-id'])).toEqual({
        mailingId,
        destinationId: id.toString(),
      });
      // What the outcome recorder keeps is the Message-ID the message went out with.
      expect((await destination(who)).providerMessageId).toBe(sent.get(who)!.headers['message-id']);
    }
  });

  it('unsubscribes the profile whose unsubscribe address is mailed, in any case', async () => {
    await mailTo(mailto('leaver').toUpperCase());
    await waitFor(
      () => profile('leaver'),
      (p) => p.unsubscribedAt !== null,
    );
    await waitFor(
      () => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId }, select: { unsubscribesTotal: true } }),
      (a) => a.unsubscribesTotal === 1,
    );
  }, 30_000);

  it('refuses an unsubscribe address made from a return path by changing its prefix, and unsubscribes no one', async () => {
    const madeUp = `u${returnPath('victim').slice(1)}`;
    await expect(mailTo(madeUp)).rejects.toMatchObject({ responseCode: 550 });
    expect(madeUp).not.toBe(mailto('victim'));
    // Mail to the return path itself is read as a bounce (this one is none), never as an unsubscribe.
    await mailTo(returnPath('victim'));
    // A genuine unsubscribe after them: once it is stored, what came before was handled too.
    await mailTo(mailto('keeper'));
    await waitFor(
      () => profile('keeper'),
      (p) => p.unsubscribedAt !== null,
    );
    expect((await profile('victim')).unsubscribedAt).toBeNull();
    const events = await db.prisma.event.findMany({
      where: { mailingId },
      select: { type: true, destinationId: true },
    });
    const victimId = (await destination('victim')).id;
    expect(events.filter((e) => e.destinationId === victimId)).toEqual([]);
  }, 30_000);
});
