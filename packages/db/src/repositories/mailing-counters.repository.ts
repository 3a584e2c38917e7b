import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { MailingAggregateCounter } from './mailing-aggregate.repository';

/**
 * A person's click with no open registered before it (images off): the impression it implies, which no
 * pixel counted (docs/rules/key-figures.md). Over a Destination aliased `d`, on a partial index.
 */
export const IMPLIED_IMPRESSION = Prisma.sql`d."clickedAt" IS NOT NULL AND (d."openedAt" IS NULL OR d."openedAt" > d."clickedAt")`;

export interface StoredMailingCounters {
  /** The aggregate's counters; null for a mailing never sent (no row). */
  aggregate: Record<MailingAggregateCounter, number> | null;
  impressionsImplied: number;
}

/** What a mailing's figures are made from: its aggregate row and the impressions clicks imply, for several mailings at once. */
export const mailingCountersRepository = {
  async read(prisma: PrismaClient, mailingIds: readonly number[]): Promise<Map<number, StoredMailingCounters>> {
    if (mailingIds.length === 0) return new Map();
    const ids = [...mailingIds];
    const [aggregates, implied] = await Promise.all([
      prisma.mailingAggregate.findMany({ where: { mailingId: { in: ids } } }),
      prisma.$queryRaw<Array<{ mailingId: number; count: number }>>`
        SELECT d."mailingId", count(*)::int AS count FROM "Destination" d
        WHERE d."mailingId" = ANY(${ids}::int[]) AND ${IMPLIED_IMPRESSION}
        GROUP BY 1`,
    ]);
    const impliedOf = new Map(implied.map((i) => [i.mailingId, i.count]));
    const aggregateOf = new Map(aggregates.map((a) => [a.mailingId, a]));
    return new Map(
      ids.map((id) => [id, { aggregate: aggregateOf.get(id) ?? null, impressionsImplied: impliedOf.get(id) ?? 0 }]),
    );
  },
};
