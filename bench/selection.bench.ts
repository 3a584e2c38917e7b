// `npm run bench -- selection [profiles]` (default 100000)
// Counts a nested AND/OR selection over a database of profiles through the real API
// (GET /selections/:id/count on apps/api/dist in a child process), beside baselines in the same run:
// a plain count(*) of the database's live profiles, and the compiled selection's SQL run directly.
// Target: the selection's count answers in under 1 s. Median of 7 runs after one warm-up.
import { Client } from 'pg';
import { createTestDatabase } from '@herald/db/testing';
import { compileSelection, type SelectionGroup } from '@herald/domain';
import { hashPassword } from '../apps/api/src/common/auth/passwords';
import { freePort, ratio, requireBuild, secrets, startChild, type Child } from './support';

const RUNS = 7;
const FIELDS = [
  { name: 'city', type: 'TEXT', required: false, unique: false, choices: [] },
  { name: 'age', type: 'NUMBER', required: false, unique: false, choices: [] },
  { name: 'member', type: 'BOOLEAN', required: false, unique: false, choices: [] },
  { name: 'level', type: 'CHOICE', required: false, unique: false, choices: ['gold', 'silver', 'bronze'] },
  { name: 'birthdate', type: 'DATE', required: false, unique: false, choices: [] },
] as const;

// (city Amsterdam or Utrecht, or email at example.org) AND ((age 30..50 AND member) OR (level gold AND born before 1990))
const TREE: SelectionGroup = {
  op: 'AND',
  conditions: [
    {
      op: 'OR',
      conditions: [
        { field: 'city', operator: 'in', values: ['Amsterdam', 'Utrecht'] },
        { field: 'email', operator: 'contains', value: '@example.org' },
      ],
    },
    {
      op: 'OR',
      conditions: [
        {
          op: 'AND',
          conditions: [
            { field: 'age', operator: 'range', min: 30, max: 50 },
            { field: 'member', operator: 'equals', value: true },
          ],
        },
        {
          op: 'AND',
          conditions: [
            { field: 'level', operator: 'equals', value: 'gold' },
            { field: 'birthdate', operator: 'range', max: '1989-12-31' },
          ],
        },
      ],
    },
  ],
};

async function median(run: () => Promise<unknown>): Promise<{ ms: number; result: unknown }> {
  let result = await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result };
}

export default async function selectionBench(args: string[]): Promise<void> {
  requireBuild('apps/api/dist/main.js');
  const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const db = await createTestDatabase();
  let api: Child | undefined;
  const client = new Client({ connectionString: db.url });
  try {
    const account = await db.prisma.account.create({ data: { name: 'Bench' } });
    await db.prisma.user.create({
      data: {
        accountId: account.id,
        email: 'bench@herald.example',
        name: 'Bench',
        role: 'ADMIN',
        passwordHash: await hashPassword('bench-password-1'),
      },
    });
    // Another database of the same size, which every count must leave out.
    for (const name of ['Noise', 'Bench']) {
      const database = await db.prisma.database.create({
        data: {
          accountId: account.id,
          name,
          fields: {
            create: FIELDS.map((f, position) => ({ ...f, choices: [...f.choices], accountId: account.id, position })),
          },
        },
      });
      await db.prisma.$executeRaw`
        INSERT INTO "Profile" ("accountId", "databaseId", email, values, "updatedAt", "deletedAt")
        SELECT ${account.id}, ${database.id}, 'p' || i || CASE WHEN i % 7 = 0 THEN '@example.org' ELSE '@example.com' END,
          jsonb_build_object(
            'city', (ARRAY['Amsterdam','Rotterdam','Utrecht','Den Haag','Eindhoven'])[1 + i % 5],
            'age', 18 + i % 60,
            'member', i % 2 = 0,
            'level', (ARRAY['gold','silver','bronze'])[1 + i % 3],
            'birthdate', to_char(date '1950-01-01' + (i % 20000), 'YYYY-MM-DD')),
          now(), CASE WHEN i % 100 = 0 THEN now() END
        FROM generate_series(1, ${n}) AS i`;
    }
    await db.prisma.$executeRawUnsafe('ANALYZE "Profile"');
    const database = await db.prisma.database.findFirstOrThrow({ where: { name: 'Bench' } });

    const port = await freePort();
    api = await startChild(
      'apps/api/dist/main.js',
      {
        ...secrets(),
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        API_PORT: String(port),
        INBOUND_SMTP_PORT: '0',
      },
      /Herald API listening/,
    );
    const base = `http://127.0.0.1:${port}`;
    const call = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<T> => {
      const res = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const { token } = await call<{ token: string }>('POST', '/auth/login', undefined, {
      email: 'bench@herald.example',
      password: 'bench-password-1',
    });
    const selection = await call<{ id: number }>('POST', `/databases/${database.id}/selections`, token, {
      name: 'Bench',
      conditions: TREE,
    });

    await client.connect();
    const plain = await median(
      async () =>
        (
          await client.query(
            'SELECT count(*)::int AS n FROM "Profile" WHERE "databaseId" = $1 AND "deletedAt" IS NULL',
            [database.id],
          )
        ).rows[0].n,
    );
    const compiled = compileSelection(TREE, FIELDS, { table: 'Profile', alias: 'r', paramOffset: 2 });
    const directSql = `SELECT count(*)::int AS n FROM "Profile" r WHERE r."accountId" = $1 AND r."databaseId" = $2 AND r."deletedAt" IS NULL AND (${compiled.sql})`;
    const direct = await median(
      async () => (await client.query(directSql, [account.id, database.id, ...compiled.params])).rows[0].n,
    );
    const herald = await median(
      async () => (await call<{ count: number }>('GET', `/selections/${selection.id}/count`, token)).count,
    );
    const live = await median(
      async () =>
        (
          await call<{ count: number }>('POST', `/databases/${database.id}/selections/count`, token, {
            conditions: TREE,
          })
        ).count,
    );
    if (herald.result !== direct.result || live.result !== direct.result)
      throw new Error(`counts differ: API ${herald.result}, live ${live.result}, SQL ${direct.result}`);

    console.log(
      `selection benchmark: nested AND/OR selection over ${n.toLocaleString('en')} profiles (and as many in another database), median of ${RUNS}`,
    );
    console.log(
      `  baseline, plain count(*) of the database (pg, no HTTP): ${plain.ms.toFixed(1)} ms → ${String(plain.result)} profiles`,
    );
    console.log(
      `  compiled selection SQL (pg, no HTTP): ${direct.ms.toFixed(1)} ms → ${String(direct.result)} profiles`,
    );
    console.log(
      `  Herald GET /selections/:id/count: ${herald.ms.toFixed(1)} ms (target < 1000 ms); ratio to plain count(*) = ${ratio(herald.ms, plain.ms)}`,
    );
    console.log(`  Herald POST /databases/:id/selections/count (live, unsaved tree): ${live.ms.toFixed(1)} ms`);
  } finally {
    await client.end().catch(() => undefined);
    await api?.stop();
    await db.drop();
  }
}
