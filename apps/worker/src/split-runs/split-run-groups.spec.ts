import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitRunGroupRepository, splitRunRecipientFilter, type SplitRunDraw } from '@herald/db';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { channelAddressRule } from '@herald/channels';
import { splitRunGroupSizes } from '@herald/domain';
import { chiSquareGoodnessOfFit } from '@herald/statistics';

// The groups are drawn in packages/db; tested here, where the statistics to judge them are at hand.
describe('split-run test groups drawn in SQL', () => {
  let db: TestDatabase;
  let accountId: number;
  let databaseId: number;
  const PROFILES = 40;
  const rule = channelAddressRule('EMAIL');

  const drawOf = (splitRunId: number, seed: string): SplitRunDraw => ({
    splitRunId,
    seed,
    target: { accountId, addressField: 'email', databaseId, collectionId: null, toSubprofiles: false, filter: null },
    rule,
    skipDuplicates: true,
  });
  const splitRun = async (seed: string) =>
    (
      await db.prisma.splitRun.create({
        data: { accountId, name: 'S', targetType: 'DATABASE', databaseId, waitMinutes: 60, seed },
      })
    ).id;
  const members = (splitRunId: number) =>
    db.prisma.splitRunMember.findMany({ where: { splitRunId }, orderBy: { recipientId: 'asc' } });

  beforeAll(async () => {
    db = await createTestDatabase();
    accountId = (await db.prisma.account.create({ data: { name: 'A' } })).id;
    databaseId = (await db.prisma.database.create({ data: { accountId, name: 'Readers' } })).id;
    await db.prisma.profile.createMany({
      data: Array.from({ length: PROFILES }, (_, i) => ({ accountId, databaseId, email: `p${i}@example.test` })),
    });
    // Not in the pool: unsubscribed, no address, and a duplicate address (the later profile).
    await db.prisma.profile.createMany({
      data: [
        { accountId, databaseId, email: 'gone@example.test', unsubscribedAt: new Date() },
        { accountId, databaseId, email: null },
        { accountId, databaseId, email: 'P0@example.test' },
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('draws groups of exactly the stated sizes, disjoint, from the usable recipients only', async () => {
    const draw = drawOf(await splitRun('seed-a'), 'seed-a');
    const pool = await splitRunGroupRepository.poolSize(db.prisma, draw);
    expect(pool).toBe(PROFILES);
    const sizes = splitRunGroupSizes(pool, [{ percent: 25 }, { count: 7 }, { percent: 12.5 }]);
    expect(sizes).toEqual([10, 7, 5]);
    await splitRunGroupRepository.draw(db.prisma, draw, sizes);
    const drawn = await splitRunGroupRepository.sizes(db.prisma, draw.splitRunId);
    expect([drawn.get(0), drawn.get(1), drawn.get(2)]).toEqual([10, 7, 5]);
    const rows = await members(draw.splitRunId);
    expect(new Set(rows.map((r) => r.recipientId)).size).toBe(22);
    const excluded = await db.prisma.profile.findMany({
      where: { OR: [{ unsubscribedAt: { not: null } }, { email: null }, { email: 'P0@example.test' }] },
    });
    expect(rows.some((r) => excluded.some((p) => p.id === r.recipientId))).toBe(false);
  });

  it('is reproducible from the seed, and another seed draws other groups', async () => {
    const one = drawOf(await splitRun('same'), 'same');
    const two = drawOf(await splitRun('same'), 'same');
    const other = drawOf(await splitRun('other'), 'other');
    for (const d of [one, two, other]) await splitRunGroupRepository.draw(db.prisma, d, [10, 10]);
    const strip = (rows: Awaited<ReturnType<typeof members>>) => rows.map((r) => [r.recipientId, r.position]);
    expect(strip(await members(two.splitRunId))).toEqual(strip(await members(one.splitRunId)));
    expect(strip(await members(other.splitRunId))).not.toEqual(strip(await members(one.splitRunId)));
    // Drawing again writes nothing more.
    expect(await splitRunGroupRepository.draw(db.prisma, one, [10, 10])).toBe(0);
  });

  it('puts every recipient in a group with the same chance, over many seeds (chi-square)', async () => {
    const SEEDS = 200;
    const ids: number[] = [];
    for (let i = 0; i < SEEDS; i++) ids.push(await splitRun(`uniform-${i}`));
    for (const [i, id] of ids.entries())
      await splitRunGroupRepository.draw(db.prisma, drawOf(id, `uniform-${i}`), [10, 10]);
    const counts = await db.prisma.$queryRaw<{ recipientId: number; a: number; b: number }[]>`
      SELECT p.id AS "recipientId",
             count(m.*) FILTER (WHERE m.position = 0)::int AS a, count(m.*) FILTER (WHERE m.position = 1)::int AS b
      FROM "Profile" p LEFT JOIN "SplitRunMember" m ON m."recipientId" = p.id AND m."splitRunId" = ANY(${ids}::int[])
      WHERE p."databaseId" = ${databaseId} AND p."unsubscribedAt" IS NULL AND p.email IS NOT NULL AND p.email <> 'P0@example.test'
      GROUP BY p.id ORDER BY p.id`;
    expect(counts).toHaveLength(PROFILES);
    // Each recipient is in group A in about a quarter of the draws (50 of 200), and in B alike.
    const equal = counts.map(() => 1);
    const a = chiSquareGoodnessOfFit(
      counts.map((c) => c.a),
      equal,
    );
    const b = chiSquareGoodnessOfFit(
      counts.map((c) => c.b),
      equal,
    );
    expect(a.degreesOfFreedom).toBe(PROFILES - 1);
    expect(a.pValue).toBeGreaterThan(0.001);
    expect(b.pValue).toBeGreaterThan(0.001);
    // A, B and the remainder in the proportions 10 : 10 : 20 for one recipient over all draws.
    const first = counts[0]!;
    const shares = chiSquareGoodnessOfFit([first.a, first.b, SEEDS - first.a - first.b], [10, 10, 20]);
    expect(shares.pValue).toBeGreaterThan(0.001);
  }, 120_000);

  it('restricts a test mailing to its group and the remainder to everyone in no group', async () => {
    const id = await splitRun('filter');
    await splitRunGroupRepository.draw(db.prisma, drawOf(id, 'filter'), [10, 10]);
    const document = await db.prisma.document.create({ data: { accountId, name: 'D', channel: 'EMAIL' } });
    const mailing = async () =>
      (
        await db.prisma.mailing.create({
          data: {
            accountId,
            name: 'M',
            channel: 'EMAIL',
            documentId: document.id,
            targetType: 'DATABASE',
            databaseId,
            splitRunId: id,
          },
        })
      ).id;
    const test = await mailing();
    const rest = await mailing();
    await db.prisma.splitRunVariant.create({
      data: { accountId, splitRunId: id, label: 'B', position: 1, documentId: document.id, mailingId: test },
    });
    const reach = async (mailingId: number) => {
      const filter = (await splitRunRecipientFilter(db.prisma, { id: mailingId, splitRunId: id }))!;
      const rows = await db.prisma.$queryRaw<{ id: number }[]>`
        SELECT r.id FROM "Profile" r WHERE r."databaseId" = ${databaseId} AND ${filter} ORDER BY r.id`;
      return rows.map((r) => r.id);
    };
    const groupB = (await members(id)).filter((m) => m.position === 1).map((m) => m.recipientId);
    expect(await reach(test)).toEqual(groupB);
    const remainder = await reach(rest);
    // 43 profiles in the database, 20 in groups: the remainder has the other 23, unusable ones included
    // (dispatch suppresses those with a reason).
    expect(remainder).toHaveLength(PROFILES + 3 - 20);
    expect(remainder.some((r) => groupB.includes(r))).toBe(false);
    expect(await splitRunRecipientFilter(db.prisma, { id: test, splitRunId: null })).toBeNull();
  });
});
