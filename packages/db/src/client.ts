import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from './generated/prisma/client';

export interface PrismaClientOptions {
  databaseUrl: string;
  /** Connections in this process's pool. */
  poolSize?: number;
}

export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  return createDatabase(options).prisma;
}

export interface Database {
  prisma: PrismaClient;
  /**
   * The same connections as Prisma's, for the few hot paths (one statement per batch of send
   * outcomes) where Prisma's per-query work would cost more than the query itself.
   */
  pool: Pool;
}

export function createDatabase(options: PrismaClientOptions): Database {
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  // An idle connection that dies (a restarted PostgreSQL) must not crash the process.
  pool.on('error', () => undefined);
  // Nor one checked out (pool.connect() for a transaction): pg emits 'error' on the client when its
  // socket ends, with no listener while it is out of the pool; its queries reject anyway, and the pool
  // drops it when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { prisma, pool };
}
