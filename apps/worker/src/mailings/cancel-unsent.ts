import { destinationRepository, mailingAggregateRepository, prismaRunner, type PrismaClient } from '@herald/db';
import { countersOfCancelledDestinations } from '@herald/statistics';

/** Every destination id: a whole mailing's range. */
const ALL = { first: '0', last: '9223372036854775807' } as const;

/**
 * A stopped mailing's destinations that were not handed over end as CANCELLED, counted in its report
 * (docs/rules/admin.md): a send batch's own range once it has stored what it handed over, or the whole
 * mailing when it was stopped while dispatch wrote them. Only while the mailing is CANCELLED. The
 * same for a mailing whose maximum duration ran out (`why` `time-limit`, docs/rules/sending.md), only
 * while it is SENDING: "not sent: time limit".
 */
export async function cancelUnsent(
  prisma: PrismaClient,
  mailing: { mailingId: number; accountId: number },
  range: { first: bigint | string; last: bigint | string } = ALL,
  why: 'stopped' | 'time-limit' = 'stopped',
): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const count = await destinationRepository.cancelPending(prismaRunner(tx), mailing, range, why);
    if (count > 0)
      await mailingAggregateRepository.apply(prismaRunner(tx), mailing, countersOfCancelledDestinations(count));
    return count;
  });
}
