// `npm run bench -- pivot [destinations=1000000] [requests=10]`
// A sent mailing of a million destinations whose profiles live in 50 cities, written in bulk with SQL.
// Times POST /dynamic-reports/query by city (every metric) over HTTP against the real API (its own
// process), beside a plain count(*) of the mailing's destinations in the same run (issue 19: under a
// second). Checks the cells add up to the destinations before timing.
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { Prisma } from '@herald/db';
import { BENCH_LOGIN, ratio, requireBuild, startBenchApi, type Child } from './support';
import { hashPassword } from '../apps/api/src/common/auth/passwords';
import { pivotGroupsSql } from '../apps/api/src/modules/dynamic-reports/pivot-query';

const CITIES = 50;

function median(ms: number[]): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function p95(ms: number[]): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Destination i is in city i % 50 and in one of twenty result classes by i % 20, as in the report bench. */
async function generate(db: TestDatabase, n: number): Promise<number> {
  const prisma = db.prisma;
  const account = await prisma.account.create({ data: { name: 'Bench' } });
  const a = account.id;
  await prisma.user.create({
    data: {
      accountId: a,
      email: BENCH_LOGIN.email,
      name: 'Bench',
      role: 'VIEWER',
      passwordHash: await hashPassword(BENCH_LOGIN.password),
    },
  });
  const database = await prisma.database.create({
    data: { accountId: a, name: 'Bench', fields: { create: [{ accountId: a, name: 'city', type: 'TEXT' }] } },
  });
  const document = await prisma.document.create({ data: { accountId: a, name: 'Bench', channel: 'EMAIL' } });
  const start = new Date(Date.UTC(2026, 0, 5, 8));
  const m = (
    await prisma.mailing.create({
      data: {
        accountId: a,
        name: 'A million',
        channel: 'EMAIL',
        documentId: document.id,
        targetType: 'DATABASE',
        databaseId: database.id,
        status: 'SENT',
        startedAt: start,
        finishedAt: new Date(start.getTime() + 3_600_000),
      },
    })
  ).id;
  await prisma.$executeRaw`
    INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt")
    SELECT ${a}, ${database.id}, 'p' || i || '@example.test', jsonb_build_object('city', 'City ' || (i % ${CITIES})), now()
    FROM generate_series(0, ${n - 1}) AS i`;
  const [first] = await prisma.$queryRaw<{ id: number }[]>`
    SELECT min(id) AS id FROM "Profile" WHERE "databaseId" = ${database.id}`;
  const base = first!.id;
  await prisma.$executeRaw`
    INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "dominantResult", "lastErrorKind",
                               "sentAt", "openedAt", "clickedAt", "unsubscribedAt", "complainedAt", "updatedAt")
    SELECT ${a}, ${m}, ${base} + i, ${base} + i, 'p' || i || '@example.test', 'SENT',
      CASE WHEN c = 0 THEN 'ERROR' WHEN c < 10 THEN 'NO_FEEDBACK' WHEN c < 15 THEN 'IMPRESSION' WHEN c < 18 THEN 'CLICK' WHEN c = 18 THEN 'UNSUBSCRIBE' ELSE 'COMPLAINT' END::"DominantResult",
      CASE WHEN c = 0 THEN 'HARD' END::"ErrorKind", t,
      CASE WHEN c >= 10 THEN t + interval '1 minute' END, CASE WHEN c BETWEEN 15 AND 18 THEN t + interval '2 minutes' END,
      CASE WHEN c >= 18 THEN t + interval '3 minutes' END, CASE WHEN c = 19 THEN t + interval '4 minutes' END, now()
    FROM (SELECT i, i % 20 AS c, ${start}::timestamp + (i % 120) * interval '1 minute' AS t FROM generate_series(0, ${n - 1}) AS i) s`;
  await prisma.$executeRawUnsafe('ANALYZE');
  return m;
}

export default async function pivotBench(args: string[]): Promise<void> {
  requireBuild('apps/api/dist/main.js');
  const n = Number(args[0] ?? 1_000_000);
  const requests = Number(args[1] ?? 10);
  const db = await createTestDatabase();
  let api: Child | undefined;
  try {
    console.log(`pivot benchmark: ${n} destinations in ${CITIES} cities, ${requests} requests`);
    const generatedAt = performance.now();
    const mailingId = await generate(db, n);
    console.log(`generated in ${((performance.now() - generatedAt) / 1000).toFixed(1)} s`);

    const started = await startBenchApi(db.url);
    api = started.api;
    const { base, token } = started;
    const body = JSON.stringify({
      scope: { mailingId },
      rows: [{ kind: 'field', field: 'city' }],
      metrics: [
        'destinations',
        'sent',
        'delivered',
        'impressions',
        'clicks',
        'unsubscribes',
        'complaints',
        'errors',
        'ctr',
        'clickToOpen',
      ],
    });
    const pivot = async (): Promise<{ cells: Array<{ values: { destinations: number } }> }> => {
      const res = await fetch(`${base}/dynamic-reports/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      if (res.status !== 200) throw new Error(`pivot: ${res.status} ${await res.text()}`);
      return (await res.json()) as never;
    };
    const warm = await pivot();
    const counted = warm.cells.reduce((sum, c) => sum + c.values.destinations, 0);
    if (warm.cells.length !== CITIES || counted !== n)
      throw new Error(`the pivot does not match the data: ${warm.cells.length} cells, ${counted} destinations`);

    const count = () => db.prisma.$queryRaw`SELECT count(*) FROM "Destination" WHERE "mailingId" = ${mailingId}`;
    await count();
    const pivotMs: number[] = [];
    const countMs: number[] = [];
    // Alternated, so that both meet the same machine.
    for (let i = 0; i < requests; i++) {
      pivotMs.push(await timed(pivot));
      countMs.push(await timed(count));
    }
    console.log(
      `POST /dynamic-reports/query by city over HTTP: median ${median(pivotMs).toFixed(0)} ms, p95 ${p95(pivotMs).toFixed(0)} ms (target < 1,000 ms)`,
    );
    console.log(`SELECT count(*) of the destinations: median ${median(countMs).toFixed(0)} ms`);
    console.log(`ratio pivot/count (median) = ${ratio(median(pivotMs), median(countMs))}`);
    if (process.env.HERALD_BENCH_EXPLAIN) {
      // The plan of the pivot's statement, for tuning: `HERALD_BENCH_EXPLAIN=1 npm run bench -- pivot`.
      const { accountId } = await db.prisma.mailing.findUniqueOrThrow({
        where: { id: mailingId },
        select: { accountId: true },
      });
      const sql = pivotGroupsSql({
        accountId,
        mailingIds: [mailingId],
        dimensions: [{ kind: 'field', field: 'city' }],
        filters: [],
        today: new Date().toISOString().slice(0, 10),
        timeZone: 'Europe/Amsterdam',
      });
      const [, plan] = await db.prisma.$transaction([
        db.prisma.$executeRaw`SET LOCAL work_mem = '64MB'`,
        db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${sql}`),
      ]);
      console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
  } finally {
    await api?.stop();
    await db.drop();
  }
}
