import type { MailingRef, Prisma, PrismaClient } from '@herald/db';
import { splitRunStepWhere } from '@herald/domain';

/**
 * A mailing of a split-run has just finished sending: the split-run is FINISHED when that was its
 * remainder, or, for an A/B test without a winner, when no variant's mailing is still to send. The
 * update is conditional on the lifecycle's `finish` step, so a stopped split-run stays stopped and a
 * repeated call changes nothing.
 */
export async function finishSplitRunIfDone(
  prisma: PrismaClient | Prisma.TransactionClient,
  ref: MailingRef,
): Promise<boolean> {
  const mailing = await prisma.mailing.findFirst({
    where: { id: ref.mailingId, accountId: ref.accountId },
    select: { splitRunId: true },
  });
  if (mailing?.splitRunId == null) return false;
  const splitRunId = mailing.splitRunId;
  const unfinished = await prisma.mailing.count({
    where: { splitRunId, accountId: ref.accountId, status: { in: ['DRAFT', 'QUEUED', 'SENDING'] } },
  });
  const { count } = await prisma.splitRun.updateMany({
    where: {
      id: splitRunId,
      accountId: ref.accountId,
      ...splitRunStepWhere('finish'),
      OR: [
        { status: 'DECIDED', finalMailingId: ref.mailingId },
        ...(unfinished === 0 ? [{ status: 'WAITING' as const, withWinner: false }] : []),
      ],
    },
    data: { status: 'FINISHED', finishedAt: new Date() },
  });
  return count > 0;
}
