import type { Pool, PoolClient } from 'pg';
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * One parameterised statement at a time, over whichever connection the caller holds: a Prisma client
 * or transaction, or a pg connection on the hot paths. Repositories take this, so one SQL text serves both.
 */
export interface SqlRunner {
  query<Row>(text: string, values: readonly unknown[]): Promise<Row[]>;
}

export function prismaRunner(db: PrismaClient | Prisma.TransactionClient): SqlRunner {
  return { query: <Row>(text: string, values: readonly unknown[]) => db.$queryRawUnsafe<Row[]>(text, ...values) };
}

export function pgRunner(db: Pool | PoolClient): SqlRunner {
  return {
    query: async <Row>(text: string, values: readonly unknown[]) =>
      (await db.query(text, values as unknown[])).rows as Row[],
  };
}
