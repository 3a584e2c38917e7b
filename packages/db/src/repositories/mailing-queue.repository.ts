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
    if (!(await mailingStatusRepository.move(prismaRunner(tx), mailing, 'queue', { documentVersionId }))) return false;
    await tx.link.createMany({
      data: links.map((l) => ({
        accountId: mailing.accountId,
        mailingId: mailing.mailingId,
        url: l.url,
        position: l.position,
        isUnsubscribe: l.isUnsubscribe,
      })),
      skipDuplicates: true,
    });
    await mailingAggregateRepository.ensure(prismaRunner(tx), mailing);
    return true;
  },
};
