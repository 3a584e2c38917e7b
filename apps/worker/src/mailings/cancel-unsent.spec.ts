import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { cancelUnsent } from './cancel-unsent';

describe('cancelUnsent: what a stop left unsent', () => {
  let db: TestDatabase;

  /** A mailing in `status` with sent and pending destinations, its counters as dispatch and sending left them. */
  async function mailingWith(status: 'SENDING' | 'CANCELLED', sent: number, pending: number) {
    const accountId = (await db.prisma.account.create({ data: { name: 'Stop' } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'People' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const mailing = await db.prisma.mailing.create({
      data: { accountId, name: 'M', channel: 'EMAIL', documentId, targetType: 'DATABASE', databaseId, status },
    });
    for (let i = 0; i < sent + pending; i++) {
      const profile = await db.prisma.profile.create({
        data: { accountId, databaseId, email: `p${i}@example.test` },
      });
      await db.prisma.destination.create({
        data: {
          accountId,
          mailingId: mailing.id,
          recipientId: profile.id,
          profileId: profile.id,
          address: `p${i}@example.test`,
          status: i < sent ? 'SENT' : 'PENDING',
        },
      });
    }
    await db.prisma.mailingAggregate.create({
      data: { mailingId: mailing.id, accountId, destinations: sent + pending, sent },
    });
    return { mailingId: mailing.id, accountId };
  }

  const statuses = async (mailingId: number) =>
    (await db.prisma.destination.findMany({ where: { mailingId }, orderBy: { id: 'asc' } })).map((d) => d.status);

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('ends the pending destinations of a stopped mailing as cancelled and counts them, so sent + cancelled = destinations', async () => {
    const ref = await mailingWith('CANCELLED', 2, 3);
    expect(await cancelUnsent(db.prisma, ref)).toBe(3);
    expect(await statuses(ref.mailingId)).toEqual(['SENT', 'SENT', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
    const aggregate = await db.prisma.mailingAggregate.findUniqueOrThrow({ where: { mailingId: ref.mailingId } });
    expect(aggregate.sent + aggregate.cancelled).toBe(aggregate.destinations);
    // Again: nothing is pending any more, nothing moves.
    expect(await cancelUnsent(db.prisma, ref)).toBe(0);
  });

  it('keeps to its range, and never touches a mailing that is still sending', async () => {
    const stopped = await mailingWith('CANCELLED', 0, 3);
    const [first] = await db.prisma.destination.findMany({
      where: { mailingId: stopped.mailingId },
      orderBy: { id: 'asc' },
    });
    expect(await cancelUnsent(db.prisma, stopped, { first: first!.id, last: first!.id })).toBe(1);
    expect(await statuses(stopped.mailingId)).toEqual(['CANCELLED', 'PENDING', 'PENDING']);

    const sending = await mailingWith('SENDING', 1, 2);
    expect(await cancelUnsent(db.prisma, sending)).toBe(0);
    expect(await statuses(sending.mailingId)).toEqual(['SENT', 'PENDING', 'PENDING']);
    // Another account's reference finds nothing.
    expect(await cancelUnsent(db.prisma, { mailingId: stopped.mailingId, accountId: sending.accountId })).toBe(0);
  });
});
