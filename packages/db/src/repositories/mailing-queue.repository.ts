import type { Prisma } from '../generated/prisma/client';
import { mailingAggregateRepository, type MailingRef } from './mailing-aggregate.repository';
import { mailingStatusRepository } from './mailing-status.repository';
import { prismaRunner } from './sql-runner';

/** A tracked link of the frozen version, numbered as the messages number it. */
export interface QueuedLink {
  position: number;
  url: string;
  isUnsubscribe: boolean;
}

/**
 * The `queue` step with what it writes besides the status, in the caller's transaction: the frozen
 * document version, its tracked links and the mailing's aggregate row. Taken when a marketer sends a
 * mailing and when a schedule's run comes due; false when the mailing was not in a state to be queued.
 * The caller queues the dispatch job once the transaction has committed.
 */
export const mailingQueueRepository = {
  async queue(
    tx: Prisma.TransactionClient,
    mailing: MailingRef,
    documentVersionId: number,
    links: readonly QueuedLink[],
  ): Promise<boolean> {
    return (await mailingQueueRepository.queueMany(tx, [mailing], documentVersionId, links)).length > 0;
  },

  /**
   * The same for mailings that freeze the same version with the same links (a second's runs of
   * schedules of one document), in three statements however many they are; returns the ids queued.
   */
  async queueMany(
    tx: Prisma.TransactionClient,
    mailings: readonly MailingRef[],
    documentVersionId: number,
    links: readonly QueuedLink[],
  ): Promise<number[]> {
    const sql = prismaRunner(tx);
    const queued = new Set(await mailingStatusRepository.moveMany(sql, mailings, 'queue', { documentVersionId }));
    const refs = mailings.filter((m) => queued.has(m.mailingId));
    if (refs.length === 0) return [];
    await tx.link.createMany({
      data: refs.flatMap((m) =>
        links.map((l) => ({
          accountId: m.accountId,
          mailingId: m.mailingId,
          url: l.url,
          position: l.position,
          isUnsubscribe: l.isUnsubscribe,
        })),
      ),
      skipDuplicates: true,
    });
    await mailingAggregateRepository.ensureMany(sql, refs);
    return refs.map((m) => m.mailingId);
  },
};
