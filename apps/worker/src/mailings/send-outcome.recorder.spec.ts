import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { SendOutcomeRecorder, type SendOutcome } from './send-outcome.recorder';

describe('SendOutcomeRecorder: send outcomes through the fold', () => {
  let db: TestDatabase;
  let pool: Pool;

  /** A mailing being sent to `count` pending destinations, its aggregate as dispatch leaves it. */
  async function sending(count: number, softErrorStreak = 0) {
    const accountId = (await db.prisma.account.create({ data: { name: `Recorder ${randomBytes(3).toString('hex')}` } }))
      .id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const mailing = await db.prisma.mailing.create({
      data: {
        accountId,
        name: 'M',
        channel: 'EMAIL',
        documentId,
        targetType: 'DATABASE',
        databaseId,
        status: 'SENDING',
      },
    });
    const destinations = [];
    for (let i = 0; i < count; i++) {
      const profile = await db.prisma.profile.create({
        data: { accountId, databaseId, email: `r${i}@example.test`, softErrorStreak },
      });
      destinations.push(
        await db.prisma.destination.create({
          data: {
            accountId,
            mailingId: mailing.id,
            recipientId: profile.id,
            profileId: profile.id,
            address: profile.email!,
          },
          select: { id: true, profileId: true },
        }),
      );
    }
    await db.prisma.mailingAggregate.create({
      data: { mailingId: mailing.id, accountId, destinations: count, dominantNoFeedback: count },
    });
    const recorder = new SendOutcomeRecorder(db.prisma, pool, mailing.id, accountId);
    const record = async (...outcomes: SendOutcome[]) => {
      for (const outcome of outcomes) recorder.add(outcome);
      await recorder.flush();
    };
    return { mailingId: mailing.id, destinations, record };
  }
  const aggregate = (mailingId: number) => db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId } });
  const profile = (id: number) =>
    db.prisma.profile.findUniqueOrThrow({
      where: { id },
      select: { softErrorStreak: true, disabledAt: true, disabledReason: true },
    });
  const sent = (d: { id: bigint; profileId: number }): SendOutcome => ({
    kind: 'sent',
    destinationId: d.id,
    profileId: d.profileId,
    response: '250 OK',
    messageId: `m.d${d.id}`,
  });
  const failed = (
    d: { id: bigint; profileId: number },
    errorKind: 'HARD' | 'SOFT',
    code: string,
    senderSide = false,
  ): SendOutcome => ({
    kind: 'failed',
    destinationId: d.id,
    profileId: d.profileId,
    errorKind,
    code,
    text: `${code} refused`,
    senderSide,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('counts sent, delivered, failed and suppressed once, however often a batch is written', async () => {
    const { mailingId, destinations, record } = await sending(4);
    const [a, b, c, d] = destinations as [
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
    ];
    const batch: SendOutcome[] = [
      sent(a),
      sent(b),
      failed(c, 'HARD', '5.1.1'),
      { kind: 'suppressed', destinationId: d.id, reason: 'unsubscribed' },
    ];
    await record(...batch);
    await record(...batch);
    expect(await aggregate(mailingId)).toMatchObject({
      destinations: 3,
      sent: 2,
      delivered: 2,
      failed: 1,
      suppressed: 1,
      dominantNoFeedback: 2,
      dominantError: 1,
      errorsTotal: 1,
      errorsHard: 1,
      errorsUnique: 1,
    });
    expect(await db.prisma.event.count({ where: { mailingId } })).toBe(1);
    expect(
      await db.prisma.destination.findUniqueOrThrow({
        where: { id: a.id },
        select: { status: true, attempts: true, providerMessageId: true },
      }),
    ).toEqual({
      status: 'SENT',
      attempts: 1,
      providerMessageId: `m.d${a.id}`,
    });
    expect(await profile(c.profileId)).toMatchObject({ disabledReason: 'hard error: 5.1.1 5.1.1 refused' });
  });

  it('a 4xx then a delivered retry: an error attempt counted, no error result, delivered', async () => {
    const { mailingId, destinations, record } = await sending(1);
    const [a] = destinations as [{ id: bigint; profileId: number }];
    await record({ kind: 'retry', destinationId: a.id, code: '4.2.1', text: 'try later', senderSide: false });
    expect(await aggregate(mailingId)).toMatchObject({
      dominantError: 1,
      dominantNoFeedback: 0,
      errorsTotal: 1,
      errorsSoft: 1,
    });
    await record(sent(a));
    expect(await aggregate(mailingId)).toMatchObject({
      sent: 1,
      delivered: 1,
      dominantError: 0,
      dominantNoFeedback: 1,
      errorsTotal: 1,
      errorsUnique: 1,
    });
    expect(
      await db.prisma.destination.findUniqueOrThrow({
        where: { id: a.id },
        select: { attempts: true, dominantResult: true },
      }),
    ).toEqual({ attempts: 2, dominantResult: 'NO_FEEDBACK' });
  });

  it('disables at the third soft error in a row, ends the run on delivery, and holds no sender-side rejection against the recipient', async () => {
    const { destinations, record } = await sending(4, 2);
    const [third, delivered, sender, hardSender] = destinations as Array<{ id: bigint; profileId: number }> as [
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
      { id: bigint; profileId: number },
    ];
    await record(
      failed(third, 'SOFT', '4.2.2'),
      sent(delivered),
      failed(sender, 'SOFT', '5.7.26', true),
      failed(hardSender, 'SOFT', '5.7.515', true),
    );
    expect(await profile(third.profileId)).toMatchObject({
      softErrorStreak: 3,
      disabledReason: '3 soft errors in a row',
    });
    expect(await profile(delivered.profileId)).toEqual({ softErrorStreak: 0, disabledAt: null, disabledReason: null });
    expect(await profile(sender.profileId)).toEqual({ softErrorStreak: 2, disabledAt: null, disabledReason: null });
    expect(await profile(hardSender.profileId)).toEqual({ softErrorStreak: 2, disabledAt: null, disabledReason: null });
  });

  it("stores an error's reason, and marks a sender-side code as such (issue 14)", async () => {
    const { destinations, record } = await sending(2);
    const [gone, blocked] = destinations as [{ id: bigint; profileId: number }, { id: bigint; profileId: number }];
    await record(
      { ...failed(gone, 'HARD', '5.1.1'), reason: 'userunknown' } as SendOutcome,
      { ...failed(blocked, 'SOFT', '5.7.1', true), reason: 'blocked' } as SendOutcome,
    );
    const events = await db.prisma.event.findMany({
      where: { destinationId: { in: [gone.id, blocked.id] } },
      orderBy: { destinationId: 'asc' },
      select: { errorCode: true, errorReason: true },
    });
    expect(events).toEqual([
      { errorCode: '5.1.1', errorReason: 'userunknown' },
      { errorCode: 'sender:5.7.1', errorReason: 'blocked' },
    ]);
    const rows = await db.prisma.destination.findMany({
      where: { id: { in: [gone.id, blocked.id] } },
      orderBy: { id: 'asc' },
      select: { lastErrorCode: true, lastErrorReason: true },
    });
    expect(rows).toEqual([
      { lastErrorCode: '5.1.1', lastErrorReason: 'userunknown' },
      { lastErrorCode: 'sender:5.7.1', lastErrorReason: 'blocked' },
    ]);
  });

  it('leaves a profile with two soft errors in a row enabled', async () => {
    const { destinations, record } = await sending(1, 1);
    await record(failed(destinations[0]!, 'SOFT', '4.2.2'));
    expect(await profile(destinations[0]!.profileId)).toEqual({
      softErrorStreak: 2,
      disabledAt: null,
      disabledReason: null,
    });
  });
});
