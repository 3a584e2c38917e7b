import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { profileSuppressionRepository } from './profile-suppression.repository';
import { prismaRunner } from './sql-runner';

describe('profileSuppressionRepository.unsubscribeThroughDestination', () => {
  let db: TestDatabase;

  async function destinationOf(name: string) {
    const accountId = (await db.prisma.account.create({ data: { name } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const documentId = (await db.prisma.document.create({ data: { accountId, name: 'Doc', channel: 'EMAIL' } })).id;
    const profileId = (
      await db.prisma.profile.create({ data: { accountId, databaseId, email: `${name}@example.test` } })
    ).id;
    const mailingId = (
      await db.prisma.mailing.create({
        data: { accountId, name: 'Spring news', channel: 'EMAIL', documentId, targetType: 'DATABASE', databaseId },
      })
    ).id;
    const destinationId = (
      await db.prisma.destination.create({
        data: { accountId, mailingId, recipientId: profileId, profileId, address: `${name}@example.test` },
      })
    ).id;
    return { accountId, profileId, mailingId, destinationId };
  }
  const profile = (id: number) => db.prisma.profile.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('unsubscribes the profile the destination went to, keeping the first moment and reason', async () => {
    const d = await destinationOf('first');
    const sql = prismaRunner(db.prisma);
    expect(await profileSuppressionRepository.unsubscribeThroughDestination(sql, d, 'unsubscribe link')).toBe(true);
    const once = await profile(d.profileId);
    expect(once.unsubscribeReason).toBe('unsubscribe link in mailing "Spring news"');
    expect(once.unsubscribedAt).not.toBeNull();
    expect(await profileSuppressionRepository.unsubscribeThroughDestination(sql, d, 'one-click')).toBe(true);
    const twice = await profile(d.profileId);
    expect(twice.unsubscribeReason).toBe(once.unsubscribeReason);
    expect(twice.unsubscribedAt).toEqual(once.unsubscribedAt);
  });

  it('changes nothing when the mailing named beside the destination is not its own, or the destination does not exist', async () => {
    const d = await destinationOf('wrong');
    const other = await destinationOf('other');
    const sql = prismaRunner(db.prisma);
    expect(
      await profileSuppressionRepository.unsubscribeThroughDestination(
        sql,
        { destinationId: d.destinationId, mailingId: other.mailingId },
        'unsubscribe link',
      ),
    ).toBe(false);
    expect(
      await profileSuppressionRepository.unsubscribeThroughDestination(
        sql,
        { destinationId: 9_000_000_000n },
        'unsubscribe link',
      ),
    ).toBe(false);
    expect((await profile(d.profileId)).unsubscribedAt).toBeNull();
    expect((await profile(other.profileId)).unsubscribedAt).toBeNull();
  });
});
