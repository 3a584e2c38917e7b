// `npm run bench -- report [destinations] [requests]`
// A sent mailing of a million destinations and three million events, written in bulk with SQL, with
// MailingAggregate, MailingTimeline and Link rows derived from those events (so they agree). Times
// GET /mailings/:id/report over HTTP against the real API (its own process) beside the naive event
// scan in the same run, then streams CSV and XLSX exports of every recipient to nowhere while sampling
// the API's resident memory every 100 ms.
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { BENCH_LOGIN, ratio, requireBuild, startBenchApi, type Child } from './support';
import { hashPassword } from '../apps/api/src/common/auth/passwords';

const LINKS = 5;
const EVENTS_PER_DESTINATION = 3;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(ms: number[]): { median: number; p95: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

/** Samples VmRSS every 100 ms until stopped; returns the peak and the samples. */
function sampleRss(pid: number): { stop(): { peak: number; samples: number[] } } {
  const samples: number[] = [rssMiB(pid)];
  const timer = setInterval(() => samples.push(rssMiB(pid)), 100);
  return {
    stop() {
      clearInterval(timer);
      samples.push(rssMiB(pid));
      return { peak: Math.max(...samples), samples };
    },
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/**
 * Destination i (0-based) belongs to a class by i % 20, which fixes its dominant result and its three
 * events: 0 error (hard, then two soft retries; every other one FAILED at sending), 1–9 no feedback
 * (a privacy proxy's open, a scanner's click, a soft error before a delivered retry), 10–14 impression
 * (three opens), 15–17 click (an open, two clicks), 18 unsubscribe (an open, a click, an unsubscribe),
 * 19 complaint (an open, an unsubscribe, a complaint). Times spread over five days.
 */
async function generate(db: TestDatabase, n: number): Promise<{ mailingId: number; accountId: number }> {
  const prisma = db.prisma;
  const account = await prisma.account.create({ data: { name: 'Bench' } });
  await prisma.user.create({
    data: {
      accountId: account.id,
      email: BENCH_LOGIN.email,
      name: 'Bench',
      role: 'VIEWER',
      passwordHash: await hashPassword(BENCH_LOGIN.password),
    },
  });
  const database = await prisma.database.create({
    data: {
      accountId: account.id,
      name: 'Bench',
      fields: {
        create: [
          { accountId: account.id, name: 'firstname', type: 'TEXT' },
          { accountId: account.id, name: 'city', type: 'TEXT' },
        ],
      },
    },
  });
  const document = await prisma.document.create({ data: { accountId: account.id, name: 'Bench', channel: 'EMAIL' } });
  const start = new Date(Date.UTC(2026, 0, 5, 8));
  const mailing = await prisma.mailing.create({
    data: {
      accountId: account.id,
      name: 'A million',
      channel: 'EMAIL',
      documentId: document.id,
      targetType: 'DATABASE',
      databaseId: database.id,
      status: 'SENT',
      startedAt: start,
      finishedAt: new Date(start.getTime() + 3_600_000),
      dispatchedAt: start,
    },
  });
  const m = mailing.id;
  const a = account.id;
  await prisma.link.createMany({
    data: Array.from({ length: LINKS }, (_, i) => ({
      accountId: a,
      mailingId: m,
      url: `https://example.com/articles/${i + 1}`,
      position: i + 1,
    })),
  });

  await prisma.$executeRaw`
    INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt")
    SELECT ${a}, ${database.id}, 'p' || i || '@example.test', jsonb_build_object('firstname', 'Name' || i, 'city', CASE WHEN i % 2 = 0 THEN 'Utrecht' ELSE 'Delft' END), now()
    FROM generate_series(0, ${n - 1}) AS i`;
  const [first] = await prisma.$queryRaw<
    { id: number }[]
  >`SELECT min(id) AS id FROM "Profile" WHERE "databaseId" = ${database.id}`;
  const base = first!.id;

  await prisma.$executeRaw`
    INSERT INTO "Destination" ("accountId", "mailingId", "recipientId", "profileId", address, status, "dominantResult", "lastErrorKind", "lastErrorCode", "lastErrorText",
                               "sentAt", "openedAt", "clickedAt", "unsubscribedAt", "complainedAt", attempts, "updatedAt")
    SELECT ${a}, ${m}, ${base} + i, ${base} + i, 'p' || i || '@example.test',
      CASE WHEN c = 0 AND i % 40 = 0 THEN 'FAILED' ELSE 'SENT' END::"DestinationStatus",
      CASE WHEN c = 0 THEN 'ERROR' WHEN c < 10 THEN 'NO_FEEDBACK' WHEN c < 15 THEN 'IMPRESSION' WHEN c < 18 THEN 'CLICK' WHEN c = 18 THEN 'UNSUBSCRIBE' ELSE 'COMPLAINT' END::"DominantResult",
      CASE WHEN c = 0 THEN 'HARD' WHEN c < 10 THEN 'SOFT' END::"ErrorKind",
      CASE WHEN c = 0 THEN '5.1.1' WHEN c < 10 THEN '4.2.2' END, CASE WHEN c = 0 THEN 'user unknown' WHEN c < 10 THEN 'mailbox full' END,
      CASE WHEN c = 0 AND i % 40 = 0 THEN NULL ELSE t END,
      CASE WHEN c >= 10 THEN t + interval '1 minute' END,
      CASE WHEN c BETWEEN 15 AND 18 THEN t + interval '2 minutes' END,
      CASE WHEN c >= 18 THEN t + interval '3 minutes' END,
      CASE WHEN c = 19 THEN t + interval '4 minutes' END,
      1, now()
    FROM (SELECT i, i % 20 AS c, ${start}::timestamp + (i % 120) * interval '1 hour' AS t FROM generate_series(0, ${n - 1}) AS i) s`;

  // Three events per destination, by class and k = 0, 1, 2 (see above).
  await prisma.$executeRaw`
    INSERT INTO "Event" ("accountId", "mailingId", "destinationId", type, "occurredAt", "linkId", "errorKind", "errorCode", "errorText", machine)
    SELECT ${a}, ${m}, d.id, e.type::"EventType", s.t + (s.k + 1) * interval '1 minute',
      l.id,
      e.kind::"ErrorKind", CASE WHEN e.type = 'ERROR' THEN CASE WHEN e.kind = 'HARD' THEN '5.1.1' ELSE '4.2.2' END END,
      CASE WHEN e.type = 'ERROR' THEN CASE WHEN e.kind = 'HARD' THEN 'user unknown' ELSE 'mailbox full' END END,
      e.machine
    FROM (SELECT j / ${EVENTS_PER_DESTINATION} AS i, j % ${EVENTS_PER_DESTINATION} AS k, (j / ${EVENTS_PER_DESTINATION}) % 20 AS c,
                 ${start}::timestamp + ((j / ${EVENTS_PER_DESTINATION}) % 120) * interval '1 hour' AS t
          FROM generate_series(0, ${n * EVENTS_PER_DESTINATION - 1}) AS j) s
    JOIN "Destination" d ON d."mailingId" = ${m} AND d."recipientId" = ${base} + s.i
    CROSS JOIN LATERAL (SELECT * FROM (VALUES
      (0, 0, 'ERROR', 'HARD', false), (0, 1, 'ERROR', 'SOFT', false), (0, 2, 'ERROR', 'SOFT', false),
      (1, 0, 'IMPRESSION', NULL, true), (1, 1, 'CLICK', NULL, true), (1, 2, 'ERROR', 'SOFT', false),
      (10, 0, 'IMPRESSION', NULL, false), (10, 1, 'IMPRESSION', NULL, false), (10, 2, 'IMPRESSION', NULL, false),
      (15, 0, 'IMPRESSION', NULL, false), (15, 1, 'CLICK', NULL, false), (15, 2, 'CLICK', NULL, false),
      (18, 0, 'IMPRESSION', NULL, false), (18, 1, 'CLICK', NULL, false), (18, 2, 'UNSUBSCRIBE', NULL, false),
      (19, 0, 'IMPRESSION', NULL, false), (19, 1, 'UNSUBSCRIBE', NULL, false), (19, 2, 'COMPLAINT', NULL, false)
    ) v(class, k, type, kind, machine)
    WHERE v.k = s.k AND v.class = CASE WHEN s.c = 0 THEN 0 WHEN s.c < 10 THEN 1 WHEN s.c < 15 THEN 10 WHEN s.c < 18 THEN 15 ELSE s.c END) e
    LEFT JOIN "Link" l ON e.type = 'CLICK' AND l."mailingId" = ${m} AND l.position = (s.i % ${LINKS}) + 1`;

  // The compact figures, derived from the rows above so that they agree with them.
  await prisma.$executeRaw`
    INSERT INTO "MailingAggregate" ("mailingId", "accountId", destinations, sent, failed, suppressed, delivered,
      "errorsTotal", "errorsUnique", "errorsSoft", "errorsHard", "impressionsTotal", "impressionsUnique", "impressionsMachine",
      "clicksTotal", "clicksUnique", "clicksMachine", "unsubscribesTotal", "unsubscribesUnique", "complaintsTotal", "complaintsUnique",
      "dominantError", "dominantNoFeedback", "dominantImpression", "dominantClick", "dominantUnsubscribe", "dominantComplaint")
    SELECT ${m}, ${a}, d.destinations, d.sent, d.failed, 0, d.sent - d.bounced,
      e.errors, e.errors_unique, e.errors_soft, e.errors_hard, e.impressions, d.impressions_unique, e.impressions_machine,
      e.clicks, d.clicks_unique, e.clicks_machine, e.unsubscribes, d.unsubscribes_unique, e.complaints, d.complaints_unique,
      d.error, d.no_feedback, d.impression, d.click, d.unsubscribe, d.complaint
    FROM (SELECT count(*)::int AS destinations, count(*) FILTER (WHERE status = 'SENT')::int AS sent, count(*) FILTER (WHERE status = 'FAILED')::int AS failed,
                 count(*) FILTER (WHERE status = 'SENT' AND "dominantResult" = 'ERROR')::int AS bounced,
                 count(*) FILTER (WHERE "openedAt" IS NOT NULL OR "clickedAt" IS NOT NULL)::int AS impressions_unique,
                 count(*) FILTER (WHERE "clickedAt" IS NOT NULL)::int AS clicks_unique,
                 count(*) FILTER (WHERE "unsubscribedAt" IS NOT NULL)::int AS unsubscribes_unique,
                 count(*) FILTER (WHERE "complainedAt" IS NOT NULL)::int AS complaints_unique,
                 count(*) FILTER (WHERE "dominantResult" = 'ERROR')::int AS error, count(*) FILTER (WHERE "dominantResult" = 'NO_FEEDBACK')::int AS no_feedback,
                 count(*) FILTER (WHERE "dominantResult" = 'IMPRESSION')::int AS impression, count(*) FILTER (WHERE "dominantResult" = 'CLICK')::int AS click,
                 count(*) FILTER (WHERE "dominantResult" = 'UNSUBSCRIBE')::int AS unsubscribe, count(*) FILTER (WHERE "dominantResult" = 'COMPLAINT')::int AS complaint
          FROM "Destination" WHERE "mailingId" = ${m}) d,
         (SELECT count(*) FILTER (WHERE type = 'ERROR')::int AS errors, count(DISTINCT "destinationId") FILTER (WHERE type = 'ERROR')::int AS errors_unique,
                 count(*) FILTER (WHERE type = 'ERROR' AND "errorKind" = 'SOFT')::int AS errors_soft, count(*) FILTER (WHERE type = 'ERROR' AND "errorKind" = 'HARD')::int AS errors_hard,
                 count(*) FILTER (WHERE type = 'IMPRESSION')::int AS impressions, count(*) FILTER (WHERE type = 'IMPRESSION' AND machine)::int AS impressions_machine,
                 count(*) FILTER (WHERE type = 'CLICK')::int AS clicks, count(*) FILTER (WHERE type = 'CLICK' AND machine)::int AS clicks_machine,
                 count(*) FILTER (WHERE type = 'UNSUBSCRIBE')::int AS unsubscribes, count(*) FILTER (WHERE type = 'COMPLAINT')::int AS complaints
          FROM "Event" WHERE "mailingId" = ${m}) e`;
  await prisma.$executeRaw`
    INSERT INTO "MailingTimeline" ("mailingId", hour, "accountId", impressions, clicks, unsubscribes, complaints, errors, "machineImpressions", "machineClicks")
    SELECT ${m}, date_trunc('hour', "occurredAt"), ${a},
      count(*) FILTER (WHERE type = 'IMPRESSION' AND NOT machine), count(*) FILTER (WHERE type = 'CLICK' AND NOT machine),
      count(*) FILTER (WHERE type = 'UNSUBSCRIBE'), count(*) FILTER (WHERE type = 'COMPLAINT'), count(*) FILTER (WHERE type = 'ERROR'),
      count(*) FILTER (WHERE type = 'IMPRESSION' AND machine), count(*) FILTER (WHERE type = 'CLICK' AND machine)
    FROM "Event" WHERE "mailingId" = ${m} GROUP BY 2`;
  await prisma.$executeRaw`
    UPDATE "Link" l SET "clicksTotal" = c.total, "clicksUnique" = c.uniq, "clicksMachine" = c.machine
    FROM (SELECT "linkId", count(*)::int AS total, count(DISTINCT "destinationId") FILTER (WHERE NOT machine)::int AS uniq,
                 count(*) FILTER (WHERE machine)::int AS machine
          FROM "Event" WHERE "mailingId" = ${m} AND type = 'CLICK' GROUP BY 1) c
    WHERE l.id = c."linkId"`;
  await prisma.$executeRawUnsafe('ANALYZE');
  return { mailingId: m, accountId: a };
}

export default async function reportBench(args: string[]): Promise<void> {
  requireBuild('apps/api/dist/main.js');
  const n = Number(args[0] ?? 1_000_000);
  const requests = Number(args[1] ?? 20);
  const db = await createTestDatabase();
  let api: Child | undefined;
  try {
    console.log(`report benchmark: ${n} destinations, ${n * EVENTS_PER_DESTINATION} events, ${requests} requests each`);
    const generated = await timed(() => generate(db, n));
    const { mailingId } = generated.value;
    const [counts] = await db.prisma.$queryRaw<{ destinations: bigint; events: bigint }[]>`
      SELECT (SELECT count(*) FROM "Destination" WHERE "mailingId" = ${mailingId}) AS destinations, (SELECT count(*) FROM "Event" WHERE "mailingId" = ${mailingId}) AS events`;
    console.log(
      `generated ${counts!.destinations} destinations and ${counts!.events} events in ${(generated.ms / 1000).toFixed(1)} s`,
    );

    const started = await startBenchApi(db.url);
    api = started.api;
    const { base, token } = started;
    const headers = { authorization: `Bearer ${token}` };

    const report = async (): Promise<{
      keyFigures: { destinations: number; impressions: { total: number } };
      dominantResults: { total: number };
    }> => {
      const res = await fetch(`${base}/mailings/${mailingId}/report`, { headers });
      if (res.status !== 200) throw new Error(`report: ${res.status} ${await res.text()}`);
      return (await res.json()) as never;
    };
    const warm = await report();
    if (warm.keyFigures.destinations !== n || warm.dominantResults.total !== n)
      throw new Error(`the report does not match the data: ${JSON.stringify(warm.keyFigures).slice(0, 300)}`);
    const reportMs: number[] = [];
    for (let i = 0; i < requests; i++) reportMs.push((await timed(report)).ms);

    const naive = async (): Promise<void> => {
      await db.prisma.$queryRaw`SELECT type, count(*) FROM "Event" WHERE "mailingId" = ${mailingId} GROUP BY type`;
      await db.prisma.$queryRaw`SELECT count(DISTINCT "destinationId") FROM "Event" WHERE "mailingId" = ${mailingId}`;
    };
    await naive();
    const naiveRuns = Math.min(requests, 5);
    const naiveMs: number[] = [];
    for (let i = 0; i < naiveRuns; i++) naiveMs.push((await timed(naive)).ms);

    const r = summary(reportMs);
    const q = summary(naiveMs);
    console.log(
      `GET /mailings/:id/report over HTTP: median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (target < 300 ms)`,
    );
    console.log(
      `naive event scan (GROUP BY type + count DISTINCT destinationId), ${naiveRuns} runs: median ${q.median.toFixed(1)} ms, p95 ${q.p95.toFixed(1)} ms`,
    );
    console.log(`ratio naive/report (median) = ${ratio(q.median, r.median)}`);

    // Memory while streaming every recipient, as CSV and then as XLSX.
    const pid = api.process.pid!;
    for (const format of ['csv', 'xlsx'] as const) {
      const idle = sampleRss(pid);
      await new Promise((res) => setTimeout(res, 1_000));
      const before = idle.stop();
      const during = sampleRss(pid);
      const exported = await timed(async () => {
        const res = await fetch(
          `${base}/mailings/${mailingId}/recipients/export?format=${format}&fields=firstname,city`,
          { headers },
        );
        if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status}`);
        let bytes = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
        return bytes;
      });
      const peak = during.stop();
      console.log(
        `${format.toUpperCase()} export of ${n} recipients (+ firstname, city) to /dev/null: ${(exported.value / 1024 / 1024).toFixed(1)} MiB in ${(exported.ms / 1000).toFixed(1)} s ` +
          `(${Math.round(n / (exported.ms / 1000))} rows/s); API RSS peak before ${before.peak.toFixed(0)} MiB, during ${peak.peak.toFixed(0)} MiB (${peak.samples.length} samples, every 100 ms)`,
      );
      // Flat means a plateau: memory that grew with the rows would climb from quarter to quarter.
      const at = (q: number): string =>
        peak.samples[Math.min(peak.samples.length - 1, Math.floor(q * (peak.samples.length - 1)))]!.toFixed(0);
      console.log(
        `  RSS through the ${format.toUpperCase()} export at 10/25/50/75/100 %: ${[0.1, 0.25, 0.5, 0.75, 1].map(at).join(' / ')} MiB`,
      );
    }
  } finally {
    await api?.stop();
    await db.drop();
  }
}
