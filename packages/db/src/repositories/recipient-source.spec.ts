import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../testing';
import { channelUnsubscribedAt } from './recipient-source';

describe('channelUnsubscribedAt', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await db?.drop();
  });

  /** What the rule reads for a profile with these two moments, on an SMS channel or another. */
  async function read(profile: { unsubscribedAt: string | null; smsUnsubscribedAt: string | null }, isSms: boolean) {
    const rows = await db.prisma.$queryRaw<Array<{ at: Date | null }>>`
      SELECT ${channelUnsubscribedAt('p', isSms ? Prisma.sql`true` : Prisma.sql`false`)} AS at
      FROM (SELECT ${profile.unsubscribedAt}::timestamptz AS "unsubscribedAt",
                   ${profile.smsUnsubscribedAt}::timestamptz AS "smsUnsubscribedAt") p`;
    return rows[0]!.at?.toISOString() ?? null;
  }

  const general = '2026-11-01T10:00:00.000Z';
  const stop = '2026-11-02T10:00:00.000Z';

  it('stops every channel on a general unsubscribe, and only SMS on a STOP reply', async () => {
    expect(await read({ unsubscribedAt: null, smsUnsubscribedAt: null }, true)).toBeNull();
    expect(await read({ unsubscribedAt: null, smsUnsubscribedAt: null }, false)).toBeNull();
    expect(await read({ unsubscribedAt: general, smsUnsubscribedAt: null }, true)).toBe(general);
    expect(await read({ unsubscribedAt: general, smsUnsubscribedAt: null }, false)).toBe(general);
    expect(await read({ unsubscribedAt: null, smsUnsubscribedAt: stop }, true)).toBe(stop);
    expect(await read({ unsubscribedAt: null, smsUnsubscribedAt: stop }, false)).toBeNull();
    // Both: the general unsubscribe is the one that applies to every channel, so it is reported first.
    expect(await read({ unsubscribedAt: general, smsUnsubscribedAt: stop }, true)).toBe(general);
  });
});
