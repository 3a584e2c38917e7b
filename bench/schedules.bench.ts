// `npm run bench -- schedules [n] [--workers=N] [--fire-only]` (default 10000 schedules, 1 worker process;
// --fire-only does not wait for every run's mailing to be sent)
// n schedules, each of its own mailing to one profile, all due in the same second, as the API leaves
// them: saved in PostgreSQL, each with its delayed firing job in Redis, while built worker processes
// run, which fire them. Prints the time from the due moment to the last run (the run key written and the run's mailing
// queued), checks that each fired exactly once, the Redis memory each waiting schedule takes (its
// delayed job, summed by MEMORY USAGE over the queue's keys), and how long until every run's mailing
// was sent. Baseline in the same run: a bare BullMQ worker of the same concurrency doing nothing with
// n delayed jobs due at the same moment.
import { loadavg } from 'node:os';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { createTestDatabase } from '@herald/db/testing';
import { bullConnection, fireScheduleJob, QueueName } from '@herald/queue';
import { freePort, requireBuild, secrets, startChild, type Child } from './support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The schedules processor's concurrency (apps/worker/src/schedules/schedules.processor.ts). */
const CONCURRENCY = 8;
const LEAD_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bytes Redis holds under `prefix` for `queue`, by MEMORY USAGE of each key. */
async function queueBytes(redis: Redis, prefix: string, queue: string): Promise<number> {
  let cursor = '0';
  let bytes = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:${queue}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) bytes += Number((await redis.memory('USAGE', key)) ?? 0);
  } while (cursor !== '0');
  return bytes;
}

/** A bare BullMQ worker doing nothing with n delayed jobs due at one moment: from that moment to the last. */
async function baseline(n: number, redis: Redis): Promise<{ seconds: number; bytesPerJob: number }> {
  const prefix = secrets().REDIS_PREFIX;
  const connection = bullConnection(REDIS_URL);
  const queue = new Queue('bare', { connection, prefix });
  const due = Date.now() + LEAD_MS;
  for (let i = 0; i < n; i += 1_000)
    await queue.addBulk(
      Array.from({ length: Math.min(1_000, n - i) }, (_, j) => ({
        name: 'noop',
        data: { scheduleId: i + j, accountId: 1, occurrenceAt: new Date(due).toISOString() },
        opts: { jobId: `bare-${i + j}`, delay: due - Date.now(), removeOnComplete: { count: 1_000 } },
      })),
    );
  const bytesPerJob = (await queueBytes(redis, prefix, 'bare')) / n;
  let done = 0;
  let last = 0;
  const worker = new Worker(
    'bare',
    async () => {
      done++;
      last = Date.now();
    },
    { connection, prefix, concurrency: CONCURRENCY },
  );
  while (done < n) await sleep(100);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { seconds: (last - due) / 1000, bytesPerJob };
}

