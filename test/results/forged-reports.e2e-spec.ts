import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeReturnPath } from '@herald/bounces';
import { MAX_INBOUND_RECIPIENTS } from '../../apps/worker/src/inbound/inbound-smtp.server';
import { arf, dsn } from '../support/returned-mail';
import { caughtMail, sendMailing, startE2eStack, waitFor, type CaughtMail, type E2eStack } from '../support/e2e';

/**
 * Only the signed return path a report was delivered to says whose it is. A recipient of account A's
 * mailing knows A's return path (it is in the Return-Path header) and can read B's Message-IDs off
 * anything B sent them; neither may let them touch B's destinations.
 */
describe('bounces and complaints from a hostile sender', () => {
  let stack: E2eStack;
  let mailingB: number;
  let mail: CaughtMail;

  /** A mailing of an account of its own to `people`, sent and SENT. */
  async function sendMailingOf(accountName: string, people: string[]): Promise<number> {
    const accountId = await stack.newAccount(accountName);
    const token = await stack.userToken('MARKETER', accountId);
    const databaseId = (await stack.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await stack.prisma.profile.createMany({
      data: people.map((name) => ({ accountId, databaseId, email: `${name}@example.test`, values: {} })),
    });
    return (await sendMailing(stack, { name: accountName, token, target: { databaseId } })).mailingId;
  }

  async function inbound(
    to: string | string[],
    raw: string | Readable,
  ): Promise<{ accepted: string[]; rejected: string[]; rejectedCodes: number[] }> {
    const info = await stack.sendToInbound({ from: 'feedback@fbl.example.test', to }, raw);
    const rejectedCodes = ((info as { rejectedErrors?: Array<{ responseCode?: number }> }).rejectedErrors ?? []).map(
      (e) => e.responseCode ?? 0,
    );
    return { accepted: info.accepted.map(String), rejected: info.rejected.map(String), rejectedCodes };
  }

  const verp = (who: string): string => mail.message(who).envelope.from;
  const messageId = (who: string): string => mail.message(who).headers['message-id']!;

  async function state(who: string) {
    const destination = await stack.prisma.destination.findFirstOrThrow({
      where: { address: `${who}@example.test` },
      select: { id: true, profileId: true, dominantResult: true, complainedAt: true, lastErrorKind: true },
    });
    const profile = await stack.prisma.profile.findUniqueOrThrow({
      where: { id: destination.profileId },
      select: { disabledAt: true },
    });
    const events = await stack.prisma.event.count({ where: { destinationId: destination.id } });
    return {
      dominantResult: destination.dominantResult,
      complainedAt: destination.complainedAt,
      lastErrorKind: destination.lastErrorKind,
      disabledAt: profile.disabledAt,
      events,
    };
  }

  const untouched = {
    dominantResult: 'NO_FEEDBACK',
    complainedAt: null,
    lastErrorKind: null,
    disabledAt: null,
    events: 0,
  };

  /** A genuine report sent after the forged one: once it is stored, the forged one was handled too (one stream, in order). */
  async function genuineComplaintFrom(who: string): Promise<void> {
    await inbound(verp(who), arf(verp(who), `${who}@example.test`, messageId(who)));
    await waitFor(
      () => state(who),
      (s) => s.dominantResult === 'COMPLAINT',
    );
  }

  beforeAll(async () => {
    stack = await startE2eStack({ publicUrl: true, role: false });
    await sendMailingOf('A', [
      'a-forger1',
      'a-forger2',
      'a-forger3',
      'a-control1',
      'a-control2',
      'a-control3',
      'a-lister',
      'a-nul',
      'a-control4',
      ...Array.from({ length: 11 }, (_, i) => `a-many${i}`),
    ]);
    mailingB = await sendMailingOf('B', ['b-victim1', 'b-victim2', 'b-victim3']);
    mail = await caughtMail(stack.catcher);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("drops a complaint sent to A's signed return path that quotes B's Message-ID: nothing changes in B, nor in A", async () => {
    await inbound(verp('a-forger1'), arf(verp('a-forger1'), 'b-victim1@example.test', messageId('b-victim1')));
    await genuineComplaintFrom('a-control1');

    expect(await state('b-victim1')).toEqual(untouched);
    // Dropped, not applied to A: the report is about a message that is not the one A's return path was given to.
    expect(await state('a-forger1')).toEqual(untouched);
  }, 30_000);

  it("drops a DSN sent to A's signed return path that quotes B's Message-ID", async () => {
    await inbound(
      verp('a-forger2'),
      dsn(verp('a-forger2'), 'b-victim2@example.test', '5.1.1', '550 5.1.1 User unknown', messageId('b-victim2')),
    );
    await genuineComplaintFrom('a-control2');

    expect(await state('b-victim2')).toEqual(untouched);
    expect(await state('a-forger2')).toEqual(untouched);
  }, 30_000);

  it('refuses complaints and DSNs to unsigned or wrongly signed return paths, alone or next to a signed one', async () => {
    const victimId = (
      await stack.prisma.destination.findFirstOrThrow({
        where: { address: 'b-victim3@example.test' },
        select: { id: true },
      })
    ).id;
    const wronglySigned = encodeReturnPath(victimId, { secret: 'not-the-secret', domain: stack.config.BOUNCE_DOMAIN });
    const unsigned = `b-${victimId}@${stack.config.BOUNCE_DOMAIN}`;
    for (const address of [wronglySigned, unsigned, `postmaster@${stack.config.BOUNCE_DOMAIN}`]) {
      await expect(
        inbound(address, arf(address, 'b-victim3@example.test', messageId('b-victim3'))),
      ).rejects.toMatchObject({ responseCode: 550 });
      await expect(
        inbound(
          address,
          dsn(address, 'b-victim3@example.test', '5.1.1', '550 5.1.1 User unknown', messageId('b-victim3')),
        ),
      ).rejects.toMatchObject({ responseCode: 550 });
    }
    // The forged address is refused at RCPT; the signed one beside it must not lend the report to B.
    const mixed = await inbound(
      [wronglySigned, verp('a-forger3')],
      arf(wronglySigned, 'b-victim3@example.test', messageId('b-victim3')),
    );
    expect(mixed.rejected).toEqual([wronglySigned]);
    await genuineComplaintFrom('a-control3');

    expect(await state('b-victim3')).toEqual(untouched);
    expect(await state('a-forger3')).toEqual(untouched);
    const b = await stack.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: mailingB } });
    expect(b).toMatchObject({ complaintsTotal: 0, errorsTotal: 0, dominantComplaint: 0, dominantError: 0 });
  }, 30_000);

  it('records one bounce for a DSN that lists many failed recipients', async () => {
    const many = dsn(
      verp('a-lister'),
      'a-lister@example.test',
      '5.1.1',
      '550 5.1.1 User unknown',
      messageId('a-lister'),
    ).replace(
      'Final-Recipient: rfc822; a-lister@example.test\r\nAction: failed\r\nStatus: 5.1.1',
      Array.from(
        { length: 50 },
        (_, i) => `Final-Recipient: rfc822; other${i}@example.test\r\nAction: failed\r\nStatus: 5.2.2`,
      ).join('\r\n\r\n') + '\r\n\r\nFinal-Recipient: rfc822; a-lister@example.test\r\nAction: failed\r\nStatus: 5.1.1',
    );
    await inbound(verp('a-lister'), many);
    // state() reads three tables one after another, so wait for the whole outcome (a hard bounce disables), not only the event.
    const lister = await waitFor(
      () => state('a-lister'),
      (s) => s.events > 0 && s.disabledAt !== null,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    // The worst of the reports (5.1.1 is hard), once.
    expect(await state('a-lister')).toMatchObject({
      ...lister,
      dominantResult: 'ERROR',
      lastErrorKind: 'HARD',
      events: 1,
    });
  }, 30_000);

  it('stores a DSN whose diagnostic holds a NUL byte, and goes on ingesting what comes after it', async () => {
    await inbound(
      verp('a-nul'),
      dsn(verp('a-nul'), 'a-nul@example.test', '5.1.1', '550 5.1.1 no\u0000such user', messageId('a-nul')),
    );
    await genuineComplaintFrom('a-control4');
    const destination = await stack.prisma.destination.findFirstOrThrow({
      where: { address: 'a-nul@example.test' },
      select: { dominantResult: true, lastErrorText: true },
    });
    expect(destination).toEqual({ dominantResult: 'ERROR', lastErrorText: '550 5.1.1 nosuch user' });
  }, 30_000);

  it(`accepts at most ${MAX_INBOUND_RECIPIENTS} recipients per message`, async () => {
    const addresses = Array.from({ length: 11 }, (_, i) => verp(`a-many${i}`));
    const result = await inbound(addresses, 'From: someone@example.test\r\nSubject: hello\r\n\r\nhello');
    expect(result.accepted).toHaveLength(MAX_INBOUND_RECIPIENTS);
    expect(result.rejected).toEqual([addresses[10]]);
    expect(result.rejectedCodes).toEqual([452]);
  }, 30_000);

  it('refuses an oversized message without holding it in memory', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const chunks = 2048; // 128 MiB, far past the 2 MiB limit
    let left = chunks;
    const body = new Readable({
      read() {
        this.push(left-- === chunks ? Buffer.from('Subject: big\r\n\r\n') : left > 0 ? chunk : null);
      },
    });
    const start = process.memoryUsage().arrayBuffers;
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
    try {
      await expect(inbound(verp('a-many0'), body)).rejects.toMatchObject({ responseCode: 552 });
    } finally {
      clearInterval(sampler);
    }

    // Buffers the client and the socket freed but the collector has not yet reclaimed stay well under what was sent.
    expect(peak - start).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
