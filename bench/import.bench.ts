// `npm run bench -- import [rows…]` (default: 100000 1000000)
// Imports a generated CSV through the real worker (a child process running apps/worker/dist, fed by
// BullMQ exactly as the API feeds it) into a fresh test database, keyed on email. Prints rows per
// second, the worker's peak RSS (VmHWM) per size, so one can see memory does not grow with the file,
// and a baseline in the same run: a bare loop reading the same file with the same CSV reader and
// writing 1,000-row multi-row INSERTs (no validation, no key lookup, no counters), and the ratio.
import { copyFileSync, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@herald/db/testing';
import { bullConnection, JobName, jobId, QueueName } from '@herald/queue';
import { readRows } from '@herald/spreadsheets';
import { ratio, requireBuild, secrets, startChild } from './support';

const REDIS_URL = process.env.HERALD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const HEADER = ['E-mail', 'First name', 'Mobile', 'Birthdate', 'Score', 'City'];
const MAPPING = {
  columns: {
    'E-mail': 'email',
    'First name': 'firstName',
    Mobile: 'mobile',
    Birthdate: 'birthdate',
    Score: 'score',
    City: 'city',
  },
};
const CITIES = ['Amsterdam', 'Rotterdam', 'Utrecht', 'Den Haag', 'Eindhoven'];

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(HEADER.join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const mobile = i % 3 === 0 ? `+31 6 ${String(10_000_000 + (i % 89_999_999))}` : '';
    const line = `user${i}@example.com,Name ${i},${mobile},${String((i % 28) + 1).padStart(2, '0')}-03-1980,"${i % 100},5",${CITIES[i % 5]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function prepare(db: TestDatabase, name: string): Promise<{ accountId: number; databaseId: number }> {
  const account = await db.prisma.account.create({ data: { name }, select: { id: true } });
  const database = await db.prisma.database.create({
    data: {
      accountId: account.id,
      name,
      fields: {
        create: [
          { accountId: account.id, name: 'firstName', type: 'TEXT', required: true, position: 0 },
          { accountId: account.id, name: 'birthdate', type: 'DATE', position: 1 },
          { accountId: account.id, name: 'score', type: 'NUMBER', position: 2 },
          { accountId: account.id, name: 'city', type: 'TEXT', position: 3 },
        ],
      },
    },
    select: { id: true },
  });
  return { accountId: account.id, databaseId: database.id };
}

interface HeraldRun {
  seconds: number;
  peakMiB: number;
  /** The peak reached by the time a quarter, half, three quarters and all of the rows were in. */
  peakByQuarter: number[];
  counts: { created: number; updated: number; unchanged: number; rejected: number };
}

/** One import through a fresh worker process, so its VmHWM is this import's peak. */
async function herald(
  db: TestDatabase,
  target: { accountId: number; databaseId: number },
  csv: string,
  rows: number,
  prefix: string,
): Promise<HeraldRun> {
  const env = {
    ...secrets(),
    REDIS_PREFIX: prefix,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    INBOUND_SMTP_PORT: '0',
    SMTP_PORT: '0',
  };
  const worker = await startChild('apps/worker/dist/main.js', env, /Herald worker ready/);
  const queue = new Queue(QueueName.Imports, { connection: bullConnection(REDIS_URL), prefix });
  try {
    // The worker removes an upload once imported, as it does for the API's uploads.
    const upload = `${csv}.${Date.now()}.upload`;
    copyFileSync(csv, upload);
    const job = await db.prisma.importJob.create({
      data: { ...target, fileName: 'bench.csv', filePath: upload, mapping: MAPPING, keyField: 'email' },
      select: { id: true },
    });
    const started = performance.now();
    const peakByQuarter: number[] = [];
    await queue.add(
      JobName.ImportProfiles,
      { importId: job.id, accountId: target.accountId },
      { jobId: jobId('import', job.id) },
    );
    for (;;) {
      const state = await db.prisma.importJob.findUniqueOrThrow({ where: { id: job.id } });
      // Memory that grows with the file shows as a peak that keeps rising quarter by quarter.
      while (peakByQuarter.length < 4 && state.totalRows >= (rows * (peakByQuarter.length + 1)) / 4)
        peakByQuarter.push(worker.peakRssMiB());
      if (state.status === 'FAILED') throw new Error(`import failed: ${state.failure}`);
      if (state.status === 'DONE') {
        const seconds = (performance.now() - started) / 1000;
        if (state.totalRows !== rows) throw new Error(`imported ${state.totalRows} of ${rows} rows`);
        return {
          seconds,
          peakMiB: worker.peakRssMiB(),
          peakByQuarter,
          counts: {
            created: state.created,
            updated: state.updated,
            unchanged: state.unchanged,
            rejected: state.rejected,
          },
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await queue.close();
    await worker.stop();
  }
}

/** The same file, the same reader, 1,000-row INSERTs and nothing else. */
async function baseline(db: TestDatabase, csv: string, rows: number): Promise<number> {
  const target = await prepare(db, `Baseline ${rows}`);
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const started = performance.now();
    let batch: string[][] = [];
    const insert = async (): Promise<void> => {
      await client.query(
        `INSERT INTO "Profile" ("accountId", "databaseId", email, mobile, values, "updatedAt")
         SELECT $1, $2, t.email, NULLIF(t.mobile, ''), jsonb_build_object('firstName', t.name, 'birthdate', t.birthdate, 'score', t.score, 'city', t.city), now()
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(email, name, mobile, birthdate, score, city)`,
        [target.accountId, target.databaseId, ...[0, 1, 2, 3, 4, 5].map((c) => batch.map((r) => r[c] ?? ''))],
      );
      batch = [];
    };
    let header = true;
    for await (const row of readRows(csv, 'csv')) {
      if (header) {
        header = false;
        continue;
      }
      batch.push(row.cells);
      if (batch.length >= 1000) await insert();
    }
    if (batch.length > 0) await insert();
    const seconds = (performance.now() - started) / 1000;
    const { rows: counted } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM "Profile" WHERE "databaseId" = $1',
      [target.databaseId],
    );
    if (counted[0]?.n !== rows) throw new Error(`baseline stored ${counted[0]?.n} of ${rows} rows`);
    return seconds;
  } finally {
    await client.end();
  }
}

export default async function importBench(args: string[]): Promise<void> {
  requireBuild('apps/worker/dist/main.js');
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'herald-import-bench-'));
  console.log(
    'import benchmark: CSV → worker (BullMQ job, streamed read, domain validation, keyed on email, 1,000-row batches) → PostgreSQL',
  );
  try {
    for (const rows of sizes.length > 0 ? sizes : [100_000, 1_000_000]) {
      const csv = join(dir, `bench-${rows}.csv`);
      await writeCsv(csv, rows);
      const megabytes = statSync(csv).size / 1024 ** 2;
      const db = await createTestDatabase();
      // A key prefix per database: its import ids start at 1 again, and BullMQ drops a job id it already holds.
      const prefix = `herald-bench-import-${rows}-${Date.now().toString(36)}`;
      try {
        const base = await baseline(db, csv, rows);
        const target = await prepare(db, `Herald ${rows}`);
        const run = await herald(db, target, csv, rows, prefix);
        const again = await herald(db, target, csv, rows, prefix);
        const heraldRate = rows / run.seconds;
        const baseRate = rows / base;
        console.log(`\n${rows.toLocaleString('en')} rows (${megabytes.toFixed(0)} MiB CSV)`);
        console.log(
          `  baseline (same reader, bare 1,000-row INSERTs): ${baseRate.toFixed(0)} rows/s in ${base.toFixed(1)} s`,
        );
        console.log(
          `  Herald worker: ${heraldRate.toFixed(0)} rows/s in ${run.seconds.toFixed(1)} s (created ${run.counts.created}, rejected ${run.counts.rejected}); peak RSS ${run.peakMiB} MiB`,
        );
        console.log(`  worker peak RSS after 25/50/75/100 % of the rows: ${run.peakByQuarter.join(' / ')} MiB`);
        console.log(`  ratio Herald/baseline = ${ratio(heraldRate, baseRate)}`);
        console.log(
          `  re-import of the same file (unchanged ${again.counts.unchanged}, updated ${again.counts.updated}): ${(rows / again.seconds).toFixed(0)} rows/s; peak RSS ${again.peakMiB} MiB (after 25/50/75/100 %: ${again.peakByQuarter.join(' / ')} MiB)`,
        );
      } finally {
        await db.drop();
        rmSync(csv, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