export default async function schedulesBench(args: string[]): Promise<void> {
  requireBuild('apps/worker/dist/main.js', 'packages/mail-catcher/dist/cli.js');
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
  const workerCount = Number(/^--workers=(\d+)$/.exec(args.find((a) => a.startsWith('--workers=')) ?? '')?.[1] ?? 1);
  const redis = new Redis(REDIS_URL);
  const sinkSmtp = await freePort();
  const sink = await startChild('packages/mail-catcher/dist/cli.js', {}, /listening|started|ready/i, [
    '--smtp-port',
    String(sinkSmtp),
    '--http-port',
    String(await freePort()),
    '--keep',
    'none',
  ]);
  const db = await createTestDatabase();
  const workers: Child[] = [];
  const env = {
    ...secrets(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    REDIS_URL,
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? '10',
  };
  const queue = new Queue(QueueName.Schedules, { connection: bullConnection(REDIS_URL), prefix: env.REDIS_PREFIX });
  try {
    console.log(
      `schedules benchmark: ${n.toLocaleString('en')} schedules due in the same second, ${workerCount} worker process(es); load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const bare = await baseline(n, redis);

    const { prisma } = db;
    const accountId = (await prisma.account.create({ data: { name: 'Bench' } })).id;
    const databaseId = (await prisma.database.create({ data: { accountId, name: 'Bench' } })).id;
    await prisma.profile.create({ data: { accountId, databaseId, email: 'reader@example.test', values: {} } });
    const documentId = (
      await prisma.document.create({
        data: {
          accountId,
          name: 'Bench',
          channel: 'EMAIL',
          versions: {
            create: {
              accountId,
              version: 1,
              fromAddress: 'news@herald.example',
              subject: 'Scheduled',
              html: '<p>Hello</p>',
            },
          },
        },
      })
    ).id;
    // The workers run first, as in production: a slow start on a loaded machine does not count.
    for (let i = 0; i < workerCount; i++)
      workers.push(
        await startChild(
          'apps/worker/dist/main.js',
          { ...env, SMTP_PORT: String(sinkSmtp), INBOUND_SMTP_PORT: '0' },
          /Herald worker ready/,
        ),
      );
    const due = new Date(Math.ceil((Date.now() + LEAD_MS) / 1_000) * 1_000);
    // As the API leaves them: each mailing SCHEDULED, its schedule waiting for `due`, its job delayed until then.
    await prisma.$executeRaw`
      INSERT INTO "Mailing" ("accountId", name, channel, "documentId", "targetType", "databaseId", status, "updatedAt")
      SELECT ${accountId}, 'Scheduled ' || i, 'EMAIL', ${documentId}, 'DATABASE', ${databaseId}, 'SCHEDULED', now()
      FROM generate_series(1, ${n}) AS i`;
    await prisma.$executeRaw`
      INSERT INTO "Schedule" ("accountId", "mailingId", kind, recurrence, timezone, "startAt", "nextRunAt", "updatedAt")
      SELECT ${accountId}, id, 'ONCE', '{"kind":"ONCE"}', 'UTC', ${due}, ${due}, now()
      FROM "Mailing" WHERE "accountId" = ${accountId}`;
    const schedules = await prisma.schedule.findMany({ select: { id: true } });
    for (let i = 0; i < schedules.length; i += 1_000)
      await queue.addBulk(
        schedules.slice(i, i + 1_000).map((s) => fireScheduleJob({ scheduleId: s.id, accountId }, due, new Date())),
      );
    const bytesPerSchedule = (await queueBytes(redis, env.REDIS_PREFIX, QueueName.Schedules)) / n;

    if (Date.now() > due.getTime()) console.log('  (the schedules were saved only after the due moment)');

    const deadline = due.getTime() + 180_000;
    let fired = 0;
    while ((fired = await prisma.scheduleRun.count()) < n && Date.now() < deadline) await sleep(250);
    const last = await prisma.scheduleRun.aggregate({ _min: { createdAt: true }, _max: { createdAt: true } });
    const toLastRun = (last._max.createdAt!.getTime() - due.getTime()) / 1000;
    const toFirstRun = (last._min.createdAt!.getTime() - due.getTime()) / 1000;
    const [counts] = await prisma.$queryRaw<
      { runs: number; occurrences: number; mailings: number }[]
    >`SELECT (SELECT count(*)::int FROM "ScheduleRun") AS runs,
             (SELECT count(DISTINCT ("scheduleId", "occurrenceAt"))::int FROM "ScheduleRun") AS occurrences,
             (SELECT count(*)::int FROM "Mailing" WHERE "scheduleId" IS NOT NULL) AS mailings`;
    const { runs, occurrences, mailings } = counts!;
    const skipped = await prisma.scheduleRun.count({ where: { status: 'SKIPPED' } });

    let sent = 0;
    const fireOnly = args.includes('--fire-only');
    while (
      !fireOnly &&
      (sent = await prisma.mailing.count({ where: { scheduleId: { not: null }, status: 'SENT' } })) < n
    ) {
      if (Date.now() > deadline + 300_000) break;
      await sleep(1_000);
    }
    const lastSent = await prisma.mailing.aggregate({
      where: { scheduleId: { not: null } },
      _max: { finishedAt: true },
    });

    console.log(
      `  baseline, a bare BullMQ worker (concurrency ${CONCURRENCY}) with ${n.toLocaleString('en')} no-op delayed jobs: last done ${bare.seconds.toFixed(1)} s after the due moment; ${Math.round(bare.bytesPerJob)} bytes of Redis a job`,
    );
    console.log(
      `  Herald: ${fired.toLocaleString('en')} of ${n.toLocaleString('en')} fired, the first ${toFirstRun.toFixed(1)} s and the last ${toLastRun.toFixed(1)} s after the due moment (${(toLastRun / Math.max(bare.seconds, 0.001)).toFixed(1)} × the baseline; target: within 60 s)`,
    );
    console.log(
      `  exactly once: ${runs.toLocaleString('en')} run keys for ${occurrences.toLocaleString('en')} occurrences, ${mailings.toLocaleString('en')} run mailings (${Math.max(0, mailings - occurrences)} duplicates), ${skipped} skipped ${runs === n && occurrences === n && mailings === n ? '(each once)' : '(NOT each once)'}`,
    );
    console.log(
      `  Redis while waiting: ${Math.round(bytesPerSchedule)} bytes a schedule (its delayed job), ${((bytesPerSchedule * n) / 1024 / 1024).toFixed(1)} MiB for all`,
    );
    console.log(
      `  load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (fireOnly) console.log(`  worker peak RSS ${workers.map((w) => `${w.peakRssMiB()} MiB`).join(', ')}`);
    else
      console.log(
        `  every run's mailing sent (dispatch and send of ${n.toLocaleString('en')} one-recipient mailings): ${sent.toLocaleString('en')} after ${lastSent._max.finishedAt ? ((lastSent._max.finishedAt.getTime() - due.getTime()) / 1000).toFixed(0) : '?'} s; worker peak RSS ${workers.map((w) => `${w.peakRssMiB()} MiB`).join(', ')}`,
      );
  } finally {
    for (const w of workers) await w.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await sink.stop();
    await db.drop();
    redis.disconnect();
  }
}
