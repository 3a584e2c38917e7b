import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHeraldAddress, parseHeraldMessageId } from '@herald/bounces';
import { caughtMail, sendMailing, startE2eStack, waitFor, type CaughtMail, type E2eStack } from '../support/e2e';

/**
 * The List-Unsubscribe mailto: mail to it unsubscribes its destination's profile. Its address has a
 * signature of its own: the return path is in every delivered message's Return-Path header (and with
 * every relay and forwarder on the way), so an unsubscribe address made from it by changing the
 * prefix must unsubscribe no one.
 */
describe('unsubscribe by mail (List-Unsubscribe mailto)', () => {
  let stack: E2eStack;
  let mailingId: number;
  let mail: CaughtMail;

  async function mailTo(to: string): Promise<void> {
    await stack.sendToInbound(
      { from: 'reader@example.test', to },
      'From: reader@example.test\r\nSubject: unsubscribe\r\n\r\nunsubscribe',
    );
  }

  const mailto = (who: string): string => /<mailto:([^>]+)>/.exec(mail.message(who).headers['list-unsubscribe']!)![1]!;
  const returnPath = (who: string): string => mail.message(who).envelope.from;
  const profile = (who: string) =>
    stack.prisma.profile.findFirstOrThrow({
      where: { email: `${who}@example.test` },
      select: { unsubscribedAt: true },
    });
  const destination = (who: string) =>
    stack.prisma.destination.findFirstOrThrow({
      where: { address: `${who}@example.test` },
      select: { id: true, mailingId: true, providerMessageId: true },
    });

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true });
    const { accountId } = stack;
    const databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await stack.prisma.profile.createMany({
      data: ['leaver', 'victim', 'keeper'].map((name) => ({
        accountId,
        databaseId,
        email: `${name}@example.test`,
        values: {},
      })),
    });
    ({ mailingId } = await sendMailing(stack, { target: { databaseId } }));
    mail = await caughtMail(stack.catcher);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('sends each message a return path, an unsubscribe address and a Message-ID that name its destination', async () => {
    const options = { secret: stack.config.TRACKING_SECRET, domain: stack.config.BOUNCE_DOMAIN };
    for (const who of ['leaver', 'victim', 'keeper']) {
      const { id } = await destination(who);
      expect(decodeHeraldAddress(returnPath(who), options)).toEqual({
        kind: 'RETURN_PATH',
        destinationId: id.toString(),
      });
      expect(decodeHeraldAddress(mailto(who), options)).toEqual({ kind: 'UNSUBSCRIBE', destinationId: id.toString() });
      expect(parseHeraldMessageId(mail.message(who).headers['message-id'])).toEqual({
        mailingId,
        destinationId: id.toString(),
      });
      // What the outcome recorder keeps is the Message-ID the message went out with.
      expect((await destination(who)).providerMessageId).toBe(mail.message(who).headers['message-id']);
    }
  });

  it('unsubscribes the profile whose unsubscribe address is mailed, in any case', async () => {
    await mailTo(mailto('leaver').toUpperCase());
    await waitFor(
      () => profile('leaver'),
      (p) => p.unsubscribedAt !== null,
    );
    await waitFor(
      () =>
        stack.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId }, select: { unsubscribesTotal: true } }),
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
    const events = await stack.prisma.event.findMany({
      where: { mailingId },
      select: { type: true, destinationId: true },
    });
    const victimId = (await destination('victim')).id;
    expect(events.filter((e) => e.destinationId === victimId)).toEqual([]);
  }, 30_000);
});
