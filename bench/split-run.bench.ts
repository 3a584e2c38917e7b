// `npm run bench -- split-run [profiles]` (default 1000000)
// Draws the test groups of a split-run (A 25 %, B 25 %) over a target of that many profiles, in SQL as
// `POST /split-runs/:id/start` does, and chooses the winner of a split-run whose mailings have as many
// destinations (the worker's decision: counters read, the pure choice). Beside them, in the same run:
// a plain count(*) of the target and the audience count the mailing form shows (the same recipient rows).
// Median of 3 runs after one warm-up (each draw a split-run of its own).
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { channelAddressRule } from '@herald/channels';
import { mailingAudienceRepository, mailingCountersRepository, splitRunGroupRepository } from '@herald/db';
import { createTestDatabase } from '@herald/db/testing';
import { splitRunGroupSizes } from '@herald/domain';
import { chooseSplitRunWinner, mailingCountersOf } from '@herald/statistics';

const RUNS = 3;

async function median<T>(run: (i: number) => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await run(-1);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result };
}

export default async function splitRunBench(args: string[]): Promise<void> {
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const db = await createTestDatabase();
  const client = new Client({ connectionString: db.url });
  try {
    const { prisma } = db;
    const accountId = (await prisma.account.create({ data: { name: 'Bench' } })).id;
    const databaseId = (await prisma.database.create({ data: { accountId, name: 'Bench' } })).id;
    await prisma.$executeRaw`
      INSERT INTO "Profile" ("accountId", "databaseId", email, "updatedAt", "unsubscribedAt")
      SELECT ${accountId}, ${databaseId}, 'p' || i || '@example.com', now(), CASE WHEN i % 50 = 0 THEN now() END
      FROM generate_series(1, ${n}) AS i`;
    await prisma.$executeRawUnsafe('ANALYZE "Profile"');
    const rule = channelAddressRule('EMAIL');
    const target = {
      accountId,
      addressField: 'email' as const,
      databaseId,
      collectionId: null,
      toSubprofiles: false,
      filter: null,
    };

    await client.connect();
    const plain = await median(
      async () =>
        (
          await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM "Profile" WHERE "databaseId" = $1 AND "deletedAt" IS NULL',
            [databaseId],
          )
        ).rows[0]!.n,
    );
    const audience = await median(
      async () => (await mailingAudienceRepository.count(prisma, target, rule, { skipDuplicates: true })).recipients,
    );

    // Each draw writes the members of a split-run of its own, as start does: pool, sizes, draw, in one transaction.
    const draw = await median(async () => {
      const seed = randomUUID();
      const splitRunId = (
        await prisma.splitRun.create({
          data: { accountId, name: 'Bench', targetType: 'DATABASE', databaseId, waitMinutes: 60, seed },
        })
      ).id;
      const spec = { splitRunId, seed, target, rule, skipDuplicates: true };
      return prisma.$transaction(
        async (tx) => {
          const sizes = splitRunGroupSizes(await splitRunGroupRepository.poolSize(tx, spec), [
            { percent: 25 },
            { percent: 25 },
          ]);
          await splitRunGroupRepository.draw(tx, spec, sizes);
          return sizes;
        },
        { isolationLevel: 'RepeatableRead', timeout: 600_000 },
      );
    });

    // A split-run of n destinations: A and B each a quarter, the remainder half; people clicked in A and B.
    const document = await prisma.document.create({ data: { accountId, name: 'D', channel: 'EMAIL' } });
    const mailings: number[] = [];
    for (const [i, share] of [0.25, 0.25, 0.5].entries()) {
      const mailingId = (
        await prisma.mailing.create({
          data: {
            accountId,
            name: `M${i}`,
            channel: 'EMAIL',
            documentId: document.id,
            targetType: 'DATABASE',
            databaseId,
          },
        })
      ).id;
      const first = Math.round([0, 0.25, 0.5][i]! * n);
      const count = Math.round(share * n);
      await prisma.$executeRaw`
        INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "sentAt", "openedAt", "clickedAt", "updatedAt")
        SELECT ${accountId}, ${mailingId}, p.id, p.id, p.email, 'SENT', now(),
          CASE WHEN p.id % 5 = 0 THEN now() END,
          CASE WHEN p.id % ${i === 1 ? 9 : 13} = 0 THEN now() - interval '1 minute' END, now()
        FROM (SELECT id, email FROM "Profile" WHERE "databaseId" = ${databaseId} ORDER BY id OFFSET ${first} LIMIT ${count}) p`;
      const clicked = Math.floor(count / (i === 1 ? 9 : 13));
      await prisma.mailingAggregate.create({
        data: {
          mailingId,
          accountId,
          destinations: count,
          sent: count,
          delivered: count,
          clicksUnique: clicked,
          clicksTotal: clicked,
          impressionsUnique: Math.floor(count / 5),
        },
      });
      mailings.push(mailingId);
    }
    await prisma.$executeRawUnsafe('ANALYZE "Destination"');
    const destinations = await prisma.destination.count({ where: { mailingId: { in: mailings } } });
    const decide = await median(async () => {
      const stored = await mailingCountersRepository.read(prisma, mailings.slice(0, 2));
      const variants = mailings.slice(0, 2).map((id, i) => {
        const s = stored.get(id)!;
        return { label: 'AB'[i]!, counters: mailingCountersOf(s.aggregate, s.impressionsImplied) };
      });
      return chooseSplitRunWinner(variants, 'UNIQUE_CLICKS');
    });

    console.log(
      `split-run benchmark: a target of ${n.toLocaleString('en')} profiles (2 % unsubscribed), median of ${RUNS}`,
    );
    console.log(
      `  baseline, plain count(*) of the target (pg): ${plain.ms.toFixed(1)} ms → ${plain.result.toLocaleString('en')}`,
    );
    console.log(
      `  audience count (the recipient rows dispatch reads, suppression applied): ${audience.ms.toFixed(1)} ms → ${audience.result.toLocaleString('en')}`,
    );
    console.log(
      `  drawing groups A 25 % and B 25 % (pool count, md5(seed || id) ranking, ${(draw.result[0]! + draw.result[1]!).toLocaleString('en')} members written): ${draw.ms.toFixed(0)} ms = ${(draw.ms / plain.ms).toFixed(1)} × the plain count, ${(draw.ms / audience.ms).toFixed(1)} × the audience count`,
    );
    console.log(
      `  choosing the winner of a split-run of ${destinations.toLocaleString('en')} destinations (counters read + the pure choice): ${decide.ms.toFixed(1)} ms → ${decide.result.reason} ${decide.result.significance?.sentence ?? ''}`,
    );
  } finally {
    await client.end().catch(() => undefined);
    await db.drop();
  }
}
