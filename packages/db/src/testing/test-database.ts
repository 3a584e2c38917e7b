import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { PrismaClient } from '../generated/prisma/client';
import { createPrismaClient } from '../client';
import { migrate } from '../migrate';

export interface TestDatabase {
  url: string;
  name: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

const ADMIN_URL = process.env.HERALD_TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEMPLATE = 'herald_test_template';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A migrated template database, made once per set of migrations and copied for each test file:
 * CREATE DATABASE ... TEMPLATE is far faster than running every migration again.
 */
async function ensureTemplate(): Promise<void> {
  const templateUrl = withDatabase(ADMIN_URL, TEMPLATE);
  await admin(async (client) => {
    await client.query('SELECT pg_advisory_lock(72657219)');
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${TEMPLATE}`);
      // Idempotent: applies only what the template lacks; fails loudly if a migration changed.
      try {
        await migrate(templateUrl);
      } catch {
        await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${TEMPLATE}`);
        await migrate(templateUrl);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(72657219)');
    }
  });
}

/** A fresh, fully migrated database of this test file's own. Call drop() in afterAll. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  const name = `herald_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (migrated) await ensureTemplate();
  await admin(async (client) => {
    // Copying from a template fails while another session is connected to it; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(migrated ? `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}` : `CREATE DATABASE ${name}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = withDatabase(ADMIN_URL, name);
  const prisma = createPrismaClient({ databaseUrl: url, poolSize: 5 });
  return {
    url,
    name,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
