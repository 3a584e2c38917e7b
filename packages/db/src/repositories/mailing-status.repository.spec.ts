import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing';
import { mailingStatusRepository } from './mailing-status.repository';
import { prismaRunner } from './sql-runner';

describe('mailingStatusRepository: the only writer of Mailing.status', () => {
  let db: TestDatabase;

  async function mailingOf(name: string) {
    const accountId = (await db.prisma.account.create({ data: { name } })).id;
    const databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    const document = await db.prisma.document.create({
      data: { accountId, name: 'Doc', channel: 'EMAIL', versions: { create: { accountId, version: 1 } } },
      include: { versions: true },
    });
    const profileId = (await db.prisma.profile.create({ data: { accountId, databaseId, email: 'a@example.test' } })).id;
    const mailing = await db.prisma.mailing.create({
      data: { accountId, name: 'M', channel: 'EMAIL', documentId: document.id, targetType: 'DATABASE', databaseId },
    });
    return { mailingId: mailing.id, accountId, versionId: document.versions[0]!.id, profileId };
  }
  const read = (mailingId: number) => db.prisma.mailing.findUniqueOrThrow({ where: { id: mailingId } });
  const sql = () => prismaRunner(db.prisma);

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('walks a mailing from draft to sent, recording when and what at each step', async () => {
    const m = await mailingOf('A');
    expect(await mailingStatusRepository.move(sql(), m, 'queue', { documentVersionId: m.versionId })).toBe(true);
    expect(await read(m.mailingId)).toMatchObject({ status: 'QUEUED', documentVersionId: m.versionId });
    expect((await read(m.mailingId)).queuedAt).not.toBeNull();

    expect(await mailingStatusRepository.move(sql(), m, 'start-sending')).toBe(true);
    const sending = await read(m.mailingId);
    expect(sending.status).toBe('SENDING');
    expect(sending.dispatchedAt).not.toBeNull();
    expect(sending.startedAt).not.toBeNull();

    // Not finished while a destination is pending.
    const destination = await db.prisma.destination.create({
      data: {
        accountId: m.accountId,
        mailingId: m.mailingId,
        recipientId: m.profileId,
        profileId: m.profileId,
        address: 'a@example.test',
      },
    });
    expect(await mailingStatusRepository.move(sql(), m, 'finish')).toBe(false);
    expect((await read(m.mailingId)).status).toBe('SENDING');
    await db.prisma.destination.update({ where: { id: destination.id }, data: { status: 'SENT' } });
    expect(await mailingStatusRepository.move(sql(), m, 'finish')).toBe(true);
    const sent = await read(m.mailingId);
    expect(sent.status).toBe('SENT');
    expect(sent.finishedAt).not.toBeNull();
    // Nothing moves a sent mailing back, nor cancels it.
    expect(await mailingStatusRepository.move(sql(), m, 'stop', { by: null })).toBe(false);
    expect(await mailingStatusRepository.move(sql(), m, 'queue', { documentVersionId: m.versionId })).toBe(false);
    expect((await read(m.mailingId)).status).toBe('SENT');
  });

  it("takes no step for another account's mailing", async () => {
    const m = await mailingOf('B');
    const other = await mailingOf('C');
    const foreign = { mailingId: m.mailingId, accountId: other.accountId };
    expect(await mailingStatusRepository.move(sql(), foreign, 'queue', { documentVersionId: m.versionId })).toBe(false);
    expect(await mailingStatusRepository.move(sql(), foreign, 'stop', { by: null })).toBe(false);
    expect((await read(m.mailingId)).status).toBe('DRAFT');
  });

  it('a marketer cancels only what has not started; an admin stops a sending mailing; of two racing steps one wins', async () => {
    const m = await mailingOf('D');
    await mailingStatusRepository.move(sql(), m, 'queue', { documentVersionId: m.versionId });
    expect(await mailingStatusRepository.move(sql(), m, 'cancel', { by: null })).toBe(false);
    const results = await Promise.all([
      mailingStatusRepository.move(sql(), m, 'start-sending'),
      mailingStatusRepository.move(sql(), m, 'stop', { by: null }),
      mailingStatusRepository.move(sql(), m, 'stop', { by: null }),
    ]);
    const status = (await read(m.mailingId)).status;
    // start-sending then one stop, or one stop alone: never two stops, never both sending and stopped.
    expect(status).toBe('CANCELLED');
    expect(results.filter((won) => won).length).toBeLessThanOrEqual(2);
    expect(results.slice(1).filter((won) => won)).toHaveLength(1);
  });

  it('takes a step for many mailings at once, each only in its own account and from an allowed state', async () => {
    const [a, b, c] = [await mailingOf('F'), await mailingOf('G'), await mailingOf('H')];
    await mailingStatusRepository.move(sql(), c, 'stop', { by: null });
    const foreign = { mailingId: b.mailingId, accountId: a.accountId };
    const moved = await mailingStatusRepository.moveMany(sql(), [a, foreign, c], 'queue', {
      documentVersionId: a.versionId,
    });
    expect(moved).toEqual([a.mailingId]);
    expect(await read(a.mailingId)).toMatchObject({ status: 'QUEUED', documentVersionId: a.versionId });
    expect((await read(b.mailingId)).status).toBe('DRAFT');
    expect((await read(c.mailingId)).status).toBe('CANCELLED');
    expect(await mailingStatusRepository.moveMany(sql(), [], 'queue', { documentVersionId: a.versionId })).toEqual([]);
  });

  it('refuses to queue without the document version it freezes', async () => {
    const m = await mailingOf('E');
    await expect(mailingStatusRepository.move(sql(), m, 'queue')).rejects.toThrow(/document version/);
  });
});
